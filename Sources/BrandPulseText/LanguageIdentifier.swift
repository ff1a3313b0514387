import BrandPulseCore
import Foundation

/// The language of a text, with how sure the identifier is (0…1).
public struct LanguageGuess: Sendable, Hashable, Codable {
    public var language: Language
    public var confidence: Double

    public init(language: Language, confidence: Double) {
        self.language = language
        self.confidence = confidence
    }
}

/// Problems found while loading `lexicons/langid`.
public enum LanguageIdentifierError: Error, Sendable, CustomStringConvertible {
    case noProfiles(String)
    case unreadable(String)
    case malformed(file: String, line: Int, message: String)

    public var description: String {
        switch self {
        case .noProfiles(let dir): return "no language profiles (*.tsv) in \(dir)"
        case .unreadable(let file): return "cannot read \(file)"
        case .malformed(let file, let line, let message): return "\(file):\(line): \(message)"
        }
    }
}

/// Identifies en, ro, ru and pl, and answers `und` for anything else.
///
/// Method (see lexicons/langid/README.md): the text is scanned once as UTF-8; URLs, domains, e-mail
/// addresses, @handles and HTML entities are skipped, hashtag words count with a reduced weight. Every
/// language profile (scored or not: uk, be, bg, cs, de, …) collects log-odds-style evidence from
///   * common words (looked up by their folded form, so text without diacritics still matches;
///     a word written with *different* diacritics than the profile's form counts only a little),
///   * word endings (longest matching suffix per language),
///   * letters: distinctive letters add, letters outside the language's alphabet subtract,
///   * a few hand-picked letter pairs (capped), and a per-profile prior.
/// Only languages of a script holding a fair share of the letters compete. The top language wins when it is one of
/// the four scored languages, has enough evidence and (for long Latin texts) recognises enough of the
/// words; otherwise the answer is `und`.
public struct LanguageIdentifier: Sendable {
    // MARK: tuning constants (documented in lexicons/langid/README.md)
    static let hashtagWeight: Float = 0.4
    static let foreignLetterPenalty: Float = 2.5
    static let letterPositiveCap: Float = 4.0
    static let letterNegativeCap: Float = -14.0
    static let mismatchedDiacriticsFactor: Float = 0.25
    static let undNodiacFactor: Float = 0.5
    static let minScore: Float = 1.0
    static let hintBonus: Float = 0.75
    static let maxLanguages = 64
    /// Minimum share of a text's words that the winner must recognise (word or ending) when the text has
    /// at least `coverageMinTokens` words and none of the winner's distinctive letters.
    static let minCoverage: Float = 0.12
    static let coverageMinTokens: Float = 5
    /// Rows of per-language accumulators: scores, letter +, letter −, word hits, ending hits, letter pairs.
    static let bufferRows = 6
    /// Letter-pair evidence is a weak backoff: capped per language and text.
    static let bigramCap: Float = 2.0
    /// Share of the Latin + Cyrillic letters a script needs for its languages to compete.
    static let minScriptShare: Float = 0.2

    enum Script: UInt8, Sendable { case latin = 1, cyrillic = 2 }

    struct Profile: Sendable {
        var code: String
        var scored: Language?
        var script: Script
        var prior: Float
        /// Factor for a word or ending whose profile form has diacritics the text lacks.
        var nodiac: Float
        /// Evidence for an apostrophe inside a word of this script (Ukrainian/Belarusian м’ясо).
        var apostrophe: Float
    }

    /// Open-addressing hash index from a 64-bit key to a run of entries.
    struct Index: Sendable {
        var keys: [UInt64] = [0]
        var starts: [UInt32] = [0]
        var counts: [UInt16] = [0]
        var mask: Int = 0
        var langs: [UInt8] = []
        var weights: [Float] = []
        var exact: [UInt64] = []
        /// A 64 Ki-bit membership filter (8 KB, cache-resident) over the keys' top bits: most probes (words of
        /// other languages, endings) miss, and the filter answers them without touching `keys`.
        var filter = [UInt64](repeating: 0, count: 1024)
        /// The same data interleaved for the hot path: per slot its key and run, per entry its language, weight and
        /// exact key. A hit then reads two cache lines instead of six parallel arrays.
        var slotRuns: [SlotRun] = [SlotRun(key: 0, start: 0, count: 0)]
        var items: [Item] = []

        struct SlotRun: Sendable {
            var key: UInt64
            var start: UInt32
            var count: UInt32
        }

        struct Item: Sendable {
            var exact: UInt64
            var weight: Float
            var lang: UInt8
        }

        init() {}

        @inline(__always)
        static func filterBit(_ key: UInt64) -> (Int, UInt64) {
            let bit = Int(truncatingIfNeeded: key >> 48) & 0xFFFF
            return (bit >> 6, UInt64(1) << UInt64(bit & 63))
        }

        init(_ table: [UInt64: [(lang: UInt8, weight: Float, exact: UInt64)]]) {
            var cap = 8
            while cap < table.count * 2 { cap <<= 1 }
            keys = [UInt64](repeating: 0, count: cap)
            starts = [UInt32](repeating: 0, count: cap)
            counts = [UInt16](repeating: 0, count: cap)
            mask = cap - 1
            for key in table.keys.sorted() {
                guard let list = table[key] else { continue }
                let sorted = list.sorted { $0.lang < $1.lang }
                var slot = Int(truncatingIfNeeded: key) & mask
                while keys[slot] != 0 { slot = (slot + 1) & mask }
                keys[slot] = key
                let (word, bit) = Index.filterBit(key)
                filter[word] |= bit
                starts[slot] = UInt32(langs.count)
                counts[slot] = UInt16(min(sorted.count, Int(UInt16.max)))
                for e in sorted {
                    langs.append(e.lang)
                    weights.append(e.weight)
                    exact.append(e.exact)
                    items.append(Item(exact: e.exact, weight: e.weight, lang: e.lang))
                }
            }
            slotRuns = (0..<cap).map { SlotRun(key: keys[$0], start: starts[$0], count: UInt32(counts[$0])) }
        }

        @inline(__always)
        func find(_ key: UInt64) -> Range<Int>? {
            let (word, bit) = Index.filterBit(key)
            if filter[word] & bit == 0 { return nil }
            var slot = Int(truncatingIfNeeded: key) & mask
            while true {
                let run = slotRuns[slot]
                if run.key == key { let s = Int(run.start); return s ..< s + Int(run.count) }
                if run.key == 0 { return nil }
                slot = (slot + 1) & mask
            }
        }
    }

