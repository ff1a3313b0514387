import BrandPulseTestSupport
import Foundation
import Testing

/// Several collector processes, one PostgreSQL database: overlapping shards store every mention once.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["BRANDPULSE_TEST_POSTGRES_URL"] != nil,
                "set BRANDPULSE_TEST_POSTGRES_URL (scripts/test.sh starts a server)"))
struct PostgresCollectorsTests {
    let out = RepositoryPaths.temporaryDirectory("pg-collectors")

    /// A fresh database through psql, dropped by the caller.
    func createDatabase() throws -> (url: String, drop: () -> Void) {
        let admin = ProcessInfo.processInfo.environment["BRANDPULSE_TEST_POSTGRES_URL"] ?? ""
        let database = try #require(ScratchPostgresDatabase(admin: admin, prefix: "bp_e2e"), "cannot create a database through \(admin)")
        return (database.url, database.drop)
    }

    @Test func overlappingShardsStoreEachMentionOnce() throws {
        let database = try createDatabase()
        defer { database.drop() }
        let config = try DemoConfig.copy(into: out) { yaml in
            yaml.replacingOccurrences(of: "  sqlite: brandpulse.sqlite      # relative to the output folder", with: "  postgres: \(database.url)")
        }
        #expect(try CLIProcess.run(["migrate", "--config", config]).status == 0)

        // Three processes at once: all sources, and the two halves, so every source is collected twice.
        let runs = ["0/1", "0/2", "1/2"].map { shard in
            let process = Process()
            process.executableURL = CLIProcess.executable
            process.arguments = ["collect", "--config", config, "--shard", shard, "--json"]
            var environment = ProcessInfo.processInfo.environment
            environment["BRANDPULSE_LEXICONS"] = RepositoryPaths.root().appendingPathComponent("lexicons").path
            process.environment = environment
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            return process
        }
        for process in runs { try process.run() }
        for process in runs {
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
        }

        let export = try CLIProcess.run(["export", "mentions", "--config", config, "--from", "2026-09-01", "--to", "2026-11-30"])
        #expect(export.status == 0, "\(export.stderr)")
        let rows = try CSVTestReader.parse(export.stdout, delimiter: ",").dropFirst()
        #expect(rows.count == DemoRunTests.expectedCounts.values.reduce(0, +))
        let sources = try CLIProcess.run(["sources", "--config", config, "--json"])
        #expect(!sources.stdout.contains("\"consecutiveFailures\" : 1"))
        #expect(!sources.stdout.contains("never fetched"))
    }
}
