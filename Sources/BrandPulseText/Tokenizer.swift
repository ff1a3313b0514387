/// Splits text into tokens in one pass over `text.utf8`, folding word keys as it goes.
///
/// ASCII bytes are classified through a 128-entry table; other scalars through `Unicode.Scalar.Properties`.
/// Emoticons and kaomoji are recognised from a list (normally the non-emoji symbols of emoji.tsv); runs of
/// `)` or `(` that are not ordinary brackets become one emoticon token with a count.
public struct Tokenizer: Sendable {
    /// Emoticons grouped by first byte, longest first.
    private let emoticons: [[[UInt8]]]
    private let hasEmoticons: Bool
    /// One bit per (first, second) lower-cased byte pair that starts some emoticon: most letters that start an
    /// emoticon ("x" of "xD", "o" of "o_O") start ordinary words far more often, and the pair rules those out.
    private let emoticonPairs: [UInt64]
    /// The list the tokenizer was built from (the compiled-lexicon cache rebuilds it from this).
    package let emoticonList: [String]
    /// ``smallScalarProperties``, held by each tokenizer so that the word loop reads it without a lazy-global check.
    private let smallScalars: [UInt32]

    /// ``properties(_:)`` of every scalar below U+0800: Polish, Romanian and Russian letters all lie there, and the
    /// table spares the word loop three scalar functions per letter.
    private static let smallScalarProperties: [UInt32] = (UInt32(0)..<0x800).map(properties)

    private static let letterBit: UInt32 = 1 << 31, upperBit: UInt32 = 1 << 30, foldMask: UInt32 = 0x1F_FFFF

    /// A scalar's properties for the word loop: ``letterBit`` when it is a letter (``isLetterScalar(_:)``),
    /// ``upperBit`` when upper case, and its folded form (``Normalizer/fold(_:)``) under ``foldMask``.
    private static func properties(_ v: UInt32) -> UInt32 {
        (isLetterScalar(v) ? letterBit : 0) | (Normalizer.isUppercase(v) ? upperBit : 0) | (Normalizer.fold(v) & foldMask)
    }

    /// Emoticons recognised when no list is given.
    public static let defaultEmoticons: [String] = [
        ":)", ":-)", ":(", ":-(", ":D", ":-D", ";)", ";-)", ":P", ":-P", ":p", ":/", ":-/", ":'(", "<3",
        "xD", "XD", ":*", ":o", ":O", "^_^", "^^", ":|", "=)", "=(",
    ]

    /// `emoticons`: symbols recognised as emoticon tokens (emoji and single brackets are handled anyway).
    public init(emoticons: [String] = Tokenizer.defaultEmoticons) {
        var groups = [[[UInt8]]](repeating: [], count: 256)
        var pairs = [UInt64](repeating: 0, count: 1024)
        for emoticon in emoticons {
            let bytes = emoticon.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
            guard bytes.count >= 2, let first = bytes.first else { continue }
            if !groups[Int(first)].contains(bytes) { groups[Int(first)].append(bytes) }
            let pair = Int(first) << 8 | Int(bytes[1])
            pairs[pair >> 6] |= 1 << UInt64(pair & 63)
        }
        for index in groups.indices { groups[index].sort { $0.count > $1.count } }
        self.emoticons = groups
        self.emoticonPairs = pairs
        self.hasEmoticons = !emoticons.isEmpty
        self.emoticonList = emoticons
        self.smallScalars = Tokenizer.smallScalarProperties
    }

    // ASCII classes.
    private enum ByteClass: UInt8 { case space, letter, digit, punct, hash, at, apostrophe, hyphen, newline, bang, question, open, close, period }

    /// ASCII byte classes: range checks by subtraction, then a switch over single values, with no global array to
    /// retain. (Range patterns in the switch compiled to calls of `ClosedRange.contains`.)
    @inline(__always)
    private static func asciiClassOf(_ byte: UInt8) -> ByteClass {
        if byte &- 0x61 < 26 || byte &- 0x41 < 26 { return .letter }
        if byte &- 0x30 < 10 { return .digit }
        switch byte {
        case 0x20, 9, 11, 12, 13, 0: return .space
        case 10: return .newline
        case 0x23: return .hash
        case 0x40: return .at
        case 0x27: return .apostrophe
        case 0x2D: return .hyphen
        case 0x21: return .bang
        case 0x3F: return .question
        case 0x28: return .open
        case 0x29: return .close
        case 0x2E: return .period
        default: return .punct
        }
    }

    /// The token ranges refer to ``TokenizedText/text``: the input with HTML character references decoded
    /// ("&lt;3" → "<3", as feeds deliver them) and, for decomposed input, composed to NFC.
    public func tokenize(_ input: String) -> TokenizedText {
        var nothing = TokenizedText.empty
        return tokenize(input, reusing: &nothing)
    }