    // Character classes in `charClass`.
    static let clsNone: UInt8 = 0, clsLatin: UInt8 = 1, clsLatinExt: UInt8 = 2, clsCyrillic: UInt8 = 3, clsOther: UInt8 = 4
    static let tableSize = 0x2000

    let profiles: [Profile]
    /// Whether any language profile is loaded (without them every text is `und`, confidence 0).
    public var hasProfiles: Bool { !profiles.isEmpty }
    let nodiacFactors: [Float]
    /// Lower-cased scalar (0 when not a letter) for scalars below `tableSize`.
    let lower: [UInt32]
    /// Folded scalar (lower case, diacritics removed, ё→е).
    let fold: [UInt32]
    let charClass: [UInt8]
    /// Per lower-case letter, a run of (language, weight) entries in `letterLangs`/`letterWeights`.
    let letterStart: [UInt32]
    let letterCount: [UInt8]
    let letterLangs: [UInt8]
    let letterWeights: [Float]
    /// Per folded a–z letter pair (26·first + second), a run of (language, weight) entries.
    let bigramStart: [UInt32]
    let bigramCount: [UInt8]
    let bigramLangs: [UInt8]
    let bigramWeights: [Float]
    let words: Index
    let suffixes: Index

    /// An identifier without profiles: it answers `und` for everything. Use `load(from:)`.
    public init() {
        profiles = []
        nodiacFactors = []
        lower = []; fold = []; charClass = []
        letterStart = []; letterCount = []; letterLangs = []; letterWeights = []
        bigramStart = []; bigramCount = []; bigramLangs = []; bigramWeights = []
        words = Index(); suffixes = Index()
    }

    // MARK: loading

    /// Loads the profiles in `directory` (lexicons/langid).
    public static func load(from directory: URL) throws -> LanguageIdentifier {
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: directory.path) else {
            throw LanguageIdentifierError.unreadable(directory.path)
        }
        let files = names.filter { $0.hasSuffix(".tsv") }.sorted()
        if files.isEmpty { throw LanguageIdentifierError.noProfiles(directory.path) }
        if files.count > maxLanguages { throw LanguageIdentifierError.malformed(file: directory.path, line: 0, message: "too many profiles") }

        let (lower, fold, cls) = buildCharTables()
        var profiles: [Profile] = []
        var wordTable: [UInt64: [(lang: UInt8, weight: Float, exact: UInt64)]] = [:]
        var suffixTable: [UInt64: [(lang: UInt8, weight: Float, exact: UInt64)]] = [:]
        var letterPos: [[UInt32: Float]] = []
        var bigramTable: [Int: [(UInt8, Float)]] = [:]
        var alphabets: [Set<UInt32>] = []

