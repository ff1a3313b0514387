import BrandPulseCore
import Foundation

extension ParsedFeed {
    /// The `brandpulse parse --format json` document of the conformance contract:
    /// `{"feed":{"title","link","language"},"items":[{"id","title","link","published","updated","author",
    /// "summary","content","categories"}]}`, dates as `YYYY-MM-DDTHH:MM:SSZ`, UTF-8, one line.
    public func conformanceJSON() -> [UInt8] {
        var out: [UInt8] = []
        // Fields are read in place (`buffer[k].title`): binding whole entries would copy each one.
        entries.withUnsafeBufferPointer { buffer in
            var capacity = 256
            for k in buffer.indices {
                capacity += 200 + (buffer[k].id?.utf8.count ?? 0) + (buffer[k].title?.utf8.count ?? 0)
                    + (buffer[k].link?.utf8.count ?? 0) + (buffer[k].author?.utf8.count ?? 0)
                    + (buffer[k].summary?.utf8.count ?? 0) + (buffer[k].content?.utf8.count ?? 0)
                for c in buffer[k].categories { capacity += c.utf8.count + 3 }
            }
            out = ByteScan.buffer(capacity: capacity + capacity / 16)
            out += JSONKeys.k___feed____title__
            JSONText.append(title, to: &out)
            out += JSONKeys.k___link__
            JSONText.append(link, to: &out)
            out += JSONKeys.k___language__
            JSONText.append(language, to: &out)
            out += JSONKeys.k____items___
            for k in buffer.indices {
                if k > 0 { out.append(UInt8(ascii: ",")) }
                out += JSONKeys.k___id__; JSONText.append(buffer[k].id, to: &out)
                out += JSONKeys.k___title__; JSONText.append(buffer[k].title, to: &out)
                out += JSONKeys.k___link__; JSONText.append(buffer[k].link, to: &out)
                out += JSONKeys.k___published__; JSONText.appendDate(buffer[k].published, to: &out)
                out += JSONKeys.k___updated__; JSONText.appendDate(buffer[k].updated, to: &out)
                out += JSONKeys.k___author__; JSONText.append(buffer[k].author, to: &out)
                out += JSONKeys.k___summary__; JSONText.append(buffer[k].summary, to: &out)
                out += JSONKeys.k___content__; JSONText.append(buffer[k].content, to: &out)
                out += JSONKeys.k___categories___
                for (j, c) in buffer[k].categories.enumerated() {
                    if j > 0 { out.append(UInt8(ascii: ",")) }
                    JSONText.append(c, to: &out)
                }
                out.append(UInt8(ascii: "]")); out.append(UInt8(ascii: "}"))
            }
        }
        out += JSONKeys.k_____n
        return out
    }
}

/// The fixed parts of the conformance document.
private enum JSONKeys {
    static let k___author__: [UInt8] = Array(#","author":"#.utf8)
    static let k___categories___: [UInt8] = Array(#","categories":["#.utf8)
    static let k___content__: [UInt8] = Array(#","content":"#.utf8)
    static let k___language__: [UInt8] = Array(#","language":"#.utf8)
    static let k___link__: [UInt8] = Array(#","link":"#.utf8)
    static let k___published__: [UInt8] = Array(#","published":"#.utf8)
    static let k___summary__: [UInt8] = Array(#","summary":"#.utf8)
    static let k___title__: [UInt8] = Array(#","title":"#.utf8)
    static let k___updated__: [UInt8] = Array(#","updated":"#.utf8)
    static let k___feed____title__: [UInt8] = Array(#"{"feed":{"title":"#.utf8)
    static let k___id__: [UInt8] = Array(#"{"id":"#.utf8)
    static let k____items___: [UInt8] = Array(#"},"items":["#.utf8)
    static let k_____n: [UInt8] = Array("]}\n".utf8)
}

/// JSON string literals.
enum JSONText {
    private static let hex = Array("0123456789abcdef".utf8)

    /// True when `b` has a byte below 0x20, a quote or a backslash; eight bytes at a time (SWAR).
    static func needsEscaping(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        var i = 0
        let n = b.count
        if let base = b.baseAddress {
            while i + 8 <= n {
                let x = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                let below32 = (x &- ones &* 0x20) & ~x & highs
                let q = x ^ (ones &* 0x22), s = x ^ (ones &* 0x5C)
                let quote = (q &- ones) & ~q & highs
                let slash = (s &- ones) & ~s & highs
                if below32 | quote | slash != 0 { return true }
                i += 8
            }
        }
        while i < n {
            let c = b[i]
            if c < 32 || c == 34 || c == 92 { return true }
            i += 1
        }
        return false
    }
    private static let null = Array("null".utf8)

    static func appendDate(_ date: Date?, to out: inout [UInt8]) {
        guard let date else { out.append(contentsOf: null); return }
        out.append(34)
        FeedDate.appendISO(date, to: &out)
        out.append(34)
    }

    static func append(_ text: String?, to out: inout [UInt8]) {
        guard var value = text else { out.append(contentsOf: null); return }
        out.append(34)
        let clean = value.withUTF8 { b -> Bool in
            guard !needsEscaping(b) else { return false }
            out.append(contentsOf: b)
            return true
        }
        if clean { out.append(34); return }
        for c in value.utf8 {
            switch c {
            case 34: out.append(92); out.append(34)
            case 92: out.append(92); out.append(92)
            case 10: out.append(92); out.append(UInt8(ascii: "n"))
            case 13: out.append(92); out.append(UInt8(ascii: "r"))
            case 9: out.append(92); out.append(UInt8(ascii: "t"))
            case 0..<32:
                out += Array("\\u00".utf8)
                out.append(hex[Int(c >> 4)]); out.append(hex[Int(c & 15)])
            default: out.append(c)
            }
        }
        out.append(34)
    }
}