    /// ``tokenize(_:)`` into the arrays of `spent`, an earlier result that is no longer needed: a long run of texts
    /// then allocates no token or key arrays. `spent` is left empty.
    public func tokenize(_ input: String, reusing spent: inout TokenizedText) -> TokenizedText {
        var tokens: [Token] = [], folded: [UInt8] = []
        swap(&tokens, &spent.tokens)
        swap(&folded, &spent.folded)
        tokens.removeAll(keepingCapacity: true)
        folded.removeAll(keepingCapacity: true)
        // One pass decides whether the slow paths are needed: combining marks (0xCC/0xCD lead bytes), "&", "\\".
        var input = input
        input.makeContiguousUTF8()
        var needsNFC = false, mayHaveReferences = false
        input.utf8.withContiguousStorageIfAvailable { buffer in
            (needsNFC, mayHaveReferences) = Tokenizer.slowPathBytes(buffer)
        }
        var text = needsNFC ? input.precomposedStringWithCanonicalMapping : input
        if mayHaveReferences, let decoded = Normalizer.decodingCharacterReferences(text) {
            // Feeds sometimes escape twice ("&amp;quot;").
            text = Normalizer.decodingCharacterReferences(decoded) ?? decoded
        }
        text.makeContiguousUTF8()
        let result = text.utf8.withContiguousStorageIfAvailable { buffer in
            scan(text, buffer, tokens: &tokens, folded: &folded)
        }
        return result ?? TokenizedText(text: text, tokens: [], folded: [], exclamationCount: 0, questionCount: 0, isAllCaps: false)
    }

    /// Whether the text has a combining-mark lead byte (0xCC/0xCD: it needs NFC), and whether it has a "&" or "\\"
    /// (it may hold character references). Eight bytes at a time: this pass runs over every post.
    package static func slowPathBytes(_ buffer: UnsafeBufferPointer<UInt8>) -> (needsNFC: Bool, mayHaveReferences: Bool) {
        var needsNFC = false, mayHaveReferences = false
        var i = 0
        let n = buffer.count
        if let base = buffer.baseAddress {
            let raw = UnsafeRawPointer(base)
            while i + 8 <= n && !(needsNFC && mayHaveReferences) {
                let word = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                // 0xCC and 0xCD differ only in the lowest bit.
                if ByteWord.has(word | 0x0101_0101_0101_0101, 0xCD) { needsNFC = true }
                if ByteWord.has(word, 0x26) || ByteWord.has(word, 0x5C) { mayHaveReferences = true }
                i += 8
            }
        }
        while i < n {
            let byte = buffer[i]
            if byte == 0xCC || byte == 0xCD { needsNFC = true }
            if byte == 0x26 || byte == 0x5C { mayHaveReferences = true }
            i += 1
        }
        return (needsNFC, mayHaveReferences)
    }

    // MARK: - Scanning

    /// The scalar at `index` of UTF-8 bytes and its width (U+FFFD, 1 on a truncated sequence).
    @inline(__always)
    package static func decode(_ buffer: UnsafeBufferPointer<UInt8>, _ index: Int) -> (UInt32, Int) {
        let b0 = UInt32(buffer[index])
        if b0 < 0x80 { return (b0, 1) }
        let n = buffer.count
        if b0 < 0xE0, index + 1 < n {
            return (((b0 & 0x1F) << 6) | (UInt32(buffer[index + 1]) & 0x3F), 2)
        }
        if b0 < 0xF0, index + 2 < n {
            return (((b0 & 0x0F) << 12) | ((UInt32(buffer[index + 1]) & 0x3F) << 6) | (UInt32(buffer[index + 2]) & 0x3F), 3)
        }
        if index + 3 < n {
            return (((b0 & 0x07) << 18) | ((UInt32(buffer[index + 1]) & 0x3F) << 12)
                    | ((UInt32(buffer[index + 2]) & 0x3F) << 6) | (UInt32(buffer[index + 3]) & 0x3F), 4)
        }
        return (0xFFFD, 1)
    }

    @inline(__always)
    package static func isLetterScalar(_ v: UInt32) -> Bool {
        if v < 0x80 { return (v | 0x20) >= 0x61 && (v | 0x20) <= 0x7A }
        if v >= 0xC0 && v < 0x250 { return v != 0xD7 && v != 0xF7 }
        if v >= 0x400 && v < 0x530 { return true }
        if v >= 0x300 && v <= 0x36F { return true }
        if isEmojiScalar(v) { return false }
        return Unicode.Scalar(v)?.properties.isAlphabetic ?? false
    }

    /// Whether a scalar starts an emoji token.
    public static func isEmoji(_ value: UInt32) -> Bool { isEmojiScalar(value) }

