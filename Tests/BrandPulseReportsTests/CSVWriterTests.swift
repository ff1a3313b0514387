import BrandPulseReports
import BrandPulseTestSupport
import Foundation
import Testing

@Suite struct CSVWriterTests {
    func render(_ dialect: CSVDialect, _ rows: [[CSVCell]]) throws -> [UInt8] {
        var out: [UInt8] = []
        var writer = CSVWriter(dialect: dialect) { out += $0 }
        for row in rows { try writer.writeRow(row) }
        try writer.flush()
        return out
    }

    @Test func standardDialectQuotesOnlyWhatNeedsIt() throws {
        let bytes = try render(.standard, [[.text("plain"), .text("a,b"), .text("say \"hi\""), .text("two\nlines"), .decimal(-0.5, places: 2), .integer(7), .empty]])
        #expect(String(decoding: bytes, as: UTF8.self) == "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",-0.5,7,\n")
    }

    @Test func excelDialectHasBOMSemicolonsCRLFAndDecimalComma() throws {
        let bytes = try render(.excel, [[.text("Сбербанк"), .text("ș;ț"), .decimal(0.25, places: 2)]])
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(String(decoding: bytes.dropFirst(3), as: UTF8.self) == "Сбербанк;\"ș;ț\";0,25\r\n")
    }

    @Test(arguments: ["=HYPERLINK(\"http://evil\")", "+48 123", "-2+3", "@SUM(A1)", "\tTab", "\rCR"])
    func formulaInjectionIsEscaped(cell: String) throws {
        let text = String(decoding: try render(.standard, [[.text(cell)]]), as: UTF8.self)
        #expect(text.hasPrefix("\"'"))
        // Numbers are never escaped: a negative score stays a number.
        #expect(String(decoding: try render(.standard, [[.decimal(-0.75, places: 2)]]), as: UTF8.self) == "-0.75\n")
    }

    @Test func readBackByPythonsCSVModule() throws {
        let python = ["/usr/bin/python3", "/usr/local/bin/python3"].first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let python else { return }
        let rows: [[CSVCell]] = [
            [.text("brand"), .text("text"), .text("score")],
            [.text("Biedronka"), .text("Nie polecam; obsługa \"fatalna\"\nwięcej"), .decimal(-0.8, places: 2)],
            [.text("eMAG"), .text("=1+1"), .decimal(0.4, places: 2)],
        ]
        let file = RepositoryPaths.temporaryDirectory("csv").appendingPathComponent("out.csv")
        try Data(try render(.excel, rows)).write(to: file)
        let script = """
            import csv, json, sys
            with open(sys.argv[1], encoding='utf-8-sig', newline='') as f:
                print(json.dumps(list(csv.reader(f, delimiter=';'))))
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", script, file.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let parsed = try JSONDecoder().decode([[String]].self, from: output)
        #expect(parsed == [
            ["brand", "text", "score"],
            ["Biedronka", "Nie polecam; obsługa \"fatalna\"\nwięcej", "-0,8"],
            ["eMAG", "'=1+1", "0,4"],
        ])
    }

    @Test func streamsInBoundedChunks() throws {
        var largest = 0
        var writer = CSVWriter(dialect: .standard) { largest = max(largest, $0.count) }
        for i in 0..<50_000 { try writer.writeRow([.integer(i), .text("wiersz \(i) z tekstem")]) }
        try writer.flush()
        #expect(largest < 128 * 1024)
    }
}
