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
        if value < 0x250 { return latinUppercase[Int(value - 0x80)] }
        if value > 0x45F && value < 0x2000 { return isUppercaseByProperties(value) }
        return false
    }

    /// Out of line: inlined into the tokenizer's word loop, the Unicode properties value cost a stack frame set-up
    /// on every word, though only Greek, Armenian and other rare letters reach it.
    @inline(never)
    static func isUppercaseByProperties(_ value: UInt32) -> Bool {
        Unicode.Scalar(value)?.properties.isUppercase ?? false
    }

    /// `Unicode.Scalar.Properties.isUppercase` for U+0080 ..< U+0250, precomputed (Polish, Romanian and other Latin
    /// letters are looked up for every word).
    static let latinUppercase: [Bool] = (UInt32(0x80)..<0x250).map { Unicode.Scalar($0)?.properties.isUppercase ?? false }

    /// The plain `isUppercase`, through the Unicode properties: the reference for the table in tests.
    package static func referenceIsUppercase(_ value: UInt32) -> Bool {
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
        var text = text
        text.makeContiguousUTF8()
        return text.utf8.withContiguousStorageIfAvailable { decodeReferences($0) } ?? nil
    }

    private static let namedReferences: [String: UInt32] = [
        "lt": 0x3C, "gt": 0x3E, "amp": 0x26, "quot": 0x22, "apos": 0x27, "nbsp": 0x20,
        "laquo": 0xAB, "raquo": 0xBB, "hellip": 0x2026, "mdash": 0x2014, "ndash": 0x2013,
        "lsquo": 0x2018, "rsquo": 0x2019, "ldquo": 0x201C, "rdquo": 0x201D, "bdquo": 0x201E,
    ]

    @inline(__always)
    private static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case 0x30...0x39: return UInt32(byte - 0x30)
        case 0x41...0x46: return UInt32(byte - 0x41 + 10)
        case 0x61...0x66: return UInt32(byte - 0x61 + 10)
        default: return nil
        }
    }

    /// Byte-level decoder: copies the text, replacing references it recognises; nil when there were none.
    private static func decodeReferences(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        let n = bytes.count
        var out: [UInt8] = []
        var copiedUpTo = 0
        var i = 0
        func flush(_ upTo: Int) {
            if out.isEmpty { out.reserveCapacity(n) }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copiedUpTo..<upTo]))
        }
        while i < n {
            let byte = bytes[i]
            if byte == 0x5C, i + 5 < n, bytes[i + 1] == UInt8(ascii: "u") {
                // JSON-style escape left in scraped text: "it\u2019s".
                var value: UInt32 = 0
                var ok = true
                for k in 2...5 {
                    guard let digit = hexValue(bytes[i + k]) else { ok = false; break }
                    value = value << 4 | digit
                }
                if ok, let scalar = Unicode.Scalar(value) {
                    flush(i)
                    appendUTF8(scalar.value, to: &out)
                    i += 6
                    copiedUpTo = i
                    continue
                }
            } else if byte == 0x26 {
                var j = i + 1
                while j < n && j - i <= 10 && bytes[j] != UInt8(ascii: ";") && bytes[j] != 0x26 && bytes[j] != 0x20 { j += 1 }
                if j < n && bytes[j] == UInt8(ascii: ";") && j > i + 1 {
                    var value: UInt32?
                    if bytes[i + 1] == UInt8(ascii: "#") {
                        var v: UInt32 = 0
                        var ok = j > i + 2
                        if j > i + 2 && (bytes[i + 2] == UInt8(ascii: "x") || bytes[i + 2] == UInt8(ascii: "X")) {
                            ok = j > i + 3
                            for k in (i + 3)..<j { guard let d = hexValue(bytes[k]) else { ok = false; break }; v = v << 4 | d }
                        } else {
                            for k in (i + 2)..<j {
                                guard bytes[k] >= 0x30 && bytes[k] <= 0x39 else { ok = false; break }
                                v = v &* 10 &+ UInt32(bytes[k] - 0x30)
                            }
                        }
                        if ok, v <= 0x10FFFF, Unicode.Scalar(v) != nil { value = v }
                    } else {
                        value = namedReferences[String(decoding: UnsafeBufferPointer(rebasing: bytes[(i + 1)..<j]), as: UTF8.self)]
                    }
                    if let value {
                        flush(i)
                        appendUTF8(value, to: &out)
                        i = j + 1
                        copiedUpTo = i
                        continue
                    }
                }
            }
            i += 1
        }
        guard copiedUpTo > 0 else { return nil }
        flush(n)
        return String(decoding: out, as: UTF8.self)
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

    /// Cuts each run of `minimumRun` or more equal scalars (three by default) to `keep` scalars: "gooood" → "good"
    /// with `keep` 2, and with `minimumRun` 2 also "tireeedd" → "tired" when `keep` is 1.
    public static func squeeze<C: Collection>(_ bytes: C, keep: Int, minimumRun: Int = 3) -> [UInt8] where C.Element == UInt8 {
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
            let count = run >= minimumRun ? min(keep, run) : run
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
