import BrandPulseCore
import BrandPulseMatching
import BrandPulseText

/// Scores one tokenized text against one language's lexicon: VADER-derived rules with clause-scoped negation,
/// negative concord, breakers, modifiers, contrast, caps, punctuation, emoji, intents and per-brand targets.
struct SentimentScorer {
    let tables: EngineTables
    let box: LanguageBox
    var lexicon: LanguageLexicon { _read { yield box.lexicon } }
    var shared: CompiledLexicons { _read { yield tables.compiled } }
    let text: TokenizedText
    let mentions: [BrandMention]
    let brands: [Brand]

    // MARK: Working data

    enum SlotKind: UInt8 { case word, emoji, clause, sentence }

    struct Slot {
        var token: Int32
        var refsStart: Int32
        var refsEnd: Int32
        var kind: SlotKind
        var utf8Start: Int32
        var utf8End: Int32
        var flags: Token.Flags
        var emojiValence: Double = .nan
        var emojiEntry: Int32 = -1
        var count: Int16 = 1
        var question = false
        /// Index of the unit that covers the slot.
        var unit: Int32 = -1
        /// A negator not absorbed by a breaker.
        var negator = false
        /// That negator is a privative ("without", "bez", "без", "fără").
        var privative = false
        /// A clause break that is a comma: an expression written with one ("ни рыба, ни мясо") may span it.
        var comma = false
    }

    enum UnitKind: UInt8 { case term, emoji, clause, sentence }

    struct Unit {
        var kind: UnitKind
        var firstSlot: Int32
        var endSlot: Int32
        var role: TermRole = .none
        var valence: Double = .nan
        var modifier: Double = 0
        var entry: Int32 = -1
        var roleEntry: Int32 = -1
        var question = false
        /// A discourse.tsv or comparison.tsv role (`marker`, `that`, `comparative`, `find`), kept apart from
        /// `role`: the word still scores as itself.
        var sideRole: TermRole = .none
        var sentence: Int32 = 0
        var clause: Int32 = 0
    }

    struct Contribution {
        var unit: Int32
        var base: Double
        var value: Double
        var sentence: Int32
        var clause: Int32
        var effects: [Effect]
        /// Zeroed by ``yieldToIntents(_:)``.
        var yielded = false
    }

    var slots: [Slot] = []
    var refs: [TermRef] = []
    var units: [Unit] = []
    /// Sentence and clause of each unit.
    var contributions: [Contribution] = []
    /// Negator units already spent on an intent ("don't recommend"), with the intent's last unit: they negate a
    /// sentiment word inside the intent ("nu îl recomand") but none after it.
    var spentNegators: [SpentNegator] = []
    /// A struct, not a tuple: an array of tuples looks up its type's metadata at run time on every allocation.
    struct SpentNegator {
        var negator: Int32
        var intentEnd: Int32
    }
    /// Units holding a noun of trouble that a negation after it denied ("Reklamacji nie było"), for
    /// ``dropDeniedIntents(_:)``. Empty, and never allocated, in almost every post.
    var deniedTrouble: [Int32] = []
    /// Whether the text names a time of a schedule or a day (discourse.tsv `schedule`, `day`): without one, no clause
    /// states opening hours, and the walk skips looking.
    var namesTime = false
    /// The unreal "if"s (discourse.tsv `counterfactual`) the walk met, in order, for ``applyCounterfactuals(rules:)``. Empty,
    /// and never allocated, in almost every post.
    var counterfactuals: [Counterfactual] = []
    struct Counterfactual {
        var opener: Int32
        /// The slot past the opener's phrase ("если бы", "dacă nu ar", "if it weren't for"): a negator before it, or at it,
        /// makes the condition an "if not".
        var phraseEnd: Int32
        /// The negator of an "if not" ("Gdyby nie kurier", «Если бы не курьер»), or −1.
        var notFor: Int32 = -1
    }
    /// Units of the other conditional words (discourse.tsv `could`, `would`, `unreal`, `if`), in order.
    var conditionalMarks: [Int32] = []
    /// Units whose words did not happen, with what turned them: for the explanation and ``dropUnrealIntents(_:)``.
    var unrealSpans: [UnrealSpan] = []
    struct UnrealSpan {
        var first: Int32
        var end: Int32
        /// An "if not" denies its outcome whichever its sign; any other unreal condition denies only praise.
        var bothSigns: Bool
        /// False for a past conditional without its condition: its praise counts 0 instead of turning.
        var stated = true
        var trigger: Int32
    }
    /// Words already looked up: the scratch's memo for this language, between ``adopt(_:)`` and ``release(to:)``
    /// (nil without a scratch).
    var memo: UnsafeMutablePointer<LookupMemo>?
    /// Hashtags already split, by their bytes: the word boundaries of ``hashtagParts(_:_:into:)`` (nil without a
    /// scratch: the engine's shared cache serves).
    var cutMemo: UnsafeMutablePointer<LookupMemo>?
    /// Whether contributions carry their effects: only explanations read them.
    var recordEffects = true
    let languageSlot: Int

    init(tables: EngineTables, language: Int, text: TokenizedText, mentions: [BrandMention], brands: [Brand]) {
        self.tables = tables
        self.box = tables.languages[language]
        self.languageSlot = language
        self.text = text
        self.mentions = mentions
        self.brands = brands
    }

    /// Works in the scratch's arrays and memo (emptied, capacity kept) until ``release(to:)``.
    mutating func adopt(_ scratch: AnalysisScratch) {
        swap(&slots, &scratch.storage.pointee.slots)
        swap(&refs, &scratch.storage.pointee.refs)
        swap(&units, &scratch.storage.pointee.units)
        swap(&contributions, &scratch.storage.pointee.contributions)
        slots.removeAll(keepingCapacity: true)
        refs.removeAll(keepingCapacity: true)
        units.removeAll(keepingCapacity: true)
        contributions.removeAll(keepingCapacity: true)
        memo = scratch.memo(languageSlot, .lookup)
        cutMemo = scratch.memo(languageSlot, .hashtagCuts)
    }

    /// Hands the arrays and the memo back for the next text.
    mutating func release(to scratch: AnalysisScratch) {
        swap(&slots, &scratch.storage.pointee.slots)
        swap(&refs, &scratch.storage.pointee.refs)
        swap(&units, &scratch.storage.pointee.units)
        swap(&contributions, &scratch.storage.pointee.contributions)
        memo = nil
        cutMemo = nil
    }

    // MARK: Slots

    mutating func buildSlots() {
        let tokens = text.tokens
        // Hashtags split into several word slots: room for a few of them without growing.
        slots.reserveCapacity(tokens.count + 16)
        refs.reserveCapacity(tokens.count * 2)
        // The text's bytes once for every hashtag: a copy of the string per hashtag cost a retain and a release.
        var source = text.text
        // Ratings whose star word or symbols come after their number, in text order: "Smak 5 gwiazdek, obsługa 1
        // gwiazdka", "★★★★★ for the food, ★☆☆☆☆ for delivery". Empty, as in most posts, it allocates nothing.
        var starRatings: [(first: Int, last: Int, row: Int)] = []
        source.withUTF8 { textBytes in text.folded.withUnsafeBufferPointer { folded in
            for (index, token) in tokens.enumerated() {
                let key = UnsafeBufferPointer(rebasing: folded[Int(token.keyStart)..<Int(token.keyEnd)])
                switch token.kind {
                case .word:
                    addWordSlot(index, token, key, utf8: (token.utf8Start, token.utf8End))
                case .number:
                    // "7/10", "2 out of 10": a rating is one symbol with the valence of its scale row, found at its
                    // last number. Most numbers have no other number two or three tokens back. A star word after it
                    // ("3 out of 5 stars", or a bare "3 stars") is not read yet: the rating's slots are replaced after
                    // the loop.
                    if index >= 2, tokens[index - 2].kind == .number || (index >= 3 && tokens[index - 3].kind == .number),
                       addRating(endingAt: index, tokens, folded, deferring: &starRatings) {
                        continue
                    }
                    if index > starRatings.last?.last ?? -1, index + 1 < tokens.count, tokens[index + 1].kind == .word,
                       let row = shared.ratings.starRating(at: index, tokens: tokens, folded: folded, slot: languageSlot) {
                        starRatings.append((index, index + 1, row))
                    }
                    // Numbers carry no valence of their own, but phrases and intents name them ("1 star",
                    // "5 gwiazdek"), so they are looked up like words.
                    addWordSlot(index, token, key, utf8: (token.utf8Start, token.utf8End))
                case .hashtag:
                    addHashtag(index, token, key, textBytes)
                case .emoji, .emoticon:
                    // "★★★☆☆": replaced after the loop, like a star word.
                    if index > starRatings.last?.last ?? -1, token.kind == .emoji, shared.ratings.mayBeSymbol(key),
                       let rating = shared.ratings.symbolRating(at: index, tokens: tokens, folded: folded) {
                        starRatings.append((index, rating.last, rating.row))
                    }
                    var slot = Slot(token: Int32(index), refsStart: Int32(refs.count), refsEnd: Int32(refs.count), kind: .emoji,
                                    utf8Start: token.utf8Start, utf8End: token.utf8End, flags: token.flags)
                    let id = shared.emoji.count > 0 ? shared.emoji.find(key) : -1
                    if id >= 0 {
                        slot.emojiValence = shared.emojiValence[Int(id)]
                        slot.emojiEntry = shared.emojiEntry[Int(id)]
                    }
                    slot.count = token.count
                    slots.append(slot)
                case .punctuation:
                    guard let first = key.first else { continue }
                    var kind: SlotKind?
                    var question = false
                    switch first {
                    case UInt8(ascii: "."), UInt8(ascii: "!"), UInt8(ascii: ";"), UInt8(ascii: "\n"): kind = .sentence
                    case UInt8(ascii: "?"): kind = .sentence; question = true
                    case UInt8(ascii: ","), UInt8(ascii: ":"), UInt8(ascii: "-"), UInt8(ascii: "("), UInt8(ascii: ")"),
                         UInt8(ascii: "\""), UInt8(ascii: "/"), UInt8(ascii: "|"): kind = .clause
                    default:
                        // Guillemets and other quotes break clauses too.
                        kind = first >= 0x80 ? .clause : nil
                    }
                    if let kind {
                        var slot = Slot(token: Int32(index), refsStart: Int32(refs.count), refsEnd: Int32(refs.count), kind: kind,
                                        utf8Start: token.utf8Start, utf8End: token.utf8End, flags: token.flags)
                        slot.question = question
                        slot.comma = first == UInt8(ascii: ",")
                        slots.append(slot)
                    }
                case .url, .handle:
                    continue
                }
            }
        } }
        // Last first: a replacement shortens the slots after it, not those before.
        for rating in starRatings.reversed() { replaceWithRating(rating.first, rating.last, row: rating.row) }
    }

    mutating func addWordSlot(_ index: Int, _ token: Token, _ key: UnsafeBufferPointer<UInt8>, utf8: (Int32, Int32)) {
        let start = Int32(refs.count)
        let box = self.box
        if !box.lexicon.isEmpty {
            var found: Int
            if let memo {
                let hash = LookupMemo.hash(key)
                if let known = memo.pointee.recall(key, hash: hash, into: &refs) {
                    found = known
                } else {
                    found = box.lexicon.lookup(key, into: &refs)
                    if memo.pointee.metBefore(hash) {
                        memo.pointee.remember(key, hash: hash, refs[(refs.count - found)...])
                    }
                }
            } else {
                found = box.lexicon.lookup(key, into: &refs)
            }
            if found == 0 && key.count >= 3 && key[key.count - 1] == UInt8(ascii: "-") {
                // The tokenizer keeps the hyphen of a short first part, for clitics ("mi-", "n-"); a word that is
                // no clitic is still a word: "lag-free", "ad-free".
                found = box.lexicon.lookup(UnsafeBufferPointer(rebasing: key.dropLast()), into: &refs)
            }
            if found == 0 && token.flags.contains(.elongated) {
                // "gooood" → "good", "suuuper" → "super"; last, every doubled letter too, for a word lengthened in
                // two places ("tireeedd" → "tired").
                for (keep, minimumRun) in [(2, 3), (1, 3), (1, 2)] {
                    let squeezed = Normalizer.squeeze(key, keep: keep, minimumRun: minimumRun)
                    let hits = squeezed.withUnsafeBufferPointer { box.lexicon.lookup($0, into: &refs) }
                    if hits > 0 { break }
                }
            }
        }
        slots.append(Slot(token: Int32(index), refsStart: start, refsEnd: Int32(refs.count), kind: .word,
                          utf8Start: utf8.0, utf8End: utf8.1, flags: token.flags))
    }

    /// Adds the rating that ends at the number token `index` as one symbol slot, in place of the slots its first
    /// tokens already got; false when the number ends none, or when a star word after it belongs to it (then the
    /// rating goes to `deferred`, unless one is there already). Out of line, so the token loop stays as tight as it was.
    @inline(never)
    private mutating func addRating(endingAt index: Int, _ tokens: [Token], _ folded: UnsafeBufferPointer<UInt8>,
                                    deferring deferred: inout [(first: Int, last: Int, row: Int)]) -> Bool {
        guard let rating = shared.ratings.rating(endingAt: index, tokens: tokens, folded: folded, slot: languageSlot) else { return false }
        if rating.starAfter {
            deferred.append((rating.first, index + 1, rating.row))
            return false
        }
        while let last = slots.last, Int(last.token) >= rating.first {
            refs.removeSubrange(Int(last.refsStart)...)
            slots.removeLast()
        }
        slots.append(ratingSlot(rating.first, index, row: rating.row, refsAt: Int32(refs.count)))
        return true
    }

