@testable import BrandPulseStorePostgres
import BrandPulseCore
import BrandPulseStore
import Foundation

/// A database of its own for one test: created through the URL in `BRANDPULSE_TEST_POSTGRES_URL`
/// (its role needs CREATEDB; scripts/start-postgres.sh sets that up) and dropped afterwards.
struct PostgresTestDatabase {
    static let environmentKey = "BRANDPULSE_TEST_POSTGRES_URL"
    static var adminURL: String? { ProcessInfo.processInfo.environment[environmentKey] }
    static var isAvailable: Bool { adminURL != nil }

    let name: String
    let url: String

    /// Runs `body` with the URL of a fresh, empty database, and drops the database afterwards.
    static func with<T>(_ body: (PostgresTestDatabase) throws -> T) throws -> T {
        let database = try create()
        defer { database.drop() }
        return try body(database)
    }

    static func create() throws -> PostgresTestDatabase {
        let admin = try adminConnection()
        // Identifiers cannot be parameters; the name is ours, lowercase hex only.
        let name = "bp_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        try admin.withSession(transaction: false) { _ = try $0.execute("CREATE DATABASE \"\(name)\"") }
        return PostgresTestDatabase(name: name, url: try url(replacingDatabaseWith: name))
    }

    func drop() {
        guard let admin = try? Self.adminConnection() else { return }
        _ = try? admin.withSession(transaction: false) {
            _ = try $0.execute("DROP DATABASE IF EXISTS \"\(name)\" WITH (FORCE)")
        }
    }

    /// Runs one statement against this test database, outside any store.
    @discardableResult
    func execute(_ sql: String) throws -> [[String?]] {
        let connection = try PostgresConnection(url: PostgresURL(url))
        return try connection.withSession(transaction: false) { session in
            let result = try session.execute(sql)
            return (0..<result.rowCount).map { row in
                (0..<result.columnCount).map { result.string(row, $0) }
            }
        }
    }

    /// Ends every server process connected to this database, as a crash or restart of the backend would.
    func terminateConnections() throws {
        let admin = try Self.adminConnection()
        var parameters = PostgresParameters()
        parameters.append(name)
        try admin.withSession(transaction: false) { session in
            _ = try session.execute("""
                SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                WHERE datname = $1 AND pid <> pg_backend_pid()
                """, parameters)
        }
    }

    private static func adminConnection() throws -> PostgresConnection {
        guard let adminURL else {
            throw BrandPulseError("set \(environmentKey) (scripts/start-postgres.sh starts a server)")
        }
        return try PostgresConnection(url: PostgresURL(adminURL))
    }

    private static func url(replacingDatabaseWith name: String) throws -> String {
        guard let adminURL, var components = URLComponents(string: adminURL) else {
            throw BrandPulseError("\(environmentKey) is not a postgres:// URL")
        }
        components.path = "/" + name
        guard let url = components.string else { throw BrandPulseError("cannot build a URL for \(name)") }
        return url
    }
}

/// Runs `body` on `count` threads at once (not the cooperative pool: libpq blocks), and rethrows
/// the first error.
func runOnThreads(_ count: Int, _ body: @escaping @Sendable (Int) throws -> Void) throws {
    let errors = Locked<[String]>([])
    let group = DispatchGroup()
    for index in 0..<count {
        group.enter()
        let thread = Thread {
            defer { group.leave() }
            do { try body(index) } catch { errors.update { $0.append(String(describing: error)) } }
        }
        thread.start()
    }
    group.wait()
    if let first = errors.value.first { throw BrandPulseTestFailure("a thread failed: \(first)") }
}

/// A value shared between test threads.
///
/// `@unchecked Sendable` invariant: `stored` is read and written only while `lock` is held.
final class Locked<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value

    init(_ value: Value) { stored = value }

    var value: Value { lock.withLock { stored } }

    func update(_ change: (inout Value) -> Void) {
        lock.withLock { change(&stored) }
    }
}

/// Test data: mention `n` of a source, with one verdict, every optional field set.
enum Sample {
    static let baseDate = Date(timeIntervalSince1970: 1_790_000_000.25)

    static func mention(
        _ n: Int, source: String = "pl-forum", dedupKey: String? = nil, textKey: String? = nil, text: String? = nil,
        day: Int = 0, brands: [String] = ["Biedronka"]
    ) -> ScoredMention {
        let published = baseDate.addingTimeInterval(Double(day) * 86_400 + Double(n) * 0.001)
        let body = text ?? "Wpis numer \(n) o Biedronce, obsługa była całkiem w porządku — 👍 \"cytat\" 'x' \\ ; DROP"
        let stored = StoredMention(
            source: source, entryKey: "guid-\(n)", dedupKey: dedupKey ?? "link:https://example.pl/\(n)",
            textKey: textKey, url: "https://example.pl/\(n)?a=1&b=ż", title: "Tytuł \(n)", text: body,
            author: "autor\(n % 3)", language: .pl, publishedAt: published,
            fetchedAt: published.addingTimeInterval(60.5),
            metrics: EngagementMetrics(followers: 10_000_000_000, likes: n, reposts: nil, comments: 2),
            hashtags: ["biedronka", "zakupy"]
        )
        let verdicts = brands.map { brand in
            BrandVerdict(brand: brand, matched: "Biedronce", score: -0.123456789012345, label: .negative,
                         intents: [.complaint, .warn], evidence: ["fatalna", "nie polecam"])
        }
        return ScoredMention(mention: stored, verdicts: verdicts)
    }
}

extension Date {
    /// Dates are stored as epoch seconds, and `Date` keeps seconds since 2001: the round trip
    /// through the other epoch can move the last bit (sub-nanosecond), so compare within 1 µs.
    func isClose(to other: Date) -> Bool {
        abs(timeIntervalSince(other)) < 1e-6
    }
}