    @inline(__always)
    static func isEmojiScalar(_ v: UInt32) -> Bool {
        if v < 0x2000 { return v == 0xA9 || v == 0xAE }
        if v < 0x2190 { return v == 0x203C || v == 0x2049 || v == 0x2122 || v == 0x2139 }
        if v >= 0x1F000 && v <= 0x1FAFF { return true }
        if v >= 0x2600 && v <= 0x27BF { return true }
        if v >= 0x2190 && v <= 0x2BFF || v == 0x3030 || v == 0x303D || v == 0x3297 || v == 0x3299 {
            return Unicode.Scalar(v)?.properties.isEmoji ?? false
        }
        return false
    }

    @inline(__always)
    private static func isEmojiJoiner(_ v: UInt32) -> Bool {
        v == 0xFE0F || v == 0xFE0E || v == 0x200D || v == 0x20E3 || (v >= 0x1F3FB && v <= 0x1F3FF) || (v >= 0xE0020 && v <= 0xE007F)
    }

    struct EmoticonMatch {
        /// The emoticon as listed (lower-cased ASCII): the key.
        var candidate: [UInt8]
        /// Bytes consumed, repeats included.
        var total: Int
        /// 1 + repeats of the last character (":)))" → 3).
        var count: Int
    }

    @inline(__always)
    private static func lower(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b | 0x20 : b }

    /// Matches an emoticon at `index`, case-insensitively for ASCII letters ("xD", "XD", "xd").
    private func matchEmoticon(_ buffer: UnsafeBufferPointer<UInt8>, at index: Int) -> EmoticonMatch? {
        let n = buffer.count
        guard index + 1 < n else { return nil }
        let pair = Int(Tokenizer.lower(buffer[index])) << 8 | Int(Tokenizer.lower(buffer[index + 1]))
        if emoticonPairs[pair >> 6] & (1 << UInt64(pair & 63)) == 0 { return nil }
        let group = emoticons[Int(Tokenizer.lower(buffer[index]))]
        if group.isEmpty { return nil }
        outer: for candidate in group {
            let length = candidate.count
            if index + length > n { continue }
            // A mouth of underscores may be stretched (";_____;", "T____T", "^___^"); it matches one "_".
            var stretch = 0
            for k in 0..<length {
                let expected = candidate[k]
                if Tokenizer.lower(buffer[index + k + stretch]) != expected { continue outer }
                if expected == UInt8(ascii: "_") {
                    while index + k + stretch + 1 < n && buffer[index + k + stretch + 1] == UInt8(ascii: "_") { stretch += 1 }
                    if index + length + stretch > n { continue outer }
                }
            }
            // ":/" next to a letter or before another "/" is a broken or truncated URL ("http://", "htt…p:/"), not a frown.
            if candidate.last == UInt8(ascii: "/") {
                if index + length < n && buffer[index + length] == UInt8(ascii: "/") { continue }
                if index > 0 && Tokenizer.isWordByte(buffer[index - 1]) { continue }
            }
            // A repeated last character belongs to the emoticon (":)))", ":DDD", "xDDD", ":((((", and ":ССС" typed on
            // a Russian keyboard, whose last letter takes two bytes).
            var end = index + length + stretch
            var count = 1
            if let last = candidate.last, last < 0x80, !(candidate.count == 2 && candidate[0] == last) {
                while end < n && Tokenizer.lower(buffer[end]) == last { end += 1; count += 1 }
            } else if let lead = candidate.lastIndex(where: { $0 & 0xC0 != 0x80 }), candidate[lead] >= 0x80, lead > 0 {
                let width = length - lead
                while end + width <= n && (0..<width).allSatisfy({ buffer[end + $0] == candidate[lead + $0] }) {
                    end += width
                    count += 1
                }
            }
            // An emoticon ending in a letter or digit must end at a word boundary (":Dupa", "xDupa" are not).
            if end < n, let last = candidate.last {
                let next = buffer[end]
                if (Tokenizer.isWordByte(last) || last >= 0x80) && (Tokenizer.isWordByte(next) || next >= 0x80) { continue }
            }
            return EmoticonMatch(candidate: candidate, total: end - index, count: count)
        }
        return nil
    }

    private func emitEmoticon(_ match: EmoticonMatch, at i: Int, _ state: inout ScanState) -> Int {
        let keyStart = state.folded.count
        state.folded.append(contentsOf: match.candidate)
        state.emit(.emoticon, i, i + match.total, keyStart: keyStart, count: match.count)
        return i + match.total
    }

    @inline(__always)
    private static func isWordByte(_ b: UInt8) -> Bool {
        b < 0x80 && (asciiClassOf(b) == .letter || asciiClassOf(b) == .digit)
    }

    /// The folded keys being written: a growable byte buffer without the per-append uniqueness checks of an
    /// array. The scan owns it and frees it (``release()``) after copying it into ``TokenizedText/folded``.
    struct FoldedBuffer {
        private(set) var base: UnsafeMutablePointer<UInt8>
        private(set) var count = 0
        private var capacity: Int