    /// One symbol slot for the rating written in tokens `first...last`.
    private func ratingSlot(_ first: Int, _ last: Int, row: Int, refsAt refsStart: Int32) -> Slot {
        var slot = Slot(token: Int32(first), refsStart: refsStart, refsEnd: refsStart, kind: .emoji,
                        utf8Start: text.tokens[first].utf8Start, utf8End: text.tokens[last].utf8End, flags: text.tokens[first].flags)
        slot.emojiValence = shared.ratings.valence[row]
        slot.emojiEntry = shared.ratings.entry[row]
        return slot
    }

    /// Replaces the slots of tokens `first...last` with one rating slot of scale row `row`.
    private mutating func replaceWithRating(_ first: Int, _ last: Int, row: Int) {
        guard let start = slots.firstIndex(where: { Int($0.token) >= first }) else { return }
        var end = start
        while end < slots.count, Int(slots[end].token) <= last { end += 1 }
        slots.replaceSubrange(start..<end, with: CollectionOfOne(ratingSlot(first, last, row: row, refsAt: slots[start].refsStart)))
    }

    /// Splits a hashtag into words: camelCase first, otherwise against the lexicon's vocabulary. The split is a
    /// pure function of the tag's bytes and the language, and posts repeat their tags, so with a scratch it is
    /// remembered by the tag's bytes (case included: "#BlackFriday" splits where "#blackfriday" may not).
    mutating func addHashtag(_ index: Int, _ token: Token, _ key: UnsafeBufferPointer<UInt8>, _ textBytes: UnsafeBufferPointer<UInt8>) {
        var hash: UInt64 = 0
        var remembered = false
        if let cutMemo {
            let found: Range<Int>?
            let tag = SentimentScorer.tagBytes(textBytes, token)
            hash = LookupMemo.hash(tag)
            found = cutMemo.pointee.find(tag, hash: hash)
            // The key is the tokenizer's folding of the same bytes; the length check keeps each slice inside it anyway.
            if let found, found.isEmpty || Int(cutMemo.pointee.value(found.upperBound - 2)) == key.count {
                guard !found.isEmpty else {
                    addWordSlot(index, token, key, utf8: (token.utf8Start, token.utf8End))
                    return
                }
                for k in stride(from: found.lowerBound, to: found.upperBound - 2, by: 2) {
                    addHashtagPart(index, token, key, from: (cutMemo.pointee.value(k), cutMemo.pointee.value(k + 1)),
                                   to: (cutMemo.pointee.value(k + 2), cutMemo.pointee.value(k + 3)))
                }
                return
            }
            remembered = found != nil
        }
        // At most one boundary per scalar and one at the end, two numbers each, on the stack.
        withUnsafeTemporaryAllocation(of: Int32.self, capacity: 2 * (key.count + 2)) { buffer in
            let parts = UnsafeBufferPointer(rebasing: buffer[..<hashtagParts(token, key, into: buffer)])
            if let cutMemo, !remembered {
                cutMemo.pointee.remember(SentimentScorer.tagBytes(textBytes, token), hash: hash, parts)
            }
            guard !parts.isEmpty else {
                addWordSlot(index, token, key, utf8: (token.utf8Start, token.utf8End))
                return
            }
            for k in stride(from: 0, to: parts.count - 2, by: 2) {
                addHashtagPart(index, token, key, from: (parts[k], parts[k + 1]), to: (parts[k + 2], parts[k + 3]))
            }
        }
    }

    /// The hashtag's bytes in the text, "#" included.
    private static func tagBytes(_ bytes: UnsafeBufferPointer<UInt8>, _ token: Token) -> UnsafeBufferPointer<UInt8> {
        let end = min(Int(token.utf8End), bytes.count)
        return UnsafeBufferPointer(rebasing: bytes[min(Int(token.utf8Start), end)..<end])
    }

    /// One word of a hashtag, between two boundaries of (key offset, text offset from the token's start).
    private mutating func addHashtagPart(_ index: Int, _ token: Token, _ key: UnsafeBufferPointer<UInt8>,
                                         from: (Int32, Int32), to: (Int32, Int32)) {
        guard to.0 > from.0 else { return }
        let part = Token(kind: .word, utf8Start: token.utf8Start, utf8End: token.utf8End, keyStart: 0, keyEnd: 0, flags: Token.Flags())
        addWordSlot(index, part, UnsafeBufferPointer(rebasing: key[Int(from.0)..<Int(to.0)]),
                    utf8: (token.utf8Start + from.1, token.utf8Start + to.1))
    }

