import BrandPulseSentiment
import BrandPulseTestSupport
import Foundation
import Testing

/// `brandpulse score --input FILE --format jsonl`: one line per input line, in order, with the library's scores.
@Suite struct ScoreCommandTests {
    let directory = RepositoryPaths.temporaryDirectory("score-command")

    static let texts = [
        "Nie polecam, obsługa fatalna.", "Сбербанк, спасибо за быструю помощь)))", "Produs excelent, recomand!",
        "ok", "I love it but the delivery was late", "", "meh", "#niepolecam #fail 😡", "Totul a fost bine, mulțumesc 👍",
    ]

    @Test func jsonlLinesCarryTheLibraryScoresWithFourDecimals() throws {
        let input = directory.appendingPathComponent("in.jsonl")
        var lines: [String] = []
        for (index, text) in Self.texts.enumerated() {
            let data = try JSONSerialization.data(withJSONObject: ["id": "t\(index)", "text": text])
            lines.append(String(decoding: data, as: UTF8.self))
        }
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: input)

        let result = try CLIProcess.run(["score", "--input", input.path, "--format", "jsonl"])
        #expect(result.status == 0, "\(result.stderr)")
        let output = result.stdout.split(separator: "\n").map(String.init)
        #expect(output.count == Self.texts.count)

