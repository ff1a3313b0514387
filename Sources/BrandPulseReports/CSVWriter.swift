import Foundation

/// How a CSV file is spelled.
public struct CSVDialect: Sendable, Hashable {
    public var delimiter: UInt8
    public var lineEnding: [UInt8]
    public var byteOrderMark: Bool
    /// Excel in pl, ro and ru locales reads "0,53" as a number and "0.53" as text.
    public var decimalComma: Bool

    /// RFC 4180 fields and quoting, comma-separated, LF line ends, UTF-8 without BOM.
    public static let standard = CSVDialect(delimiter: UInt8(ascii: ","), lineEnding: [0x0A], byteOrderMark: false, decimalComma: false)
    /// What Excel in Poland, Romania and Russia opens correctly: BOM, `;`, CRLF, decimal comma.
    public static let excel = CSVDialect(delimiter: UInt8(ascii: ";"), lineEnding: [0x0D, 0x0A], byteOrderMark: true, decimalComma: true)
}

/// One CSV cell. Numbers are never escaped, so a negative score stays a number.
public enum CSVCell: Sendable, Hashable {
    case text(String)
    case integer(Int)
    case decimal(Double, places: Int)
    case empty
}

/// A streaming RFC 4180 writer: rows go out through `sink` in 64 KiB chunks, so memory stays flat.
public struct CSVWriter {
    public let dialect: CSVDialect
    private let sink: ([UInt8]) throws -> Void
    private var buffer: [UInt8] = []
    private static let flushThreshold = 64 * 1024

    public init(dialect: CSVDialect, sink: @escaping ([UInt8]) throws -> Void) {
        self.dialect = dialect
        self.sink = sink
        buffer.reserveCapacity(Self.flushThreshold + 4096)
        if dialect.byteOrderMark { buffer += [0xEF, 0xBB, 0xBF] }
    }

    public mutating func writeRow(_ cells: [CSVCell]) throws {
        for (index, cell) in cells.enumerated() {
            if index > 0 { buffer.append(dialect.delimiter) }
            append(cell)
        }
        buffer += dialect.lineEnding
        if buffer.count >= Self.flushThreshold { try flush() }
    }

    public mutating func writeHeader(_ names: [String]) throws {
        try writeRow(names.map(CSVCell.text))
    }

    public mutating func flush() throws {
        guard !buffer.isEmpty else { return }
        try sink(buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    private mutating func append(_ cell: CSVCell) {
        switch cell {
        case .empty:
            break
        case .integer(let value):
            buffer += Array(String(value).utf8)
        case .decimal(let value, let places):
            var text = value.isFinite ? formatDecimal(value, places: places) : ""
            if dialect.decimalComma { text = String(text.map { $0 == "." ? "," : $0 }) }
            buffer += Array(text.utf8)
        case .text(let value):
            appendText(value)
        }
    }

    private mutating func appendText(_ value: String) {
        let utf8 = value.utf8
        // Formula injection: a cell that Excel would evaluate gets a leading apostrophe (OWASP's advice).
        let guarded = utf8.first.map { [UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D].contains($0) } ?? false
        var needsQuotes = guarded
        if !needsQuotes {
            for byte in utf8 where byte == dialect.delimiter || byte == UInt8(ascii: "\"") || byte == 0x0A || byte == 0x0D {
                needsQuotes = true
                break
            }
        }
        if !needsQuotes {
            buffer += utf8
            return
        }
        buffer.append(UInt8(ascii: "\""))
        if guarded { buffer.append(UInt8(ascii: "'")) }
        for byte in utf8 {
            if byte == UInt8(ascii: "\"") { buffer.append(byte) }
            buffer.append(byte)
        }
        buffer.append(UInt8(ascii: "\""))
    }

    private func formatDecimal(_ value: Double, places: Int) -> String {
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        var text = String(rounded)
        if text.hasSuffix(".0") && places == 0 { text.removeLast(2) }
        if text == "-0.0" { text = "0.0" }
        return text.contains("e") ? String(format: "%.\(places)f", value) : text
    }
}
