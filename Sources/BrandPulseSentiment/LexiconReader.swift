/// One data line of a lexicon file: its 1-based line number and TAB-separated fields.
public struct LexiconRecord: Sendable, Hashable {
    public var line: Int
    public var fields: [String]

    public init(line: Int, fields: [String]) {
        self.line = line
        self.fields = fields
    }
}

/// Reads the TSV format of lexicons/README.md: `#` lines are comments, a field that begins with `#` ends the
/// record, blank lines are ignored. Fields are trimmed of spaces (and no-break spaces); trailing empty fields
/// are dropped. Lines end with LF or CRLF; a leading byte-order mark is skipped.
///
/// Works on the UTF-8 bytes and makes a String only for each kept field: reading is a large part of loading.
public enum LexiconReader {
    public static func records(in contents: String) -> [LexiconRecord] {
        var records: [LexiconRecord] = []
        var contents = contents
        contents.withUTF8 { bytes in
            let n = bytes.count
            var start = 0
            if n >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { start = 3 }
            var lineNumber = 0
            while start < n {
                var end = start
                while end < n && bytes[end] != 0x0A { end += 1 }
                lineNumber += 1
                if let fields = fields(bytes, start, end) { records.append(LexiconRecord(line: lineNumber, fields: fields)) }
                start = end + 1
            }
        }
        return records
    }

    private static func fields(_ bytes: UnsafeBufferPointer<UInt8>, _ lineStart: Int, _ lineEnd: Int) -> [String]? {
        var end = lineEnd
        while end > lineStart && (bytes[end - 1] == 0x0D || bytes[end - 1] == 0x20) { end -= 1 }
        var first = lineStart
        while first < end && bytes[first] == 0x20 { first += 1 }
        if first == end || bytes[first] == UInt8(ascii: "#") { return nil }
        var fields: [String] = []
        var fieldStart = lineStart
        while fieldStart <= end {
            var fieldEnd = fieldStart
            while fieldEnd < end && bytes[fieldEnd] != 0x09 { fieldEnd += 1 }
            var a = fieldStart, b = fieldEnd
            while true {
                if a < b && bytes[a] == 0x20 { a += 1 } else if a + 1 < b && bytes[a] == 0xC2 && bytes[a + 1] == 0xA0 { a += 2 } else { break }
            }
            while true {
                if b > a && bytes[b - 1] == 0x20 { b -= 1 } else if b - 1 > a && bytes[b - 2] == 0xC2 && bytes[b - 1] == 0xA0 { b -= 2 } else { break }
            }
            if a < b && bytes[a] == UInt8(ascii: "#") { break }
            fields.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[a..<b]), as: UTF8.self))
            fieldStart = fieldEnd + 1
        }
        while let last = fields.last, last.isEmpty { fields.removeLast() }
        return fields.isEmpty ? nil : fields
    }
}

extension Substring {
    func trimmingSpaces() -> String {
        var slice = self[...]
        while let first = slice.first, first == " " || first == "\u{A0}" { slice = slice.dropFirst() }
        while let last = slice.last, last == " " || last == "\u{A0}" { slice = slice.dropLast() }
        return String(slice)
    }
}