        init(capacity: Int) {
            self.capacity = max(16, capacity)
            base = UnsafeMutablePointer<UInt8>.allocate(capacity: self.capacity)
        }

        private mutating func grow(_ needed: Int) {
            let newCapacity = max(capacity * 2, count + needed)
            let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
            newBase.update(from: base, count: count)
            base.deallocate()
            base = newBase
            capacity = newCapacity
        }

        mutating func truncate(to newCount: Int) {
            count = min(count, max(0, newCount))
        }

        /// Room for `extra` more bytes, written through `base` and then committed with ``commit(count:)``.
        @inline(__always)
        mutating func reserve(_ extra: Int) {
            if count + extra > capacity { grow(extra) }
        }

        /// Takes the bytes written past `count` through `base` after ``reserve(_:)``.
        @inline(__always)
        mutating func commit(count newCount: Int) {
            precondition(newCount >= count && newCount <= capacity)
            count = newCount
        }

        @inline(__always)
        mutating func append(_ byte: UInt8) {
            if count == capacity { grow(1) }
            base[count] = byte
            count += 1
        }

        mutating func append(contentsOf bytes: [UInt8]) {
            if count + bytes.count > capacity { grow(bytes.count) }
            for byte in bytes {
                base[count] = byte
                count += 1
            }
        }

        /// Same bytes as ``Normalizer/appendUTF8(_:to:)``.
        @inline(__always)
        mutating func appendUTF8(_ value: UInt32) {
            if count + 4 > capacity { grow(4) }
            if value < 0x80 {
                base[count] = UInt8(value)
                count += 1
            } else if value < 0x800 {
                base[count] = UInt8(0xC0 | (value >> 6))
                base[count + 1] = UInt8(0x80 | (value & 0x3F))
                count += 2
            } else if value < 0x10000 {
                base[count] = UInt8(0xE0 | (value >> 12))
                base[count + 1] = UInt8(0x80 | ((value >> 6) & 0x3F))
                base[count + 2] = UInt8(0x80 | (value & 0x3F))
                count += 3
            } else {
                base[count] = UInt8(0xF0 | (value >> 18))
                base[count + 1] = UInt8(0x80 | ((value >> 12) & 0x3F))
                base[count + 2] = UInt8(0x80 | ((value >> 6) & 0x3F))
                base[count + 3] = UInt8(0x80 | (value & 0x3F))
                count += 4
            }
        }

        func release() { base.deallocate() }
    }

    private struct ScanState {
        var tokens: [Token] = []
        var folded: FoldedBuffer
        var upperLetters = 0
        var lowerLetters = 0

        /// Takes the (empty) array `tokens` for its capacity.
        init(capacity: Int, tokens: inout [Token]) {
            swap(&self.tokens, &tokens)
            self.tokens.reserveCapacity(capacity / 4 + 4)
            folded = FoldedBuffer(capacity: capacity + 8)
        }

        mutating func emit(_ kind: TokenKind, _ start: Int, _ end: Int, keyStart: Int, count: Int = 1, apostrophe: Int = -1, flags: Token.Flags = Token.Flags()) {
            tokens.append(Token(kind: kind, utf8Start: Int32(start), utf8End: Int32(end),
                                keyStart: Int32(keyStart), keyEnd: Int32(folded.count), count: Int16(clamping: count),
                                apostropheOffset: Int16(clamping: apostrophe), flags: flags))
        }
    }

    /// Whether the folded bytes after a word's apostrophe are an English clitic: 's 'll 're 've 'd 'm. The clitic
    /// is no part of the word's key, so "he'll" is "he" (never "hell"), "it's" is "it" and "Orange's" is "orange";
    /// "don't" and Polish "Orange'a" keep theirs. The lexicon reads its terms with the same rule.
    public static func isEnglishClitic(_ tail: UnsafeBufferPointer<UInt8>) -> Bool {
        switch tail.count {
        case 1: return tail[0] == UInt8(ascii: "s") || tail[0] == UInt8(ascii: "d") || tail[0] == UInt8(ascii: "m")
        case 2:
            let pair = (tail[0], tail[1])
            return pair == (UInt8(ascii: "l"), UInt8(ascii: "l")) || pair == (UInt8(ascii: "r"), UInt8(ascii: "e"))
                || pair == (UInt8(ascii: "v"), UInt8(ascii: "e"))
        default: return false
        }
    }

