/// Turns feed text into the plain text of the normalization contract: HTML rendered to text,
/// character references decoded, Unicode White_Space collapsed, the result trimmed.
enum Sanitizer {
    /// Plain text of an HTML fragment; nil when nothing is left.
    static func htmlToText(_ html: String) -> String? {
        var source = html
        return source.withUTF8 { bytes in
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count)
            render(bytes, into: &out)
            return collapsedInPlace(&out)
        }
    }

    /// The literal text with whitespace collapsed; nil when empty.
    static func plainText(_ text: String) -> String? {
        var source = text
        return source.withUTF8 { bytes in collapsed(bytes) }
    }

    /// Literal text in which only character references are decoded (Reddit escapes `&`, `<`, `>` so);
    /// whitespace collapsed, nil when empty.
    static func decodedText(_ text: String) -> String? {
        guard text.utf8.contains(UInt8(ascii: "&")) else { return plainText(text) }
        var source = text
        return source.withUTF8 { bytes in
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count)
            HTMLEntities.decode(bytes, 0, bytes.count, into: &out)
            return collapsed(out)
        }
    }

    // MARK: - HTML rendering (the tokenizer follows Python's html.parser, which the contract uses)

    static func render(_ b: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        let n = b.count
        var i = 0
        var textStart = 0
        func flushText(_ end: Int) {
            if end > textStart { HTMLEntities.decode(b, textStart, end, into: &out) }
        }
        while i < n {
            guard let lt = ByteScan.index(of: UInt8(ascii: "<"), in: b, from: i) else { break }
            i = lt
            guard i + 1 < n else { break }
            let c = b[i + 1]
            if isASCIILetter(c) || (c == UInt8(ascii: "/") && i + 2 < n && isASCIILetter(b[i + 2])) {
                let closing = c == UInt8(ascii: "/")
                guard let tagEnd = findTagEnd(b, from: i + (closing ? 2 : 1)) else { i += 1; continue }
                flushText(i)
                var nameEnd = i + (closing ? 2 : 1)
                while nameEnd < tagEnd, !isTagNameTerminator(b[nameEnd]) { nameEnd += 1 }
                let nameStart = i + (closing ? 2 : 1)
                let kind = tagKind(b, nameStart, nameEnd)
                i = tagEnd + 1
                textStart = i
                if kind == .block { out.append(32) }
                if kind == .rawText && !closing && b[tagEnd - 1] != UInt8(ascii: "/") {
                    // skip to the matching end tag (script/style content is not text)
                    let close = findRawTextEnd(b, from: i, name: nameStart..<nameEnd)
                    i = close
                    textStart = close
                }
                continue
            }
            if c == UInt8(ascii: "!"), i + 2 < n, isASCIILetter(b[i + 2]) || b[i + 2] == UInt8(ascii: "-") || b[i + 2] == UInt8(ascii: "[") {
                flushText(i)
                if i + 3 < n, b[i + 2] == UInt8(ascii: "-"), b[i + 3] == UInt8(ascii: "-") {
                    i = find(b, "-->", from: i + 4).map { $0 + 3 } ?? n
                } else if let gt = find(b, ">", from: i + 2) {
                    i = gt + 1
                } else {
                    i = n
                }
                textStart = i
                continue
            }
            if c == UInt8(ascii: "?") {
                flushText(i)
                i = find(b, ">", from: i + 2).map { $0 + 1 } ?? n
                textStart = i
                continue
            }
            if c == UInt8(ascii: "/") && i + 2 < n && b[i + 2] == UInt8(ascii: ">") {
                flushText(i)
                i += 3
                textStart = i
                continue
            }
            i += 1
        }
        flushText(n)
    }

    enum TagKind { case inline, block, rawText }

    /// How the renderer treats an element name (ASCII case-insensitive).
    static func tagKind(of name: String) -> TagKind {
        var name = name
        return name.withUTF8 { tagKind($0, 0, $0.count) }
    }

    static func tagKind(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> TagKind {
        let length = end - start
        guard length > 0, length <= 10 else { return .inline }
        var name: UInt64 = 0
        for k in start..<end { name = name << 8 | UInt64(b[k] | 0x20) }
        switch name {
        case packedScript, packedStyle: return .rawText
        case packedA, packedB, packedI, packedSpan, packedStrong: return .inline
        case 0x70, 0x62_72, 0x6C_69, 0x64_69_76: return .block // p br li div
        default: return blockTags.contains(name) ? .block : .inline
        }
    }

    private static func packed(_ s: String) -> UInt64 { s.utf8.reduce(0) { $0 << 8 | UInt64($1) } }

    private static let packedScript: UInt64 = 0x73_63_72_69_70_74 // "script"
    private static let packedStyle: UInt64 = 0x73_74_79_6C_65 // "style"
    /// Inline elements seen all the time, answered without hashing.
    private static let packedA: UInt64 = 0x61, packedB: UInt64 = 0x62, packedI: UInt64 = 0x69
    private static let packedSpan: UInt64 = 0x73_70_61_6E, packedStrong: UInt64 = 0x73_74_72_6F_6E_67
    private static let blockTags: Set<UInt64> = Set([
        "address", "article", "aside", "blockquote", "br", "caption", "dd", "details", "div", "dl", "dt",
        "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main",
        "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
    ].map(packed))

    @inline(__always) static func isASCIILetter(_ c: UInt8) -> Bool { (c | 0x20) >= 97 && (c | 0x20) <= 122 }

    @inline(__always) private static func isTagNameTerminator(_ c: UInt8) -> Bool {
        c == 32 || c == 9 || c == 10 || c == 12 || c == 13 || c == UInt8(ascii: "/") || c == UInt8(ascii: ">")
    }

    /// Index of the ">" that closes a tag, honouring quoted attribute values.
    private static func findTagEnd(_ b: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        var i = from
        var quote: UInt8 = 0
        while i < b.count {
            let c = b[i]
            if quote != 0 {
                if c == quote { quote = 0 }
            } else if c == UInt8(ascii: ">") {
                return i
            } else if (c == 34 || c == 39), i > from, b[i - 1] == UInt8(ascii: "=") || b[i - 1] == 32 {
                quote = c
            }
            i += 1
        }
        // an unterminated quote: fall back to the first ">"
        return quote != 0 ? find(b, ">", from: from) : nil
    }

    private static func findRawTextEnd(_ b: UnsafeBufferPointer<UInt8>, from: Int, name: Range<Int>) -> Int {
        var i = from
        while let lt = find(b, "</", from: i) {
            var k = lt + 2
            var matches = true
            for j in name {
                if k >= b.count || b[k] | 0x20 != b[j] | 0x20 { matches = false; break }
                k += 1
            }
            if matches, let gt = find(b, ">", from: k) { return gt + 1 }
            i = lt + 2
        }
        return b.count
    }

    static func find(_ b: UnsafeBufferPointer<UInt8>, _ needle: StaticString, from: Int) -> Int? {
        let count = needle.utf8CodeUnitCount
        let p = needle.utf8Start
        guard count > 0, b.count >= count else { return nil }
        var i = from
        let last = b.count - count
        while i <= last {
            guard let hit = ByteScan.index(of: p[0], in: b, from: i, to: last + 1) else { return nil }
            i = hit
            if b[i] == p[0] {
                var k = 1
                while k < count && b[i + k] == p[k] { k += 1 }
                if k == count { return i }
            }
            i += 1
        }
        return nil
    }

    // MARK: - Whitespace

    /// Collapses runs of Unicode White_Space to one U+0020 and trims; nil when empty.
    static func collapsed<C: Collection>(_ bytes: C) -> String? where C.Element == UInt8, C.Index == Int {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var pendingSpace = false
        var i = bytes.startIndex
        let end = bytes.endIndex
        while i < end {
            let c = bytes[i]
            let width = whitespaceWidth(bytes, i, end)
            if width > 0 {
                pendingSpace = true
                i += width
                continue
            }
            if pendingSpace && !out.isEmpty { out.append(32) }
            pendingSpace = false
            out.append(c)
            i += 1
        }
        return out.isEmpty ? nil : String(decoding: out, as: UTF8.self)
    }

    /// `collapsed` without a second buffer: compacts `bytes` and makes the string from it.
    static func collapsedInPlace(_ bytes: inout [UInt8]) -> String? {
        let length = bytes.withUnsafeMutableBufferPointer { b -> Int in
            var write = 0
            var read = 0
            var pendingSpace = false
            let end = b.count
            while read < end {
                let c = b[read]
                let width = c < 0x80 ? ((c == 32 || (c >= 9 && c <= 13)) ? 1 : 0) : whitespaceWidth(b, read, end)
                if width > 0 {
                    pendingSpace = true
                    read += width
                    continue
                }
                if pendingSpace && write > 0 { b[write] = 32; write += 1 }
                pendingSpace = false
                b[write] = c
                write += 1
                read += 1
            }
            return write
        }
        guard length > 0 else { return nil }
        return bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[0..<length]), as: UTF8.self) }
    }

    /// Byte length of the White_Space character at `i`, or 0.
    @inline(__always)
    static func whitespaceWidth<C: Collection>(_ b: C, _ i: Int, _ end: Int) -> Int where C.Element == UInt8, C.Index == Int {
        let c = b[i]
        if c < 0x80 { return (c == 32 || (c >= 9 && c <= 13)) ? 1 : 0 }
        if c == 0xC2, i + 1 < end { return (b[i + 1] == 0x85 || b[i + 1] == 0xA0) ? 2 : 0 }
        if c == 0xE1, i + 2 < end { return (b[i + 1] == 0x9A && b[i + 2] == 0x80) ? 3 : 0 }
        if c == 0xE2, i + 2 < end {
            let c1 = b[i + 1], c2 = b[i + 2]
            if c1 == 0x80 && (c2 <= 0x8A || c2 == 0xA8 || c2 == 0xA9 || c2 == 0xAF) { return 3 }
            if c1 == 0x81 && c2 == 0x9F { return 3 }
            return 0
        }
        if c == 0xE3, i + 2 < end { return (b[i + 1] == 0x80 && b[i + 2] == 0x80) ? 3 : 0 }
        return 0
    }

    // MARK: - "Looks like HTML" (RSS text elements that are not declared HTML)

    /// True when the text has a closing tag or a character reference and every tag and entity in it is
    /// a known HTML one (feedparser's rule).
    static func looksLikeHTML(_ text: String) -> Bool {
        var source = text
        return source.withUTF8 { b in
            var evidence = false
            var i = 0
            let n = b.count
            while i < n {
                let c = b[i]
                if c == UInt8(ascii: "<") {
                    var j = i + 1
                    let closing = j < n && b[j] == UInt8(ascii: "/")
                    if closing { j += 1 }
                    let nameStart = j
                    while j < n, isWordByte(b[j]) { j += 1 }
                    if j > nameStart {
                        let name = String(decoding: UnsafeBufferPointer(rebasing: b[nameStart..<j]), as: UTF8.self).lowercased()
                        if !acceptableElements.contains(name) { return false }
                        if closing, j < n, b[j] == UInt8(ascii: ">") { evidence = true }
                    }
                    i = max(j, i + 1)
                } else if c == UInt8(ascii: "&") {
                    var j = i + 1
                    let numeric = j < n && b[j] == UInt8(ascii: "#")
                    if numeric { j += 1 }
                    let nameStart = j
                    while j < n, isWordByte(b[j]) { j += 1 }
                    if j > nameStart, j < n, b[j] == UInt8(ascii: ";") {
                        evidence = true
                        if !numeric {
                            let name = String(decoding: UnsafeBufferPointer(rebasing: b[nameStart..<j]), as: UTF8.self)
                            if !HTMLEntities.isKnownName(name) { return false }
                        }
                    }
                    i = max(j, i + 1)
                } else {
                    i += 1
                }
            }
            return evidence
        }
    }

    @inline(__always) private static func isWordByte(_ c: UInt8) -> Bool {
        (c >= 48 && c <= 57) || isASCIILetter(c) || c == UInt8(ascii: "_") || c >= 0x80
    }

    // feedparser's _HTMLSanitizer.acceptable_elements plus script/style, which this renderer drops.
    static let acceptableElements: Set<String> = [
        "a", "abbr", "acronym", "address", "area", "article", "aside", "audio", "b", "big", "blockquote", "br",
        "button", "canvas", "caption", "center", "cite", "code", "col", "colgroup", "command", "datagrid",
        "datalist", "dd", "del", "details", "dfn", "dialog", "dir", "div", "dl", "dt", "em", "event-source",
        "fieldset", "figcaption", "figure", "footer", "font", "form", "header", "h1", "h2", "h3", "h4", "h5",
        "h6", "hr", "i", "img", "input", "ins", "keygen", "kbd", "label", "legend", "li", "m", "map", "menu",
        "meter", "multicol", "nav", "nextid", "ol", "output", "optgroup", "option", "p", "pre", "progress", "q",
        "s", "samp", "section", "select", "small", "sound", "source", "spacer", "span", "strike", "strong",
        "sub", "sup", "table", "tbody", "td", "textarea", "time", "tfoot", "th", "thead", "tr", "tt", "u",
        "ul", "var", "video", "noscript", "main", "summary", "mark", "picture", "wbr",
    ]
}
