import BrandPulseTestSupport
import Foundation
import GRDB
import Testing

/// A collector killed with SIGKILL in the middle of its batches leaves a consistent store, and the
/// next run completes the work without duplicating anything.
@Suite struct KillSafetyTests {
    let directory = RepositoryPaths.temporaryDirectory("kill")
    let sources = 12, itemsPerSource = 800

    func writeFeeds() throws -> String {
        var yaml = "output: \(directory.path)/out\nbrands:\n  - name: Biedronka\n    languages: [pl]\nsources:\n"
        for s in 0..<sources {
            var xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>feed \(s)</title>"
            for i in 0..<itemsPerSource {
                xml += "<item><guid>s\(s)-\(i)</guid><link>https://forum.example.pl/\(s)/\(i)</link>"
                xml += "<pubDate>Mon, 26 Oct 2026 10:\(String(format: "%02d", i % 60)):00 +0100</pubDate>"
                xml += "<description>Wpis \(i) z forum \(s): w Biedronce dziś dobra obsługa i świeże pieczywo, numer \(s * 100_000 + i)</description></item>"
            }
            xml += "</channel></rss>"
            try Data(xml.utf8).write(to: directory.appendingPathComponent("feed\(s).xml"))
            yaml += "  - name: feed\(s)\n    url: feed\(s).xml\n"
        }
        yaml += "collect:\n  concurrency: 4\n"
        let path = directory.appendingPathComponent("config.yaml").path
        try Data(yaml.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    func storedCount(_ store: String) throws -> Int {
        let queue = try DatabaseQueue(path: store)
        return try queue.read { db in
            #expect(try String.fetchOne(db, sql: "PRAGMA integrity_check") == "ok")
            // Killed before the first migration committed: an empty, consistent file.
            guard try db.tableExists("mention") else { return 0 }
            let mentions = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM mention") ?? -1
            let verdicts = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM brand_mention") ?? -2
            // Every mention carries its verdict: a batch is never half-written.
            #expect(mentions == verdicts)
            return mentions
        }
    }

    @Test func killedMidRunLeavesAConsistentStoreAndTheNextRunCompletes() throws {
        let config = try writeFeeds()
        let store = directory.appendingPathComponent("out/brandpulse.sqlite").path

        let process = Process()
        process.executableURL = CLIProcess.executable
        process.arguments = ["collect", "--config", config, "--quiet"]
        var environment = ProcessInfo.processInfo.environment
        environment["BRANDPULSE_LEXICONS"] = RepositoryPaths.root().appendingPathComponent("lexicons").path
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Kill as soon as the first batches are being written.
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline && process.isRunning {
            if let size = try? FileManager.default.attributesOfItem(atPath: store + "-wal")[.size] as? Int, size > 256 << 10 { break }
            Thread.sleep(forTimeInterval: 0.002)
        }
        let killedMidRun = process.isRunning
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()

        let partial = try storedCount(store)
        #expect(partial % itemsPerSource == 0, "only whole source batches are stored: \(partial)")
        #expect(killedMidRun, "the run finished before it could be killed; make the feeds larger")
        #expect(partial < sources * itemsPerSource)

        let rerun = try CLIProcess.run(["collect", "--config", config])
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(try storedCount(store) == sources * itemsPerSource)
        #expect(rerun.stdout.contains("\(sources * itemsPerSource - partial) new mentions"), "\(rerun.stdout)")
    }
}
