/// Small normalizations every adapter shares.
enum EntryRules {
    /// `en_US` → `en-US`, trimmed; nil when empty.
    static func language(_ value: String?) -> String? {
        guard let value = value.map({ $0.trimmingASCIIWhitespace() }), !value.isEmpty else { return nil }
        return value.replacingOccurrences(of: "_", with: "-")
    }

    /// Trimmed, nil when empty.
    static func nonEmpty(_ value: String?) -> String? {
        guard let value else { return nil }
        let t = URLResolver.trimmed(value)
        return t.isEmpty ? nil : t
    }

    /// The display name in an RSS author: `email (Name)`, `Name (email)`, `Name <email>` or `Name`.
    static func rssAuthorName(_ raw: String?) -> String? {
        guard let text = raw.flatMap(Sanitizer.plainText) else { return nil }
        let bytes = text.utf8
        guard let last = bytes.last, last == UInt8(ascii: ")") || last == UInt8(ascii: ">") else { return text }
        let hasAt = bytes.contains(UInt8(ascii: "@"))
        guard hasAt else { return text }
        if last == UInt8(ascii: ")"), let open = bytes.firstIndex(of: UInt8(ascii: "(")) {
            let inside = String(text[bytes.index(after: open)..<bytes.index(before: bytes.endIndex)])
            let outside = String(text[..<open])
            // "email (Name)" or "Name (email)"
            if outside.utf8.contains(UInt8(ascii: "@")), let n = Sanitizer.plainText(inside) { return n }
            if inside.utf8.contains(UInt8(ascii: "@")), let n = Sanitizer.plainText(outside) { return n }
        }
        if last == UInt8(ascii: ">"), let lt = bytes.firstIndex(of: UInt8(ascii: "<")), let n = Sanitizer.plainText(String(text[..<lt])) {
            return n.hasSuffix(",") ? String(n.dropLast()) : n
        }
        return text
    }
}
