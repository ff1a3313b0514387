@testable import BrandPulseStorePostgres
import BrandPulseStore
import Foundation
import Testing

extension PostgresMentionStoreTests {
    @Suite struct Migrations {
        static let all = ["v1-create-mention", "v2-create-alert", "v3-create-daily-aggregate"]

        @Test func emptyDatabaseGetsEveryMigration() throws {
            try PostgresTestDatabase.with { database in
                let store = try PostgresMentionStore(url: database.url)
                #expect(try store.appliedMigrations() == Self.all)
                let tables = try database.execute("""
                    SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name
                    """).map { $0[0] }
                #expect(tables == ["alert", "brand_mention", "daily_aggregate", "mention", "schema_migrations", "source"])
                // Opening again applies nothing and changes nothing.
                try store.migrate()
                _ = try PostgresMentionStore(url: database.url)
                #expect(try database.execute("SELECT COUNT(*) FROM schema_migrations") == [["3"]])
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

        /// Grouped in SQL by the server's time-zone database: 2026-10-25 is 25 hours long in Warsaw.
        @Test func dailyCountsAreGroupedInTheBrandsTimeZone() throws {
            try PostgresTestDatabase.with { database in
                let store = try PostgresMentionStore(url: database.url)
                func at(_ iso: String, _ n: Int, negative: Bool) -> ScoredMention {
                    var m = Sample.mention(n)
                    m.mention.publishedAt = ISO8601DateFormatter().date(from: iso) ?? Date()
                    m.verdicts[0].label = negative ? .negative : .positive
                    return m
                }
                _ = try store.ingest([
                    at("2026-10-24T21:59:00Z", 1, negative: true), at("2026-10-24T22:00:00Z", 2, negative: true),
                    at("2026-10-25T22:59:00Z", 3, negative: false), at("2026-10-25T23:00:00Z", 4, negative: false),
                ], sourceState: nil)
                let counts = try store.dailyCounts(brand: "Biedronka", timeZone: "Europe/Warsaw", from: .distantPast, to: .distantFuture)
                #expect(counts == [
                    "2026-10-24": DayTally(total: 1, negative: 1), "2026-10-25": DayTally(total: 2, negative: 1),
                    "2026-10-26": DayTally(total: 1, negative: 0),
                ])
            }
        }

        @Test func dailyAggregatesRoundTripAndReplace() throws {
            try PostgresTestDatabase.with { database in
                let store = try PostgresMentionStore(url: database.url)
                var day = DailyAggregate(brand: "Biedronka", day: "2026-10-30", volume: 12, positive: 5, neutral: 3, negative: 4,
                                         netSentiment: 11.1, nps: -8.3, npsByAuthor: nil, cli: 47.5, secureShare: 0.2,
                                         forcedLoyaltyShare: nil, shareOfVoice: 0.6, lowData: false)
                let lidl = DailyAggregate(brand: "Lidl", day: "2026-10-30", volume: 1, positive: 0, neutral: 1, negative: 0,
                                          netSentiment: nil, nps: nil, npsByAuthor: nil, cli: 50, secureShare: nil,
                                          forcedLoyaltyShare: nil, shareOfVoice: nil, lowData: true)
                try store.saveDailyAggregates([day, lidl])
                day.volume = 13
                try store.saveDailyAggregates([day])
                #expect(try store.dailyAggregates(brand: "Biedronka", from: "2026-10-01", to: "2026-10-31") == [day])
                #expect(try store.dailyAggregates(brand: nil, from: "2026-10-30", to: "2026-10-30") == [day, lidl])
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
                #expect(try database.execute("SELECT COUNT(*) FROM schema_migrations") == [["3"]])
            }
        }
    }
}
