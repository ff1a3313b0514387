import Foundation

/// Case and diacritic folding, and elongation squeezing, shared by the lexicon loader and the tokenizer.
///
/// Every comparison in BrandPulse happens on *folded* text: NFC, lower case, diacritics removed through the
/// table in lexicons/README.md (`ą→a ł→l ș/ş→s ț/ţ→t ё→е`, Latin accents generally), apostrophes dropped.
/// Folding is per scalar and table-driven, so the tokenizer can fold while it scans `text.utf8`.
public enum Normalizer {
    /// Folds one scalar. Returns 0 when the scalar is dropped (apostrophes, combining marks).
    @inline(__always)
    public static func fold(_ value: UInt32) -> UInt32 {
        if value < 0x80 {
            if value >= 0x41 && value <= 0x5A { return value + 0x20 }
            if value == 0x27 { return 0 }
            return value
        }
        if value >= 0xC0 && value < 0x250 { return latinTable[Int(value - 0xC0)] }
        if value >= 0x400 && value <= 0x45F {
            if value == 0x401 || value == 0x451 { return 0x435 }  // Ё ё → е
            if value < 0x410 { return value + 0x50 }
            if value < 0x430 { return value + 0x20 }
            return value
        }
        switch value {
        case 0x2019, 0x2018, 0x02BC, 0x00B4, 0x0060: return 0  // apostrophes
        case 0x0300...0x036F: return 0  // combining marks (text arrives NFC; stray marks are dropped)
        case 0x00AD, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF: return 0  // soft hyphen, zero-width
        default: break
        }
        if let scalar = Unicode.Scalar(value), scalar.properties.isUppercase {
            return scalar.properties.lowercaseMapping.unicodeScalars.first?.value ?? value
        }
        return value
    }

    /// Whether a scalar is an upper-case letter (for caps emphasis).
    @inline(__always)
    public static func isUppercase(_ value: UInt32) -> Bool {
        if value < 0x80 { return value >= 0x41 && value <= 0x5A }
        if value >= 0x400 && value < 0x430 { return true }
        if value < 0x250 || (value > 0x45F && value < 0x2000) {
            return Unicode.Scalar(value)?.properties.isUppercase ?? false
        }
        return false
    }