        let engine = try SentimentEngine.load(lexiconDirectory: RepositoryPaths.root().appendingPathComponent("lexicons"))
        let scorePattern = /"score":(-?[0-9]+\.[0-9]+)/
        for (index, line) in output.enumerated() {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(object["id"] as? String == "t\(index)")
            let analysis = engine.analyze(Self.texts[index])
            #expect(object["label"] as? String == analysis.label.rawValue, "\(line)")
            #expect(object["lang"] as? String == analysis.language.rawValue, "\(line)")
            let printed = try #require(line.firstMatch(of: scorePattern)).1
            #expect(String(printed) == String(format: "%.4f", analysis.score), "\(line)")
        }
    }

    @Test func explainedOutputIsTheSameFromRunToRun() throws {
        let input = directory.appendingPathComponent("explain.jsonl")
        let lines = try Self.texts.enumerated().map { index, text in
            String(decoding: try JSONSerialization.data(withJSONObject: ["id": "t\(index)", "text": text]), as: UTF8.self)
        }
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: input)
        let arguments = ["score", "--input", input.path, "--format", "jsonl", "--explain"]
        let first = try CLIProcess.run(arguments), second = try CLIProcess.run(arguments)
        #expect(first.status == 0, "\(first.stderr)")
        // The explanation's keys are sorted, so that two runs can be diffed.
        #expect(first.stdout == second.stdout)
        #expect(first.stdout.contains("\"explanation\":{\"exclamationBoost\":"))
    }

    @Test func idsAndBrandNamesAreEscapedJSON() throws {
        let input = directory.appendingPathComponent("escape.jsonl")
        let id = "a \"quoted\" \\ id\nwith\ttabs \u{01} and ł ы ș 😡"
        let data = try JSONSerialization.data(withJSONObject: ["id": id, "text": "Wszyscy chwalą \"Biedronkę\", ja nie polecam"])
        try (data + Data("\n".utf8)).write(to: input)
        let result = try CLIProcess.run(["score", "--input", input.path, "--format", "jsonl", "--brand", "Bie\"dronka=Biedronka"])
        #expect(result.status == 0, "\(result.stderr)")
        let line = try #require(result.stdout.split(separator: "\n").first)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["id"] as? String == id)
        let brands = try #require(object["brands"] as? [[String: Any]])
        #expect(brands.first?["name"] as? String == "Bie\"dronka")
        #expect(brands.first?["matched"] as? String == "Biedronkę")
        #expect(brands.first?["intents"] as? [String] == ["warn"])
    }

    /// The reader skips eight bytes at a time to the closing quote; an escape or a multi-byte letter at any offset
    /// of that word must still be read exactly.
    @Test func escapesAtEveryOffsetAreRead() throws {
        let input = directory.appendingPathComponent("offsets.jsonl")
        var ids: [String] = []
        for offset in 0..<18 {
            for special in ["\"", "\\", "\n", "\u{01}", "ł", "😡", "/"] {
                ids.append(String(repeating: "x", count: offset) + special + "tail")
            }
        }
        var lines = Data()
        for (index, id) in ids.enumerated() {
            lines += try JSONSerialization.data(withJSONObject: ["id": id, "text": "tekst \(index) świetny"])
            lines += Data("\n".utf8)
        }
        try lines.write(to: input)
        let result = try CLIProcess.run(["score", "--input", input.path, "--format", "jsonl"])
        #expect(result.status == 0, "\(result.stderr)")
        let read = try result.stdout.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])["id"] as? String
        }
        #expect(read == ids)
    }

    @Test func aBadLineStopsTheRunAfterTheLinesBeforeIt() throws {
        let input = directory.appendingPathComponent("bad.jsonl")
        try Data("{\"id\":\"a\",\"text\":\"super\"}\n{\"id\":\"b\",\"text\":\"ok\"}\nnot json\n{\"id\":\"d\",\"text\":\"x\"}\n".utf8)
            .write(to: input)
        let result = try CLIProcess.run(["score", "--input", input.path, "--format", "jsonl"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("bad.jsonl:3: not a JSON object"), "\(result.stderr)")
        #expect(result.stdout.split(separator: "\n").count == 2)
    }


    @Test func blankLinesCarriageReturnsAndNoFinalNewlineKeepTheLineNumbers() throws {
        // Lines without an id are named by their line number, so the line split must count every line.
        let input = directory.appendingPathComponent("lines.jsonl")
        try Data("{\"text\":\"super\"}\n\n{\"text\":\"ok\"}\r\n  \n{\"text\":\"fatalna obsługa\"}".utf8).write(to: input)
        let result = try CLIProcess.run(["score", "--input", input.path, "--format", "jsonl"])
        #expect(result.status == 0, "\(result.stderr)")
        let ids = try result.stdout.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])["id"] as? String
        }
        #expect(ids == ["1", "3", "5"])
    }
    @Test func linesFromAPipeAreScoredAsTheyArrive() throws {
        // A producer that keeps its pipe open ("tail -f") gets each line's score without waiting for the end.
        let process = Process()
        process.executableURL = CLIProcess.executable
        process.arguments = ["score", "--input", "-", "--format", "jsonl"]
        var environment = ProcessInfo.processInfo.environment
        environment["BRANDPULSE_LEXICONS"] = RepositoryPaths.root().appendingPathComponent("lexicons").path
        process.environment = environment
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.terminate() } }

        input.fileHandleForWriting.write(Data("{\"id\":\"first\",\"text\":\"Nie polecam, obsługa fatalna.\"}\n".utf8))
        // Should the score never come, close the pipe after a minute so that the test fails instead of hanging.
        let gaveUp = Flag()
        let writer = input.fileHandleForWriting
        DispatchQueue.global().asyncAfter(deadline: .now() + 60) {
            if gaveUp.setIfUnset() { try? writer.close() }
        }
        var received = Data()
        while !received.contains(UInt8(ascii: "\n")) {
            let data = output.fileHandleForReading.availableData
            if data.isEmpty { break }
            received.append(data)
        }
        #expect(gaveUp.setIfUnset(), "the first line's score should arrive while the pipe is still open")
        let first = String(decoding: received, as: UTF8.self)
        #expect(first.hasPrefix("{\"id\":\"first\""))
        #expect(first.contains("\"label\":\"negative\""))

        input.fileHandleForWriting.write(Data("{\"id\":\"second\",\"text\":\"Produs excelent, recomand!\"}\n".utf8))
        try input.fileHandleForWriting.close()
        received.append(output.fileHandleForReading.readDataToEndOfFile())
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let lines = String(decoding: received, as: UTF8.self).split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.last?.hasPrefix("{\"id\":\"second\"") == true)
    }
}
