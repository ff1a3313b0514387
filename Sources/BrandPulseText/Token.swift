/// What a token is. URLs and handles are kept out of scoring; hashtags are split into words later.
public enum TokenKind: UInt8, Sendable, Hashable, Codable {
    case word, number, url, handle, hashtag, emoji, emoticon, punctuation
}

/// One token of a text. The folded key lives in ``TokenizedText/folded`` between `keyStart` and `keyEnd`.
public struct Token: Sendable, Hashable {
    public var kind: TokenKind
    /// UTF-8 offsets of the token in the original text (``TokenizedText/range(_:)`` gives the string range).
    public var utf8Start: Int32
    public var utf8End: Int32
    /// The folded key: lower case, diacritics folded, apostrophes dropped; without `#`/`@`.
    /// A clitic before a hyphen keeps it ("n-am" → "n-", "am"). Emoji keys drop variation selectors
    /// and skin tones; emoticon keys are the raw characters; a bracket run `)))` has key `)` and count 3.
    public var keyStart: Int32
    public var keyEnd: Int32
    /// Run length: `)))` → 3, `!!!` → 3, `...` → 3; 1 otherwise.
    public var count: Int16
    /// Offset in the key where an apostrophe was dropped ("Orange'a" → 6), or -1.
    public var apostropheOffset: Int16
    public var flags: Flags

    /// Write the empty set as `Flags()`: the literal `[]` goes through an array, built and released at every use,
    /// which the tokenizer's hot loop paid per token.
    public struct Flags: OptionSet, Sendable, Hashable {
        public var rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        /// Every letter is upper case, with at least two letters ("SUPER").
        public static let allCaps = Flags(rawValue: 1)
        /// Directly preceded by a hyphen joined to a word ("eMAG-ul" → "ul").
        public static let afterHyphen = Flags(rawValue: 2)
        /// Directly followed by a hyphen joined to a word.
        public static let beforeHyphen = Flags(rawValue: 4)
        /// Has a run of three or more identical letters ("suuuper").
        public static let elongated = Flags(rawValue: 8)
        /// Contains an upper-case letter after a lower-case one ("BestService", "eMAG").
        public static let innerCapital = Flags(rawValue: 16)
        /// Has at least one upper-case letter.
        public static let hasCapital = Flags(rawValue: 32)
    }

    public init(kind: TokenKind, utf8Start: Int32, utf8End: Int32,
                keyStart: Int32, keyEnd: Int32, count: Int16 = 1, apostropheOffset: Int16 = -1, flags: Flags = Flags()) {
        self.kind = kind
        self.utf8Start = utf8Start
        self.utf8End = utf8End
        self.keyStart = keyStart
        self.keyEnd = keyEnd
        self.count = count
        self.apostropheOffset = apostropheOffset
        self.flags = flags
    }

    /// Whether the token ends a sentence (`.`, `!`, `?`, newline).
    public func isSentenceEnd(in text: TokenizedText) -> Bool {
        guard kind == .punctuation, keyEnd > keyStart else { return false }
        let byte = text.folded[Int(keyStart)]
        return byte == UInt8(ascii: ".") || byte == UInt8(ascii: "!") || byte == UInt8(ascii: "?")
            || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: ";")
    }
}

/// A tokenized text: the tokens, their folded keys in one buffer, and text-level counts.
public struct TokenizedText: Sendable {
    public var text: String
    public var tokens: [Token]
    /// All folded keys, back to back.
    public var folded: [UInt8]
    /// Total "!" in the text.
    public var exclamationCount: Int
    /// Total "?" in the text.
    public var questionCount: Int
    /// Whether every letter of the text is upper case (then caps carry no emphasis).
    public var isAllCaps: Bool

    public init(text: String, tokens: [Token], folded: [UInt8], exclamationCount: Int, questionCount: Int, isAllCaps: Bool) {
        self.text = text
        self.tokens = tokens
        self.folded = folded
        self.exclamationCount = exclamationCount
        self.questionCount = questionCount
        self.isAllCaps = isAllCaps
    }

    /// No text: what ``Tokenizer/tokenize(_:reusing:)`` leaves behind in the result it reuses.
    public static var empty: TokenizedText {
        TokenizedText(text: "", tokens: [], folded: [], exclamationCount: 0, questionCount: 0, isAllCaps: false)
    }

    /// The folded key of a token as a string (for tests, explanations and tools; not for hot loops).
    public func key(_ token: Token) -> String {
        String(decoding: folded[Int(token.keyStart)..<Int(token.keyEnd)], as: UTF8.self)
    }

    /// Where the token is in the original text. Computed on demand: most tokens are never shown, and building
    /// two string indices per token was a tenth of the tokenizer's time.
    public func range(_ token: Token) -> Range<String.Index> {
        text.range(utf8Offsets: Int(token.utf8Start)..<Int(token.utf8End))
    }

    /// The token's original text.
    public func surface(_ token: Token) -> Substring { text[range(token)] }
}

extension String {
    /// The range of UTF-8 offsets `offsets` as string indices (tokens and mentions keep offsets only).
    package func range(utf8Offsets offsets: Range<Int>) -> Range<String.Index> {
        let lower = utf8.index(utf8.startIndex, offsetBy: offsets.lowerBound)
        return lower..<utf8.index(lower, offsetBy: offsets.count)
    }
}
