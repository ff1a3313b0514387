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
/// record, blank lines are ignored. Fields are trimmed of spaces; trailing empty fields are dropped.
public enum LexiconReader {
    public static func records(in contents: String) -> [LexiconRecord] {
        var records: [LexiconRecord] = []
        var lineNumber = 0
        for rawLine in contents.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            var line = Substring(rawLine)
            if lineNumber == 1, line.hasPrefix("\u{FEFF}") { line = line.dropFirst() }
            while let last = line.last, last == "\r" || last == " " { line = line.dropLast() }
            let trimmed = line.drop { $0 == " " }
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            var fields: [String] = []
            for field in line.split(separator: "\t", omittingEmptySubsequences: false) {
                let value = field.trimmingSpaces()
                if value.hasPrefix("#") { break }
                fields.append(value)
            }
            while let last = fields.last, last.isEmpty { fields.removeLast() }
            if fields.isEmpty { continue }
            records.append(LexiconRecord(line: lineNumber, fields: fields))
        }
        return records
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
