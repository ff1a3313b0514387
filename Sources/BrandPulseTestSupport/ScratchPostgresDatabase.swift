import Foundation

/// A fresh PostgreSQL database for one test or benchmark, created and dropped through `psql` with an admin URL
/// (a role that may create databases, as `scripts/start-postgres.sh` sets up).
public struct ScratchPostgresDatabase: Sendable {
    /// The new database's URL: the admin URL with the database name replaced.
    public let url: String
    private let admin: String
    private let name: String

    /// Creates `<prefix>_<random>`; nil when the admin URL has no database part or `psql` fails.
    public init?(admin: String, prefix: String) {
        guard let slash = admin.lastIndex(of: "/") else { return nil }
        let name = "\(prefix)_\(UInt32.random(in: 0...UInt32.max))"
        guard ScratchPostgresDatabase.psql(admin, "CREATE DATABASE \(name)") == 0 else { return nil }
        self.admin = admin
        self.name = name
        url = String(admin[...slash]) + name
    }

    public func drop() {
        _ = ScratchPostgresDatabase.psql(admin, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
    }

    /// Runs one SQL statement quietly; the exit status of `psql` (−1 when it cannot start).
    public static func psql(_ url: String, _ sql: String) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["psql", url, "-v", "ON_ERROR_STOP=1", "-q", "-c", sql]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }
}