        for file in files {
            let url = directory.appendingPathComponent(file)
            guard let data = fm.contents(atPath: url.path), let text = String(data: data, encoding: .utf8) else {
                throw LanguageIdentifierError.unreadable(url.path)
            }
            let lang = UInt8(profiles.count)
            var code = String(file.dropLast(4))
            var scored: Language? = nil
            var script: Script = .latin
            var prior: Float = 0
            var nodiac: Float = undNodiacFactor
            var apostrophe: Float = 0
            var alphabet = Set<UInt32>()
            var letters: [UInt32: Float] = [:]
            var section = ""
            var lineNo = 0
            for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
                lineNo += 1
                var line = Substring(rawLine)
                if line.hasSuffix("\r") { line = line.dropLast() }
                if line.hasPrefix("##") {
                    section = trim(line.dropFirst(2)).lowercased()
                    continue
                }
                if line.hasPrefix("#") || trim(line).isEmpty { continue }
                var fields = line.split(separator: "\t", omittingEmptySubsequences: false).map { String($0) }
                if let cut = fields.firstIndex(where: { $0.hasPrefix("#") }) { fields.removeSubrange(cut...) }
                guard let first = fields.first else { continue }
                let item = trim(Substring(first))
                if item.isEmpty { continue }
                var weight: Float = 1.0
                if fields.count > 1, section != "meta" {
                    let w = trim(Substring(fields[1]))
                    if !w.isEmpty {
                        guard let v = Float(w) else {
                            throw LanguageIdentifierError.malformed(file: file, line: lineNo, message: "bad weight '\(w)'")
                        }
                        weight = v
                    }
                }
                switch section {
                case "meta":
                    let value = fields.count > 1 ? trim(Substring(fields[1])) : ""
                    switch item {
                    case "code": code = value
                    case "scored":
                        if value == "yes" {
                            guard let l = Language(rawValue: code), l != .und else {
                                throw LanguageIdentifierError.malformed(file: file, line: lineNo, message: "scored profile must be en, ro, ru or pl")
                            }
                            scored = l
                        }
                    case "script":
                        switch value {
                        case "latin": script = .latin
                        case "cyrillic": script = .cyrillic
                        default: throw LanguageIdentifierError.malformed(file: file, line: lineNo, message: "unknown script '\(value)'")
                        }
                    case "prior":
                        guard let v = Float(value) else {
                            throw LanguageIdentifierError.malformed(file: file, line: lineNo, message: "bad prior '\(value)'")
                        }
                        prior = v
                    case "nodiac":
                        guard let v = Float(value), v >= 0, v <= 1 else {
                            throw LanguageIdentifierError.malformed(file: file, line: lineNo, message: "bad nodiac factor '\(value)'")
                        }
                        nodiac = v
                    case "apostrophe":
                        guard let v = Float(value) else {
                            throw LanguageIdentifierError.malformed(file: file, line: lineNo, message: "bad apostrophe weight '\(value)'")
                        }
                        apostrophe = v
                    case "alphabet":
                        for s in value.unicodeScalars { alphabet.insert(lowerOf(s.value, lower)) }
                    default:
                        throw LanguageIdentifierError.malformed(file: file, line: lineNo, message: "unknown meta key '\(item)'")
                    }
                case "words":
                    let (f, e, _) = hashes(item, lower, fold)
                    wordTable[f, default: []].append((lang, weight, e))
                case "suffixes":
                    let (f, e, n) = hashes(item, lower, fold, reversed: true)
                    if n < 1 || n > 4 {
                        throw LanguageIdentifierError.malformed(file: file, line: lineNo, message: "suffix must have 1–4 letters")
                    }
                    suffixTable[f, default: []].append((lang, weight, e))
                case "letters":
                    for s in item.unicodeScalars { letters[lowerOf(s.value, lower)] = weight }
                case "bigrams":
                    let sc = Array(item.lowercased().unicodeScalars)
                    guard sc.count == 2, sc.allSatisfy({ $0.value >= 0x61 && $0.value <= 0x7A }) else {
                        throw LanguageIdentifierError.malformed(file: file, line: lineNo, message: "a bigram is two letters a–z")
                    }
                    bigramTable[Int(sc[0].value - 0x61) * 26 + Int(sc[1].value - 0x61), default: []].append((lang, weight))
                default:
                    throw LanguageIdentifierError.malformed(file: file, line: lineNo, message: "line outside a known section")
                }
            }
            profiles.append(Profile(code: code, scored: scored, script: script, prior: prior, nodiac: nodiac, apostrophe: apostrophe))
            letterPos.append(letters)
            alphabets.append(alphabet)
        }

        // Letter evidence: for every non-ASCII letter of a script, each language of that script
        // gets its listed weight, nothing if the letter is in its alphabet, or the foreign-letter penalty.
        var letterStart = [UInt32](repeating: 0, count: tableSize)
        var letterCount = [UInt8](repeating: 0, count: tableSize)
        var letterLangs: [UInt8] = []
        var letterWeights: [Float] = []
        for v in 0 ..< tableSize {
            let c = cls[v]
            guard (c == clsLatinExt || c == clsCyrillic), lower[v] == UInt32(v) else { continue }
            let script: Script = c == clsCyrillic ? .cyrillic : .latin
            letterStart[v] = UInt32(letterLangs.count)
            var n = 0
            for (i, p) in profiles.enumerated() where p.script == script {
                var w: Float = 0
                if let pos = letterPos[i][UInt32(v)] {
                    w = pos
                } else if !alphabets[i].contains(UInt32(v)) {
                    w = -foreignLetterPenalty
                }
                if w != 0 {
                    letterLangs.append(UInt8(i)); letterWeights.append(w); n += 1
                }
            }
            letterCount[v] = UInt8(n)
        }

        var bigramStart = [UInt32](repeating: 0, count: 26 * 26)
        var bigramCount = [UInt8](repeating: 0, count: 26 * 26)
        var bigramLangs: [UInt8] = []
        var bigramWeights: [Float] = []
        for idx in 0 ..< 26 * 26 {
            guard let list = bigramTable[idx] else { continue }
            bigramStart[idx] = UInt32(bigramLangs.count)
            bigramCount[idx] = UInt8(min(list.count, 255))
            for (l, w) in list.prefix(255) { bigramLangs.append(l); bigramWeights.append(w) }
        }

        return LanguageIdentifier(profiles: profiles, lower: lower, fold: fold, charClass: cls,
                                  letterStart: letterStart, letterCount: letterCount,
                                  letterLangs: letterLangs, letterWeights: letterWeights,
                                  bigramStart: bigramStart, bigramCount: bigramCount,
                                  bigramLangs: bigramLangs, bigramWeights: bigramWeights,
                                  words: Index(wordTable), suffixes: Index(suffixTable))
    }

    private init(profiles: [Profile], lower: [UInt32], fold: [UInt32], charClass: [UInt8],
                 letterStart: [UInt32], letterCount: [UInt8], letterLangs: [UInt8], letterWeights: [Float],
                 bigramStart: [UInt32], bigramCount: [UInt8], bigramLangs: [UInt8], bigramWeights: [Float],
                 words: Index, suffixes: Index) {
        self.bigramStart = bigramStart; self.bigramCount = bigramCount
        self.bigramLangs = bigramLangs; self.bigramWeights = bigramWeights
        self.profiles = profiles
        self.nodiacFactors = profiles.map(\.nodiac)
        self.lower = lower; self.fold = fold; self.charClass = charClass
        self.letterStart = letterStart; self.letterCount = letterCount
        self.letterLangs = letterLangs; self.letterWeights = letterWeights
        self.words = words; self.suffixes = suffixes
    }

    private static func trim(_ s: Substring) -> String {
        var t = s
        while let c = t.first, c == " " || c == "\t" { t = t.dropFirst() }
        while let c = t.last, c == " " || c == "\t" { t = t.dropLast() }
        return String(t)
    }

    private static func lowerOf(_ v: UInt32, _ lower: [UInt32]) -> UInt32 {
        if Int(v) < lower.count, lower[Int(v)] != 0 { return lower[Int(v)] }
        if v == 0x2019 || v == 0x02BC { return 0x27 }
        return v
    }

    /// (folded hash, exact hash, letter count) of a lexicon item, hashed exactly like the scanner does. Endings
    /// are hashed last letter first, so the scanner gets all four ending lengths of a word from four mixes.
    private static func hashes(_ item: String, _ lower: [UInt32], _ fold: [UInt32], reversed: Bool = false) -> (UInt64, UInt64, Int) {
        var f = fnvBasis, e = fnvBasis, n = 0
        let scalars = Array(item.lowercased().unicodeScalars)
        for s in reversed ? scalars.reversed() : scalars {
            let v = Int(s.value)
            if v < lower.count, lower[v] != 0 {
                f = mix(f, fold[v]); e = mix(e, lower[v]); n += 1
            } else if s.value == 0x27 || s.value == 0x2019 || s.value == 0x02BC {
                f = mix(f, 0x27); e = mix(e, 0x27)
            } else if s.value == 0x2D {
                f = mix(f, 0x2D); e = mix(e, 0x2D)
            }
        }
        return (finish(f), finish(e), n)
    }

    static let fnvBasis: UInt64 = 0xcbf2_9ce4_8422_2325
    @inline(__always) static func mix(_ h: UInt64, _ v: UInt32) -> UInt64 { (h ^ UInt64(v)) &* 0x0000_0100_0000_01B3 }
    @inline(__always) static func finish(_ h: UInt64) -> UInt64 { h == 0 ? 1 : h }

    private static func buildCharTables() -> ([UInt32], [UInt32], [UInt8]) {
        var lower = [UInt32](repeating: 0, count: tableSize)
        var fold = [UInt32](repeating: 0, count: tableSize)
        var cls = [UInt8](repeating: clsNone, count: tableSize)
        for v in 0 ..< tableSize {
            guard let s = Unicode.Scalar(UInt32(v)), s.properties.isAlphabetic else { continue }
            let gc = s.properties.generalCategory
            guard gc == .uppercaseLetter || gc == .lowercaseLetter || gc == .titlecaseLetter || gc == .otherLetter || gc == .modifierLetter else { continue }
            if gc == .modifierLetter { continue }
            var l = s.value
            if let first = s.properties.lowercaseMapping.unicodeScalars.first { l = first.value }
            // Romanian: cedilla forms are the same letters as comma-below ones.
            if l == 0x15F { l = 0x219 }
            if l == 0x163 { l = 0x21B }
            lower[v] = l
            if v < 0x80 { cls[v] = clsLatin }
            else if (0xC0 ... 0x24F).contains(v) || (0x1E00 ... 0x1EFF).contains(v) { cls[v] = clsLatinExt }
            else if (0x400 ... 0x52F).contains(v) { cls[v] = clsCyrillic }
            else { cls[v] = clsOther }
        }
        for v in 0 ..< tableSize where lower[v] != 0 {
            let l = lower[v]
            var f = l
            if cls[v] == clsLatinExt, let s = Unicode.Scalar(l), let name = s.properties.name {
                // "LATIN SMALL LETTER A WITH BREVE" → a; "… L WITH STROKE" → l; "… DOTLESS I" → i
                let parts = name.split(separator: " ")
                if parts.count >= 4, parts[0] == "LATIN", parts[2] == "LETTER" {
                    if parts[3].count == 1, parts.count >= 6, parts[4] == "WITH",
                       let c = parts[3].lowercased().unicodeScalars.first {
                        f = c.value
                    } else if parts[3] == "DOTLESS", parts.count == 5, let c = parts[4].lowercased().unicodeScalars.first {
                        f = c.value
                    }
                }
            }
            if l == 0x451 { f = 0x435 } // ё → е
            fold[v] = f
        }
        return (lower, fold, cls)
    }

    // MARK: identification

    /// `hint` is a source's or brand's expected language; it breaks near-ties in its favour.
    public func identify(_ text: String, hint: Language? = nil) -> LanguageGuess {
        var memo = WordMemo.none
        return scanned(text, hint, memo: &memo) { guess, _ in guess }
    }

    /// ``identify(_:hint:)`` remembering each word's evidence in `memo` (one per thread) for the next texts: a
    /// long run of posts repeats most of its words. The answers are the same.
    package func identify(_ text: String, hint: Language? = nil, memo: inout WordMemo) -> LanguageGuess {
        scanned(text, hint, memo: &memo) { guess, _ in guess }
    }

    /// ``identify(_:hint:)`` without the ASCII fast path, for tests that hold the two to the same answers.
    package func referenceIdentify(_ text: String, hint: Language? = nil) -> LanguageGuess {
        var memo = WordMemo.none
        return scanned(text, hint, asciiRuns: false, memo: &memo) { guess, _ in guess }
    }

    /// Development aid: the guess and every competing profile's final score (best first).
    package func explain(_ text: String, hint: Language? = nil) -> (LanguageGuess, [(code: String, score: Double)]) {
        var memo = WordMemo.none
        return scanned(text, hint, memo: &memo) { guess, scores in
            let ranked = profiles.indices.map { (code: profiles[$0].code, score: Double(scores?[$0] ?? 0)) }
            return (guess, ranked.sorted { $0.score > $1.score })
        }
    }

    /// Scans `text` with zeroed accumulators on the stack and hands the guess and the final per-profile scores
    /// (nil without profiles) to `body`.
    private func scanned<Result>(_ text: String, _ hint: Language?, asciiRuns: Bool = true, memo: inout WordMemo,
                                 _ body: (LanguageGuess, UnsafeMutablePointer<Float>?) -> Result) -> Result {
        let n = profiles.count
        let nothing = LanguageGuess(language: .und, confidence: 0)
        if n == 0 { return body(nothing, nil) }
        var copy = text
        return copy.withUTF8 { bytes in
            withUnsafeTemporaryAllocation(of: Float.self, capacity: n * Self.bufferRows) { buffer in
                guard let base = buffer.baseAddress else { return body(nothing, nil) }
                base.initialize(repeating: 0, count: n * Self.bufferRows)
                return body(scan(bytes, base, hint, asciiRuns: asciiRuns, memo: &memo), base)
            }
        }
    }

    /// Adds the word-list evidence of one token (per language, its best matching entry).
    @inline(__always)
    private func addWord(_ key: UInt64, _ exactKey: UInt64, _ hasDiacritics: Bool, _ tokenWeight: Float,
                         _ scores: UnsafeMutablePointer<Float>, _ memo: inout WordMemo, recording: Bool) {
        guard let run = words.find(key) else { return }
        var i = run.lowerBound
        while i < run.upperBound {
            let lang = words.items[i].lang
            let missingFactor = nodiacFactors[Int(lang)]
            var best: Float = -Float.greatestFiniteMagnitude
            while i < run.upperBound, words.items[i].lang == lang {
                let item = words.items[i]
                var w = item.weight
                if hasDiacritics {
                    if item.exact != exactKey { w *= Self.mismatchedDiacriticsFactor }
                } else if item.exact != key {
                    w *= missingFactor
                }
                if w > best { best = w }
                i += 1
            }
            add(Int(lang), best * tokenWeight, scores, &memo, recording)
            if best > 0 && tokenWeight == 1 { add(3 * profiles.count + Int(lang), 1, scores, &memo, recording) }
        }
    }

    /// Adds `value` to `scores[index]`, and notes the addition in the memo's entry being written.
    @inline(__always)
    private func add(_ index: Int, _ value: Float, _ scores: UnsafeMutablePointer<Float>, _ memo: inout WordMemo, _ recording: Bool) {
        scores[index] += value
        if recording { memo.note(index, value) }
    }

    /// Adds the evidence of one non-ASCII letter (lower case): its weight for each language that has one, or the
    /// penalty of a letter outside the alphabet.
    @inline(__always)
    private func addLetter(_ l: UInt32, _ letterPos: UnsafeMutablePointer<Float>, _ letterNeg: UnsafeMutablePointer<Float>) {
        let count = Int(letterCount[Int(l)])
        guard count > 0 else { return }
        let start = Int(letterStart[Int(l)])
        for k in start ..< start + count {
            let w = letterWeights[k]
            if w > 0 { letterPos[Int(letterLangs[k])] += w } else { letterNeg[Int(letterLangs[k])] += w }
        }
    }

    /// Adds the evidence of a folded a–z letter pair inside a word (nothing for other letters).
    @inline(__always)
    private func addLetterPair(_ first: UInt32, _ second: UInt32, _ weight: Float, _ bigramAcc: UnsafeMutablePointer<Float>) {
        guard first &- 0x61 < 26, second &- 0x61 < 26 else { return }
        let index = Int(first &- 0x61) * 26 + Int(second &- 0x61)
        let count = Int(bigramCount[index])
        guard count > 0 else { return }
        let start = Int(bigramStart[index])
        for k in start ..< start + count { bigramAcc[Int(bigramLangs[k])] += bigramWeights[k] * weight }
    }

    /// The word being scanned.
    struct Token {
        var fHash = LanguageIdentifier.fnvBasis, eHash = LanguageIdentifier.fnvBasis
        var len = 0
        var diacritics = false
        var weight: Float = 1
        /// The last four folded letters, 16 bits each, newest in the low bits (the tables map every letter into
        /// the BMP).
        var last: UInt64 = 0
        /// The same, lower case with diacritics.
        var lastE: UInt64 = 0
        var newest: UInt32 { UInt32(truncatingIfNeeded: last & 0xFFFF) }
        @inline(__always) mutating func push(_ folded: UInt32, _ exact: UInt32) {
            last = (last << 16) | UInt64(folded)
            lastE = (lastE << 16) | UInt64(exact)
        }
        var words = 0 // words seen so far in the text (not hashtags)
    }

    /// Scores the finished token (word list and endings) and resets it. `marker` is 0, or `'` / `-`
    /// when the token is the first part of l'amico, s-a, don't.
    @inline(__always)
    private func endToken(_ t: inout Token, _ marker: UInt32, _ scores: UnsafeMutablePointer<Float>, _ memo: inout WordMemo) {
        if t.len == 0 { return }
        var key = t.fHash, ekey = t.eHash
        if marker != 0 { key = Self.mix(key, marker); ekey = Self.mix(ekey, marker) }
        key = Self.finish(key); ekey = Self.finish(ekey)
        if t.weight == 1 { t.words += 1 }
        let withEndings = t.len >= 4 && marker == 0
        var recording = false
        if memo.isUsable {
            // Everything below is a function of the letters (the two hashes), of whether the word is a hashtag
            // and of whether its endings count: the same additions, replayed in the same order.
            let variant = UInt8(t.weight == 1 ? 0 : 1) | (t.diacritics ? 2 : 0) | (withEndings ? 4 : 0)
            if memo.replay(key, ekey, variant, scores) {
                let words = t.words
                t = Token()
                t.words = words
                return
            }
            if memo.metBefore(key, ekey) {
                memo.begin(key, ekey, variant)
                recording = true
            }
        }
        addWord(key, ekey, t.diacritics, t.weight, scores, &memo, recording: recording)
        if withEndings {
            // longest matching ending per language (1–4 letters, leaving a stem of at least 2)
            var seen: UInt64 = 0
            let longest = min(4, t.len - 2)
            // Endings are hashed newest letter first: each longer ending extends the shorter one's hash.
            var hashes: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0), exactHashes = hashes
            var h = Self.fnvBasis, he = Self.fnvBasis
            for k in 0 ..< longest {
                let shift = UInt64(16 * k)
                h = Self.mix(h, UInt32(truncatingIfNeeded: (t.last >> shift) & 0xFFFF))
                he = Self.mix(he, UInt32(truncatingIfNeeded: (t.lastE >> shift) & 0xFFFF))
                switch k {
                case 0: hashes.0 = h; exactHashes.0 = he
                case 1: hashes.1 = h; exactHashes.1 = he
                case 2: hashes.2 = h; exactHashes.2 = he
                default: hashes.3 = h; exactHashes.3 = he
                }
            }
            var len = longest
            while len >= 1 {
                let h: UInt64, he: UInt64
                switch len {
                case 1: h = Self.finish(hashes.0); he = Self.finish(exactHashes.0)
                case 2: h = Self.finish(hashes.1); he = Self.finish(exactHashes.1)
                case 3: h = Self.finish(hashes.2); he = Self.finish(exactHashes.2)
                default: h = Self.finish(hashes.3); he = Self.finish(exactHashes.3)
                }
                if let run = suffixes.find(h) {
                    for j in run {
                        let item = suffixes.items[j]
                        let lang = item.lang
                        let bit: UInt64 = 1 << UInt64(lang)
                        if seen & bit == 0 {
                            seen |= bit
                            var w = item.weight
                            if item.exact != he {
                                // the ending differs from the profile's only in diacritics
                                w *= (item.exact != h && he == h) ? nodiacFactors[Int(lang)] : Self.mismatchedDiacriticsFactor
                            }
                            add(Int(lang), w * t.weight, scores, &memo, recording)
                            if w >= 0.5 && t.weight == 1 { add(4 * profiles.count + Int(lang), 1, scores, &memo, recording) }
                        }
                    }
                }
                len -= 1
            }
        }
        if recording { memo.end() }
        let words = t.words
        t = Token()
        t.words = words
    }

    /// `asciiRuns` false takes every letter through the general path: the plain reference for tests.
    private func scan(_ bytes: UnsafeBufferPointer<UInt8>, _ scores: UnsafeMutablePointer<Float>, _ hint: Language?,
                      asciiRuns: Bool = true, memo: inout WordMemo) -> LanguageGuess {
        let n = profiles.count
        let letterPos = scores + n      // positive letter evidence per language
        let letterNeg = scores + 2 * n  // negative letter evidence per language
        let bigramAcc = scores + 5 * n  // letter-pair evidence per language
        var latin = 0, cyrillic = 0, other = 0
        var hashLatin = 0, hashCyrillic = 0 // letters inside hashtags
        var tok = Token()
        var hashtag = false

        let count = bytes.count
        var i = 0
        var prevSpace = true

        while i < count {
            let b0 = bytes[i]
            var v: UInt32
            var width: Int
            if b0 < 0x80 {
                v = UInt32(b0); width = 1
            } else if b0 & 0xE0 == 0xC0, i + 1 < count {
                v = (UInt32(b0 & 0x1F) << 6) | UInt32(bytes[i + 1] & 0x3F); width = 2
            } else if b0 & 0xF0 == 0xE0, i + 2 < count {
                v = (UInt32(b0 & 0x0F) << 12) | (UInt32(bytes[i + 1] & 0x3F) << 6) | UInt32(bytes[i + 2] & 0x3F); width = 3
            } else if b0 & 0xF8 == 0xF0, i + 3 < count {
                v = 0x1F000; width = 4 // emoji and other astral symbols: separators
            } else {
                v = 0x20; width = 1
            }

            // Skip URLs, domains, e-mail addresses, @handles and HTML entities.
            if prevSpace && v > 0x20 {
                var j = i
                var linkLike = false // a `.`, `/` or `@`: without one the chunk is no link
                // Bytes above `@` (letters) cannot end the chunk or make it a link: skip them eight at a time. The
                // lowest flagged byte of a word is the first one below 0x41 (a borrow only carries upwards).
                while j + 8 <= count {
                    let word = UInt64(littleEndian: UnsafeRawBufferPointer(bytes).loadUnaligned(fromByteOffset: j, as: UInt64.self))
                    let below = (word &- 0x4141_4141_4141_4141) & ~word & 0x8080_8080_8080_8080
                    if below == 0 { j += 8; continue }
                    j += below.trailingZeroBitCount >> 3
                    break
                }
                while j < count {
                    let b = bytes[j]
                    // Most bytes are letters, above `@`: one comparison for them.
                    if b > 0x40 { j += 1; continue }
                    if b > 0x20 {
                        if b == 0x2E || b == 0x2F || b == 0x40 { linkLike = true }
                        j += 1
                        continue
                    }
                    if b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D { break }
                    j += 1
                }
                if linkLike && j - i >= 4 && isLinkChunk(bytes, i, j) {
                    i = j
                    continue
                }
            }
            if prevSpace || tok.len == 0 {
                if v == 0x40 { // @handle
                    endToken(&tok, 0, scores, &memo)
                    while i < count, bytes[i] != 0x20, bytes[i] != 0x0A, bytes[i] != 0x09 { i += 1 }
                    prevSpace = true
                    continue
                }
                if (v == 0x68 || v == 0x48 || v == 0x77 || v == 0x57) && tok.len == 0 && isURL(bytes, i) {
                    while i < count, bytes[i] != 0x20, bytes[i] != 0x0A, bytes[i] != 0x09 { i += 1 }
                    prevSpace = true
                    continue
                }
            }
            if v == 0x3C, i + 1 < count { // HTML/XML tag: <strong>, </a>, <br/>, <a href="…">
                let b1 = bytes[i + 1] | 0x20
                if (b1 >= 0x61 && b1 <= 0x7A) || bytes[i + 1] == 0x2F || bytes[i + 1] == 0x21 {
                    var j = i + 1
                    while j < count, j - i < 256, bytes[j] != 0x3E, bytes[j] != 0x3C { j += 1 }
                    if j < count, bytes[j] == 0x3E {
                        endToken(&tok, 0, scores, &memo)
                        i = j + 1
                        prevSpace = false
                        continue
                    }
                }
            }
            if v == 0x26 { // &amp; &lt; &#39; …
                var j = i + 1
                while j < count, j - i <= 8, bytes[j] != 0x3B, (bytes[j] | 0x20) >= 0x61 && (bytes[j] | 0x20) <= 0x7A || (bytes[j] >= 0x30 && bytes[j] <= 0x39) || bytes[j] == 0x23 { j += 1 }
                if j < count, bytes[j] == 0x3B, j > i + 1 {
                    endToken(&tok, 0, scores, &memo)
                    i = j + 1
                    prevSpace = false
                    continue
                }
            }
            i += width

            let vi = Int(v)
            var c: UInt8 = vi < Self.tableSize ? charClass[vi] : 0
            if vi >= Self.tableSize && vi < 0x1F000 && vi != 0xFE0F && vi != 0x200D,
               let sc = Unicode.Scalar(v), sc.properties.isAlphabetic { c = Self.clsOther } // CJK, Thai, …
            if c != 0 {
                if c == Self.clsOther {
                    other += 1
                    endToken(&tok, 0, scores, &memo)
                    prevSpace = false
                    continue
                }
                let l = lower[vi]
                let f = fold[vi]
                if hashtag {
                    if c == Self.clsCyrillic { hashCyrillic += 1 } else { hashLatin += 1 }
                } else if c == Self.clsCyrillic { cyrillic += 1 } else { latin += 1 }
                if c != Self.clsLatin {
                    if l != f { tok.diacritics = true }
                    addLetter(l, letterPos, letterNeg)
                }
                if tok.len == 0 { tok.weight = hashtag ? Self.hashtagWeight : 1 }
                tok.fHash = Self.mix(tok.fHash, f)
                tok.eHash = Self.mix(tok.eHash, l)
                if tok.len > 0 { addLetterPair(tok.newest, f, tok.weight, bigramAcc) }
                tok.push(f, l)
                tok.len += 1
                prevSpace = false
                // The rest of a Cyrillic word (U+0400–U+047F, two bytes a letter), without the checks above: none
                // applies inside a word, and a Cyrillic letter has no a–z pair.
                if asciiRuns && c == Self.clsCyrillic {
                    var run = 0
                    while i + 1 < count, bytes[i] & 0xFE == 0xD0 {
                        let letter = Int((UInt32(bytes[i] & 0x1F) << 6) | UInt32(bytes[i + 1] & 0x3F))
                        guard charClass[letter] == Self.clsCyrillic else { break }
                        let l = lower[letter]
                        let f = fold[letter]
                        if l != f { tok.diacritics = true }
                        addLetter(l, letterPos, letterNeg)
                        tok.fHash = Self.mix(tok.fHash, f)
                        tok.eHash = Self.mix(tok.eHash, l)
                        tok.push(f, l)
                        run += 1
                        i += 2
                    }
                    tok.len += run
                    if hashtag { hashCyrillic += run } else { cyrillic += run }
                    continue
                }
                // The rest of an ASCII word, without the checks above (none applies inside a word): an ASCII
                // letter is Latin, its lower case is its folded form, and it carries no letter evidence.
                if asciiRuns {
                    let runStart = i
                    var fHash = tok.fHash, eHash = tok.eHash, last = tok.last, lastE = tok.lastE
                    var previous = tok.newest
                    while i < count {
                        let letter = bytes[i] | 0x20
                        guard letter &- 0x61 < 26 else { break }
                        let a = UInt32(letter)
                        fHash = Self.mix(fHash, a)
                        eHash = Self.mix(eHash, a)
                        addLetterPair(previous, a, tok.weight, bigramAcc)
                        previous = a
                        last = (last << 16) | UInt64(a)
                        lastE = (lastE << 16) | UInt64(a)
                        i += 1
                    }
                    let run = i - runStart
                    if hashtag { hashLatin += run } else { latin += run }
                    tok.fHash = fHash; tok.eHash = eHash; tok.last = last; tok.lastE = lastE
                    tok.len += run
                }
                continue
            }
            if vi >= 0x300 && vi <= 0x36F { continue } // combining marks: ignored inside words
            // apostrophe or hyphen between letters: split, marking the first part (l' · s- · don')
            if (v == 0x27 || v == 0x2019 || v == 0x02BC || v == 0x2D) && tok.len > 0 && i < count && isLetterAt(bytes, i) {
                let marker: UInt32 = v == 0x2D ? 0x2D : 0x27
                if marker == 0x27, Int(tok.newest) < Self.tableSize, charClass[Int(tok.newest)] == Self.clsCyrillic {
                    // apostrophe inside a Cyrillic word (Ukrainian/Belarusian м’ясо, б'ю)
                    for k in 0 ..< n where profiles[k].apostrophe != 0 && profiles[k].script == .cyrillic {
                        letterPos[k] += profiles[k].apostrophe
                    }
                }
                endToken(&tok, marker, scores, &memo)
                continue
            }
            endToken(&tok, 0, scores, &memo)
            if v == 0x23 { hashtag = true; prevSpace = false; continue }
            hashtag = false
            prevSpace = (v == 0x20 || v == 0x0A || v == 0x09 || v == 0x0D)
        }
        endToken(&tok, 0, scores, &memo)

        // Combine.
        if latin + cyrillic < 3 { latin += hashLatin; cyrillic += hashCyrillic } // hashtags decide only when nothing else does
        if other > latin + cyrillic { return LanguageGuess(language: .und, confidence: 0.9) }
        if latin + cyrillic < 3 { return LanguageGuess(language: .und, confidence: 0.1) }
        // A script competes when it holds a fair share of the letters: Russian with a Latin brand name
        // ("Microsoft Office не работает") is decided by the evidence, not by the letter count.
        let total = latin + cyrillic
        let latinCompetes = latin >= 3 && Float(latin) >= Self.minScriptShare * Float(total)
        let cyrillicCompetes = cyrillic >= 3 && Float(cyrillic) >= Self.minScriptShare * Float(total)

        var best = -1, bestScore = -Float.greatestFiniteMagnitude
        var second = -Float.greatestFiniteMagnitude
        var bestScoredScore = -Float.greatestFiniteMagnitude
        var hintIndex = -1
        for k in 0 ..< n where profiles[k].script == .latin ? latinCompetes : cyrillicCompetes {
            var s = profiles[k].prior + scores[k] + min(letterPos[k], Self.letterPositiveCap) + max(letterNeg[k], Self.letterNegativeCap)
                + min(max(bigramAcc[k], -Self.bigramCap), Self.bigramCap)
            if let h = hint, profiles[k].scored == h { s += Self.hintBonus; hintIndex = k }
            scores[k] = s
            if s > bestScore { second = bestScore; bestScore = s; best = k } else if s > second { second = s }
            if profiles[k].scored != nil, s > bestScoredScore { bestScoredScore = s }
        }
        if best < 0 { return LanguageGuess(language: .und, confidence: 0.5) }
        // Coverage: a long text of which the winner recognises almost nothing is some other language.
        if profiles[best].script == .latin, profiles[best].scored != nil, Float(tok.words) >= Self.coverageMinTokens, letterPos[best] <= 0 {
            let support = scores[3 * n + best] + 0.5 * scores[4 * n + best]
            if support < Self.minCoverage * Float(tok.words) { return LanguageGuess(language: .und, confidence: 0.5) }
        }
        if bestScore < Self.minScore {
            // Too little evidence: only a hint of the right script that nothing contradicts can win.
            if hintIndex >= 0, scores[hintIndex] >= bestScore, scores[hintIndex] >= Self.hintBonus {
                return LanguageGuess(language: profiles[hintIndex].scored ?? .und, confidence: 0.3)
            }
            return LanguageGuess(language: .und, confidence: 0.4)
        }
        let margin = Double(bestScore - max(second, -50))
        let evidence = 1 - exp(-Double(bestScore) / 2)
        let sure = 1 / (1 + exp(-margin))
        if let lang = profiles[best].scored {
            return LanguageGuess(language: lang, confidence: min(1, max(0, sure * evidence)))
        }
        let und = 1 / (1 + exp(-Double(bestScore - bestScoredScore)))
        return LanguageGuess(language: .und, confidence: min(1, max(0, und)))
    }

    @inline(__always) private func isLetterAt(_ bytes: UnsafeBufferPointer<UInt8>, _ i: Int) -> Bool {
        let b0 = bytes[i]
        var v: Int
        if b0 < 0x80 { v = Int(b0) }
        else if b0 & 0xE0 == 0xC0, i + 1 < bytes.count { v = (Int(b0 & 0x1F) << 6) | Int(bytes[i + 1] & 0x3F) }
        else if b0 & 0xF0 == 0xE0, i + 2 < bytes.count { v = (Int(b0 & 0x0F) << 12) | (Int(bytes[i + 1] & 0x3F) << 6) | Int(bytes[i + 2] & 0x3F) }
        else { return false }
        return v < Self.tableSize && charClass[v] != 0 && charClass[v] != Self.clsOther
    }

    /// A whitespace-delimited chunk `bytes[from..<to]` that is a link: contains `://` or `@` (not first),
    /// starts with `www.`, has a `/` after a `.`, or ends in a common top-level domain (`24chasa.bg`).
    private func isLinkChunk(_ bytes: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int) -> Bool {
        var sawDot = false
        var k = from
        while k < to {
            let b = bytes[k]
            if b == 0x2E { sawDot = true }
            else if b == 0x2F { if sawDot { return true }; if k + 1 < to, bytes[k + 1] == 0x2F, k > from, bytes[k - 1] == 0x3A { return true } }
            else if b == 0x40, k > from { return true }
            k += 1
        }
        if !sawDot { return false }
        // trailing punctuation off, then the last label
        var end = to
        while end > from, bytes[end - 1] == 0x2E || bytes[end - 1] == 0x2C || bytes[end - 1] == 0x21 || bytes[end - 1] == 0x3F
            || bytes[end - 1] == 0x29 || bytes[end - 1] == 0x22 || bytes[end - 1] == 0x3B || bytes[end - 1] == 0x3A { end -= 1 }
        var dot = end - 1
        while dot > from, bytes[dot] != 0x2E { dot -= 1 }
        guard dot > from, bytes[dot] == 0x2E, end - dot - 1 >= 2, end - dot - 1 <= 4 else { return false }
        let before = bytes[dot - 1] | 0x20
        guard (before >= 0x61 && before <= 0x7A) || (before >= 0x30 && before <= 0x39) else { return false }
        var tld: UInt32 = 0
        for q in dot + 1 ..< end {
            let c = bytes[q] | 0x20
            guard c >= 0x61 && c <= 0x7A else { return false }
            tld = (tld << 8) | UInt32(c)
        }
        return Self.topLevelDomains.contains(tld)
    }

    /// com net org info ro pl ru ua bg by md uk de eu io co me tv ly gov edu, packed as ASCII bytes.
    static let topLevelDomains: Set<UInt32> = {
        var set = Set<UInt32>()
        for name in ["com", "net", "org", "info", "ro", "pl", "ru", "ua", "bg", "by", "md", "uk", "de", "eu",
                     "io", "co", "me", "tv", "ly", "gov", "edu", "biz"] {
            var v: UInt32 = 0
            for b in name.utf8 { v = (v << 8) | UInt32(b) }
            set.insert(v)
        }
        return set
    }()

    @inline(__always) private func isURL(_ bytes: UnsafeBufferPointer<UInt8>, _ i: Int) -> Bool {
        @inline(__always) func at(_ k: Int, _ c: UInt8) -> Bool { i + k < bytes.count && (bytes[i + k] | 0x20) == c }
        if at(0, 0x68), at(1, 0x74), at(2, 0x74), at(3, 0x70) {
            if i + 4 < bytes.count, bytes[i + 4] == 0x3A { return true }
            if at(4, 0x73), i + 5 < bytes.count, bytes[i + 5] == 0x3A { return true }
        }
        if at(0, 0x77), at(1, 0x77), at(2, 0x77), i + 3 < bytes.count, bytes[i + 3] == 0x2E { return true }
        return false
    }
}

