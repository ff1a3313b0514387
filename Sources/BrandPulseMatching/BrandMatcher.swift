import BrandPulseCore
import BrandPulseText

/// One mention of a tracked brand in a text.
public struct BrandMention: Sendable, Hashable, Codable {
    /// Index of the brand in the matcher's brand list.
    public var brandIndex: Int
    /// The brand's display name.
    public var name: String
    /// The surface form as written ("Biedronce", "eMAG-ul", "#biedronka").
    public var matched: String
    /// Token indices covered by the mention.
    public var tokens: Range<Int>
    /// UTF-8 offsets of the mention in the text.
    public var utf8Range: Range<Int>

    public init(brandIndex: Int, name: String, matched: String, tokens: Range<Int>, utf8Range: Range<Int>) {
        self.brandIndex = brandIndex
        self.name = name
        self.matched = matched
        self.tokens = tokens
        self.utf8Range = utf8Range
    }

    /// The mention's range in `text` (the string it was found in).
    public func range(in text: String) -> Range<String.Index> { text.range(utf8Offsets: utf8Range) }
}

/// Finds mentions of tracked brands, with word boundaries, inflection and diacritic awareness.
///
/// "w Biedronce" → Biedronka, "Сбербанком" → Сбербанк, "eMAG-ului" → eMAG, "Orange'owi" → Orange,
/// "Lidla" → Lidl; "oranges" is not Orange. A brand's exclusion phrase anywhere in the text ("orange juice")
/// means the text is not about that brand. Hashtags and @handles that equal an alias also count.
public struct BrandMatcher: Sendable {
    public let brands: [Brand]
    private let aliases: [[Alias]]
    private let exclusions: [[[[UInt8]]]]
    /// Per brand, the folded hashtag forms (a handful each: compared in place, without hashing).
    private let tagKeys: [[[UInt8]]]
    private let suffixes: [[[UInt8]]]
    /// First bytes of every alias and tag key, for a cheap rejection of most tokens.
    private let firstBytes: [Bool]
    /// Per brand (`brand * 256 + byte`): the first bytes its tags and aliases can begin with. Inflection changes
    /// only the end of a word, so a token starting otherwise cannot be this brand.
    private let brandFirstBytes: [Bool]
    /// First two bytes a word must start with to begin an alias match (one bit per byte pair); empty when some
    /// alias or base is shorter than two bytes, so that every word with a known first byte is tried.
    private let leadingPairs: [UInt64]

    struct Alias: Sendable {
        /// Folded keys of the alias tokens ("eMAG.ro" → emag . ro).
        var keys: [[UInt8]]
        /// Stems the last word may inflect from (the alias itself; without a final vowel; with alternations).
        var bases: [[UInt8]]
    }

    private static let inflections: [Language: [String]] = [
        .pl: ["a", "u", "e", "y", "i", "o", "om", "em", "ie", "owi", "ach", "ami", "ow", "iem", "owie", "ze", "ce"],
        .ru: ["а", "у", "е", "ом", "ой", "ы", "и", "ов", "ам", "ами", "ах", "ю", "я", "ем", "ей", "ею", "ою"],
        .ro: ["ul", "ului", "ii", "ei", "ua", "a"],
        .en: [],
        .und: [],
    ]
    /// Romanian articles joined with a hyphen ("eMAG-ul", "iPhone-ului").
    private static let hyphenArticles: Set<[UInt8]> = Set(["ul", "ului", "ii", "ei", "uri", "urile", "urilor", "ul", "le", "lui", "a", "ua"].map { Array($0.utf8) })

    /// Shared by every matcher: building a tokenizer per matcher would dominate `analyze(_:brands:)`.
    static let plainTokenizer = Tokenizer(emoticons: [])
    /// Inflection suffixes as bytes, per language.
    static let inflectionBytes: [Language: [[UInt8]]] = inflections.mapValues { $0.map { Array($0.utf8) } }

    public init(brands: [Brand]) {
        self.init(brands: brands, tokenizer: BrandMatcher.plainTokenizer)
    }

