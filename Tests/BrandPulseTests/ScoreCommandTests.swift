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
}
