import BrandPulseText

/// Hashtag and @handle extraction (Unicode-aware: "#Пятёрочка", "#promocjaŚwiąteczna").
public enum SocialTags {
    /// Hashtags as written, with the "#", in text order, without duplicates (compared folded).
    public static func hashtags(in text: TokenizedText) -> [String] { collect(.hashtag, in: text) }

    /// @handles as written, with the "@", in text order, without duplicates (compared folded).
    public static func handles(in text: TokenizedText) -> [String] { collect(.handle, in: text) }

    private static func collect(_ kind: TokenKind, in text: TokenizedText) -> [String] {
        var result: [String] = []
        // A post has a few tags: earlier keys are compared in place rather than hashed into a set.
        var seen: [Range<Int>] = []
        let folded = text.folded
        for token in text.tokens where token.kind == kind {
            let key = Int(token.keyStart)..<Int(token.keyEnd)
            if seen.contains(where: { folded[$0].elementsEqual(folded[key]) }) { continue }
            seen.append(key)
            result.append(String(text.surface(token)))
        }
        return result
    }
}

/// A key under which reposts and near-copies of a post collide: the folded words of the text, with URLs,
/// @handles, "RT" markers and punctuation removed, hashed with FNV-1a (64 bit).
public struct NearDuplicateKey: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The normalized text the hash is taken over.
    public var normalized: String
    public var hash: UInt64

    public init(_ text: String, tokenizer: Tokenizer = Tokenizer(emoticons: [])) {
        self.init(tokenizer.tokenize(text))
    }

    public init(_ text: TokenizedText) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.folded.count)
        for token in text.tokens {
            switch token.kind {
            case .word, .number, .hashtag, .emoji:
                let key = text.folded[Int(token.keyStart)..<Int(token.keyEnd)]
                if token.kind == .word, key.elementsEqual("rt".utf8) || key.elementsEqual("via".utf8) { continue }
                if !bytes.isEmpty { bytes.append(0x20) }
                bytes.append(contentsOf: key)
            case .url, .handle, .emoticon, .punctuation:
                continue
            }
        }
        normalized = String(decoding: bytes, as: UTF8.self)
        hash = bytes.withUnsafeBufferPointer { KeyTable.hash($0) }
    }

    /// The hash as 16 hex digits.
    public var description: String {
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: max(0, 16 - hex.count)) + hex
    }
}