    /// Where a hashtag splits into words, as boundaries written to `parts`: (key offset, text offset from the
    /// token's start) pairs, flattened, from the first word's start to the last word's end. Returns how many numbers
    /// it wrote: none when the tag stays one word.
    ///
    /// `mutating` though it changes nothing: its closures then capture `self` in place. A non-mutating method's
    /// closures capture a copy of the scorer, a retain and a release of each of its arrays per hashtag, which made
    /// scoring 10 % slower.
    private mutating func hashtagParts(_ token: Token, _ key: UnsafeBufferPointer<UInt8>, into parts: UnsafeMutableBufferPointer<Int32>) -> Int {
        // Scalar boundaries in the folded key, with the matching UTF-8 offsets in the text, on the stack: a post
        // carries several hashtags, and heap arrays for each cost more than splitting it.
        let capacity = key.count + 1
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: capacity) { keyOffsets in
            withUnsafeTemporaryAllocation(of: Int32.self, capacity: capacity) { textOffsets in
                withUnsafeTemporaryAllocation(of: Bool.self, capacity: capacity) { upper in
                    hashtagParts(token, key, keyOffsets: keyOffsets, textOffsets: textOffsets, upper: upper, into: parts)
                }
            }
        }
    }

    private mutating func hashtagParts(_ token: Token, _ key: UnsafeBufferPointer<UInt8>, keyOffsets: UnsafeMutableBufferPointer<Int>,
                              textOffsets: UnsafeMutableBufferPointer<Int32>, upper: UnsafeMutableBufferPointer<Bool>,
                              into parts: UnsafeMutableBufferPointer<Int32>) -> Int {
        keyOffsets[0] = 0
        textOffsets[0] = 1
        var keyOffset = 0
        var scalarCount = 0
        var source = text.text
        source.withUTF8 { bytes in
            var textOffset = Int(token.utf8Start) + 1
            let end = min(Int(token.utf8End), bytes.count)
            while textOffset < end {
                let (value, width) = Tokenizer.decode(bytes, textOffset)
                textOffset += width
                let folded = Normalizer.fold(value)
                if folded == 0 { continue }
                keyOffset += folded < 0x80 ? 1 : folded < 0x800 ? 2 : folded < 0x10000 ? 3 : 4
                // Each scalar adds at least one byte to the key, so a scalar past the key's length means the
                // text and the key disagree, and the tag stays one word (below).
                guard scalarCount + 1 < keyOffsets.count else { keyOffset = -1; break }
                upper[scalarCount] = Normalizer.isUppercase(value)
                scalarCount += 1
                keyOffsets[scalarCount] = keyOffset
                textOffsets[scalarCount] = Int32(textOffset) - token.utf8Start
            }
        }
        // "#2026" and other letterless tags are one word: there is nothing to split.
        let hasLetters = key.contains { $0 >= 0x80 || ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z")) }
        guard scalarCount > 0, keyOffset == key.count, hasLetters else { return 0 }
        var written = 0
        func boundary(_ scalar: Int) {
            parts[written] = Int32(keyOffsets[scalar])
            parts[written + 1] = textOffsets[scalar]
            written += 2
        }
        // camelCase and letter/digit boundaries.
        var camelCuts = 0
        for k in 1..<max(1, scalarCount) where upper[k] && !upper[k - 1] { camelCuts += 1 }
        if camelCuts > 0 || box.lexicon.isEmpty || scalarCount > 40 {
            boundary(0)
            for k in 1..<max(1, scalarCount) where upper[k] && !upper[k - 1] { boundary(k) }
        } else {
            let cuts = tables.hashtagSplits.cuts(language: LexiconCompiler.slot(box.lexicon.language), tag: key) {
                segment(key, UnsafeBufferPointer(rebasing: keyOffsets[0...scalarCount]), scalarCount)
            }
            for cut in cuts { boundary(cut) }
        }
        boundary(scalarCount)
        return written
    }

    /// Word-break of a hashtag into known words of two or more letters: the fewest words win, and among equals the
    /// earliest cuts. Only a full segmentation counts ("nierecomand" → nie + recomand); otherwise the hashtag stays
    /// one word, so that "#savedyett" does not yield a stray "saved". Returns the scalar offsets where words start.
    ///
    /// Only positions that known words reach are extended, and a lookup runs only when it could improve a
    /// position, so an unknown hashtag costs one pass of lookups from its start. ``referenceSegment(_:_:_:)``
    /// is the plain dynamic programme over every split; tests hold the two to the same answers.
    func segment(_ key: UnsafeBufferPointer<UInt8>, _ offsets: UnsafeBufferPointer<Int>, _ count: Int) -> [Int] {
        guard count >= 2 else { return [0] }
        var scratch: [TermRef] = []
        scratch.reserveCapacity(8)
        func known(_ start: Int, _ end: Int) -> Bool {
            scratch.removeAll(keepingCapacity: true)
            return box.lexicon.lookup(UnsafeBufferPointer(rebasing: key[offsets[start]..<offsets[end]]), into: &scratch) > 0
        }
        if known(0, count) { return [0] }
        let unreached = Int.max
        var words = [Int](repeating: unreached, count: count + 1)
        var back = [Int](repeating: 0, count: count + 1)
        words[0] = 0
        for end in 2...count {
            for start in 0..<(end - 1) where words[start] != unreached && words[start] + 1 < words[end] {
                if known(start, end) {
                    words[end] = words[start] + 1
                    back[end] = start
                }
            }
        }
        if words[count] == unreached { return [0] }
        return SentimentScorer.cuts(back: back, count: count)
    }

    /// The plain word-break: every split scored, known words cost 1, unknown stretches 1000 + letters.
    func referenceSegment(_ key: UnsafeBufferPointer<UInt8>, _ offsets: UnsafeBufferPointer<Int>, _ count: Int) -> [Int] {
        var best = [Int](repeating: Int.max / 2, count: count + 1)
        var back = [Int](repeating: 0, count: count + 1)
        best[0] = 0
        var scratch: [TermRef] = []
        for end in 1...max(1, count) {
            for start in 0..<end {
                guard best[start] < Int.max / 2 else { continue }
                let length = end - start
                var cost = 1000 + length
                if length >= 2 {
                    scratch.removeAll(keepingCapacity: true)
                    if box.lexicon.lookup(UnsafeBufferPointer(rebasing: key[offsets[start]..<offsets[end]]), into: &scratch) > 0 { cost = 1 }
                }
                if best[start] + cost < best[end] {
                    best[end] = best[start] + cost
                    back[end] = start
                }
            }
        }
        if best[count] >= 1000 { return [0] }
        return SentimentScorer.cuts(back: back, count: count)
    }

    /// The word starts of a word-break, read back from each position's best previous cut.
    static func cuts(back: [Int], count: Int) -> [Int] {
        var cuts: [Int] = []
        var position = count
        while position > 0 {
            position = back[position]
            cuts.append(position)
        }
        return cuts.reversed()
    }

    /// Whether slot `s` is the phrase word `ref`: a word slot that has it, or a comma where the phrase writes one.
    @inline(__always)
    func slotMeets(_ s: Int, _ ref: TermRef, commaRef: TermRef) -> Bool {
        if ref == commaRef { return slots[s].kind == .clause && slots[s].comma }
        return slots[s].kind == .word && slotHas(s, ref)
    }

    @inline(__always)
    func slotHas(_ slot: Int, _ ref: TermRef) -> Bool {
        let s = slots[slot]
        var k = Int(s.refsStart)
        while k < Int(s.refsEnd) {
            if refs[k] == ref { return true }
            k += 1
        }
        return false
    }

    // MARK: Units

    mutating func buildUnits() {
        units.reserveCapacity(slots.count)
        // Locals: one retain each, instead of one per access through the box.
        let box = self.box
        let phraseHeads = box.lexicon.phraseHeads
        let exactInfo = box.lexicon.exactInfo
        let lemmaInfo = box.lexicon.lemmaInfo
        let prefixInfo = box.lexicon.prefixInfo
        @inline(__always) func info(_ ref: TermRef) -> TermInfo {
            let id = Int(ref >> 2)
            switch ref & 3 {
            case 0: return exactInfo[id]
            case 1: return lemmaInfo[id]
            default: return prefixInfo[id]
            }
        }
        var i = 0
        while i < slots.count {
            let slot = slots[i]
            switch slot.kind {
            case .clause:
                units.append(Unit(kind: .clause, firstSlot: Int32(i), endSlot: Int32(i + 1)))
                slots[i].unit = Int32(units.count - 1)
                i += 1
                continue
            case .sentence:
                units.append(Unit(kind: .sentence, firstSlot: Int32(i), endSlot: Int32(i + 1), question: slot.question))
                slots[i].unit = Int32(units.count - 1)
                i += 1
                continue
            case .emoji:
                var unit = Unit(kind: .emoji, firstSlot: Int32(i), endSlot: Int32(i + 1))
                unit.valence = slot.emojiValence
                unit.entry = slot.emojiEntry
                units.append(unit)
                slots[i].unit = Int32(units.count - 1)
                i += 1
                continue
            case .word:
                break
            }
            var (bestPhrase, matchedLength) = longestPhrase(at: i)
            if bestPhrase >= 0, i + matchedLength < slots.count, phraseHeads[Int(bestPhrase)].role == .none {
                // A phrase of sentiment that ends in a booster ("e super", "e tare", "не очень", "nie bardzo") is that
                // booster when a word of sentiment follows it: "e super lentă" is very slow. One that opens with a
                // negator reaches it across two plain words, as the negation it holds would: "nie bardzo mi
                // smakowało", "не очень мне понравилось".
                let last = slots[i + matchedLength - 1]
                var booster = false, sentiment = false
                for k in Int(last.refsStart)..<Int(last.refsEnd) {
                    let found = info(refs[k])
                    if found.role == .modifier && found.modifier > 0 { booster = true }
                }
                if booster {
                    var negated = false
                    for k in Int(slot.refsStart)..<Int(slot.refsEnd) where info(refs[k]).role == .negator { negated = true }
                    var next = i + matchedLength
                    let reach = min(slots.count, next + (negated ? 3 : 1))
                    following: while next < reach, slots[next].kind == .word {
                        var plain = true
                        for k in Int(slots[next].refsStart)..<Int(slots[next].refsEnd) {
                            let found = info(refs[k])
                            if !found.valence.isNaN && found.valence != 0 { sentiment = true; break following }
                            if !found.valence.isNaN || found.role != .none { plain = false }
                        }
                        if !plain { break }
                        next += 1
                    }
                }
                if sentiment {
                    bestPhrase = -1
                    matchedLength = 1
                }
            }
            // A side role's phrase ("found a", "there is") only conditions its first word, which reads as itself
            // otherwise: the words after it stay free for the phrases that start there ("you found a keeper").
            let sidePhrase = bestPhrase >= 0 && phraseHeads[Int(bestPhrase)].role.isSideRole
            let bestLength = sidePhrase ? 1 : matchedLength
            var unit = Unit(kind: .term, firstSlot: Int32(i), endSlot: Int32(i + bestLength))
            if bestPhrase >= 0 && !sidePhrase {
                let phrase = phraseHeads[Int(bestPhrase)]
                unit.role = phrase.role
                unit.valence = phrase.valence
                unit.modifier = phrase.modifier
                if phrase.role == .none { unit.entry = phrase.entry } else { unit.roleEntry = phrase.entry }
            } else {
                // Exact beats lemma beats the longest prefix (lookup order).
                for k in Int(slot.refsStart)..<Int(slot.refsEnd) {
                    let info = info(refs[k])
                    if unit.valence.isNaN && !info.valence.isNaN { unit.valence = info.valence; unit.entry = info.entry }
                    if info.role.isSideRole {
                        unit.sideRole = info.role
                    } else if unit.role == .none && info.role != .none {
                        unit.role = info.role
                        unit.modifier = info.modifier
                        unit.roleEntry = info.roleEntry
                    }
                }
                if sidePhrase { unit.sideRole = phraseHeads[Int(bestPhrase)].role }
            }
            if unit.role == .breaker && unit.modifier == NegatorKind.tag, i + bestLength < slots.count,
               slots[i + bestLength].kind == .word {
                // A tag question negates when a word of its clause follows: "nu e așa bun" is "not that good", while
                // "e bun, nu e așa?" asks for agreement.
                unit.role = .negator
                unit.modifier = NegatorKind.plain
            }
            if unit.role == .schedule || unit.role == .day { namesTime = true }
            units.append(unit)
            for s in i..<(i + bestLength) {
                slots[s].unit = Int32(units.count - 1)
                if unit.role == .breaker { continue }
                // A negator written as several tokens ("nu-i", "nu-l": the tokenizer splits the hyphen) negates
                // an intent as a one-word negator does.
                if unit.role == .negator || unit.role == .nword {
                    slots[s].negator = true
                    slots[s].privative = NegatorKind.isPrivative(unit.role, unit.modifier)
                    continue
                }
                // A negator inside a sentiment phrase ("nie polecam") still negates an intent it precedes.
                for k in Int(slots[s].refsStart)..<Int(slots[s].refsEnd) {
                    let found = info(refs[k])
                    if found.role == .negator || found.role == .nword {
                        slots[s].negator = true
                        slots[s].privative = NegatorKind.isPrivative(found.role, found.modifier)
                        break
                    }
                }
            }
            i += bestLength
        }
    }

    /// The longest phrase that starts at word slot `i` (among equals, the one written first), and its length in
    /// slots; (−1, 1) when none. Candidates come from the pair table of the slot's and the next slot's words.
    func longestPhrase(at i: Int) -> (phrase: Int32, length: Int) {
        var bestPhrase: Int32 = -1
        var bestLength = 1
        let next = i + 1
        guard next < slots.count else { return (bestPhrase, bestLength) }
        let first = slots[i], second = slots[next]
        let box = self.box
        let commaRef = box.lexicon.commaRef
        // A comma right after the first word leaves the phrases written with one there ("nie, dziękuję").
        let afterComma = second.kind != .word
        if afterComma && !(second.comma && commaRef >= 0) { return (bestPhrase, bestLength) }
        guard first.refsEnd > first.refsStart, afterComma || second.refsEnd > second.refsStart else { return (bestPhrase, bestLength) }
        let secondRefs = afterComma ? 0..<1 : Int(second.refsStart)..<Int(second.refsEnd)
        let pairs = box.lexicon.phrasePairs
        let lists = pairs.lists
        let phraseHeads = box.lexicon.phraseHeads
        let phraseRefs = box.lexicon.phraseRefs
        for k in Int(first.refsStart)..<Int(first.refsEnd) {
            let firstRef = refs[k]
            guard box.lexicon.startsPhrase(firstRef) else { continue }
            // Over every second word: the longest match, and among equals the lowest phrase index, which is the
            // order of the first word's list.
            var found: Int32 = -1
            var foundLength = bestLength
            for k2 in secondRefs {
                var listIndex = pairs.start(firstRef, afterComma ? commaRef : refs[k2])
                guard listIndex >= 0 else { continue }
                while lists[listIndex] >= 0 {
                    let candidate = lists[listIndex]
                    listIndex += 1
                    let head = phraseHeads[Int(candidate)]
                    let length = Int(head.refCount)
                    if length < foundLength || (length == foundLength && (found < 0 || candidate > found)) { continue }
                    if i + length > slots.count { continue }
                    var matched = true
                    for w in 2..<max(2, length) where !slotMeets(i + w, phraseRefs[Int(head.refStart) + w], commaRef: commaRef) {
                        matched = false
                        break
                    }
                    if matched {
                        found = candidate
                        foundLength = length
                        break
                    }
                }
            }
            if found >= 0 && foundLength > bestLength {
                bestPhrase = found
                bestLength = foundLength
            }
        }
        return (bestPhrase, bestLength)
    }

    /// ``longestPhrase(at:)`` by walking every phrase of the first word: the plain version, for tests.
    func referenceLongestPhrase(at i: Int) -> (phrase: Int32, length: Int) {
        var bestPhrase: Int32 = -1
        var bestLength = 1
        let slot = slots[i]
        let lexicon = box.lexicon
        guard slot.refsEnd > slot.refsStart && !lexicon.phraseLists.isEmpty else { return (bestPhrase, bestLength) }
        for k in Int(slot.refsStart)..<Int(slot.refsEnd) {
            var listIndex = lexicon.phraseListStart(refs[k])
            guard listIndex >= 0 else { continue }
            while lexicon.phraseLists[listIndex] >= 0 {
                let candidate = lexicon.phraseLists[listIndex]
                listIndex += 1
                let head = lexicon.phraseHeads[Int(candidate)]
                let length = Int(head.refCount)
                if length <= bestLength || i + length > slots.count { continue }
                var matched = true
                for w in 1..<length where !slotMeets(i + w, lexicon.phraseRefs[Int(head.refStart) + w], commaRef: lexicon.commaRef) {
                    matched = false
                    break
                }
                if matched { bestPhrase = candidate; bestLength = length; break }
            }
        }
        return (bestPhrase, bestLength)
    }

    // MARK: Scoring

    func surface(_ unit: Unit) -> String {
        SentimentScorer.surface(unit, text: text.text, slots: slots)
    }

    /// The words of a unit as written. Static, so that the scoring loop (a mutating method) can call it
    /// without copying the whole scorer.
    static func surface(_ unit: Unit, text: String, slots: [Slot]) -> String {
        String(text[text.range(utf8Offsets: Int(slots[Int(unit.firstSlot)].utf8Start)..<Int(slots[Int(unit.endSlot) - 1].utf8End))])
    }

    /// Whether a phrase's first word has `role`: a degree word ("so happy", "tak dobry") or a comparative
    /// ("лучший сервис").
    func opens(with role: TermRole, _ unit: Unit) -> Bool {
        guard unit.endSlot - unit.firstSlot > 1 else { return false }
        let slot = slots[Int(unit.firstSlot)]
        for k in Int(slot.refsStart)..<Int(slot.refsEnd) where box.lexicon.info(refs[k]).role == role { return true }
        return false
    }

    /// The clause's last contribution that is a comparative (or a word after a degree word), kept its sign and stands
    /// at most ``frontedComparativeReach`` words before `negator`: what a negated verb of finding after it ranks
    /// ("lepszej obsługi nie znajdziesz", "tak dobrej pizzy nie znajdziecie"). Looked up only then, so the walk
    /// keeps no state for it.
    func frontedComparative(before negator: Int, clause: Int32) -> Int? {
        var k = contributions.count - 1
        while k >= 0, contributions[k].clause == clause {
            let contribution = contributions[k]
            let index = Int(contribution.unit)
            if index < negator && negator - index > SentimentScorer.frontedComparativeReach { return nil }
            if index < negator && contribution.value * contribution.base > 0 {
                let unit = units[index]
                if unit.sideRole == .comparative || opens(with: .comparative, unit) || opens(with: .degree, unit)
                    || index > 0 && units[index - 1].role == .degree {
                    return k
                }
            }
            k -= 1
        }
        return nil
    }

    /// Whether a unit holds a word of side role `role`: a noun of trouble, an asking word, an opening-hours word. Inside
    /// a phrase ("długiej kolejki", "îmi recomandați", «не работает») the word's role is not the unit's, so its
    /// references are read. Looked at only when a rule's trigger comes, so the walk keeps no state for it.
    func holds(_ role: TermRole, in unit: Unit) -> Bool {
        if unit.sideRole == role { return true }
        for s in Int(unit.firstSlot)..<Int(unit.endSlot) {
            for k in Int(slots[s].refsStart)..<Int(slots[s].refsEnd) where box.lexicon.info(refs[k]).role == role { return true }
        }
        return false
    }

    /// The slot past a side role's phrase, whose unit is only its first word ("если бы", "au fost", "can anyone
    /// recommend"); the unit's end for any other unit.
    func sidePhraseEnd(_ unit: Unit) -> Int {
        let first = Int(unit.firstSlot)
        let (phrase, length) = longestPhrase(at: first)
        return phrase >= 0 && box.lexicon.phraseHeads[Int(phrase)].role.isSideRole ? first + length : Int(unit.endSlot)
    }

    /// Whether the predicate ends before unit `next`: the clause or the text ends, or only concord, a conjunction or a
    /// contrast word follows ("nie było żadnych", "не было, и…"), or a booster that ends it itself ("nie było w ogóle",
    /// «не было вообще»). A word that completes it makes a copula or an auxiliary of the verb, not a verb of existence:
    /// "Problemele nu au fost rezolvate", «Очереди не было конца».
    func closesPredicate(at next: Int) -> Bool {
        guard next < units.count else { return true }
        let unit = units[next]
        guard unit.kind == .term else { return true }
        if unit.role == .modifier && unit.modifier > 0 && unit.valence.isNaN { return closesPredicate(at: next + 1) }
        return unit.role == .nword || unit.role == .but || unit.role == .although || unit.sideRole == .and
    }

    /// Denies the nouns of trouble at most ``absenceReach`` words before `negator` in its clause, which the negation
    /// after them never reached: "Problemów z dostawą nie było", "Очереди не было", "Reclamații nu am", "Претензий
    /// нет". Each one still negative takes the negation scalar, as under a negator before it; one an n-word already
    /// turned ("Żadnych problemów nie było") is concord. `last` is the last unit of the denial (the verb), for the
    /// explanation. Returns whether a noun of trouble was there, negative or without a valence: then the denial is
    /// spent on it, and no complaint of its own.
    mutating func denyTrouble(before negator: Int, through last: Int, clause: Int32, rules: SentimentRules) -> Bool {
        var found = false
        var k = negator - 1
        while k >= 0, negator - k <= SentimentScorer.absenceReach {
            let unit = units[k]
            if unit.kind != .term || unit.role == .but || unit.role == .although { break }
            // A valence of 0 marks a phrase that only looks like the noun ("kolejka ekstraklasy", a league round). After a
            // preposition the noun is a complement of another one: "Odpowiedzi na reklamację nie było".
            if unit.role == .none && unit.valence != 0 && holds(.trouble, in: unit) && !(k > 0 && units[k - 1].sideRole == .preposition) {
                var c = contributions.count - 1
                while c >= 0, contributions[c].clause == clause, Int(contributions[c].unit) != k { c -= 1 }
                var denied = false
                if c >= 0 && contributions[c].clause == clause && Int(contributions[c].unit) == k {
                    if contributions[c].base < 0 {
                        denied = true
                        if contributions[c].value * contributions[c].base > 0 {
                            let scalar = contributions[c].value < 0 ? rules.negatedNegativeScalar : rules.negationScalar
                            contributions[c].value *= scalar
                            if recordEffects {
                                let denial = Unit(kind: .term, firstSlot: units[negator].firstSlot, endSlot: units[last].endSlot)
                                contributions[c].effects.append(.negated(by: SentimentScorer.surface(denial, text: text.text, slots: slots),
                                                                         scalar: scalar))
                            }
                        }
                    } else {
                        // A phrase with its own n-word ("никаких проблем", "żadnych kłopotów") already denies it: concord.
                        for s in Int(unit.firstSlot)..<Int(unit.endSlot) where slots[s].negator && !slots[s].privative { denied = true }
                    }
                } else if unit.valence.isNaN {
                    denied = true
                }
                if denied {
                    found = true
                    deniedTrouble.append(Int32(k))
                }
            }
            k -= 1
        }
        return found
    }

    /// A complaint, attachment or churn whose words a postposed denial met is dropped, as a negated one is
    /// (``resolveIntents(_:)``): "Reklamacji nie było" files no complaint.
    func dropDeniedIntents(_ items: inout [FoundIntent]) {
        guard !deniedTrouble.isEmpty else { return }
        items.removeAll { item in
            guard item.intent == .complaint || item.intent == .attachment || item.intent == .churn else { return false }
            return deniedTrouble.contains { k in
                let unit = units[Int(k)]
                return Int(unit.firstSlot) < item.endSlot && item.firstSlot < Int(unit.endSlot)
            }
        }
    }

    /// Whether the verb of existence (or finding) at unit `verb`, right after its negator, denies the nouns of trouble
    /// before them: "Kolejki nie było", "Probleme nu au fost", "Ошибок не нашёл". The verb closes its predicate;
    /// its phrase ("au fost", "am avut") may run past its first word, which alone holds the role.
    mutating func existenceDenied(_ verb: Int, clause: Int32, rules: SentimentRules) -> Bool {
        let negator = verb - 1
        guard negator >= 0, units[negator].role == .negator || units[negator].role == .nword else { return false }
        let end = sidePhraseEnd(units[verb])
        var last = verb
        while last + 1 < units.count && Int(units[last + 1].firstSlot) < end { last += 1 }
        guard closesPredicate(at: last + 1) else { return false }
        return denyTrouble(before: negator, through: last, clause: clause, rules: rules)
    }

    /// The unit of `sentence` that asks for advice (discourse.tsv `ask`), or −1. A word's role counts inside a phrase of
    /// sentiment too: "Îmi recomandați" is a neutral phrase holding the asking "recomandați".
    func askingUnit(in sentence: Int32) -> Int {
        units.indices.first { units[$0].sentence == sentence && units[$0].kind == .term && holds(.ask, in: units[$0]) } ?? -1
    }

    /// The first unit of unit `index`'s clause (a contrast word that opens it included).
    func clauseStart(_ index: Int) -> Int {
        var k = index
        while k > 0, units[k - 1].clause == units[index].clause, units[k - 1].sentence == units[index].sentence { k -= 1 }
        return k
    }

    /// The unit past unit `index`'s clause and the comma or full stop that ends it.
    func clauseEnd(_ index: Int) -> Int {
        var k = index
        while k < units.count, units[k].clause == units[index].clause, units[k].sentence == units[index].sentence { k += 1 }
        return k
    }

    /// Whether a unit in `range` has discourse.tsv's `role` as its side role (its own word, not one inside a phrase:
    /// ``holds(_:in:)`` reads those).
    func hasSideRole(_ role: TermRole, in range: Range<Int>) -> Bool {
        range.contains { units[$0].kind == .term && units[$0].sideRole == role }
    }

    /// Denies what a counterfactual says did not happen. An unreal condition and its outcome are both false: "Gdyby kurier
    /// przyjechał na czas, byłoby idealnie" says the courier was late and it was not perfect. Only praise turns: a complaint
    /// in either part is the real trouble ("Gdyby nie to opóźnienie…", "If I had known it was this bad…"). The praise turns
    /// when the condition (the opener's clause, with any "że"/"что"/"că"/"that" clause after it) holds praise of its own, or
    /// the sentence says its outcome with a conditional copula or a past conditional ("byłoby idealnie", «было бы отлично»,
    /// "ar fi fost perfect", "would have been perfect"). Otherwise the condition is no quality and the outcome an act ("Gdybym
    /// miał wybierać jeszcze raz, wybrałbym ich"), which keeps its praise; so does a condition that is the writer's own power
    /// ("Gdybym mógł, dałbym 6 gwiazdek", "If I could give 6 stars I would", `could`), the hyperbole of top praise.
    /// A turned word takes `counterfactual_scalar` (rules.tsv). An "if not" ("Gdyby nie obsługa, nie wróciłbym tu") says
    /// its noun was there and its outcome was averted: the noun keeps its sign, and the outcome turns whichever its sign.
    /// A past conditional ("would have given 5 stars if…", "ar fi fost perfect dacă…") is unreal without an unreal "if": its
    /// praise turns from its clause to the end of the sentence when a plain "if" (`if`) states the condition, and counts 0
    /// when none does.
    /// The outcome is the clause after a condition that opens its sentence, or the words before one that follows them
    /// (only when they hold a conditional copula: "Obsługa super, gdyby jeszcze ceny były niższe" keeps "super").
    mutating func applyCounterfactuals(rules: SentimentRules) {
        func couldIn(_ sentence: Int32) -> Bool {
            conditionalMarks.contains { units[Int($0)].sideRole == .could && units[Int($0)].sentence == sentence }
        }
        for conditional in counterfactuals {
            let opener = Int(conditional.opener)
            let sentence = units[opener].sentence
            if couldIn(sentence) { continue }
            var conditionEnd = clauseEnd(opener)
            while conditionEnd < units.count, units[conditionEnd].sentence == sentence, units[conditionEnd].kind == .term,
                  units[conditionEnd].sideRole == .that {
                conditionEnd = clauseEnd(conditionEnd)
            }
            let start = clauseStart(opener)
            var outcome = opener..<opener
            var after = true
            if (start..<opener).contains(where: { units[$0].kind == .term && units[$0].role != .but && units[$0].role != .although }) {
                outcome = start..<opener
                after = false
            } else if start > 0, units[start - 1].kind == .clause, units[start - 1].sentence == sentence {
                outcome = clauseStart(start - 1)..<(start - 1)
                after = false
            } else if conditionEnd < units.count, units[conditionEnd].sentence == sentence, units[conditionEnd].kind != .sentence {
                outcome = conditionEnd..<clauseEnd(conditionEnd)
            }
            let evaluated = hasSideRole(.would, in: outcome) || hasSideRole(.unreal, in: outcome)
            let outcomeDenied = !outcome.isEmpty && (after || evaluated)
            if conditional.notFor >= 0 {
                if outcomeDenied {
                    unrealSpans.append(UnrealSpan(first: Int32(outcome.lowerBound), end: Int32(outcome.upperBound), bothSigns: true,
                                                  trigger: conditional.opener))
                }
                continue
            }
            let condition = opener..<conditionEnd
            let praised = contributions.contains { condition.contains(Int($0.unit)) && $0.value > 0 }
            guard praised || evaluated || hasSideRole(.would, in: condition) || hasSideRole(.unreal, in: condition) else { continue }
            unrealSpans.append(UnrealSpan(first: Int32(opener), end: Int32(conditionEnd), bothSigns: false, trigger: conditional.opener))
            if outcomeDenied {
                unrealSpans.append(UnrealSpan(first: Int32(outcome.lowerBound), end: Int32(outcome.upperBound), bothSigns: false,
                                              trigger: conditional.opener))
            }
        }
        for mark in conditionalMarks where units[Int(mark)].sideRole == .unreal {
            let sentence = units[Int(mark)].sentence
            if couldIn(sentence) { continue }
            var end = Int(mark) + 1
            while end < units.count, units[end].sentence == sentence, units[end].role != .but, units[end].role != .although { end += 1 }
            // With its condition said ("would have been perfect if the delivery was on time", "ar fi fost perfect dacă nu
            // întârzia"), the past conditional says what did not happen. Without one it is as often a wish about something
            // else ("ar fi fost bine să fie mai lung", "it would have been nice to get a call"), whose word rates the wish:
            // irrealis, which counts 0 (Taboada et al. 2011, §2.6).
            let stated = conditionalMarks.contains { units[Int($0)].sideRole == .condition && units[Int($0)].sentence == sentence }
            unrealSpans.append(UnrealSpan(first: Int32(clauseStart(Int(mark))), end: Int32(end), bothSigns: false, stated: stated,
                                          trigger: mark))
        }
        guard !unrealSpans.isEmpty else { return }
        for k in contributions.indices {
            let index = contributions[k].unit
            guard let span = unrealSpans.first(where: { $0.first <= index && index < $0.end }),
                  contributions[k].value > 0 || span.bothSigns && contributions[k].value < 0 else { continue }
            let scalar = span.stated ? rules.counterfactualScalar : 0
            contributions[k].value *= scalar
            if recordEffects {
                contributions[k].effects.append(.unrealised(by: phraseSurface(Int(span.trigger)), scalar: scalar))
            }
        }
    }

    /// The words of a side role's phrase, whose unit is only its first word ("если бы", "would have").
    func phraseSurface(_ index: Int) -> String {
        let unit = units[index]
        return SentimentScorer.surface(Unit(kind: .term, firstSlot: unit.firstSlot, endSlot: Int32(sidePhraseEnd(unit))), text: text.text,
                                       slots: slots)
    }

    /// Intents in words that did not happen are dropped: "Gdyby obsługa była milsza, poleciłabym" recommends nothing, and the
    /// churn of "Gdyby nie obsługa, nie wróciłbym tu" was averted. Only praise, unless an "if not" turned its outcome. Lock-in
    /// stays: its patterns are the averted leaving itself ("Gdyby nie kredyt, dawno bym stąd uciekł"), and so is one that
    /// reaches into the condition, written for the whole counterfactual.
    func dropUnrealIntents(_ items: inout [FoundIntent]) {
        guard !unrealSpans.isEmpty else { return }
        items.removeAll { item in
            unrealSpans.contains { span in
                let first = Int(units[Int(span.first)].firstSlot), end = Int(units[Int(span.end) - 1].endSlot)
                return first <= item.firstSlot && item.endSlot <= end && item.intent != .lockin
                    && (span.bothSigns || SentimentScorer.intentSign(item.intent) > 0)
            }
        }
    }

    /// Whether a sentiment term follows within two word units in the same clause.
    func sentimentFollows(_ index: Int) -> Bool { SentimentScorer.sentimentFollows(index, units: units) }

    /// Whether the discourse marker at unit `index` opens a reply: the first word of its sentence, with a comma
    /// after it, and no complementizer, contrast word or word of sentiment after the comma ("Dobrze, że jest",
    /// "Хорошо, но дорого", "Dobrze, dziękuję"). After any other word it is a predicate: "It's okay, I guess".
    func opensAReply(_ index: Int) -> Bool {
        let first = index == 0 || units[index - 1].kind == .sentence
        guard first, index + 1 < units.count, units[index + 1].kind == .clause, slots[Int(units[index + 1].firstSlot)].comma else {
            return false
        }
        guard index + 2 < units.count else { return true }
        let next = units[index + 2]
        guard next.kind == .term else { return next.kind != .emoji }
        return next.sideRole != .that && next.role != .but && next.role != .although && (next.valence.isNaN || next.valence == 0)
    }

    /// The `again` word that makes the praise of unit `index` ironic, or −1. The praise opens its sentence alone (after
    /// at most one word of no valence: "Oh great,", "Ну супер,") and ends its clause or sentence; the rest of that
    /// sentence, or the next one when the praise stands alone ("Super. Znowu…"), holds an `again` word and a negative
    /// word: "Great, another delay", «Отлично, опять списали комиссию», "Minunat, din nou nu merge".
    func ironyAfterOpener(_ index: Int) -> Int {
        var start = index
        if start > 0, units[start - 1].kind == .term, units[start - 1].valence.isNaN, units[start - 1].role == .none { start -= 1 }
        guard start == 0 || units[start - 1].kind == .sentence,
              index + 1 < units.count, units[index + 1].kind == .clause || units[index + 1].kind == .sentence else { return -1 }
        var again = -1, complaint = false
        var k = index + 2
        // To the end of the sentence: the praise's own, or the next one when the praise ends its sentence.
        while k < units.count, units[k].kind != .sentence {
            let unit = units[k]
            if unit.kind == .term {
                if again < 0 && holds(.again, in: unit) { again = k }
                if unit.valence < 0 || unit.role == .negator { complaint = true }
            }
            k += 1
        }
        return complaint ? again : -1
    }

    /// The unit of the complaint that the thanks of unit `index` close ironically, or −1. The thanks end their sentence,
    /// followed by at most one word of no valence or a shield, or a tracked brand's name ("thanks a lot Spotify", "Dzięki
    /// InPost", "Mersi Fan Courier"), and boosters
    /// ("dziękuję bardzo"); "thanks for the help" thanks for something. Before them, in their sentence, or in the one
    /// before when they open theirs ("Paczka zgnieciona. Dzięki InPost."), there is a word of complaint and nothing
    /// good, and no contrast word.
    func complaintThanked(_ index: Int, sentence: Int32) -> Int {
        var after = 0
        var lastMention = -1
        var k = index + 1
        while k < units.count, units[k].kind != .sentence {
            let unit = units[k]
            if unit.kind == .emoji && unit.valence > 0 { return -1 }
            if unit.kind == .term && !(unit.role.isModifier && unit.valence.isNaN) {
                // A tracked brand's name is one word however many it has: "Mersi Fan Courier", «Спасибо Почта России».
                let mention = mentionHolding(unit)
                if mention < 0 || mention != lastMention {
                    guard unit.valence.isNaN || unit.valence == 0, unit.role == .none, after < 1 else { return -1 }
                    after += 1
                }
                lastMention = mention
            }
            k += 1
        }
        let opensSentence = index == 0 || units[index - 1].kind == .sentence
        let wanted = opensSentence ? sentence - 1 : sentence
        guard wanted >= 0 else { return -1 }
        var complaint = -1
        for c in contributions.reversed() {
            if c.sentence < wanted { break }
            guard c.sentence == wanted else { continue }
            if c.value > 0 { return -1 }
            // A word of complaint, not a bare negator ("a night without it… Thank the Gods").
            if c.value < 0 && complaint < 0 && units[Int(c.unit)].valence < 0 { complaint = Int(c.unit) }
        }
        guard complaint >= 0 else { return -1 }
        for u in complaint..<index where units[u].kind == .term && (units[u].role == .but || units[u].role == .although) { return -1 }
        return complaint
    }

    /// The tracked-brand mention that holds the first word of `unit`, or −1.
    func mentionHolding(_ unit: Unit) -> Int {
        guard !mentions.isEmpty else { return -1 }
        let token = Int(slots[Int(unit.firstSlot)].token)
        return mentions.firstIndex { $0.tokens.contains(token) } ?? -1
    }

    enum Remedy {
        case none
        case putRight(by: Int)
        case deniedFix(by: Int)
    }

    /// How many words may stand between a fault and the word that puts it right: "fixed the billing problem", "Problem z
    /// fakturą został rozwiązany".
    static let remedyReach = 3
    /// The valence of a fault put right by a word of no valence of its own ("fixed", «решена»), as a mild word of praise.
    static let remedyPraise = 1.0

    /// Whether the fault of unit `index` is put right in its clause by a past form of fixing (discourse.tsv `remedied`):
    /// before it and not negated ("resolved my issue", «решили мою проблему»), or after it with no negator between
    /// ("issue resolved", "usterka naprawiona"); or whether the negation `negator` (−1 for none) it would take passed
    /// any form of fixing before it (`remedy` or `remedied`: "didn't fix the problem", "haven't fixed the problem"). Only a
    /// fix that happened counts: "please fix the bug" and "czekam na naprawę" still complain.
    func remedy(ofFault index: Int, negator: Int) -> Remedy {
        var r = index - 1
        while r >= 0 && r >= index - 1 - Self.remedyReach {
            let unit = units[r]
            guard unit.kind == .term, unit.role != .but, unit.role != .although else { break }
            let form = fixForm(unit)
            if form != .none {
                if negator >= 0 { return negator < r ? .deniedFix(by: r) : .none }
                // "Please fix the bug", "czekam, aż naprawią usterkę": a fix asked for or to come puts nothing right.
                guard form == .remedied else { return .none }
                // A fix with a valence took its negation itself: "Nie naprawili usterki".
                if !unit.valence.isNaN, let fix = contributions.last(where: { $0.unit == Int32(r) }), fix.value < 0 { return .none }
                return .putRight(by: r)
            }
            r -= 1
        }
        guard negator < 0 else { return .none }
        var k = index + 1
        while k < units.count && k <= index + 1 + Self.remedyReach {
            let unit = units[k]
            guard unit.kind == .term, unit.role == .none || unit.role.isModifier else { break }
            // After a preposition the fix is a complement: "Problem z naprawą".
            if fixForm(unit) == .remedied { return units[k - 1].sideRole == .preposition ? .none : .putRight(by: k) }
            k += 1
        }
        return .none
    }

    /// `remedied`, `remedy` or `none`: the form of fixing a unit holds. A one-word unit's side role says it, unless the
    /// word is listed both ways; a phrase's words are read.
    @inline(__always)
    func fixForm(_ unit: Unit) -> TermRole {
        if unit.endSlot - unit.firstSlot == 1 {
            switch unit.sideRole {
            case .remedied: return .remedied
            case .remedy: return holds(.remedied, in: unit) ? .remedied : .remedy
            default: return .none
            }
        }
        return holds(.remedied, in: unit) ? .remedied : holds(.remedy, in: unit) ? .remedy : .none
    }

    /// Fondness that opens its sentence (at most two plain words before it: "I really love", "Gotta love") and whose own
    /// clause holds a word of complaint is sarcastic and counts 0: "Love waiting 2 hours on hold", "Gotta love Comcast
    /// outages", "Uwielbiam, jak kurier rzuca paczkami", «Обожаю, когда отменяют рейс». A comma right after the verb opens
    /// its object clause («Обожаю, когда…»); a complaint in a later clause is a mixed review ("Love the camera, the battery
    /// is awful"), and a contrast or conjunction ends the search.
    mutating func markIronicFondness() {
        for k in contributions.indices where contributions[k].value > 0 {
            let index = Int(contributions[k].unit)
            // A phrase holds it on its first word: "love it" of "I love it when my flight gets cancelled".
            guard units[index].sideRole == .fond || (units[index].endSlot - units[index].firstSlot > 1 && holds(.fond, in: units[index]))
            else { continue }
            var before = 0, u = index - 1
            while u >= 0 && units[u].kind == .term && units[u].valence.isNaN && (units[u].role == .none || units[u].role.isModifier) {
                before += 1
                u -= 1
            }
            guard before <= 2, u < 0 || units[u].kind == .sentence else { continue }
            var end = index + 1
            if end + 1 < units.count && units[end].kind == .clause && units[end + 1].kind == .term { end += 1 }
            while end < units.count && units[end].kind == .term && units[end].role != .but && units[end].role != .although
                && units[end].sideRole != .and { end += 1 }
            var complaint = k + 1
            while complaint < contributions.count && Int(contributions[complaint].unit) < end
                && !(contributions[complaint].value < 0 && units[Int(contributions[complaint].unit)].valence < 0) { complaint += 1 }
            guard complaint < contributions.count && Int(contributions[complaint].unit) < end else { continue }
            if recordEffects {
                let about = SentimentScorer.surface(units[Int(contributions[complaint].unit)], text: text.text, slots: slots)
                contributions[k].effects.append(.ironicFondness(about: about))
            }
            contributions[k].value = 0
        }
    }

    /// Whether negator `n` forbids the negative word `i`: the negator opens its sentence or clause (an imperative has no
    /// subject before it: "I don't lie" states a fact), it is a plain one or a temporal n-word ("Never lie to your
    /// customers"), and a verb of misconduct or a copula (discourse.tsv `reproach`) stands at most three words on, up
    /// to the word itself: "Don't lie", "Don't be rude", "Nie bądźcie chamscy". A word that consoles (`console`: "Don't
    /// be sad", "Nie martw się") is no reproach.
    func prohibits(negator n: Int, word i: Int) -> Bool {
        let negator = units[n]
        guard i - n <= 3, negator.role == .negator && negator.modifier == NegatorKind.plain
                || negator.role == .nword && negator.modifier == NegatorKind.never,
              n == 0 || units[n - 1].kind != .term else { return false }
        if holds(.console, in: units[i]) { return false }
        for u in (n + 1)...i where units[u].kind == .term && holds(.reproach, in: units[u]) { return true }
        return false
    }

    static func sentimentFollows(_ index: Int, units: [Unit]) -> Bool {
        var j = index + 1
        var seen = 0
        while j < units.count && seen < 3 {
            let unit = units[j]
            if unit.kind != .term { return false }
            if !unit.valence.isNaN && unit.role == .none { return true }
            if unit.role.isModifier && !unit.valence.isNaN { return true }
            seen += 1
            j += 1
        }
        return false
    }

    /// How many words before its negator a comparative may stand and still be ranked by a negated verb of finding:
    /// "lepszej obsługi w Warszawie nie znajdziesz" (lepszej, obsługi, w, Warszawie, nie).
    static let frontedComparativeReach = 4

    /// How many words before its negator a noun of trouble may stand and still be denied by a verb of existence or a
    /// predicate of absence after it: "Problemów z dostawą też nie było" (problemów, z, dostawą, też, nie), "Проблем с
    /// доставкой не было".
    static let absenceReach = 4

    /// What the scoring walk carries from word to word within a clause: the open negation and a pending booster.
    /// A struct with mutating methods rather than locals that nested functions capture: each call of such a
    /// function checked exclusive access to the captured locals at run time.
    struct ClauseState {
        var negated = false
        var negator = -1
        // Where the current negator stands, and whether an intent already used it.
        var negatorSentence: Int32 = 0, negatorClause: Int32 = 0
        var negatorSpent = false
        /// A privative that undid the clause's negation, shown on the sentiment word it reaches.
        var undoneBy = -1
        /// A "never" word in the current negation ("never", "nigdy", "никогда", "niciodată"), or −1.
        var never = -1
        /// A verb of finding in the current negation ("won't find", "nie znajdziesz", "не найдёте", "nu găsești",
        /// "there is no"), or −1: before a comparative or a degree word the negation ranks instead of denying.
        var finder = -1
        /// The last verb of finding in the clause, for a negation just after it ("there is no better bank").
        var clauseFinder = -1
        /// A degree word ("so", "tak", "так", "atât de") after that "never" or verb of finding, right before the next
        /// word: the negation is an emphatic comparison ("never been so happy", "nigdy nie byłem tak zadowolony").
        var emphaticDegree = -1
        /// A modifier or degree word stood inside the current negation: "не такой уж и плохой", where «и» is a
        /// particle of emphasis, not the conjunction that ends the negation.
        var modifiedInNegation = false
        var boost: Double = 0

        /// Ends a negation. One that negated no sentiment word reads as a mild complaint ("the app doesn't
        /// open", "nie mogę się zalogować", "не приходит смс"): negation itself leans negative (Potts 2011).
        /// A negation stated as part of a schedule (``SentimentScorer/lapse(_:rules:)``) lapses with no complaint.
        mutating func lapseNegation(into contributions: inout [Contribution], rules: SentimentRules, recordEffects: Bool,
                                    schedule: Bool = false) {
            if negated && !schedule && wouldComplain(rules) {
                contributions.append(Contribution(unit: Int32(negator), base: rules.unattachedNegation, value: rules.unattachedNegation,
                                                  sentence: negatorSentence, clause: negatorClause, effects: recordEffects ? [.unattachedNegation] : []))
            }
            negated = false
            never = -1
            finder = -1
            emphaticDegree = -1
        }

        /// Whether lapsing now would add the unattached-negation complaint.
        @inline(__always)
        func wouldComplain(_ rules: SentimentRules) -> Bool {
            negated && !negatorSpent && rules.unattachedNegation != 0 && negator >= 0
        }

        /// Spends the open negation on a word it denied before it ("Problemów nie było", "Претензий нет"): no complaint
        /// of its own, and an n-word after it is concord.
        mutating func spendOnDenial() {
            negatorSpent = true
            never = -1
            finder = -1
            emphaticDegree = -1
        }

        mutating func endClause(into contributions: inout [Contribution], rules: SentimentRules, recordEffects: Bool,
                                schedule: Bool = false) {
            lapseNegation(into: &contributions, rules: rules, recordEffects: recordEffects, schedule: schedule)
            clauseFinder = -1
            negator = -1
            undoneBy = -1
            boost = 0
        }
    }

    /// Ends the open negation. One that reached no sentiment word in a clause that states a schedule ("W niedziele nie
    /// pracujemy", «По воскресеньям не доставляем», "Nu livrăm în weekend") announces, and adds no complaint: the
    /// clause is looked at only then, so the walk keeps no state for it.
    mutating func lapse(_ state: inout ClauseState, rules: SentimentRules) {
        let schedule = namesTime && state.wouldComplain(rules) && timeOfSchedule(around: state.negator) >= 0
        state.lapseNegation(into: &contributions, rules: rules, recordEffects: recordEffects, schedule: schedule)
    }

    mutating func endClause(_ state: inout ClauseState, rules: SentimentRules) {
        let schedule = namesTime && state.wouldComplain(rules) && timeOfSchedule(around: state.negator) >= 0
        state.endClause(into: &contributions, rules: rules, recordEffects: recordEffects, schedule: schedule)
    }

    /// The unit that makes the clause around unit `index` a statement of schedule, or −1: a recurring time
    /// (discourse.tsv `schedule`: "w niedziele", «в выходные», "duminica", "on Sundays"), or a single day or date
    /// (`day`: "w niedzielę", "1 listopada") beside an opening-hours word (`hours`: "czynny", «открыт»). A single
    /// day alone is an occasion, not a schedule: "Kurier nie przyjechał w sobotę" stays a complaint.
    /// `dayWithHours: false` asks for a recurring time only.
    func timeOfSchedule(around index: Int, dayWithHours: Bool = true) -> Int {
        var first = index
        while first > 0 && !SentimentScorer.endsClause(units[first - 1]) { first -= 1 }
        var day = -1
        var hours = false
        var k = first
        while k < units.count && (k == index || !SentimentScorer.endsClause(units[k])) {
            let unit = units[k]
            if unit.role == .schedule { return k }
            if unit.role == .day && day < 0 { day = k }
            if unit.sideRole == .hours { hours = true }
            k += 1
        }
        return hours && dayWithHours ? day : -1
    }

    @inline(__always)
    static func endsClause(_ unit: Unit) -> Bool {
        unit.kind == .clause || unit.kind == .sentence || unit.role == .but || unit.role == .although
    }

    mutating func score() {
        let rules = box.lexicon.rules
        var sentence: Int32 = 0
        var clause: Int32 = 0
        var sinceNegated = 0
        /// The last unit the current negation may reach (a negator spent on an intent stops there).
        var negatedUntil = Int.max
        var booster: Int = -1
        var boostAge = 0
        // Contrast bookkeeping.
        var butUnit = SmallMap<Int>()
        var butAtStart = SmallMap<Bool>()
        var althoughClauses = SmallMap<Int>()
        var questionSentences = SmallMap<Bool>()
        /// Per question sentence, the unit that asks for advice in it, or −1: looked for only once praise is in a question.
        var askingSentences = SmallMap<Int>()
        var contentInSentence = false
        var fondness = false
        let window = Int(rules.negationWindow)
        let textAllCaps = text.isAllCaps
        let fullText = text.text

        var state = ClauseState()

        for index in units.indices {
            let unit = units[index]
            units[index].sentence = sentence
            units[index].clause = clause
            switch unit.kind {
            case .clause:
                clause += 1
                endClause(&state, rules: rules)
                continue
            case .sentence:
                if unit.question { questionSentences[sentence] = true }
                sentence += 1
                clause += 1
                contentInSentence = false
                endClause(&state, rules: rules)
                continue
            case .emoji:
                // An emoji closes what a negator opened: in posts it works like punctuation.
                lapse(&state, rules: rules)
                guard !unit.valence.isNaN else { continue }
                let slot = slots[Int(unit.firstSlot)]
                var value = Double(unit.valence) * rules.emojiWeight
                var effects: [Effect] = []
                if rules.emojiWeight != 1 && recordEffects { effects.append(.emojiWeight(rules.emojiWeight)) }
                // "😉😉😉😉": a run of the same symbol counts like one stronger symbol, as ")))" does.
                if index > 0, units[index - 1].kind == .emoji, units[index - 1].entry == unit.entry {
                    value *= 0.25
                    if recordEffects { effects.append(.repeated(count: 2, factor: 0.25)) }
                }
                if slot.count > 1 {
                    // ")))": more brackets, stronger, with diminishing returns.
                    let factor = min(1.0 + 0.25 * Double(slot.count - 1), 2.0)
                    value *= factor
                    if recordEffects { effects.append(.repeated(count: Int(slot.count), factor: factor)) }
                }
                contributions.append(Contribution(unit: Int32(index), base: Double(unit.valence), value: value,
                                                  sentence: sentence, clause: clause, effects: effects))
                contentInSentence = true
                continue
            case .term:
                break
            }
            switch unit.role {
            case .but:
                butUnit[sentence] = index
                butAtStart[sentence] = !contentInSentence
                clause += 1
                units[index].clause = clause
                endClause(&state, rules: rules)
                continue
            case .although:
                clause += 1
                units[index].clause = clause
                althoughClauses[clause] = index
                endClause(&state, rules: rules)
                continue
            case .negator, .nword:
                if unit.role == .negator && unit.modifier == NegatorKind.plain, let last = counterfactuals.last, last.notFor < 0,
                   unit.firstSlot <= last.phraseEnd, units[Int(last.opener)].clause == clause {
                    // "Gdyby nie kurier", «Если бы не курьер», "If it weren't for the courier": the courier was there, and
                    // what it averted did not happen (``applyCounterfactuals(rules:)``). Nothing here is denied.
                    counterfactuals[counterfactuals.count - 1].notFor = Int32(index)
                    continue
                }
                if state.negated && !state.negatorSpent && unit.modifier == NegatorKind.privative && units[state.negator].modifier != NegatorKind.privative {
                    // A "without" after a negator turns it back, two negations making one affirmation: "не могу
                    // без любимой работы", "nie obyło się bez problemów", "nu pot trăi fără el". The word it
                    // reaches keeps its own sign, and the negator is no complaint of its own.
                    state.negated = false
                    state.undoneBy = index
                    continue
                }
                if unit.role == .negator && (unit.modifier == NegatorKind.absent || unit.modifier == NegatorKind.privative)
                    && closesPredicate(at: index + 1) && denyTrouble(before: index, through: index, clause: clause, rules: rules) {
                    // A predicate of absence after its noun, closing the clause: "Претензий нет", "Uwag brak", "Problemów
                    // zero". It negated the noun, not what follows; an n-word after it is concord.
                    if !state.negated || state.negatorSpent {
                        state.negated = true
                        state.negator = index
                        state.negatorSentence = sentence
                        state.negatorClause = clause
                        state.modifiedInNegation = false
                    }
                    state.spendOnDenial()
                    negatedUntil = index
                    continue
                }
                let spent = spentNegators.first { $0.negator == Int32(index) }
                if state.negated && state.negatorSpent && index > negatedUntil && unit.role == .negator {
                    // A negation spent on an intent or a ranking stops where that ends; a plain negator after it
                    // negates afresh ("лучше банка не найти и обслуживание не плохое"), an n-word is concord.
                    state.negated = false
                }
                // Negative concord: further negators in the clause do not flip again.
                if !state.negated {
                    state.negated = true
                    state.negator = index
                    sinceNegated = 0
                    negatedUntil = spent.map { Int($0.intentEnd) } ?? Int.max
                    state.negatorSpent = spent != nil
                    state.negatorSentence = sentence
                    state.negatorClause = clause
                    state.never = -1
                    // Only just before its negator: "there is no better bank" (the phrase "there is" marks
                    // "there"), but not "znalazłam telefon i nie był tak dobry".
                    state.finder = !state.negatorSpent && state.clauseFinder >= index - 2 ? state.clauseFinder : -1
                    state.emphaticDegree = -1
                    state.modifiedInNegation = false
                }
                if unit.role == .nword && unit.modifier == NegatorKind.never && !state.negatorSpent { state.never = index }
                continue
            case .breaker, .than:
                continue
            case .modifier, .degree:
                if state.negated { state.modifiedInNegation = true }
                if state.negated && (state.never >= 0 || state.finder >= 0) && unit.role == .degree { state.emphaticDegree = index }
                // A degree word of weight 0 (Romanian "mai") only marks a comparison: it counts as a plain word.
                if unit.modifier != 0 && (unit.valence.isNaN || SentimentScorer.sentimentFollows(index, units: units)) {
                    state.boost = Double(unit.modifier)
                    booster = index
                    boostAge = 0
                    continue
                }
            case .none, .marker, .that, .comparative, .find, .and, .exist, .trouble, .preposition, .ask, .schedule, .day, .once, .hours,
                 .counterfactual, .could, .would, .unreal, .condition, .again, .thanks, .remedy, .remedied, .fault, .fond, .reproach, .console:
                break
            }
            if unit.sideRole == .find {
                if state.negated && !state.negatorSpent, let fronted = frontedComparative(before: state.negator, clause: clause) {
                    // The comparative came first, as Polish, Russian and Romanian word order allows: "lepszej obsługi
                    // nie znajdziesz", "лучше банка не найти", "mai bun de atât nu găsești". The negation ranks the
                    // comparative, which kept its sign, and is no complaint of its own. It is spent as on an intent,
                    // so an n-word after it is concord, not a new negation: "lepszej nie znajdziesz nigdzie".
                    if recordEffects {
                        let comparative = SentimentScorer.surface(units[Int(contributions[fronted].unit)], text: fullText, slots: slots)
                        let finder = SentimentScorer.surface(unit, text: fullText, slots: slots)
                        contributions[fronted].effects.append(.emphaticComparison(by: comparative + " … " + finder))
                    }
                    state.negatorSpent = true
                    negatedUntil = index
                    state.never = -1
                    state.finder = -1
                    state.emphaticDegree = -1
                } else if state.negated && !state.negatorSpent && existenceDenied(index, clause: clause, rules: rules) {
                    // The noun came first: "Błędów nie znalazłem", "Ошибок не нашёл", "Probleme nu există".
                    state.spendOnDenial()
                    negatedUntil = index
                } else if state.negated && !state.negatorSpent {
                    // The negation reaches the verb's object as it reached the verb: "nu cred că găsești ceva mai bun".
                    state.finder = index
                    sinceNegated = 0
                } else {
                    state.clauseFinder = index
                }
            } else if unit.sideRole == .exist && state.negated && !state.negatorSpent && existenceDenied(index, clause: clause, rules: rules) {
                // A negated verb of existence or possession after its noun of trouble denies the noun, which the negation
                // never reached: "Problemów z dostawą nie było", "Очереди не было", "Reclamații nu am". Spent there, as
                // on an intent: an n-word after it is concord ("nie było żadnych"), a plain negator negates afresh.
                state.spendOnDenial()
                negatedUntil = index
            } else if unit.sideRole.isConditional {
                if unit.sideRole == .counterfactual {
                    counterfactuals.append(Counterfactual(opener: Int32(index), phraseEnd: Int32(sidePhraseEnd(unit))))
                } else {
                    conditionalMarks.append(Int32(index))
                }
            }
            guard !unit.valence.isNaN else {
                if unit.sideRole == .and && state.negated && !state.negatorSpent && index > state.negator + 1 && !state.modifiedInNegation {
                    // The negation denied the words before the conjunction; the clause coordinated after it is
                    // asserted: "nie dzwonię i jestem zadowolony", "no queue and friendly staff".
                    lapse(&state, rules: rules)
                }
                if state.emphaticDegree != index { state.emphaticDegree = -1 }
                boostAge += 1
                if boostAge > 2 { state.boost = 0 }
                if state.negated {
                    // The scope is the clause, but a negator that has reached no sentiment word within
                    // `negation_window` words lapses (tweets often lack the punctuation that ends clauses).
                    sinceNegated += 1
                    if sinceNegated > window { lapse(&state, rules: rules) }
                }
                continue
            }
            let base = Double(unit.valence)
            if base == 0 {
                // A valence of 0 marks a phrase that only looks evaluative ("feel like", "you better"): it takes
                // any booster before it and adds nothing.
                state.boost = 0
                continue
            }
            // The five words below whose own valence is set aside (irony twice, a reply opener, a schedule, a fault put right)
            // append their contribution in place: a shared helper, inlined or not, made `score()` 5 % longer to run (callgrind).
            if base > 0 && !contentInSentence && !state.negated, case let again = ironyAfterOpener(index), again >= 0 {
                // "Great, another delay", «Отлично, опять не работает», "Super, znowu nie działa": praise alone before
                // a repeated complaint is ironic; it is shown, and adds nothing.
                state.boost = 0
                contributions.append(Contribution(unit: Int32(index), base: base, value: 0, sentence: sentence, clause: clause,
                                                  effects: recordEffects ? [.ironic(by: SentimentScorer.surface(units[again], text: fullText, slots: slots))] : []))
                continue
            }
            if base > 0 && !state.negated,
               unit.sideRole == .thanks || (unit.endSlot - unit.firstSlot > 1 && holds(.thanks, in: unit)), case let complaint = complaintThanked(index, sentence: sentence),
               complaint >= 0 {
                // "The update broke everything, thanks a lot", "Paczka zgnieciona. Dzięki InPost": thanks that close a
                // complaint with nothing good in it are ironic; shown, and adding nothing.
                state.boost = 0
                contributions.append(Contribution(unit: Int32(index), base: base, value: 0, sentence: sentence, clause: clause,
                                                  effects: recordEffects ? [.ironicThanks(after: SentimentScorer.surface(units[complaint], text: fullText, slots: slots))] : []))
                continue
            }
            if unit.sideRole == .marker && opensAReply(index) {
                // "Dobra, idę spać": the word of praise answers or greets; it is shown, and adds nothing.
                state.boost = 0
                contributions.append(Contribution(unit: Int32(index), base: base, value: 0, sentence: sentence, clause: clause,
                                                  effects: recordEffects ? [.discourseMarker] : []))
                continue
            }
            if base < 0 && namesTime && !state.negated && holds(.hours, in: unit),
               case let time = timeOfSchedule(around: index, dayWithHours: unit.sideRole == .hours), time >= 0 {
                // "Sklep nieczynny w niedziele", "nieczynne 1 listopada": a word of closing with a day or a date states
                // opening hours; alone ("bankomat nieczynny") it is the fault it reads as. A phrase of failure that
                // holds such a word («не работает»: the verb of an office and of an app) needs a recurring time:
                // «Офис не работает в выходные», but «Приложение не работает в воскресенье» stays a complaint.
                contributions.append(Contribution(unit: Int32(index), base: base, value: 0, sentence: sentence, clause: clause,
                                                  effects: recordEffects ? [.schedule(by: SentimentScorer.surface(units[time], text: fullText, slots: slots))] : []))
                continue
            }
            // Checked after the walk, for a word of fondness that opens its sentence, or a phrase of praise that holds one
            // there ("I love it when…").
            if base > 0 && !contentInSentence && (unit.sideRole == .fond || (unit.endSlot - unit.firstSlot > 1 && holds(.fond, in: unit))) {
                fondness = true
            }
            var deniedFix = -1
            if base < 0, unit.sideRole == .fault || unit.sideRole == .trouble || (unit.endSlot - unit.firstSlot > 1 && holds(.fault, in: unit)) {
                switch remedy(ofFault: index, negator: state.negated && !state.negatorSpent ? state.negator : -1) {
                case .none:
                    break
                case .putRight(let by):
                    // "They fixed the problem fast", "Naprawili usterkę w jeden dzień", «Проблема решена за 10 минут»:
                    // what was wrong is over, and a fault put right is good service. A fix with praise of its own
                    // ("naprawili", "resolved") says so already; one without ("fixed", «решена») gets it here.
                    state.boost = 0
                    let praise = units[by].valence > 0 ? 0 : Self.remedyPraise
                    contributions.append(Contribution(unit: Int32(index), base: base, value: praise, sentence: sentence, clause: clause,
                                                      effects: recordEffects ? [.remedied(by: SentimentScorer.surface(units[by], text: fullText, slots: slots))] : []))
                    contentInSentence = true
                    continue
                case .deniedFix(let by):
                    // "They didn't fix the problem": the negation passed a fix with no valence of its own and denies it,
                    // not the fault, which stays a complaint.
                    state.negated = false
                    state.never = -1
                    state.finder = -1
                    deniedFix = by
                }
            }
            contentInSentence = true
            var value = base
            var effects: [Effect] = []
            if deniedFix >= 0 && recordEffects { effects.append(.notRemedied(by: SentimentScorer.surface(units[deniedFix], text: fullText, slots: slots))) }
            let sign: Double = value >= 0 ? 1 : -1
            if state.boost != 0 {
                value += sign * state.boost
                if recordEffects { effects.append(.modified(by: SentimentScorer.surface(units[booster], text: fullText, slots: slots), amount: sign * state.boost)) }
                state.boost = 0
            }
            if rules.elongationEmphasis != 0 {
                var elongated = false
                for s in Int(unit.firstSlot)..<Int(unit.endSlot) where slots[s].flags.contains(.elongated) { elongated = true }
                if elongated {
                    value += sign * rules.elongationEmphasis
                    if recordEffects { effects.append(.elongated(amount: sign * rules.elongationEmphasis)) }
                }
            }
            if !textAllCaps {
                var allCaps = true
                for s in Int(unit.firstSlot)..<Int(unit.endSlot) where !slots[s].flags.contains(.allCaps) { allCaps = false }
                if allCaps {
                    value += sign * rules.capsEmphasis
                    if recordEffects { effects.append(.caps(amount: sign * rules.capsEmphasis)) }
                }
            }
            if value < 0, index + 1 < units.count, units[index + 1].role == .breaker,
               units[index + 1].modifier == NegatorKind.postposed, units[index + 1].firstSlot == unit.endSlot {
                // "glare free", "lag-free": the privative follows the word it negates. The absence of a flaw is a
                // plain quality ("crash-free" reads like "trouble-free"), not the faint praise of a litotes ("not bad").
                value *= rules.negationScalar
                if recordEffects {
                    effects.append(.negated(by: SentimentScorer.surface(units[index + 1], text: fullText, slots: slots),
                                            scalar: rules.negationScalar))
                }
            }
            if state.negated && index > negatedUntil { state.negated = false }
            if state.negated {
                // Negative concord with a phrase that has its own negator ("nimeni" + "nu a sunat", "nikt" + "nie
                // pomógł"): the phrase already carries the one negation. A privative phrase is no concord: "не
                // обошлось без проблем" negates "без проблем".
                for s in Int(unit.firstSlot)..<Int(unit.endSlot) where slots[s].negator && !slots[s].privative {
                    state.negated = false
                }
            }
            if state.undoneBy >= 0 {
                if recordEffects {
                    effects.append(.negationUndone(by: SentimentScorer.surface(units[state.undoneBy], text: fullText, slots: slots)))
                }
                state.undoneBy = -1
            }
            if state.negated && (state.never >= 0 || state.finder >= 0) && (state.emphaticDegree == index - 1 || opens(with: .degree, unit)
                || state.finder >= 0 && (unit.sideRole == .comparative || opens(with: .comparative, unit))) {
                // "Never" with a degree word compares, it does not deny: "never been so disappointed" is as
                // negative as it reads. The degree word may open the phrase itself ("so happy"). A negated verb of
                // finding ranks a comparative too: "you won't find a better bank" praises, "nie znajdziesz gorszej
                // obsługi" condemns. After "never" alone a comparative stays negated: "it never gets better".
                if recordEffects {
                    let degree = state.emphaticDegree == index - 1 ? SentimentScorer.surface(units[state.emphaticDegree], text: fullText, slots: slots)
                        : SentimentScorer.surface(unit, text: fullText, slots: slots)
                    let by = SentimentScorer.surface(units[state.finder >= 0 ? state.finder : state.never], text: fullText, slots: slots)
                    effects.append(.emphaticComparison(by: by + " … " + degree))
                }
                state.negated = false
                state.never = -1
                state.finder = -1
                state.emphaticDegree = -1
            }
            if state.negated && value < 0 && prohibits(negator: state.negator, word: index) {
                // "Don't lie to your customers", "Nie kłamcie", «Не хамите»: a prohibition reproaches the addressee for
                // what it forbids, which keeps its sign.
                if recordEffects { effects.append(.prohibited(by: SentimentScorer.surface(units[state.negator], text: fullText, slots: slots))) }
                state.negated = false
                state.never = -1
                state.finder = -1
            }
            if state.negated {
                let scalar = value < 0 ? rules.negatedNegativeScalar : rules.negationScalar
                value *= scalar
                if recordEffects { effects.append(.negated(by: SentimentScorer.surface(units[state.negator], text: fullText, slots: slots), scalar: scalar)) }
                // A negation attaches to the first word it can negate: "don't like this awful shop" keeps
                // "awful" negative.
                state.negated = false
                state.never = -1
                state.finder = -1
            }
            contributions.append(Contribution(unit: Int32(index), base: base, value: value, sentence: sentence, clause: clause, effects: effects))
        }
        lapse(&state, rules: rules)
        if !counterfactuals.isEmpty || !conditionalMarks.isEmpty { applyCounterfactuals(rules: rules) }
        if fondness { markIronicFondness() }

        // Contrast and question weights.
        for k in contributions.indices {
            let c = contributions[k]
            if let b = butUnit[c.sentence] {
                let before = Int(c.unit) < b
                let weight = before ? rules.butBeforeWeight : rules.butAfterWeight
                contributions[k].value *= weight
                if recordEffects { contributions[k].effects.append(.contrast(by: SentimentScorer.surface(units[b], text: fullText, slots: slots), weight: weight)) }
            } else if butUnit[c.sentence + 1] != nil, butAtStart[c.sentence + 1] == true, let b = butUnit[c.sentence + 1] {
                contributions[k].value *= rules.butBeforeWeight
                if recordEffects { contributions[k].effects.append(.contrast(by: SentimentScorer.surface(units[b], text: fullText, slots: slots), weight: rules.butBeforeWeight)) }
            }
            if let a = althoughClauses[c.clause] {
                contributions[k].value *= rules.althoughWeight
                if recordEffects { contributions[k].effects.append(.contrast(by: SentimentScorer.surface(units[a], text: fullText, slots: slots), weight: rules.althoughWeight)) }
            }
            if questionSentences[c.sentence] == true {
                var ask = -1
                if contributions[k].value > 0 {
                    ask = askingSentences[c.sentence] ?? askingUnit(in: c.sentence)
                    askingSentences[c.sentence] = ask
                }
                if ask >= 0 {
                    // A question asking for advice names what the writer looks for: "Can anyone recommend a good bank?",
                    // "Кто посоветует хороший банк?". Its praise is no opinion; a complaint in it still is one.
                    contributions[k].value = 0
                    if recordEffects { contributions[k].effects.append(.askedFor(by: phraseSurface(ask))) }
                } else {
                    contributions[k].value *= rules.questionDamping
                    if recordEffects { contributions[k].effects.append(.question(weight: rules.questionDamping)) }
                }
            }
            if contributions[k].value < 0 && rules.negativeWeight != 1 {
                contributions[k].value *= rules.negativeWeight
                if recordEffects { contributions[k].effects.append(.negativeWeight(rules.negativeWeight)) }
            }
        }
    }

    /// A few keyed values, searched linearly (contrast words and questions are rare in a post).
    struct SmallMap<Value> {
        var keys: [Int32] = []
        var values: [Value] = []
        subscript(key: Int32) -> Value? {
            get {
                for (i, k) in keys.enumerated() where k == key { return values[i] }
                return nil
            }
            set {
                if let i = keys.firstIndex(of: key) {
                    if let newValue { values[i] = newValue }
                } else if let newValue {
                    keys.append(key)
                    values.append(newValue)
                }
            }
        }
    }

    // MARK: Intents

    struct FoundIntent {
        var intent: Intent
        var firstSlot: Int
        var endSlot: Int
        /// A match of a `none` pattern: it removes the intents it overlaps, then itself.
        var blocks = false
        var explicit: Bool
        var brandMention: Int
        var competitorMention: Int
        /// The slot of the negator that turned the intent around ("don't recommend" → `warn`), or −1.
        var negatorSlot = -1
        /// A negator that a gap of the pattern skipped, right before the next word of the pattern ("Biedronkę,
        /// ja nie polecam" for "{brand} …3 =polecam"), or −1.
        var gapNegatorSlot = -1
    }

    /// What a pattern match has bound so far.
    struct MatchState {
        var brandMention = -1
        var competitorMention = -1
        var gapNegatorSlot = -1
    }

    /// Mention index per slot, or -1; empty when the text names no brand (most texts: no array to fill).
    func slotMentions() -> [Int32] {
        if mentions.isEmpty { return [] }
        var result = [Int32](repeating: -1, count: slots.count)
        for (s, slot) in slots.enumerated() {
            for (m, mention) in mentions.enumerated() where mention.tokens.contains(Int(slot.token)) {
                result[s] = Int32(m)
                break
            }
        }
        return result
    }

    /// The intent patterns that match. `filtered` false tries every pattern of each anchor, not only those whose
    /// words the post holds: the plain reference for tests.
    func findIntents(_ slotMention: [Int32], filtered: Bool = true) -> [FoundIntent] {
        var found: [FoundIntent] = []
        findIntents(slotMention, filtered: filtered, into: &found)
        return found
    }

    /// Appends the intent patterns that match to `found` (empty; a reused buffer, so a post allocates nothing).
    func findIntents(_ slotMention: [Int32], filtered: Bool = true, into found: inout [FoundIntent]) {
        guard !box.lexicon.intentHeads.isEmpty else { return }
        // Most posts have no anchor word at all: check the anchors before building anything.
        var anyAnchor = false
        scan: for slot in slots where slot.kind == .word && slot.refsEnd > slot.refsStart {
            for k in Int(slot.refsStart)..<Int(slot.refsEnd) where box.lexicon.anchorListStart(refs[k]) >= 0 {
                anyAnchor = true
                break scan
            }
        }
        guard anyAnchor else { return }
        var presentWords: UInt64 = filtered ? 0 : ~0
        for slot in slots where slot.kind == .word {
            for k in Int(slot.refsStart)..<Int(slot.refsEnd) { presentWords |= box.lexicon.intentWordBit(refs[k]) }
        }
        // Word slots only, with their sentence, on the stack: most posts with an anchor are short.
        withUnsafeTemporaryAllocation(of: Int.self, capacity: slots.count) { wordSlotBuffer in
            withUnsafeTemporaryAllocation(of: Int32.self, capacity: slots.count) { wordSentenceBuffer in
                var n = 0
                var sentence: Int32 = 0
                for (s, slot) in slots.enumerated() {
                    if slot.kind == .sentence { sentence += 1; continue }
                    if slot.kind == .word { wordSlotBuffer[n] = s; wordSentenceBuffer[n] = sentence; n += 1 }
                }
                findIntents(wordSlots: UnsafeBufferPointer(rebasing: wordSlotBuffer[..<n]),
                            wordSentence: UnsafeBufferPointer(rebasing: wordSentenceBuffer[..<n]), presentWords: presentWords,
                            slotMention, into: &found)
            }
        }
    }

    private func findIntents(wordSlots: UnsafeBufferPointer<Int>, wordSentence: UnsafeBufferPointer<Int32>,
                             presentWords: UInt64, _ slotMention: [Int32], into found: inout [FoundIntent]) {
        let n = wordSlots.count
        // Each pattern has one anchor, so a (pattern, start) pair comes up twice only when the anchor word repeats
        // within the pattern's reach; the second try finds the same match, which `keepFirstOfEach` drops.
        for p in 0..<n {
            let slot = slots[wordSlots[p]]
            guard slot.refsEnd > slot.refsStart else { continue }
            for k in Int(slot.refsStart)..<Int(slot.refsEnd) {
                var listIndex = box.lexicon.anchorListStart(refs[k])
                guard listIndex >= 0 else { continue }
                while box.lexicon.anchorLists[listIndex] >= 0 {
                    let candidate = box.lexicon.anchorLists[listIndex]
                    let requiredWords = box.lexicon.anchorListWords[listIndex]
                    listIndex += 1
                    guard requiredWords & ~presentWords == 0 else { continue }
                    let head = box.lexicon.intentHeads[Int(candidate)]
                    let lowest = max(0, p - Int(head.maxBefore))
                    let highest = p - Int(head.minBefore)
                    guard highest >= lowest else { continue }
                    let elements = Int(head.elementStart)..<Int(head.elementStart + head.elementCount)
                    // Most tries fail on the first word: check it before the recursive match.
                    var firstWord: TermRef = -1
                    if case .word(let ref, false) = box.lexicon.intentElements[elements.lowerBound] { firstWord = ref }
                    for start in lowest...highest where wordSentence[start] == wordSentence[p] {
                        if firstWord >= 0 && !slotHas(wordSlots[start], firstWord) { continue }
                        var state = MatchState()
                        if let end = match(elements, elements.lowerBound, start, start, wordSlots, wordSentence, slotMention, &state),
                           end > start {
                            found.append(FoundIntent(intent: head.intent, firstSlot: wordSlots[start], endSlot: wordSlots[end - 1] + 1,
                                                     blocks: head.blocks, explicit: true, brandMention: state.brandMention,
                                                     competitorMention: state.competitorMention,
                                                     gapNegatorSlot: state.gapNegatorSlot))
                        }
                    }
                }
            }
        }
        keepFirstOfEach(&found)
    }

    /// One match per intent and span: the first, in order.
    private func keepFirstOfEach(_ found: inout [FoundIntent]) {
        found.keepUncovered { kept, item in
            kept.intent == item.intent && kept.blocks == item.blocks && kept.firstSlot == item.firstSlot && kept.endSlot == item.endSlot
        }
    }

    /// Whether slot `s` is a negator standing alone before a comma: "Nie," "Нет," "Nu," "No,".
    @inline(__always)
    func answersAlone(_ s: Int) -> Bool {
        slots[s].negator && s + 1 < slots.count && slots[s + 1].kind == .clause && slots[s + 1].comma
    }

    /// Matches elements from `e` at word position `p`; returns the end position.
    func match(_ elements: Range<Int>, _ e: Int, _ p: Int, _ start: Int, _ wordSlots: UnsafeBufferPointer<Int>,
               _ wordSentence: UnsafeBufferPointer<Int32>,
               _ slotMention: [Int32], _ state: inout MatchState) -> Int? {
        if e == elements.upperBound { return p }
        let n = wordSlots.count
        let sameSentence = p < n && wordSentence[p] == wordSentence[start]
        let element = box.lexicon.intentElements[e]
        switch element {
        case .word(let ref, let optional):
            // A negator with a comma after it answers a question ("Nie, polecam", "Нет, рекомендую"): it
            // negates nothing that follows, so a pattern cannot go on past it.
            if sameSentence && slotHas(wordSlots[p], ref) && !(e + 1 < elements.upperBound && answersAlone(wordSlots[p])) {
                if let end = match(elements, e + 1, p + 1, start, wordSlots, wordSentence, slotMention, &state) { return end }
            }
            if optional { return match(elements, e + 1, p, start, wordSlots, wordSentence, slotMention, &state) }
            return nil
        case .optionalSequence(let refStart, let refCount):
            let count = Int(refCount)
            if p + count <= n {
                var all = true
                for k in 0..<count where wordSentence[p + k] != wordSentence[start] || !slotHas(wordSlots[p + k], box.lexicon.intentRefs[Int(refStart) + k]) {
                    all = false
                    break
                }
                if all, let end = match(elements, e + 1, p + count, start, wordSlots, wordSentence, slotMention, &state) {
                    return end
                }
            }
            return match(elements, e + 1, p, start, wordSlots, wordSentence, slotMention, &state)
        case .gap(let size):
            var k = 0
            let saved = state.gapNegatorSlot
            while k <= size && p + k <= n {
                if p + k < n && wordSentence[p + k] != wordSentence[start] { break }
                let skippedLast = k > 0 ? wordSlots[p + k - 1] : -1
                state.gapNegatorSlot = skippedLast >= 0 && slots[skippedLast].negator ? skippedLast : saved
                if let end = match(elements, e + 1, p + k, start, wordSlots, wordSentence, slotMention, &state) { return end }
                k += 1
            }
            state.gapNegatorSlot = saved
            return nil
        case .sentenceStart:
            guard p < n, p == 0 || wordSentence[p - 1] != wordSentence[p] else { return nil }
            return match(elements, e + 1, p, start, wordSlots, wordSentence, slotMention, &state)
        case .sentenceEnd:
            guard !sameSentence else { return nil }
            return match(elements, e + 1, p, start, wordSlots, wordSentence, slotMention, &state)
        case .brand, .competitor:
            guard sameSentence else { return nil }
            let isBrand: Bool = { if case .brand = element { return true }; return false }()
            // Without a tracked brand in the text, patterns with brand slots do not match: a wildcard word
            // would turn "the team was" into attachment.
            let m = slotMention.isEmpty ? -1 : Int(slotMention[wordSlots[p]])
            // The mention starts here: in "Mersi Fan Courier", "fan {brand}" must not take the brand's own first word
            // for the fan and its rest for the brand.
            guard m >= 0, p == 0 || slotMention[wordSlots[p - 1]] != Int32(m) else { return nil }
            if isBrand {
                if state.competitorMention >= 0 && mentions[state.competitorMention].brandIndex == mentions[m].brandIndex { return nil }
            } else if state.brandMention >= 0 && mentions[state.brandMention].brandIndex == mentions[m].brandIndex {
                return nil
            }
            var q = p
            while q < n && slotMention[wordSlots[q]] == Int32(m) { q += 1 }
            let saved = state
            if isBrand { state.brandMention = m } else { state.competitorMention = m }
            if let end = match(elements, e + 1, q, start, wordSlots, wordSentence, slotMention, &state) { return end }
            state = saved
            return nil
        }
    }

    /// Applies the negation rules and the "explicit patterns win" rule, in place: the list is a buffer reused
    /// from post to post.
    func resolveIntents(_ items: inout [FoundIntent]) {
        // Wording that is no intent ("vă recomandăm să reporniți routerul": support's advice) removes the
        // intents it overlaps.
        if items.contains(where: \.blocks) {
            let blocking = items.filter(\.blocks)
            items.removeAll { item in
                item.blocks || blocking.contains { $0.firstSlot < item.endSlot && item.firstSlot < $0.endSlot }
            }
        }
        var resolved = 0
        // One word more than for a sentiment word: an intent's words often open with a subject or an auxiliary
        // ("I wouldn't say I'm a loyal customer").
        let window = Int(box.lexicon.rules.negationWindow) + 1
        for index in items.indices {
            var item = items[index]
            // A negator before the match in its clause (not inside the match itself), within the language's
            // negation window of words: "not gonna lie, I highly recommend them" is still a recommendation.
            var negatedBefore = false
            var s = item.firstSlot - 1
            var words = 0
            while s >= 0, words < window {
                let kind = slots[s].kind
                if kind == .clause || kind == .sentence { break }
                if case let u = slots[s].unit, u >= 0, units[Int(u)].role == .but || units[Int(u)].role == .although { break }
                // A negator inside an earlier sentiment phrase is spent on that phrase's word: "не жалуюсь,
                // рекомендую" recommends. One inside a phrase that reaches into the match still counts ("nie
                // polecam" holds the intent's "polecam").
                if slots[s].negator && !spentInPhrase(s, before: item.firstSlot) { negatedBefore = true; break }
                if kind == .word { words += 1 }
                s -= 1
            }
            var insideNegator = false
            var patternNegator = false // one the pattern's own words hold, not the one its gap skipped
            for k in item.firstSlot..<item.endSlot where slots[k].negator {
                insideNegator = true
                guard k != item.gapNegatorSlot, !patternNegator else { continue }
                patternNegator = true
                // A warning written with its negator ("don't recommend", "не рекомендую") spends it, as a negated
                // recommendation does: "I don't recommend this awful shop" keeps "awful" negative.
                if item.negatorSlot < 0 && (item.intent == .warn || item.intent == .churn) { item.negatorSlot = k }
            }
            // A negator the pattern's gap skipped negates the word after it: "{brand} …3 =polecam" on
            // "Biedronkę, ja nie polecam" is a warning, not a recommendation. When the pattern holds a negator of
            // its own, the skipped one is negative concord: "больше никогда не закажу" for "больше …2 не закажу".
            let negatedInGap = item.gapNegatorSlot >= 0 && !patternNegator
            if (negatedBefore && !insideNegator) || negatedInGap {
                item.negatorSlot = negatedInGap ? item.gapNegatorSlot : s
                switch item.intent {
                case .recommend: item.intent = .warn; item.explicit = false
                case .repurchase: item.intent = .churn; item.explicit = false
                case .complaint, .attachment, .churn: continue
                case .warn, .lockin: break
                }
            }
            // Asking is not vouching: "Czy warto kupić?", "Would you fly with them again?" Negative intents in a
            // question stay ("How do I cancel my subscription?" is a wish to leave).
            if item.intent == .recommend || item.intent == .repurchase || item.intent == .attachment, inQuestion(item) { continue }
            items[resolved] = item
            resolved += 1
        }
        items.removeLast(items.count - resolved)
        adviceAgainst(&items)
        guard items.count > 1 else { return }
        // Explicit patterns win over derived ones and over shorter matches they contain.
        items.sort { ($0.explicit ? 1 : 0, $0.endSlot - $0.firstSlot) > ($1.explicit ? 1 : 0, $1.endSlot - $1.firstSlot) }
        // Also of the same intent: "не рекомендую" inside "не рекомендую этот банк" is one warning, not two.
        items.keepUncovered { other, item in other.firstSlot <= item.firstSlot && item.endSlot <= other.endSlot }
        items.sort { $0.firstSlot < $1.firstSlot }
    }

    /// Whether the negator at `slot` lies in a sentiment phrase that ends before `matchStart`.
    func spentInPhrase(_ slot: Int, before matchStart: Int) -> Bool {
        let u = slots[slot].unit
        guard u >= 0 else { return false }
        let unit = units[Int(u)]
        return unit.role == .none && !unit.valence.isNaN && unit.endSlot - unit.firstSlot > 1 && Int(unit.endSlot) <= matchStart
    }

    func evidence(_ item: FoundIntent) -> String {
        String(text.text[text.text.range(utf8Offsets: Int(slots[item.firstSlot].utf8Start)..<Int(slots[item.endSlot - 1].utf8End))])
    }

    /// Whether the sentence that holds `item` ends with a question mark.
    func inQuestion(_ item: FoundIntent) -> Bool {
        var s = item.endSlot
        while s < slots.count {
            if slots[s].kind == .sentence { return slots[s].question }
            s += 1
        }
        return false
    }

    /// Advice against: a recommendation followed in its clause by a negator (at most one word between) or by a
    /// warning (at most three words between) is a warning: "polecam nie kupować", "рекомендую не брать", "recomand
    /// să nu cumpărați", "I'd recommend not buying"; "I recommend staying away", "polecam omijać szerokim łukiem".
    /// These negators do not count: a privative one ("recomand fără nici o ezitare", negators.tsv kind
    /// `privative`, marked by a modifier of 1), one inside a phrase with a valence of its own, and one that opens
    /// another intent ("рекомендую не пожалеете").
    func adviceAgainst(_ items: inout [FoundIntent]) {
        var dropped = Set<Int>()
        for index in items.indices where items[index].intent == .recommend {
            var words = 0
            var s = items[index].endSlot
            while s < slots.count, words < 3 {
                let slot = slots[s]
                if slot.kind == .clause || slot.kind == .sentence { break }
                if slot.kind != .word { s += 1; continue }
                // "рекомендую не пожалеете": the negator opens an intent of its own.
                if items.contains(where: { $0.intent != .warn && $0.firstSlot == s }) { break }
                if let warning = items.indices.first(where: { items[$0].intent == .warn && items[$0].firstSlot == s }) {
                    items[index].intent = .warn
                    items[index].explicit = false
                    items[index].endSlot = max(items[index].endSlot, items[warning].endSlot)
                    dropped.insert(warning)
                    break
                }
                if words <= 1, slot.negator, slot.unit >= 0, case let unit = units[Int(slot.unit)], unit.valence.isNaN,
                   unit.role == .negator || unit.role == .nword, unit.modifier != NegatorKind.privative {
                    items[index].intent = .warn
                    items[index].explicit = false
                    items[index].negatorSlot = s
                    // The evidence runs to the advised verb: "I'd recommend not buying".
                    let verb = s + 1
                    items[index].endSlot = verb < slots.count && slots[verb].kind == .word ? verb + 1 : s + 1
                    break
                }
                words += 1
                s += 1
            }
        }
        if !dropped.isEmpty { items = items.indices.filter { !dropped.contains($0) }.map { items[$0] } }
    }

    /// Inside an intent's words, the intent's reading wins over a word that the rules turned against it: in "can't
    /// cancel" (lock-in) the negated "cancel" would read as mildly positive, in "recomand să nu cumpărați" (a warning)
    /// "recomand" as praise. Such a word gives way, and the intent's own valence counts instead (see `analyze`).
    /// Words that agree with the intent ("nie polecam": a negated "polecam" in a warning) keep their value.
    mutating func yieldToIntents(_ found: [FoundIntent]) {
        for i in contributions.indices {
            let unit = units[Int(contributions[i].unit)]
            for item in found where Int(unit.firstSlot) >= item.firstSlot && Int(unit.endSlot) <= item.endSlot {
                guard contributions[i].value * Self.intentSign(item.intent) < 0 else { continue }
                contributions[i].value = 0
                contributions[i].yielded = true
                if recordEffects { contributions[i].effects.append(.yieldedTo(intent: item.intent)) }
                break
            }
        }
    }

    static func intentSign(_ intent: Intent) -> Double {
        switch intent {
        case .recommend, .repurchase, .attachment: return 1
        case .warn, .churn, .complaint, .lockin: return -1
        }
    }
}

extension Array {
    /// Keeps, in order, each element that no element kept before it covers; in place, without a second array.
    mutating func keepUncovered(by covers: (_ kept: Element, _ candidate: Element) -> Bool) {
        guard count > 1 else { return }
        var kept = 0
        for index in indices {
            let candidate = self[index]
            if !self[..<kept].contains(where: { covers($0, candidate) }) {
                self[kept] = candidate
                kept += 1
            }
        }
        removeLast(count - kept)
    }
}