    /// `tokens` and `folded` are empty arrays whose capacity the result takes over.
    private func scan(_ text: String, _ buffer: UnsafeBufferPointer<UInt8>, tokens: inout [Token], folded: inout [UInt8]) -> TokenizedText {
        let n = buffer.count
        var state = ScanState(capacity: n, tokens: &tokens)
        defer { state.folded.release() }
        var exclamations = 0, questions = 0
        // Bracket balance: a ")" that closes an open "(" is a bracket, not a smiley.
        var openBrackets = 0

        var i = 0
        while i < n {
            let byte = buffer[i]
            if byte < 0x80 {
                let cls = Tokenizer.asciiClassOf(byte)
                if hasEmoticons, cls != .letter, cls != .digit, cls != .space, cls != .newline, !emoticons[Int(Tokenizer.lower(byte))].isEmpty,
                   let match = matchEmoticon(buffer, at: i) {
                    i = emitEmoticon(match, at: i, &state)
                    continue
                }
                switch cls {
                case .space:
                    i += 1
                    continue
                case .newline:
                    let keyStart = state.folded.count
                    state.folded.append(byte)
                    state.emit(.punctuation, i, i + 1, keyStart: keyStart)
                    i += 1
                    continue
                case .letter, .digit:
                    if hasEmoticons, !emoticons[Int(Tokenizer.lower(byte))].isEmpty, i == 0 || !Tokenizer.isWordByte(buffer[i - 1]),
                       let match = matchEmoticon(buffer, at: i) {
                        i = emitEmoticon(match, at: i, &state)
                        continue
                    }
                    if cls == .digit {
                        i = scanNumber(buffer, i, &state)
                        continue
                    }
                    if (byte == UInt8(ascii: "h") || byte == UInt8(ascii: "w")), let end = Tokenizer.urlEnd(buffer, i) {
                        state.emit(.url, i, end, keyStart: state.folded.count)
                        i = end
                        continue
                    }
                    i = scanWord(buffer, i, &state)
                    continue
                case .hash, .at:
                    let start = i
                    var j = i + 1
                    let keyStart = state.folded.count
                    while j < n {
                        // ASCII letters, digits and "_" fold to themselves in lower case.
                        let b = buffer[j]
                        if b &- 0x61 < 26 || b &- 0x30 < 10 || b == 0x5F {
                            state.folded.append(b)
                            j += 1
                            continue
                        }
                        if b &- 0x41 < 26 {
                            state.folded.append(b | 0x20)
                            j += 1
                            continue
                        }
                        let (v, len) = Tokenizer.decode(buffer, j)
                        // Below U+0800 (every Polish, Romanian and Cyrillic letter) the table answers both questions.
                        let small = v < 0x800 ? smallScalars[Int(v)] : 0
                        if (v < 0x800 ? small & Tokenizer.letterBit != 0 : Tokenizer.isLetterScalar(v)) || (v >= 0x30 && v <= 0x39) || v == 0x5F
                            || (cls == .at && v == 0x2E && j + 1 < n && Tokenizer.isWordByte(buffer[j + 1])) {
                            let f = v < 0x800 ? small & Tokenizer.foldMask : Normalizer.fold(v)
                            if f != 0 { state.folded.appendUTF8(f) }
                            j += len
                        } else { break }
                    }
                    if j > i + 1 {
                        state.emit(cls == .hash ? .hashtag : .handle, start, j, keyStart: keyStart)
                        i = j
                        continue
                    }
                    state.folded.append(byte)
                    state.emit(.punctuation, i, i + 1, keyStart: keyStart)
                    i += 1
                    continue
                case .bang, .question:
                    let start = i
                    let keyStart = state.folded.count
                    var bangs = 0, marks = 0
                    while i < n && (buffer[i] == UInt8(ascii: "!") || buffer[i] == UInt8(ascii: "?")) {
                        if buffer[i] == UInt8(ascii: "!") { bangs += 1 } else { marks += 1 }
                        i += 1
                    }
                    exclamations += bangs
                    questions += marks
                    state.folded.append(marks > 0 ? UInt8(ascii: "?") : UInt8(ascii: "!"))
                    state.emit(.punctuation, start, i, keyStart: keyStart, count: bangs + marks)
                    continue
                case .open, .close:
                    if hasEmoticons, byte == UInt8(ascii: "("), let match = matchEmoticon(buffer, at: i) {
                        i = emitEmoticon(match, at: i, &state)
                        continue
                    }
                    let start = i
                    while i < n && buffer[i] == byte { i += 1 }
                    var run = i - start
                    let keyStart = state.folded.count
                    if cls == .close {
                        let closing = min(openBrackets, run)
                        openBrackets -= closing
                        if closing > 0 {
                            state.folded.append(byte)
                            state.emit(.punctuation, start, start + closing, keyStart: keyStart, count: closing)
                        }
                        run -= closing
                        if run == 1, closing == 0, Tokenizer.endsListMarker(buffer, at: start) {
                            // "1) cena 2) dostawa", "a) zwrot": an enumeration, not a smile.
                            state.folded.append(byte)
                            state.emit(.punctuation, start, i, keyStart: keyStart, count: 1)
                            run = 0
                        }
                        if run > 0 {
                            let runStart = start + closing
                            let keyStart = state.folded.count
                            state.folded.append(byte)
                            state.emit(.emoticon, runStart, i, keyStart: keyStart, count: run)
                        }
                    } else {
                        // "(((" is a frown; a lone "(" is a bracket unless nothing closes it, or when a word
                        // follows it directly: "(iPhone 6" in a cut-off post opens a bracket, "жаль (" frowns.
                        let opensWord = run == 1 && i < n && (Tokenizer.isWordByte(buffer[i]) || (buffer[i] >= 0x80 && Tokenizer.isLetterScalar(Tokenizer.decode(buffer, i).0)))
                        if run >= 2 || (!opensWord && !Tokenizer.hasClosing(buffer, from: i)) {
                            state.folded.append(byte)
                            state.emit(.emoticon, start, i, keyStart: keyStart, count: run)
                        } else {
                            openBrackets += run
                            state.folded.append(byte)
                            state.emit(.punctuation, start, i, keyStart: keyStart, count: run)
                        }
                    }
                    continue
                case .period:
                    let start = i
                    while i < n && buffer[i] == byte { i += 1 }
                    let keyStart = state.folded.count
                    state.folded.append(byte)
                    state.emit(.punctuation, start, i, keyStart: keyStart, count: i - start)
                    continue
                case .apostrophe, .hyphen, .punct:
                    // A hyphen inside "5-star" or "covid-19" joins, it does not end a clause.
                    if cls == .hyphen, i > 0, i + 1 < n, Tokenizer.isWordByte(buffer[i - 1]) || buffer[i - 1] >= 0x80,
                       Tokenizer.isWordByte(buffer[i + 1]) || buffer[i + 1] >= 0x80 {
                        i += 1
                        continue
                    }
                    if hasEmoticons, let match = matchEmoticon(buffer, at: i) {
                        i = emitEmoticon(match, at: i, &state)
                        continue
                    }
                    let keyStart = state.folded.count
                    state.folded.append(byte)
                    state.emit(.punctuation, i, i + 1, keyStart: keyStart)
                    i += 1
                    continue
                }
            }
            // Non-ASCII.
            let (v, len) = Tokenizer.decode(buffer, i)
            if hasEmoticons, !emoticons[Int(Tokenizer.lower(byte))].isEmpty, let match = matchEmoticon(buffer, at: i) {
                i = emitEmoticon(match, at: i, &state)
                continue
            }
            if (v < 0x800 ? smallScalars[Int(v)] & Tokenizer.letterBit != 0 : Tokenizer.isLetterScalar(v)) && !(v >= 0x300 && v <= 0x36F) {
                i = scanWord(buffer, i, &state)
                continue
            }
            if Tokenizer.isEmojiScalar(v) {
                let start = i
                let keyStart = state.folded.count
                state.folded.appendUTF8(v)
                i += len
                let regional = v >= 0x1F1E6 && v <= 0x1F1FF
                if regional, i < n {
                    let (w, wl) = Tokenizer.decode(buffer, i)
                    if w >= 0x1F1E6 && w <= 0x1F1FF { state.folded.appendUTF8(w); i += wl }
                }
                while i < n {
                    let (w, wl) = Tokenizer.decode(buffer, i)
                    if w == 0x200D {
                        i += wl
                        if i < n {
                            let (x, xl) = Tokenizer.decode(buffer, i)
                            if Tokenizer.isEmojiScalar(x) {
                                state.folded.appendUTF8(0x200D)
                                state.folded.appendUTF8(x)
                                i += xl
                            }
                        }
                    } else if Tokenizer.isEmojiJoiner(w) {
                        i += wl  // variation selectors, skin tones, keycap, tags: not part of the key
                    } else { break }
                }
                state.emit(.emoji, start, i, keyStart: keyStart)
                continue
            }
            if v == 0x2026 {  // …
                let keyStart = state.folded.count
                state.folded.append(UInt8(ascii: "."))
                state.emit(.punctuation, i, i + len, keyStart: keyStart, count: 3)
                i += len
                continue
            }
            if v == 0x00A0 || v == 0x2028 || v == 0x2029 || (v >= 0x2000 && v <= 0x200B) || v == 0x3000 || v == 0xFEFF || v == 0x200D || v == 0xFE0F {
                i += len
                continue
            }
            if hasEmoticons, let match = matchEmoticon(buffer, at: i) {
                i = emitEmoticon(match, at: i, &state)
                continue
            }
            let keyStart = state.folded.count
            // Dashes and other punctuation keep their scalar as key.
            let mapped: UInt32 = (v == 0x2013 || v == 0x2014) ? 0x2D : v
            state.folded.appendUTF8(mapped)
            state.emit(.punctuation, i, i + len, keyStart: keyStart)
            i += len
        }
        let allCaps = state.upperLetters >= 4 && state.lowerLetters == 0
        var keys: [UInt8] = []
        swap(&keys, &folded)
        keys.append(contentsOf: UnsafeBufferPointer(start: state.folded.base, count: state.folded.count))
        return TokenizedText(text: text, tokens: state.tokens, folded: keys, exclamationCount: exclamations,
                             questionCount: questions, isAllCaps: allCaps)
    }

