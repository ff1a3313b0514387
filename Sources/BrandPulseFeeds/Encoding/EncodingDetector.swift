/// Finds a document's character encoding: BOM, then the HTTP charset, then the XML declaration,
/// then the `<?xml` byte pattern of UTF-16/32; UTF-8 otherwise.
enum EncodingDetector {
    struct Detection: Equatable {
        /// A canonical name (see `canonical(_:)`).
        var encoding: String
        /// Bytes of byte-order mark to skip.
        var bomLength: Int
        /// True when the encoding was stated (BOM, header or declaration) rather than assumed.
        var declared: Bool
    }

    static func detect(_ b: [UInt8], contentType: String?) -> Detection {
        if b.count >= 4, b[0] == 0, b[1] == 0, b[2] == 0xFE, b[3] == 0xFF { return .init(encoding: "UTF-32BE", bomLength: 4, declared: true) }
        if b.count >= 4, b[0] == 0xFF, b[1] == 0xFE, b[2] == 0, b[3] == 0 { return .init(encoding: "UTF-32LE", bomLength: 4, declared: true) }
        if b.count >= 3, b[0] == 0xEF, b[1] == 0xBB, b[2] == 0xBF { return .init(encoding: "UTF-8", bomLength: 3, declared: true) }
        if b.count >= 2, b[0] == 0xFE, b[1] == 0xFF { return .init(encoding: "UTF-16BE", bomLength: 2, declared: true) }
        if b.count >= 2, b[0] == 0xFF, b[1] == 0xFE { return .init(encoding: "UTF-16LE", bomLength: 2, declared: true) }
        if b.count >= 4 {
            switch (b[0], b[1], b[2], b[3]) {
            case (0x3C, 0, 0x3F, 0): return .init(encoding: "UTF-16LE", bomLength: 0, declared: true)
            case (0, 0x3C, 0, 0x3F): return .init(encoding: "UTF-16BE", bomLength: 0, declared: true)
            case (0x3C, 0, 0, 0): return .init(encoding: "UTF-32LE", bomLength: 0, declared: true)
            case (0, 0, 0, 0x3C): return .init(encoding: "UTF-32BE", bomLength: 0, declared: true)
            default: break
            }
        }
        if let header = contentType.flatMap(charset(inContentType:)), let name = canonical(header), !name.hasPrefix("UTF-16"), !name.hasPrefix("UTF-32") {
            return .init(encoding: name, bomLength: 0, declared: true)
        }
        if let declared = declaration(b), let name = canonical(declared) {
            // An ASCII-compatible document cannot really be UTF-16/32, whatever it says.
            if name.hasPrefix("UTF-16") || name.hasPrefix("UTF-32") { return .init(encoding: "UTF-8", bomLength: 0, declared: false) }
            return .init(encoding: name, bomLength: 0, declared: true)
        }
        return .init(encoding: "UTF-8", bomLength: 0, declared: false)
    }

    /// The `charset` parameter of a Content-Type header value.
    static func charset(inContentType value: String) -> String? {
        for part in value.split(separator: ";").dropFirst() {
            let kv = part.split(separator: "=", maxSplits: 1)
            guard kv.count == 2, kv[0].trimmingASCIIWhitespace().lowercased() == "charset" else { continue }
            var v = kv[1].trimmingASCIIWhitespace()
            if v.hasPrefix("\"") || v.hasPrefix("'") { v = String(v.dropFirst().dropLast()) }
            return v.isEmpty ? nil : v
        }
        return nil
    }

    /// The `encoding` pseudo-attribute of an XML declaration at the start of the document.
    static func declaration(_ b: [UInt8]) -> String? {
        let head = b.prefix(512)
        guard head.count > 5, head.starts(with: Array("<?xml".utf8)) else { return nil }
        guard let end = head.firstIndex(of: UInt8(ascii: ">")) else { return nil }
        let decl = head[..<end]
        let key = Array("encoding".utf8)
        var i = decl.startIndex
        while i + key.count < decl.endIndex {
            if decl[i..<(i + key.count)].elementsEqual(key) {
                var k = i + key.count
                while k < decl.endIndex, decl[k] == 32 || decl[k] == 9 || decl[k] == 10 || decl[k] == 13 || decl[k] == UInt8(ascii: "=") { k += 1 }
                guard k < decl.endIndex, decl[k] == 34 || decl[k] == 39 else { return nil }
                let quote = decl[k]
                let start = k + 1
                guard let close = decl[start...].firstIndex(of: quote) else { return nil }
                return String(decoding: decl[start..<close], as: UTF8.self)
            }
            i += 1
        }
        return nil
    }

    /// A canonical iconv name for an encoding label, with the aliases feeds use; nil for nonsense.
    static func canonical(_ label: String) -> String? {
        let l = label.trimmingASCIIWhitespace().lowercased()
        guard !l.isEmpty, l.utf8.allSatisfy({ $0 < 0x80 && $0 > 0x20 }) else { return nil }
        switch l {
        case "utf-8", "utf8", "unicode-1-1-utf-8": return "UTF-8"
        case "us-ascii", "ascii", "iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "iso_8859-1", "windows-1252", "cp1252",
             "x-cp1252", "win-1252", "cp819", "ibm819": return "WINDOWS-1252"
        case "gb2312", "gbk", "x-gbk", "gb18030", "cp936", "euc-cn": return "GB18030"
        case "windows-1251", "cp1251", "x-cp1251", "win-1251": return "WINDOWS-1251"
        case "windows-1250", "cp1250", "x-cp1250", "win-1250": return "WINDOWS-1250"
        case "windows-1254", "cp1254", "x-cp1254", "win-1254": return "WINDOWS-1254"
        case "koi8-r", "koi8r", "koi8": return "KOI8-R"
        case "koi8-u": return "KOI8-U"
        case "utf-16": return "UTF-16"
        case "utf-16le": return "UTF-16LE"
        case "utf-16be": return "UTF-16BE"
        case "utf-32": return "UTF-32"
        default:
            if l.hasPrefix("iso8859-") { return "ISO-8859-" + l.dropFirst(8) }
            if l.hasPrefix("iso_8859-") { return "ISO-8859-" + l.dropFirst(9) }
            if l.hasPrefix("latin2") || l == "l2" { return "ISO-8859-2" }
            return l.uppercased()
        }
    }
}

extension StringProtocol {
    func trimmingASCIIWhitespace() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" || f == "\n" || f == "\r" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\n" || l == "\r" { s = s.dropLast() }
        return String(s)
    }
}
