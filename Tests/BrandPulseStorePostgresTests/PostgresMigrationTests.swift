@testable import BrandPulseStorePostgres
import BrandPulseStore
import Foundation
import Testing

extension PostgresMentionStoreTests {
    @Suite struct Migrations {
        static let all = ["v1-create-mention", "v2-create-alert"]

        @Test func emptyDatabaseGetsEveryMigration() throws {
            try PostgresTestDatabase.with { database in
                let store = try PostgresMentionStore(url: database.url)
                #expect(try store.appliedMigrations() == Self.all)
                let tables = try database.execute("""
                    SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name
                    """).map { $0[0] }
                #expect(tables == ["alert", "brand_mention", "mention", "schema_migrations", "source"])
                // Opening again applies nothing and changes nothing.
                try store.migrate()
                _ = try PostgresMentionStore(url: database.url)
                #expect(try database.execute("SELECT COUNT(*) FROM schema_migrations") == [["2"]])
            }
        }

        @Test func databaseAtV1IsUpgradedToV2AndKeepsItsData() throws {
            try PostgresTestDatabase.with { database in
                let old = try PostgresMentionStore(url: database.url, migratingThrough: "v1-create-mention")
                #expect(try old.appliedMigrations() == ["v1-create-mention"])
                #expect(try database.execute("SELECT to_regclass('alert') IS NULL") == [["t"]])
                _ = try old.ingest((0..<3).map { Sample.mention($0) }, sourceState: SourceState(name: "pl-forum", url: "u"))

                let store = try PostgresMentionStore(url: database.url)
                #expect(try store.appliedMigrations() == Self.all)
                #expect(try store.mentionCounts(from: .distantPast, to: .distantFuture) == ["Biedronka": 3])
                #expect(try store.sourceStates().map(\.name) == ["pl-forum"])
                let alert = AlertRecord(brand: "Biedronka", period: "2026-11-22", severity: "warning", firedAt: Sample.baseDate,
                                        negativeCount: 3, baseline: 1, summary: "3 negative", deliveredTo: ["stdout"])
                try store.saveAlert(alert)
                #expect(try store.alerts(brand: "Biedronka") == [alert])
            }
        }

        /// Collectors that start together wait on the advisory lock instead of racing on CREATE TABLE.
        @Test func collectorsStartingTogetherMigrateOnce() throws {
            try PostgresTestDatabase.with { database in
                let url = database.url
                try runOnThreads(6) { _ in
                    let store = try PostgresMentionStore(url: url)
                    #expect(try store.appliedMigrations() == Self.all)
                }
                #expect(try database.execute("SELECT COUNT(*) FROM schema_migrations") == [["2"]])
            }
        }
    }
}
