@testable import BrandPulseStorePostgres
import BrandPulseStore
import Foundation
import Testing

extension PostgresMentionStoreTests {
    @Suite struct Reconnect {
        @Test func aKilledServerProcessIsReplacedAndTheBatchStored() throws {
            try PostgresTestDatabase.with { database in
                let store = try PostgresMentionStore(url: database.url)
                #expect(try store.ingest([Sample.mention(1)], sourceState: nil).inserted == 1)
                try database.terminateConnections()
                #expect(try store.ingest([Sample.mention(2)], sourceState: nil).inserted == 1)
                #expect(try store.mentionCounts(from: .distantPast, to: .distantFuture) == ["Biedronka": 2])
            }
        }

        /// Stops and starts the whole cluster between two ingests (root and pg_ctlcluster needed,
        /// as in CI). While it is down the store fails with a one-line message; once it is back,
        /// the same store object carries on.
        @Test(.enabled(if: Cluster.canRestart, "needs root and pg_ctlcluster (Debian postgresql-common)"))
        func survivesAServerRestart() throws {
            try PostgresTestDatabase.with { database in
                let store = try PostgresMentionStore(url: database.url)
                #expect(try store.ingest([Sample.mention(1)], sourceState: nil).inserted == 1)

                try Cluster.run("stop")
                var restarted = false
                defer { if !restarted { try? Cluster.run("start") } }
                let error = #expect(throws: PostgresStoreError.self) {
                    try store.ingest([Sample.mention(2)], sourceState: nil)
                }
                #expect(error?.code == .connectionFailed)
                #expect(error?.message.contains("is the server running?") == true)
                #expect(error?.exitStatus == .fatal)

                try Cluster.run("start")
                restarted = true
                #expect(try store.ingest([Sample.mention(2)], sourceState: nil).inserted == 1)
                #expect(try store.mentionCounts(from: .distantPast, to: .distantFuture) == ["Biedronka": 2])
            }
        }
    }
}

/// The local cluster that scripts/start-postgres.sh runs: `BRANDPULSE_TEST_POSTGRES_CLUSTER`
/// ("15 main" when unset).
enum Cluster {
    static let pgCtlCluster = "/usr/bin/pg_ctlcluster"

    static var canRestart: Bool {
        getuid() == 0 && FileManager.default.isExecutableFile(atPath: pgCtlCluster)
    }

    static var versionAndName: [String] {
        (ProcessInfo.processInfo.environment["BRANDPULSE_TEST_POSTGRES_CLUSTER"] ?? "15 main")
            .split(separator: " ").map(String.init)
    }

    /// Runs `pg_ctlcluster <version> <name> <action>` and waits for it. posix_spawn and waitpid
    /// rather than Foundation's Process, whose waitUntilExit can hang when the child leaves a
    /// daemon (the postmaster) behind.
    static func run(_ action: String) throws {
        let arguments = [pgCtlCluster] + versionAndName + [action]
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, pgCtlCluster, &actions, nil, argv, environ)
        guard spawned == 0 else {
            throw BrandPulseTestFailure("cannot run pg_ctlcluster \(action): error \(spawned)")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        // WIFEXITED and WEXITSTATUS, which Swift does not import.
        guard status & 0x7f == 0, (status >> 8) & 0xff == 0 else {
            throw BrandPulseTestFailure("pg_ctlcluster \(action) failed (wait status \(status))")
        }
    }
}

struct BrandPulseTestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