    private func scanNumber(_ buffer: UnsafeBufferPointer<UInt8>, _ begin: Int, _ state: inout ScanState) -> Int {
        let n = buffer.count
        var i = begin
        let start = i
        let keyStart = state.folded.count
        while i < n {
            let b = buffer[i]
            if b < 0x80 && Tokenizer.asciiClassOf(b) == .digit {
                state.folded.append(b); i += 1
            } else if (b == UInt8(ascii: ".") || b == UInt8(ascii: ",")) && i + 1 < n
                        && buffer[i + 1] < 0x80 && Tokenizer.asciiClassOf(buffer[i + 1]) == .digit {
                state.folded.append(b); i += 1
            } else { break }
        }
        state.emit(.number, start, i, keyStart: keyStart)
        return i
    }

    /// Whether the bytes before `index` are a list marker that a ")" closes: one or two digits, or one letter
    /// a–z or а–д, standing at the start of the text or after a space or a clause mark ("1)", "b)", "в)").
    static func endsListMarker(_ buffer: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        var markerStart = index
        if markerStart >= 1, buffer[markerStart - 1] >= 0x30, buffer[markerStart - 1] <= 0x39 {
            markerStart -= 1
            if markerStart >= 1, buffer[markerStart - 1] >= 0x30, buffer[markerStart - 1] <= 0x39 { markerStart -= 1 }
        } else if markerStart >= 1, lower(buffer[markerStart - 1]) >= 0x61, lower(buffer[markerStart - 1]) <= 0x7A {
            markerStart -= 1
        } else if markerStart >= 2, buffer[markerStart - 2] == 0xD0, buffer[markerStart - 1] >= 0xB0, buffer[markerStart - 1] <= 0xB4 {
            markerStart -= 2  // а б в г д
        } else if markerStart >= 2, buffer[markerStart - 2] == 0xD0, buffer[markerStart - 1] >= 0x90, buffer[markerStart - 1] <= 0x94 {
            markerStart -= 2  // А Б В Г Д
        } else {
            return false
        }
        guard markerStart > 0 else { return true }
        switch buffer[markerStart - 1] {
        case 0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: ":"), UInt8(ascii: ";"), UInt8(ascii: ","), UInt8(ascii: "."): return true
        default: return false
        }
    }

    private static func hasClosing(_ buffer: UnsafeBufferPointer<UInt8>, from index: Int) -> Bool {
        var j = index
        while j < buffer.count {
            if buffer[j] == UInt8(ascii: ")") { return true }
            j += 1
        }
        return false
    }

    /// The end of a URL starting at `i` ("http://", "https://", "www."), or nil.
    private static func urlEnd(_ buffer: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int? {
        func has(_ prefix: StaticString) -> Bool {
            let count = prefix.utf8CodeUnitCount
            guard i + count <= buffer.count else { return false }
            return prefix.withUTF8Buffer { p in
                for k in 0..<count where (buffer[i + k] | (buffer[i + k] >= 0x41 && buffer[i + k] <= 0x5A ? 0x20 : 0)) != p[k] { return false }
                return true
            }
        }
        guard has("http://") || has("https://") || has("www.") else { return nil }
        if i > 0 && isWordByte(buffer[i - 1]) { return nil }
        var j = i
        while j < buffer.count {
            let b = buffer[j]
            if b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D || b == UInt8(ascii: "\"") || b == UInt8(ascii: "<") { break }
            if b >= 0x80 {
                // Stop at non-ASCII letters/emoji that follow a URL without a space.
                let (v, _) = decode(buffer, j)
                if v == 0x2026 || isEmojiScalar(v) || v == 0xA0 || isLetterScalar(v) { break }
            }
            j += 1
        }
        // Trailing punctuation is not part of the URL.
        while j > i, let last = Optional(buffer[j - 1]),
              last == UInt8(ascii: ".") || last == UInt8(ascii: ",") || last == UInt8(ascii: ")") || last == UInt8(ascii: "!")
                || last == UInt8(ascii: "?") || last == UInt8(ascii: ":") || last == UInt8(ascii: ";") {
            j -= 1
        }
        return j
    }

    /// Scans a word starting at `i`, folding it into `folded`; splits at hyphens. Returns the end.
    private func scanWord(_ buffer: UnsafeBufferPointer<UInt8>, _ start: Int, _ state: inout ScanState) -> Int {
        let n = buffer.count
        var i = start
        var afterHyphen = false
        if start > 0 && buffer[start - 1] == UInt8(ascii: "-") && start >= 2 {
            let (p, _) = Tokenizer.decode(buffer, start - 2)
            if Tokenizer.isLetterScalar(p) || buffer[start - 2] >= 0x80 { afterHyphen = true }
        }
        while true {
            let wordStart = i
            let keyStart = state.folded.count
            var letters = 0, upper = 0, lower = 0
            var apostrophe = -1
            var previous: UInt32 = 0
            var run = 0
            var elongated = false
            var innerCapital = false
            while i < n {
                let byte = buffer[i]
                if byte < 0x80 {
                    // ASCII fast path: the whole run of letters (and digits after a letter) in one tight loop, with
                    // the counters in registers and the key written without a capacity check per byte.
                    if byte &- 0x61 < 26 || byte &- 0x41 < 26 || (byte &- 0x30 < 10 && letters > 0) {
                        state.folded.reserve(n - i) // one key byte per text byte at most
                        let out = state.folded.base
                        var written = state.folded.count
                        var j = i
                        var runPrevious = previous, runLength = run
                        var runUpper = upper, runLower = lower
                        var runElongated = elongated, runInnerCapital = innerCapital
                        while j < n {
                            var f = buffer[j]
                            if f &- 0x61 < 26 {
                                runLower += 1
                            } else if f &- 0x41 < 26 {
                                runUpper += 1
                                if runLower > 0 { runInnerCapital = true }
                                f |= 0x20
                            } else if !(f &- 0x30 < 10 && letters + (j - i) > 0) {
                                break
                            }
                            out[written] = f
                            written += 1
                            if UInt32(f) == runPrevious {
                                runLength += 1
                                if runLength >= 3 { runElongated = true }
                            } else {
                                runPrevious = UInt32(f); runLength = 1
                            }
                            j += 1
                        }
                        state.folded.commit(count: written)
                        previous = runPrevious; run = runLength
                        upper = runUpper; lower = runLower
                        elongated = runElongated; innerCapital = runInnerCapital
                        letters += j - i
                        i = j
                        continue
                    }
                    if Tokenizer.asciiClassOf(byte) != .apostrophe { break }
                }
                let (v, len) = Tokenizer.decode(buffer, i)
                // Below U+0800 (every Polish, Romanian and Cyrillic letter) from one table entry; above it, the case
                // and the fold only of a letter (an emoji after a word ends it).
                let properties = v < 0x800 ? smallScalars[Int(v)] : Tokenizer.isLetterScalar(v) ? Tokenizer.properties(v) : 0
                if properties & Tokenizer.letterBit != 0 || (v >= 0x30 && v <= 0x39 && letters > 0) {
                    if properties & Tokenizer.upperBit != 0 { upper += 1; if lower > 0 { innerCapital = true } } else if v > 0x39 { lower += 1 }
                    let f = properties & Tokenizer.foldMask
                    if f != 0 {
                        state.folded.appendUTF8(f)
                        if f == previous { run += 1; if run >= 3 { elongated = true } } else { previous = f; run = 1 }
                    }
                    letters += 1
                    i += len
                    continue
                }
                // An apostrophe between letters stays inside the word ("don't", "Orange'a").
                if (v == 0x27 || v == 0x2019 || v == 0x02BC) && letters > 0 && i + len < n {
                    let (w, _) = Tokenizer.decode(buffer, i + len)
                    if Tokenizer.isLetterScalar(w) {
                        if apostrophe < 0 { apostrophe = state.folded.count - keyStart }
                        i += len
                        continue
                    }
                }
                break
            }
            state.upperLetters += upper
            state.lowerLetters += lower
            if apostrophe > 0 {
                let tail = UnsafeBufferPointer(start: state.folded.base + keyStart + apostrophe, count: state.folded.count - keyStart - apostrophe)
                if Tokenizer.isEnglishClitic(tail) {
                    state.folded.truncate(to: keyStart + apostrophe)
                    apostrophe = -1
                }
            }
            // A hyphen joined to a following letter splits the word; a short first part is a clitic ("n-", "mi-").
            var beforeHyphen = false
            if i + 1 < n && buffer[i] == UInt8(ascii: "-") {
                let (w, _) = Tokenizer.decode(buffer, i + 1)
                if Tokenizer.isLetterScalar(w) { beforeHyphen = true }
            }
            if beforeHyphen && letters <= 3 { state.folded.append(UInt8(ascii: "-")) }
            var flags = Token.Flags()
            if upper >= 2 && lower == 0 { flags.insert(.allCaps) }
            if upper > 0 { flags.insert(.hasCapital) }
            if innerCapital { flags.insert(.innerCapital) }
            if elongated { flags.insert(.elongated) }
            if afterHyphen { flags.insert(.afterHyphen) }
            if beforeHyphen { flags.insert(.beforeHyphen) }
            state.emit(.word, wordStart, i, keyStart: keyStart, apostrophe: apostrophe, flags: flags)
            if beforeHyphen {
                i += 1
                afterHyphen = true
                continue
            }
            return i
        }
    }
}