extension LanguageIdentifier.Index {
    func write(to image: inout BinaryImageWriter) {
        image.plain(keys); image.plain(starts); image.plain(counts); image.int(mask); image.plain(langs); image.plain(weights)
        image.plain(exact); image.plain(filter); image.plain(slotRuns); image.plain(items)
    }

    init(image: inout BinaryImageReader) throws {
        self.init()
        keys = try image.plain(); starts = try image.plain(); counts = try image.plain(); mask = try image.int()
        langs = try image.plain(); weights = try image.plain(); exact = try image.plain(); filter = try image.plain()
        slotRuns = try image.plain(); items = try image.plain()
        guard slotRuns.count == mask + 1, filter.count == 1024 else { throw BinaryImageReader.Damaged() }
    }
}

extension LanguageIdentifier {
    /// The loaded profiles as a binary image (see ``BinaryImageWriter``), for the compiled-lexicon cache.
    package func write(to image: inout BinaryImageWriter) {
        image.int(profiles.count)
        for profile in profiles {
            image.string(profile.code)
            image.string(profile.scored?.rawValue ?? "")
            image.int(Int(profile.script.rawValue))
            image.plain([profile.prior, profile.nodiac, profile.apostrophe])
        }
        image.plain(lower); image.plain(fold); image.plain(charClass)
        image.plain(letterStart); image.plain(letterCount); image.plain(letterLangs); image.plain(letterWeights)
        image.plain(bigramStart); image.plain(bigramCount); image.plain(bigramLangs); image.plain(bigramWeights)
        words.write(to: &image)
        suffixes.write(to: &image)
    }

