/// HTML5 named character references and the numeric-reference rules of the HTML5 tokenizer.
enum HTMLEntities {
    /// The entity table, parsed once from `HTMLEntityData.table` in one pass over its bytes:
    /// names of up to 8 bytes (nearly all) packed into an integer, the few longer ones by string.
    private static let tables: (short: [UInt64: [UInt8]], long: [String: [UInt8]]) = {
        var short: [UInt64: [UInt8]] = [:]
        var long: [String: [UInt8]] = [:]
        short.reserveCapacity(2300)
        var source = HTMLEntityData.table
        source.withUTF8 { b in
            var i = 0
            let n = b.count
            while i < n {
                let nameStart = i
                while i < n, b[i] != 32, b[i] != 10 { i += 1 }
                let nameEnd = i
                var value: [UInt8] = []
                while i < n, b[i] != 10 {
                    i += 1 // the space before each code point
                    var code: UInt32 = 0
                    while i < n, b[i] != 32, b[i] != 10 {
                        let c = b[i]
                        code = code << 4 | UInt32(c <= 57 ? c - 48 : (c | 0x20) - 87)
                        i += 1
                    }
                    if let scalar = Unicode.Scalar(code) { appendScalar(scalar, to: &value) }
                }
                i += 1 // newline
                guard nameEnd > nameStart else { continue }
                let name = UnsafeBufferPointer(rebasing: b[nameStart..<nameEnd])
                if name.count <= 8 { short[pack(name)] = value } else { long[String(decoding: name, as: UTF8.self)] = value }
            }
        }
        return (short, long)
    }()

    static var packed: [UInt64: [UInt8]] { tables.short }

    /// How many names the table knows (2 231 in HTML5, counting the legacy forms without ";").
    static var count: Int { tables.short.count + tables.long.count }

    @inline(__always)
    static func pack<C: Collection>(_ bytes: C) -> UInt64 where C.Element == UInt8 {
        var v: UInt64 = 0
        for b in bytes { v = v << 8 | UInt64(b) }
        return v
    }

    private static let ltValue: [UInt8] = [60], gtValue: [UInt8] = [62], ampValue: [UInt8] = [38], quotValue: [UInt8] = [34]
    private static let nbspValue: [UInt8] = [0xC2, 0xA0]

    /// The UTF-8 replacement for the name `bytes[start..<end]` (with its ";" if it has one).
    @inline(__always)
    static func lookup(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> [UInt8]? {
        if end - start <= 8 {
            let key = pack(UnsafeBufferPointer(rebasing: bytes[start..<end]))
            switch key {
            case 0x6C_74_3B: return ltValue // "lt;"
            case 0x67_74_3B: return gtValue // "gt;"
            case 0x61_6D_70_3B: return ampValue // "amp;"
            case 0x71_75_6F_74_3B: return quotValue // "quot;"
            case 0x6E_62_73_70_3B: return nbspValue // "nbsp;"
            default: return tables.short[key]
            }
        }
        return tables.long[String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)]
    }

    /// The UTF-8 replacement for an entity name written as in a document (`"nbsp;"`, `"amp"`).
    static func value(of name: String) -> [UInt8]? {
        var name = name
        return name.withUTF8 { lookup($0, 0, $0.count) }
    }

    /// Entity names (without ";") that HTML knows; used by the "looks like HTML" rule.
    static func isKnownName(_ name: String) -> Bool { value(of: name + ";") != nil }

    // windows-1252 meanings of 0x80–0x9F, used for numeric references in that range (HTML5 §13.2.5.80).
    static let windows1252C1: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
        0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ]

    /// The character windows-1252 gives a byte in 0x80–0x9F.
    static func windows1252Scalar(_ byte: UInt8) -> Unicode.Scalar {
        Unicode.Scalar(windows1252C1[Int(byte & 0x1F)]) ?? "\u{FFFD}"
    }

    /// The scalar a numeric reference stands for, by HTML5 rules; nil means "drop it".
    static func numericScalar(_ value: UInt32) -> Unicode.Scalar? {
        switch value {
        case 0: return "\u{FFFD}"
        case 0x0D: return "\r"
        case 0x80...0x9F: return Unicode.Scalar(windows1252C1[Int(value - 0x80)])
        case 0xD800...0xDFFF, 0x110000...: return "\u{FFFD}"
        case 0x01...0x08, 0x0B, 0x0E...0x1F, 0x7F, 0xFDD0...0xFDEF: return nil
        default:
            if value & 0xFFFE == 0xFFFE { return nil }
            return Unicode.Scalar(value)
        }
    }

    /// Decodes character references in `bytes[range]` by HTML5 rules (like Python's `html.unescape`)
    /// and appends the UTF-8 result to `out`.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, into out: inout [UInt8]) {
        var i = start
        while i < end {
            let b = bytes[i]
            if b != UInt8(ascii: "&") {
                // copy a run without "&"
                var j = i + 1
                while j < end, bytes[j] != UInt8(ascii: "&") { j += 1 }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[i..<j]))
                i = j
                continue
            }
            if let next = decodeReference(bytes, i, end, into: &out) {
                i = next
            } else {
                out.append(b)
                i += 1
            }
        }
    }

    /// Decodes the reference starting at `bytes[at]` ("&"); returns the index after it, or nil if none.
    static func decodeReference(_ bytes: UnsafeBufferPointer<UInt8>, _ at: Int, _ end: Int, into out: inout [UInt8]) -> Int? {
        var i = at + 1
        guard i < end else { return nil }
        if bytes[i] == UInt8(ascii: "#") {
            i += 1
            var hex = false
            if i < end, bytes[i] | 0x20 == UInt8(ascii: "x") { hex = true; i += 1 }
            let digitsStart = i
            var value: UInt32 = 0
            while i < end {
                let c = bytes[i]
                var d: UInt32
                if c >= 48 && c <= 57 { d = UInt32(c - 48) }
                else if hex, (c | 0x20) >= 97, (c | 0x20) <= 102 { d = UInt32((c | 0x20) - 87) }
                else { break }
                if value < 0x110000 { value = value * (hex ? 16 : 10) + d }
                i += 1
            }
            guard i > digitsStart else { return nil }
            if i < end, bytes[i] == UInt8(ascii: ";") { i += 1 }
            if let scalar = numericScalar(value) { appendScalar(scalar, to: &out) }
            return i
        }
        // named: [^\t\n\f <&#;]{1,32};?
        let nameStart = i
        while i < end, i - nameStart < 32 {
            let c = bytes[i]
            if c == 9 || c == 10 || c == 12 || c == 32 || c == 60 || c == 38 || c == 35 || c == 59 { break }
            i += 1
        }
        guard i > nameStart else { return nil }
        let hasSemicolon = i < end && bytes[i] == UInt8(ascii: ";")
        let nameEnd = hasSemicolon ? i + 1 : i
        if let value = lookup(bytes, nameStart, nameEnd) {
            out.append(contentsOf: value)
            return nameEnd
        }
        // longest legacy prefix (at least 2 characters), as html.unescape does
        var length = min(nameEnd - nameStart - 1, 8)
        while length >= 2 {
            if let value = packed[pack(UnsafeBufferPointer(rebasing: bytes[nameStart..<(nameStart + length)]))] {
                out.append(contentsOf: value)
                return nameStart + length
            }
            length -= 1
        }
        return nil
    }

    static func appendScalar(_ scalar: Unicode.Scalar, to out: inout [UInt8]) {
        UTF8.encode(scalar) { out.append($0) }
    }
}