    public init(brands: [Brand], tokenizer: Tokenizer) {
        self.brands = brands
        var aliases: [[Alias]] = []
        var exclusions: [[[[UInt8]]]] = []
        var tagKeys: [[[UInt8]]] = []
        var suffixes: [[[UInt8]]] = []
        var firstBytes = [Bool](repeating: false, count: 256)
        var brandFirstBytes = [Bool](repeating: false, count: 256 * brands.count)
        var leadingPairs = [UInt64](repeating: 0, count: 1024)
        var pairsUsable = true
        for brand in brands {
            var list: [Alias] = []
            var tags = Set<[UInt8]>()
            for form in brand.surfaceForms {
                let tokenized = tokenizer.tokenize(form)
                let keys = tokenized.tokens.map { Array(tokenized.folded[Int($0.keyStart)..<Int($0.keyEnd)]) }.filter { !$0.isEmpty }
                guard let last = keys.last else { continue }
                list.append(Alias(keys: keys, bases: BrandMatcher.bases(of: last)))
                tags.insert(Array(keys.joined().filter { $0 != UInt8(ascii: ".") && $0 != UInt8(ascii: "-") && $0 != UInt8(ascii: " ") }))
            }
            for tag in brand.hashtags {
                var bytes = Normalizer.foldedBytes(tag)
                if bytes.first == UInt8(ascii: "#") { bytes.removeFirst() }
                tags.insert(bytes)
            }
            aliases.append(list)
            tagKeys.append(tags.sorted { $0.lexicographicallyPrecedes($1) })
            exclusions.append(brand.exclusions.map { phrase in
                let tokenized = tokenizer.tokenize(phrase)
                return tokenized.tokens.map { Array(tokenized.folded[Int($0.keyStart)..<Int($0.keyEnd)]) }.filter { !$0.isEmpty }
            }.filter { !$0.isEmpty })
            let languages = brand.languages.isEmpty ? Language.scored : brand.languages
            var suffixList: [[UInt8]] = []
            for language in languages {
                for suffix in BrandMatcher.inflectionBytes[language] ?? [] where !suffixList.contains(suffix) {
                    suffixList.append(suffix)
                }
            }
            suffixes.append(suffixList)
            for alias in aliases.last ?? [] { if let first = alias.keys.first?.first { firstBytes[Int(first)] = true } }
            for tag in tags { if let first = tag.first { firstBytes[Int(first)] = true } }
            let brandBase = (aliases.count - 1) * 256
            var starts: [[UInt8]] = Array(tags)
            for alias in aliases.last ?? [] {
                guard let first = alias.keys.first else { continue }
                starts += [first] + alias.bases + BrandMatcher.bases(of: first)
            }
            for start in starts {
                if let byte = start.first {
                    brandFirstBytes[brandBase + Int(byte)] = true
                } else {
                    for byte in 0..<256 { brandFirstBytes[brandBase + byte] = true }
                }
            }
            // A word starting an alias match begins with the alias's first key or one of its bases.
            for alias in aliases.last ?? [] {
                guard let first = alias.keys.first else { continue }
                for prefix in [first] + alias.bases + BrandMatcher.bases(of: first) {
                    guard prefix.count >= 2 else { pairsUsable = false; continue }
                    let pair = Int(prefix[0]) << 8 | Int(prefix[1])
                    leadingPairs[pair >> 6] |= 1 << UInt64(pair & 63)
                }
            }
        }
        self.leadingPairs = pairsUsable ? leadingPairs : []
        self.aliases = aliases
        self.exclusions = exclusions
        self.tagKeys = tagKeys
        self.suffixes = suffixes
        self.firstBytes = firstBytes
        self.brandFirstBytes = brandFirstBytes
    }

    /// Bases a word may inflect from: itself, and without a final a/o/а/я/о plus Polish consonant alternations.
    static func bases(of key: [UInt8]) -> [[UInt8]] {
        var result = [key]
        let word = String(decoding: key, as: UTF8.self)
        guard word.count >= 3 else { return result }
        if let last = word.last, "aoаяо".contains(last) {
            let stem = String(word.dropLast())
            result.append(Array(stem.utf8))
            let alternations: [(String, String)] = [("k", "c"), ("g", "dz"), ("ch", "sz"), ("r", "rz"), ("t", "c"), ("d", "dz"),
                                                    ("l", "l"), ("st", "sc"), ("sk", "sc"), ("n", "n"), ("w", "w")]
            for (from, to) in alternations where stem.hasSuffix(from) && from != to {
                result.append(Array((String(stem.dropLast(from.count)) + to).utf8))
            }
        }
        return result
    }

