#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Converts a document to UTF-8. Invalid byte sequences become U+FFFD; nothing here can trap on input.
enum Transcoder {
    /// True when `bytes` is well-formed UTF-8.
    static func isValidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        let n = bytes.count
        guard let base = bytes.baseAddress else { return true }
        while i < n {
            // fast path over ASCII, 8 bytes at a time
            while i + 8 <= n {
                let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 != 0 { break }
                i += 8
            }
            guard i < n else { break }
            let c = bytes[i]
            if c < 0x80 { i += 1; continue }
            var need = 0
            var minimum: UInt32 = 0
            var value: UInt32
            if c & 0xE0 == 0xC0 { need = 1; minimum = 0x80; value = UInt32(c & 0x1F) }
            else if c & 0xF0 == 0xE0 { need = 2; minimum = 0x800; value = UInt32(c & 0x0F) }
            else if c & 0xF8 == 0xF0 { need = 3; minimum = 0x10000; value = UInt32(c & 0x07) }
            else { return false }
            guard i + need < n else { return false }
            for k in 1...need {
                let cc = bytes[i + k]
                guard cc & 0xC0 == 0x80 else { return false }
                value = value << 6 | UInt32(cc & 0x3F)
            }
            if value < minimum || value > 0x10FFFF || (0xD800...0xDFFF).contains(value) { return false }
            i += need + 1
        }
        return true
    }

    /// windows-1252 to UTF-8 (the five undefined bytes map to the C1 code points, as WHATWG does).
    static func windows1252(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 8)
        for c in bytes {
            if c < 0x80 { out.append(c); continue }
            let scalar = c < 0xA0 ? HTMLEntities.windows1252Scalar(c) : Unicode.Scalar(c)
            UTF8.encode(scalar) { out.append($0) }
        }
        return out
    }

    /// Converts with iconv; nil when iconv does not know the encoding.
    static func iconvToUTF8(_ bytes: UnsafeBufferPointer<UInt8>, from encoding: String) -> [UInt8]? {
        let cd = iconv_open("UTF-8", encoding)
        if cd == iconv_t(bitPattern: -1) { return nil }
        defer { iconv_close(cd) }
        guard let inBase = bytes.baseAddress else { return [] }
        let unit = encoding.hasPrefix("UTF-32") ? 4 : (encoding.hasPrefix("UTF-16") ? 2 : 1)
        var out = [UInt8](repeating: 0, count: bytes.count * 2 + 64)
        var produced = 0
        var inOffset = 0
        let total = bytes.count
        while inOffset < total {
            var inLeft = total - inOffset
            var inPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(mutating: inBase + inOffset)
                .assumingMemoryBound(to: CChar.self)
            let outCapacity = out.count - produced
            var outLeft = outCapacity
            let result: Int = out.withUnsafeMutableBufferPointer { o in
                guard let outBase = o.baseAddress else { return -1 }
                var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBase + produced)
                    .assumingMemoryBound(to: CChar.self)
                return iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
            }
            let consumed = (total - inOffset) - inLeft
            inOffset += consumed
            produced += outCapacity - outLeft
            if result != -1 { break }
            let error = errno
            if error == E2BIG {
                out.append(contentsOf: repeatElement(0, count: max(out.count, 1024)))
            } else {
                // EILSEQ or a truncated sequence at the end: emit U+FFFD and skip one unit
                if out.count - produced < 3 { out.append(contentsOf: repeatElement(0, count: 1024)) }
                out[produced] = 0xEF; out[produced + 1] = 0xBF; out[produced + 2] = 0xBD
                produced += 3
                inOffset = min(total, inOffset + unit)
                _ = iconv(cd, nil, nil, nil, nil)
            }
        }
        out.removeSubrange(produced...)
        return out
    }

    /// The document as UTF-8 without BOM, and a note when a fallback was taken.
    static func toUTF8(_ data: [UInt8], contentType: String?) -> (bytes: [UInt8], note: String?) {
        let detection = EncodingDetector.detect(data, contentType: contentType)
        return data.withUnsafeBufferPointer { all in
            let body = UnsafeBufferPointer(rebasing: all[detection.bomLength...])
            switch detection.encoding {
            case "UTF-8":
                if isValidUTF8(body) { return (detection.bomLength == 0 ? data : Array(body), nil) }
                // A server that says UTF-8 for a document that declares (and is in) another encoding.
                if detection.bomLength == 0, let declared = EncodingDetector.declaration(data).flatMap(EncodingDetector.canonical),
                   declared != "UTF-8", !declared.hasPrefix("UTF-"), let converted = iconvToUTF8(body, from: declared) {
                    return (converted, "the HTTP charset says UTF-8 but the document is not; decoded as declared (\(declared))")
                }
                return (windows1252(body), "document is not valid UTF-8; decoded as windows-1252")
            case "WINDOWS-1252":
                return (windows1252(body), nil)
            default:
                if let converted = iconvToUTF8(body, from: detection.encoding) { return (converted, nil) }
                if isValidUTF8(body) { return (Array(body), "unknown encoding \(detection.encoding); read as UTF-8") }
                return (windows1252(body), "unknown encoding \(detection.encoding); read as windows-1252")
            }
        }
    }
}
