import BrandPulseTestSupport
import Foundation
import Testing

/// The bundled demo, end to end through the real executable: collect, score, store, alert, digest, CSV.
@Suite struct DemoRunTests {
    let out = RepositoryPaths.temporaryDirectory("demo")

    /// Unique mentions per brand in feeds/ after cross-feed de-duplication and exclusions. The hand
    /// counts in feeds/README.md differ by design in five places, each checked by reading the post:
    /// eMAG +1 (an Altex news item that also names eMAG), Lidl +1 (a thread title "…zamiast Lidla"),
    /// Monzo +1 (a post tagged #monzo), Biedronka −1 (a thread reply that never names the shop) and
    /// Сбербанк −1 ("СберПрайм", a product name glued to the brand, is deliberately not matched).
    static let expectedCounts = [
        "Biedronka": 73, "Lidl": 36, "eMAG": 85, "Altex": 26, "Сбербанк": 62, "Тинькофф": 29, "Revolut": 51, "Monzo": 35,
        "Orange": 27,
    ]

    func csvRows(_ name: String) throws -> [[String]] {
        let folder = out.appendingPathComponent("exports")
        let file = try #require(try FileManager.default.contentsOfDirectory(atPath: folder.path).first { $0.hasPrefix(name) })
        let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
        return try CSVTestReader.parse(text, delimiter: ",")
    }

    @Test func demoWritesDigestsAndCSVWithTheExpectedBrandsAndCounts() throws {
        let result = try CLIProcess.run(["demo", "--out", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("ALERT"), "the eMAG storm alerts on stdout")

        let digests = try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("digests").path)
        for slug in ["biedronka", "lidl", "emag", "altex", "сбербанк", "тинькофф", "revolut", "monzo", "orange"] {
            for ext in ["txt", "md", "html"] {
                #expect(digests.contains { $0.hasPrefix(slug + "-") && $0.hasSuffix("." + ext) }, "\(slug).\(ext)")
            }
        }
        let emagDigest = try String(contentsOf: out.appendingPathComponent("digests/emag-2026-10-30.txt"), encoding: .utf8)
        #expect(emagDigest.contains("Alerts\n  ["))

        let recent = try csvRows("mentions-")
        #expect(recent.first?.prefix(4) == ["published_at", "brand", "label", "score"])
        let config = try DemoConfig.copy(into: out)
        let export = try CLIProcess.run(["export", "mentions", "--config", config, "--from", "2026-09-01", "--to", "2026-11-30"])
        let mentions = try CSVTestReader.parse(export.stdout, delimiter: ",")
        var counts: [String: Int] = [:]
        for row in mentions.dropFirst() { counts[row[1], default: 0] += 1 }
        #expect(counts == Self.expectedCounts)

        let daily = try csvRows("daily-")
        #expect(Set(daily.dropFirst().map { $0[1] }) == Set(Self.expectedCounts.keys))
        #expect(daily.count == 1 + 28 * 9)
    }

    @Test func rerunningStoresNothingTwiceAndSendsNoAlertAgain() throws {
        let first = try CLIProcess.run(["demo", "--out", out.path])
        #expect(first.status == 0, "\(first.stderr)")
        let second = try CLIProcess.run(["demo", "--out", out.path])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.contains(" 0 new mentions"), "\(second.stdout)")
        #expect(!second.stdout.contains("ALERT"))
    }

    @Test func alertFiresForTheStormAndNotForTheBusyHappyDay() throws {
        let config = try DemoConfig.copy(into: out)
        let collect = try CLIProcess.run(["collect", "--config", config])
        #expect(collect.status == 0, "\(collect.stderr)")

        let busy = try CLIProcess.run(["alerts", "--config", config, "--brand", "Biedronka", "--date", "2026-10-16", "--explain", "--exit-code"])
        #expect(busy.status == 0, "\(busy.stderr)")
        #expect(busy.stderr.contains("Biedronka 2026-10-16"))
        #expect(!busy.stdout.contains("ALERT"))

        let storm = try CLIProcess.run(["alerts", "--config", config, "--date", "2026-10-30", "--exit-code"])
        #expect(storm.status == 4, "\(storm.stderr)")
        #expect(storm.stdout.components(separatedBy: "ALERT ").count == 2, "exactly one alert: \(storm.stdout)")
        #expect(storm.stdout.contains("eMAG 2026-10-30"))

        let again = try CLIProcess.run(["alerts", "--config", config, "--date", "2026-10-30", "--exit-code"])
        #expect(again.status == 0)
        #expect(!again.stdout.contains("ALERT"))
    }
}

/// The demo config, copied so that its output and store go to a temporary folder.
enum DemoConfig {
    static func copy(into directory: URL, transform: (String) -> String = { $0 }) throws -> String {
        let feeds = RepositoryPaths.root().appendingPathComponent("feeds")
        var text = try String(contentsOf: feeds.appendingPathComponent("demo.yaml"), encoding: .utf8)
        text = text.replacingOccurrences(of: "output: brandpulse-demo", with: "output: \(directory.path)")
        text = text.replacingOccurrences(of: "    url: ", with: "    url: \(feeds.path)/")
        let path = directory.appendingPathComponent("demo.yaml").path
        try Data(transform(text).utf8).write(to: URL(fileURLWithPath: path))
        return path
    }
}

/// A small RFC 4180 reader for tests (quoted fields, doubled quotes, embedded newlines).
enum CSVTestReader {
    static func parse(_ text: String, delimiter: Character) throws -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], field = ""
        var inQuotes = false
        var chars = Array(text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text)
        chars.append("\n")
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if inQuotes {
                if c == "\"" {
                    if i + 1 < chars.count && chars[i + 1] == "\"" { field.append("\""); i += 1 } else { inQuotes = false }
                } else {
                    field.append(c)
                }
            } else if c == "\"" {
                inQuotes = true
            } else if c == delimiter {
                row.append(field)
                field = ""
            } else if c == "\n" || c == "\r\n" {
                row.append(field)
                if row != [""] { rows.append(row) }
                row = []
                field = ""
            } else if c != "\r" {
                field.append(c)
            }
            i += 1
        }
        return rows
    }
}