    package init(image: inout BinaryImageReader) throws {
        let count = try image.count(elementSize: 8)
        var profiles: [Profile] = []
        for _ in 0..<count {
            let code = try image.string()
            let scored = try image.string()
            guard let script = Script(rawValue: UInt8(truncatingIfNeeded: try image.int())) else { throw BinaryImageReader.Damaged() }
            let numbers: [Float] = try image.plain()
            guard numbers.count == 3 else { throw BinaryImageReader.Damaged() }
            profiles.append(Profile(code: code, scored: scored.isEmpty ? nil : Language(rawValue: scored), script: script,
                                    prior: numbers[0], nodiac: numbers[1], apostrophe: numbers[2]))
        }
        let lower: [UInt32] = try image.plain(), fold: [UInt32] = try image.plain(), charClass: [UInt8] = try image.plain()
        let letterStart: [UInt32] = try image.plain(), letterCount: [UInt8] = try image.plain()
        let letterLangs: [UInt8] = try image.plain(), letterWeights: [Float] = try image.plain()
        let bigramStart: [UInt32] = try image.plain(), bigramCount: [UInt8] = try image.plain()
        let bigramLangs: [UInt8] = try image.plain(), bigramWeights: [Float] = try image.plain()
        let words = try Index(image: &image), suffixes = try Index(image: &image)
        guard profiles.isEmpty || (lower.count == Self.tableSize && fold.count == Self.tableSize && charClass.count == Self.tableSize
                                   && bigramStart.count == 26 * 26 && bigramCount.count == 26 * 26) else { throw BinaryImageReader.Damaged() }
        self.init(profiles: profiles, lower: lower, fold: fold, charClass: charClass, letterStart: letterStart, letterCount: letterCount,
                  letterLangs: letterLangs, letterWeights: letterWeights, bigramStart: bigramStart, bigramCount: bigramCount,
                  bigramLangs: bigramLangs, bigramWeights: bigramWeights, words: words, suffixes: suffixes)
    }
}