    /// Mentions of every brand in a tokenized text, in text order.
    public func mentions(in text: TokenizedText) -> [BrandMention] {
        if brands.isEmpty { return [] }
        var found: [BrandMention] = []
        let tokens = text.tokens
        let firstBytes = self.firstBytes
        let leadingPairs = self.leadingPairs
        text.folded.withUnsafeBufferPointer { folded in
            @inline(__always) func key(_ t: Int) -> UnsafeBufferPointer<UInt8> {
                UnsafeBufferPointer(rebasing: folded[Int(tokens[t].keyStart)..<Int(tokens[t].keyEnd)])
            }
            // Tokens that may start a mention of some brand (most tokens fail the first-bytes test): found once,
            // then each brand visits only these, in text order.
            var candidates: [Int] = []
            for t in tokens.indices {
                let token = tokens[t]
                if token.kind == .hashtag || token.kind == .handle { candidates.append(t); continue }
                guard token.kind == .word || token.kind == .number, token.keyEnd > token.keyStart,
                      firstBytes[Int(folded[Int(token.keyStart)])] else { continue }
                if !leadingPairs.isEmpty {
                    guard token.keyEnd - token.keyStart >= 2 else { continue }
                    let pair = Int(folded[Int(token.keyStart)]) << 8 | Int(folded[Int(token.keyStart) + 1])
                    guard leadingPairs[pair >> 6] & (1 << UInt64(pair & 63)) != 0 else { continue }
                }
                candidates.append(t)
            }
            if candidates.isEmpty { return }
            // By index: copying each Brand (names, aliases, hashtags, …) would retain every one of its strings.
            for brandIndex in brands.indices {
                if !exclusions[brandIndex].isEmpty && isExcluded(brandIndex, tokens: tokens, key: key) { continue }
                let brandAliases = aliases[brandIndex]
                var next = 0
                for t in candidates where t >= next {
                    let token = tokens[t]
                    if token.keyEnd > token.keyStart {
                        // Tags drop "_" and "." before matching, so those say nothing about the start.
                        let first = folded[Int(token.keyStart)]
                        if first != UInt8(ascii: "_") && first != UInt8(ascii: ".") && !brandFirstBytes[brandIndex * 256 + Int(first)] { continue }
                    }
                    if token.kind == .hashtag || token.kind == .handle {
                        if matchesTag(brandIndex, key(t)) {
                            found.append(mention(brandIndex, brands[brandIndex], text, t..<(t + 1)))
                        }
                        next = t + 1
                        continue
                    }
                    var matchedEnd = -1
                    for a in brandAliases.indices {
                        if let end = match(brandAliases[a], brandIndex, at: t, tokens: tokens, key: key) {
                            matchedEnd = max(matchedEnd, end)
                        }
                    }
                    next = matchedEnd > t ? matchedEnd : t + 1
                    if matchedEnd > t {
                        found.append(mention(brandIndex, brands[brandIndex], text, t..<matchedEnd))
                    }
                }
            }
        }
        found.sort { $0.tokens.lowerBound < $1.tokens.lowerBound }
        return found
    }

    /// The plain scan over every token for every brand: the reference for the candidate filter of
    /// ``mentions(in:)-(TokenizedText)`` in tests.
    package func referenceMentions(in text: TokenizedText) -> [BrandMention] {
        if brands.isEmpty { return [] }
        var found: [BrandMention] = []
        let tokens = text.tokens
        text.folded.withUnsafeBufferPointer { folded in
            @inline(__always) func key(_ t: Int) -> UnsafeBufferPointer<UInt8> {
                UnsafeBufferPointer(rebasing: folded[Int(tokens[t].keyStart)..<Int(tokens[t].keyEnd)])
            }
            for (brandIndex, brand) in brands.enumerated() {
                if isExcluded(brandIndex, tokens: tokens, key: key) { continue }
                var t = 0
                while t < tokens.count {
                    let token = tokens[t]
                    if token.kind == .hashtag || token.kind == .handle {
                        if matchesTag(brandIndex, key(t)) {
                            found.append(mention(brandIndex, brand, text, t..<(t + 1)))
                        }
                        t += 1
                        continue
                    }
                    guard token.kind == .word || token.kind == .number, token.keyEnd > token.keyStart,
                          firstBytes[Int(folded[Int(token.keyStart)])] else { t += 1; continue }
                    var matchedEnd = -1
                    for alias in aliases[brandIndex] {
                        if let end = match(alias, brandIndex, at: t, tokens: tokens, key: key) {
                            matchedEnd = max(matchedEnd, end)
                        }
                    }
                    if matchedEnd > t {
                        found.append(mention(brandIndex, brand, text, t..<matchedEnd))
                        t = matchedEnd
                    } else {
                        t += 1
                    }
                }
            }
        }
        found.sort { $0.tokens.lowerBound < $1.tokens.lowerBound }
        return found
    }

    /// Mentions in a plain string.
    public func mentions(in text: String, tokenizer: Tokenizer = Tokenizer()) -> [BrandMention] {
        mentions(in: tokenizer.tokenize(text))
    }

    private func mention(_ index: Int, _ brand: Brand, _ text: TokenizedText, _ range: Range<Int>) -> BrandMention {
        let start = Int(text.tokens[range.lowerBound].utf8Start)
        let end = Int(text.tokens[range.upperBound - 1].utf8End)
        let surface = String(text.text[text.text.range(utf8Offsets: start..<end)])
        return BrandMention(brandIndex: index, name: brand.name, matched: surface, tokens: range, utf8Range: start..<end)
    }