    /// Lower-case letters with diacritics folded, for U+00C0 ..< U+0250.
    static let latinTable: [UInt32] = {
        var table = [UInt32](repeating: 0, count: 0x250 - 0xC0)
        let special: [UInt32: Character] = [
            0xD0: "d", 0xF0: "d", 0xD8: "o", 0xF8: "o", 0x110: "d", 0x111: "d", 0x126: "h", 0x127: "h",
            0x131: "i", 0x141: "l", 0x142: "l", 0x166: "t", 0x167: "t", 0x13F: "l", 0x140: "l", 0x17F: "s",
            0x180: "b", 0x197: "i", 0x1B5: "z", 0x1B6: "z",
        ]
        for value in UInt32(0xC0)..<0x250 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            var result = value
            if let char = special[value], let ascii = char.asciiValue {
                result = UInt32(ascii)
            } else {
                let lower = scalar.properties.lowercaseMapping.unicodeScalars.first ?? scalar
                let decomposed = String(lower).decomposedStringWithCanonicalMapping.unicodeScalars
                if let base = decomposed.first, base.isASCII, base.properties.isAlphabetic {
                    result = base.value
                } else {
                    result = lower.value
                }
            }
            table[Int(value - 0xC0)] = result
        }
        return table
    }()

    /// Decodes HTML character references (`&lt;` `&gt;` `&amp;` `&quot;` `&apos;` `&nbsp;` `&#39;` `&#x1F600;`)
    /// and JSON-style `\u2019` escapes left in scraped text, or returns nil when the text has none.
    public static func decodingCharacterReferences(_ text: String) -> String? {
        var hasAmpersand = false
        for byte in text.utf8 where byte == UInt8(ascii: "&") || byte == UInt8(ascii: "\\") { hasAmpersand = true; break }
        guard hasAmpersand else { return nil }
        var scalars = String.UnicodeScalarView()
        var changed = false
        let source = Array(text.unicodeScalars)
        var i = 0
        while i < source.count {
            let scalar = source[i]
            // JSON-style escapes left in scraped text: "it\u2019s".
            if scalar == "\\", i + 5 < source.count, source[i + 1] == "u",
               let value = UInt32(String(String.UnicodeScalarView(source[(i + 2)..<(i + 6)])), radix: 16),
               let decoded = Unicode.Scalar(value) {
                scalars.append(decoded)
                changed = true
                i += 6
                continue
            }
            if scalar == "&", let semicolon = source[(i + 1)...].prefix(10).firstIndex(of: ";") {
                let name = String(String.UnicodeScalarView(source[(i + 1)..<semicolon]))
                var replacement: Unicode.Scalar?
                switch name {
                case "lt": replacement = "<"
                case "gt": replacement = ">"
                case "amp": replacement = "&"
                case "quot": replacement = "\""
                case "apos": replacement = "'"
                case "nbsp": replacement = " "
                default:
                    if name.hasPrefix("#x") || name.hasPrefix("#X"), let value = UInt32(name.dropFirst(2), radix: 16) {
                        replacement = Unicode.Scalar(value)
                    } else if name.hasPrefix("#"), let value = UInt32(name.dropFirst()) {
                        replacement = Unicode.Scalar(value)
                    }
                }
                if let replacement {
                    scalars.append(replacement)
                    changed = true
                    i = semicolon + 1
                    continue
                }
            }
            scalars.append(scalar)
            i += 1
        }
        return changed ? String(scalars) : nil
    }

    /// Folds a whole string: NFC, lower case, diacritics folded, apostrophes dropped. Not for hot loops.
    public static func fold(_ text: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        appendFolded(text, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The folded UTF-8 bytes of a string.
    public static func foldedBytes(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        appendFolded(text, to: &bytes)
        return bytes
    }

    static func appendFolded(_ text: String, to bytes: inout [UInt8]) {
        let source = needsComposition(text) ? text.precomposedStringWithCanonicalMapping : text
        for scalar in source.unicodeScalars {
            let folded = fold(scalar.value)
            if folded != 0 { appendUTF8(folded, to: &bytes) }
        }
    }

    /// Whether the text holds combining marks that NFC would compose (NFD input).
    public static func needsComposition(_ text: String) -> Bool {
        // U+0300...U+036F are 0xCC 0x80... and 0xCD 0x80...0xAF in UTF-8.
        if let found = text.utf8.withContiguousStorageIfAvailable({ buffer -> Bool in
            for byte in buffer where byte == 0xCC || byte == 0xCD { return true }
            return false
        }) {
            return found
        }
        for byte in text.utf8 where byte == 0xCC || byte == 0xCD { return true }
        return false
    }

    @inline(__always)
    public static func appendUTF8(_ value: UInt32, to bytes: inout [UInt8]) {
        if value < 0x80 {
            bytes.append(UInt8(value))
        } else if value < 0x800 {
            bytes.append(UInt8(0xC0 | (value >> 6)))
            bytes.append(UInt8(0x80 | (value & 0x3F)))
        } else if value < 0x10000 {
            bytes.append(UInt8(0xE0 | (value >> 12)))
            bytes.append(UInt8(0x80 | ((value >> 6) & 0x3F)))
            bytes.append(UInt8(0x80 | (value & 0x3F)))
        } else {
            bytes.append(UInt8(0xF0 | (value >> 18)))
            bytes.append(UInt8(0x80 | ((value >> 12) & 0x3F)))
            bytes.append(UInt8(0x80 | ((value >> 6) & 0x3F)))
            bytes.append(UInt8(0x80 | (value & 0x3F)))
        }
    }

    /// Whether the folded word has a run of three or more identical letters ("suuuper", "оооочень").
    public static func isElongated<C: Collection>(_ bytes: C) -> Bool where C.Element == UInt8 {
        var previous: UInt32 = 0
        var run = 0
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        while case .scalarValue(let scalar) = decoder.decode(&iterator) {
            if scalar.value == previous { run += 1 } else { previous = scalar.value; run = 1 }
            if run >= 3 && scalar.properties.isAlphabetic { return true }
        }
        return false
    }

    /// Squeezes runs of three or more identical scalars to `keep` (1 or 2) scalars.
    public static func squeeze<C: Collection>(_ bytes: C, keep: Int) -> [UInt8] where C.Element == UInt8 {
        var scalars: [UInt32] = []
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        while case .scalarValue(let scalar) = decoder.decode(&iterator) { scalars.append(scalar.value) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < scalars.count {
            var end = index + 1
            while end < scalars.count && scalars[end] == scalars[index] { end += 1 }
            let run = end - index
            let count = run >= 3 ? keep : run
            for _ in 0..<count { appendUTF8(scalars[index], to: &out) }
            index = end
        }
        return out
    }

    /// Squeezes a string ("suuuper" → "super" with keep 1). Convenience for tests and tools.
    public static func squeeze(_ text: String, keep: Int) -> String {
        String(decoding: squeeze(Array(text.utf8), keep: keep), as: UTF8.self)
    }
}
