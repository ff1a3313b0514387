import BrandPulseTestSupport
import Foundation
import Testing

/// Bad input gets a one-line error that names the file, feed or line, and nothing already stored is lost.
@Suite struct FailureTests {
    let directory = RepositoryPaths.temporaryDirectory("failures")

    func write(_ text: String, _ name: String) throws -> URL {
        let url = directory.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url
    }

    static let goodFeed = """
        <?xml version="1.0" encoding="utf-8"?>
        <rss version="2.0"><channel><title>Forum</title><link>https://forum.example.pl/</link>
        <item><guid>1</guid><link>https://forum.example.pl/t/1</link><pubDate>Mon, 26 Oct 2026 10:00:00 +0100</pubDate>
        <title>Biedronka</title><description>W Biedronce dziś świetna obsługa, polecam!</description></item>
        </channel></rss>
        """

    func config(sources: String, store: String? = nil) throws -> String {
        var yaml = "output: \(directory.path)/out\n"
        if let store { yaml += "store:\n  sqlite: \(store)\n" }
        yaml += "brands:\n  - name: Biedronka\n    languages: [pl]\n    timezone: Europe/Warsaw\nsources:\n" + sources
        return try write(yaml, "config.yaml").path
    }

    @Test func brokenFeedFailsAloneAndTheOthersAreStored() throws {
        _ = try write(Self.goodFeed, "good.xml")
        _ = try write("<html><body>Service unavailable</body></html>", "broken.xml")
        let path = try config(sources: "  - name: good\n    url: good.xml\n  - name: broken\n    url: broken.xml\n  - name: missing\n    url: missing.xml\n")
        let result = try CLIProcess.run(["collect", "--config", path])
        #expect(result.status == 3, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("1 sources ok"))
        #expect(result.stdout.contains("1 new mentions"))
        #expect(result.stdout.contains("failed: broken:"))
        #expect(result.stdout.contains("failed: missing:"))
        let sources = try CLIProcess.run(["sources", "--config", path])
        #expect(sources.stdout.contains("failing (1×)"))
    }

    @Test func badConfigIsOneLineWithFileLineAndKeyAndExitTwo() throws {
        let path = try write("brands:\n  - name: A\n    timezone: Mars/Olympus\n", "bad.yaml").path
        let result = try CLIProcess.run(["collect", "--config", path])
        #expect(result.status == 2)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.hasPrefix("error: \(path):3: brands[0].timezone: unknown time zone") == true, "\(result.stderr)")
    }

    @Test(arguments: [["score"], ["export", "weekly"], ["collect", "--shard", "3/2"], ["nonsense"]])
    func badArgumentsExitTwoWithOneLine(arguments: [String]) throws {
        let result = try CLIProcess.run(arguments)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
    }

    @Test func hostileXMLIsASourceErrorAndTheRunGoesOn() throws {
        _ = try write(Self.goodFeed, "good.xml")
        _ = try write("""
            <?xml version="1.0"?>
            <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
            <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
            <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
            <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
            <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
            <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">]>
            <rss version="2.0"><channel><item><title>Biedronka &lol7;</title></item></channel></rss>
            """, "laughs.xml")
        let path = try config(sources: "  - name: good\n    url: good.xml\n  - name: laughs\n    url: laughs.xml\n")
        let result = try CLIProcess.run(["collect", "--config", path])
        #expect([0, 3].contains(result.status))
        #expect(result.stdout.contains("1 new mentions") || result.stdout.contains("2 new mentions"))
    }

    /// A real full disk: the store lives on a 512 KiB tmpfs (needs root, as in CI).
    @Test(.enabled(if: getuid() == 0, "mounting a small tmpfs needs root"))
    func fullDiskIsOneLineExitOneAndKeepsStoredData() throws {
        let mountPoint = directory.appendingPathComponent("tiny")
        try FileManager.default.createDirectory(at: mountPoint, withIntermediateDirectories: true)
        guard shell("mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", mountPoint.path) == 0 else { return }
        defer { _ = shell("umount", mountPoint.path) }
        _ = try write(Self.goodFeed, "good.xml")
        let path = try config(sources: "  - name: good\n    url: good.xml\n", store: mountPoint.appendingPathComponent("store.sqlite").path)
        #expect(try CLIProcess.run(["collect", "--config", path]).status == 0)

        // Fill the disk, then feed a large batch.
        _ = shell("dd", "if=/dev/zero", "of=\(mountPoint.path)/filler", "bs=1k", "count=2048")
        var items = ""
        for i in 0..<400 {
            items += "<item><guid>big-\(i)</guid><title>Biedronka \(i)</title><description>"
            items += String(repeating: "Biedronka ma świetne promocje i polecam wszystkim sąsiadom. ", count: 20) + "</description></item>"
        }
        _ = try write("<rss version=\"2.0\"><channel>\(items)</channel></rss>", "big.xml")
        let full = try config(sources: "  - name: good\n    url: good.xml\n  - name: big\n    url: big.xml\n",
                              store: mountPoint.appendingPathComponent("store.sqlite").path)
        let result = try CLIProcess.run(["collect", "--config", full])
        #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        #expect(result.stderr.contains("store.sqlite"))
        #expect(result.stderr.contains("disk full"))

        // Free space: what was stored before is intact and the next run completes the batch.
        try FileManager.default.removeItem(atPath: "\(mountPoint.path)/filler")
        let export = try CLIProcess.run(["export", "mentions", "--config", full, "--from", "2026-01-01", "--to", "2026-12-31"])
        #expect(export.stdout.contains("świetna obsługa"))
    }

    /// A store on a file system that became read-only (needs root for the tmpfs, as in CI).
    @Test(.enabled(if: getuid() == 0, "mounting a tmpfs needs root"))
    func readOnlyStoreIsOneLineAndExitOne() throws {
        let mountPoint = directory.appendingPathComponent("ro")
        try FileManager.default.createDirectory(at: mountPoint, withIntermediateDirectories: true)
        guard shell("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", mountPoint.path) == 0 else { return }
        defer { _ = shell("umount", mountPoint.path) }
        _ = try write(Self.goodFeed, "good.xml")
        let store = mountPoint.appendingPathComponent("store.sqlite").path
        let path = try config(sources: "  - name: good\n    url: good.xml\n", store: store)
        #expect(try CLIProcess.run(["collect", "--config", path]).status == 0)
        #expect(shell("mount", "-o", "remount,ro", mountPoint.path) == 0)

        let result = try CLIProcess.run(["collect", "--config", path, "--force"])
        #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("error: \(store): "), "\(result.stderr)")
    }

    @discardableResult
    func shell(_ arguments: String...) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }
}