    @inline(__always)
    private static func equal(_ a: UnsafeBufferPointer<UInt8>, _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        for k in 0..<b.count where a[k] != b[k] { return false }
        return true
    }

    @inline(__always)
    private static func hasPrefix(_ a: UnsafeBufferPointer<UInt8>, _ b: [UInt8]) -> Bool {
        guard a.count >= b.count else { return false }
        for k in 0..<b.count where a[k] != b[k] { return false }
        return true
    }

    /// Whether a word equals the alias word or is an inflected form of it.
    private func inflects(_ word: UnsafeBufferPointer<UInt8>, apostrophe: Int, alias: [UInt8], bases: [[UInt8]], brandIndex: Int) -> Bool {
        if BrandMatcher.equal(word, alias) { return true }
        // "Orange'a", "Orange'owi", "McDonald's": anything short after an apostrophe.
        if apostrophe == alias.count, BrandMatcher.hasPrefix(word, alias), word.count - alias.count <= 8 { return true }
        for base in bases where BrandMatcher.hasPrefix(word, base) && word.count > base.count {
            let restLength = word.count - base.count
            for suffix in suffixes[brandIndex] where suffix.count == restLength {
                var same = true
                for k in 0..<restLength where word[base.count + k] != suffix[k] { same = false; break }
                if same { return true }
            }
        }
        return false
    }

    private func match(_ alias: Alias, _ brandIndex: Int, at start: Int, tokens: [Token],
                       key: (Int) -> UnsafeBufferPointer<UInt8>) -> Int? {
        let count = alias.keys.count
        guard start + count <= tokens.count else { return nil }
        for k in 0..<count {
            let t = start + k
            let word = key(t)
            if k == count - 1 {
                if !inflects(word, apostrophe: Int(tokens[t].apostropheOffset), alias: alias.keys[k], bases: alias.bases, brandIndex: brandIndex) { return nil }
            } else if !BrandMatcher.equal(word, alias.keys[k]) {
                // Inner words of a multi-word alias may inflect too ("Banku Pekao"): same suffix rules.
                if !inflects(word, apostrophe: -1, alias: alias.keys[k], bases: BrandMatcher.bases(of: alias.keys[k]), brandIndex: brandIndex) { return nil }
            }
            // Alias tokens must be adjacent in the text as they are in the alias ("eMAG.ro" but not "eMAG. Ro").
            if k > 0 && tokens[t].utf8Start != tokens[t - 1].utf8End && (tokens[t].kind == .punctuation || tokens[t - 1].kind == .punctuation) {
                return nil
            }
        }
        var end = start + count
        // A word continuing after the alias with no boundary ("eMAGs") is not a match; a hyphenated article is.
        if end < tokens.count, tokens[end].flags.contains(.afterHyphen), tokens[end].kind == .word {
            let next = key(end)
            if BrandMatcher.hyphenArticles.contains(Array(next)) { end += 1 } else { return nil }
        }
        return end
    }

    private func matchesTag(_ brandIndex: Int, _ word: UnsafeBufferPointer<UInt8>) -> Bool {
        // "#e_mag", "#emag.ro": separators inside a tag are ignored.
        if word.contains(where: { $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") }) {
            let plain = Array(word).filter { $0 != UInt8(ascii: "_") && $0 != UInt8(ascii: ".") }
            return plain.withUnsafeBufferPointer { matchesPlainTag(brandIndex, $0) }
        }
        return matchesPlainTag(brandIndex, word)
    }

    private func matchesPlainTag(_ brandIndex: Int, _ plain: UnsafeBufferPointer<UInt8>) -> Bool {
        for tag in tagKeys[brandIndex] where BrandMatcher.equal(plain, tag) { return true }
        for alias in aliases[brandIndex] where alias.keys.count == 1 {
            if inflects(plain, apostrophe: -1, alias: alias.keys[0], bases: alias.bases, brandIndex: brandIndex) { return true }
        }
        return false
    }

    private func isExcluded(_ brandIndex: Int, tokens: [Token], key: (Int) -> UnsafeBufferPointer<UInt8>) -> Bool {
        for phrase in exclusions[brandIndex] {
            let count = phrase.count
            guard count <= tokens.count else { continue }
            var start = 0
            while start + count <= tokens.count {
                var all = true
                for k in 0..<count {
                    let word = key(start + k)
                    let want = phrase[k]
                    // Lenient on endings: "soku pomarańczowego" meets "sok pomarańczowy".
                    let prefixLength = want.count >= 6 ? want.count - 2 : want.count
                    if !(BrandMatcher.equal(word, want) || (word.count >= prefixLength && BrandMatcher.hasPrefix(word, Array(want[0..<prefixLength])) && word.count <= want.count + 4)) {
                        all = false
                        break
                    }
                }
                if all { return true }
                start += 1
            }
        }
        return false
    }
}
