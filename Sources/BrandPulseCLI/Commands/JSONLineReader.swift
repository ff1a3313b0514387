import BrandPulseText

/// Reads the `{"id": …, "text": …}` objects of a JSONL line without Foundation's JSON machinery,
/// which dominates the cost of scoring short posts. Anything it does not recognise (nested values,
/// malformed input) makes it return nil, and the caller falls back to JSONSerialization.
struct JSONLineReader {
    struct Record {
        var id: String?
        var text: String?
    }

    static func read(_ line: ArraySlice<UInt8>) -> Record? {
        line.withUnsafeBufferPointer { bytes in
            var reader = JSONLineReader(bytes: bytes)
            return reader.object()
        }
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private var index: Int

    private init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        index = bytes.startIndex
    }

    private mutating func object() -> Record? {
        skipSpace()
        guard take(UInt8(ascii: "{")) else { return nil }
        var record = Record()
        skipSpace()
        if take(UInt8(ascii: "}")) { return record }
        while true {
            skipSpace()
            guard let key = string() else { return nil }
            skipSpace()
            guard take(UInt8(ascii: ":")) else { return nil }
            skipSpace()
            guard index < bytes.endIndex else { return nil }
            let value: String?
            switch bytes[index] {
            case UInt8(ascii: "\""):
                guard let s = string() else { return nil }
                value = s
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                value = number()
            case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
                guard literal() else { return nil }
                value = nil
            default:
                return nil
            }
            if key == "id" { record.id = value } else if key == "text" { record.text = value }
            skipSpace()
            if take(UInt8(ascii: ",")) { continue }
            guard take(UInt8(ascii: "}")) else { return nil }
            skipSpace()
            return index == bytes.endIndex ? record : nil
        }
    }

    private mutating func string() -> String? {
        guard take(UInt8(ascii: "\"")) else { return nil }
        let start = index
        // Fast path: no escapes. Eight bytes at a time up to the word that holds the closing quote, a backslash
        // or a control byte (a post's text is most of its line).
        if let base = bytes.baseAddress {
            let raw = UnsafeRawPointer(base)
            while index + 8 <= bytes.endIndex {
                let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                let special = ByteWord.has(word, UInt8(ascii: "\"")) || ByteWord.has(word, UInt8(ascii: "\\"))
                    || ByteWord.hasBelow(word, 0x20)
                if special { break }
                index += 8
            }
        }
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let s = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                index += 1
                return s
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { return nil }
            index += 1
        }
        var out = Array(bytes[start..<index])
        while index < bytes.endIndex {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard index < bytes.endIndex else { return nil }
                let escaped = bytes[index]
                index += 1
                switch escaped {
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escaped)
                case UInt8(ascii: "u"):
                    guard var scalar = hex4() else { return nil }
                    if (0xD800..<0xDC00).contains(scalar) {
                        guard take(UInt8(ascii: "\\")), take(UInt8(ascii: "u")), let low = hex4(), (0xDC00..<0xE000).contains(low) else {
                            return nil
                        }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let unicode = Unicode.Scalar(scalar) else { return nil }
                    out += Array(String(Character(unicode)).utf8)
                default:
                    return nil
                }
            default:
                if byte < 0x20 { return nil }
                out.append(byte)
            }
        }
        return nil
    }

    private mutating func hex4() -> UInt32? {
        guard bytes.endIndex - index >= 4 else { return nil }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            index += 1
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    private mutating func number() -> String? {
        let start = index
        while index < bytes.endIndex, "-+.eE0123456789".utf8.contains(bytes[index]) { index += 1 }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
    }

    private mutating func literal() -> Bool {
        for word in ["true", "false", "null"] where bytes[index...].starts(with: word.utf8) {
            index += word.utf8.count
            return true
        }
        return false
    }

    private mutating func skipSpace() {
        while index < bytes.endIndex, [0x20, 0x09, 0x0D, 0x0A].contains(bytes[index]) { index += 1 }
    }

    private mutating func take(_ byte: UInt8) -> Bool {
        guard index < bytes.endIndex, bytes[index] == byte else { return false }
        index += 1
        return true
    }
}
