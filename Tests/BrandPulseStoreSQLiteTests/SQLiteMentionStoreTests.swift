import BrandPulseCore
import BrandPulseStore
import BrandPulseStoreSQLite
import BrandPulseTestSupport
import Foundation
import Testing

@Suite struct SQLiteMentionStoreTests {
    let directory = RepositoryPaths.temporaryDirectory("sqlite-store")
    var path: String { directory.appendingPathComponent("store.sqlite").path }

    static func mention(_ n: Int, source: String = "pl-forum", link: String? = nil, text: String? = nil, day: Int = 1) -> ScoredMention {
        let published = Date(timeIntervalSince1970: 1_790_000_000 + Double(day) * 86_400 + Double(n))
        let body = text ?? "Wpis numer \(n) o Biedronce, obsługa była całkiem w porządku tym razem"
        let stored = StoredMention(
            source: source, entryKey: "guid-\(n)", dedupKey: "link:" + (link ?? "https://example.pl/\(n)"),
            textKey: "t\(body.hashValue)", url: link ?? "https://example.pl/\(n)", title: nil, text: body,
            author: "autor\(n % 3)", language: .pl, publishedAt: published, fetchedAt: published,
            metrics: EngagementMetrics(followers: 10, likes: n, reposts: nil, comments: 2), hashtags: ["biedronka"])
        let verdict = BrandVerdict(brand: "Biedronka", matched: "Biedronce", score: -0.5, label: .negative,
                                   intents: [.complaint, .warn], evidence: ["fatalna", "nie polecam"])
        return ScoredMention(mention: stored, verdicts: [verdict])
    }

    @Test func roundTripKeepsEveryField() throws {
        let store = try SQLiteMentionStore(path: path)
        let input = Self.mention(1)
        let result = try store.ingest([input], sourceState: SourceState(name: "pl-forum", url: "file:///x", etag: "\"e\""))
        #expect(result == IngestResult(inserted: 1, duplicates: 0))
        let rows = try store.brandMentions(brand: "Biedronka", from: .distantPast, to: .distantFuture)
        let row = try #require(rows.first)
        #expect(row.text == input.mention.text)
        #expect(row.author == "autor1")
        #expect(row.language == .pl)
        #expect(row.label == .negative)
        #expect(row.score == -0.5)
        #expect(row.intents == [.complaint, .warn])
        #expect(row.evidence == ["fatalna", "nie polecam"])
        #expect(row.hashtags == ["biedronka"])
        #expect(row.metrics == EngagementMetrics(followers: 10, likes: 1, reposts: nil, comments: 2))
        #expect(row.publishedAt == input.mention.publishedAt)
        #expect(try store.sourceStates().first?.etag == "\"e\"")
    }

    @Test func reRunIsIdempotent() throws {
        let store = try SQLiteMentionStore(path: path)
        let batch = (0..<20).map { Self.mention($0) }
        #expect(try store.ingest(batch, sourceState: nil).inserted == 20)
        #expect(try store.ingest(batch, sourceState: nil) == IngestResult(inserted: 0, duplicates: 20))
        #expect(try store.mentionCounts(from: .distantPast, to: .distantFuture) == ["Biedronka": 20])
    }

    @Test func sameLinkFromAnotherSourceAndRepostsAreStoredOnce() throws {
        let store = try SQLiteMentionStore(path: path)
        _ = try store.ingest([Self.mention(1)], sourceState: nil)
        let sameLink = Self.mention(2, source: "mastodon", link: "https://example.pl/1")
        let repost = Self.mention(3, source: "mastodon", text: Self.mention(1).mention.text)
        #expect(try store.ingest([sameLink, repost], sourceState: nil) == IngestResult(inserted: 0, duplicates: 2))
    }

    @Test func reopeningKeepsDataAndSchema() throws {
        do {
            let store = try SQLiteMentionStore(path: path)
            _ = try store.ingest([Self.mention(1)], sourceState: nil)
        }
        let reopened = try SQLiteMentionStore(path: path)
        #expect(try reopened.appliedMigrations() == ["v1-create-mention", "v2-create-alert", "v3-create-daily-aggregate", "v4-drop-mention-published-at-index"])
        #expect(try reopened.brandMentions(brand: "Biedronka", from: .distantPast, to: .distantFuture).count == 1)
    }

    @Test func olderSchemaIsUpgraded() throws {
        // A store written by a build that knew only the first migration.
        let store = try SQLiteMentionStore(path: path)
        _ = try store.ingest([Self.mention(1)], sourceState: nil)
        try SQLiteTestAccess.rollBack(path: path, toFirstMigrationOnly: true)
        let upgraded = try SQLiteMentionStore(path: path)
        #expect(try upgraded.appliedMigrations() == ["v1-create-mention", "v2-create-alert", "v3-create-daily-aggregate", "v4-drop-mention-published-at-index"])
        try upgraded.saveAlert(AlertRecord(brand: "Biedronka", period: "2026-10-30", severity: "high", firedAt: Date(),
                                           negativeCount: 9, baseline: 1, summary: "s", deliveredTo: ["stdout"]))
        #expect(try upgraded.alerts(brand: "Biedronka").first?.deliveredTo == ["stdout"])
        #expect(try upgraded.brandMentions(brand: "Biedronka", from: .distantPast, to: .distantFuture).count == 1)
    }

    @Test func pruneRemovesOldMentionsAndTheirVerdicts() throws {
        let store = try SQLiteMentionStore(path: path)
        _ = try store.ingest([Self.mention(1, day: 1), Self.mention(2, day: 40)], sourceState: nil)
        let cutoff = Date(timeIntervalSince1970: 1_790_000_000 + 20 * 86_400)
        #expect(try store.prune(olderThan: cutoff) == 1)
        #expect(try store.mentionCounts(from: .distantPast, to: .distantFuture) == ["Biedronka": 1])
    }

    @Test func readOnlyStoreGivesOneLineError() throws {
        let store = try SQLiteMentionStore(path: path)
        _ = try store.ingest([Self.mention(1)], sourceState: nil)
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: path)
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: directory.path)
        defer {
            try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory.path)
            try? FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        }
        // root ignores permission bits, so only check the message when the OS enforces them.
        guard getuid() != 0 else { return }
        let error = #expect(throws: StoreError.self) {
            let readOnly = try SQLiteMentionStore(path: path)
            _ = try readOnly.ingest([Self.mention(2)], sourceState: nil)
        }
        #expect(error?.description.contains(path) == true)
        #expect(error?.exitStatus == .fatal)
    }

    @Test func notAStoreFileIsAClearError() throws {
        try Data("this is not sqlite".utf8).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: StoreError.self) { _ = try SQLiteMentionStore(path: path) }
        #expect(error?.description.contains("not a BrandPulse SQLite store") == true)
    }

    @Test func dailyAggregatesRoundTripAndReplace() throws {
        let store = try SQLiteMentionStore(path: path)
        var day = DailyAggregate(brand: "Biedronka", day: "2026-10-30", volume: 12, positive: 5, neutral: 3, negative: 4,
                                 netSentiment: 11.1, nps: -8.3, npsByAuthor: nil, cli: 47.5, secureShare: 0.2,
                                 forcedLoyaltyShare: nil, shareOfVoice: 0.6, lowData: false)
        try store.saveDailyAggregates([day, DailyAggregate(brand: "Lidl", day: "2026-10-30", volume: 1, positive: 0, neutral: 1,
                                                           negative: 0, netSentiment: nil, nps: nil, npsByAuthor: nil, cli: 50,
                                                           secureShare: nil, forcedLoyaltyShare: nil, shareOfVoice: nil, lowData: true)])
        day.volume = 13
        try store.saveDailyAggregates([day])
        #expect(try store.dailyAggregates(brand: "Biedronka", from: "2026-10-01", to: "2026-10-31") == [day])
        #expect(try store.dailyAggregates(brand: nil, from: "2026-10-30", to: "2026-10-30").map(\.brand) == ["Biedronka", "Lidl"])
        #expect(try store.dailyAggregates(brand: nil, from: "2026-11-01", to: "2026-11-30").isEmpty)
    }

    /// Days are the brand's: 2026-10-25 is 25 hours long in Warsaw (summer time ends).
    @Test func dailyCountsFollowTheBrandsTimeZone() throws {
        let store = try SQLiteMentionStore(path: path)
        func at(_ iso: String, _ n: Int, negative: Bool) -> ScoredMention {
            var m = Self.mention(n)
            m.mention.publishedAt = ISO8601DateFormatter().date(from: iso) ?? Date()
            m.verdicts[0].label = negative ? .negative : .positive
            return m
        }
        _ = try store.ingest([
            at("2026-10-24T21:59:00Z", 1, negative: true),   // 23:59 on the 24th in Warsaw (UTC+2)
            at("2026-10-24T22:00:00Z", 2, negative: true),   // 00:00 on the 25th
            at("2026-10-25T22:59:00Z", 3, negative: false),  // 23:59 on the 25th (UTC+1 by then)
            at("2026-10-25T23:00:00Z", 4, negative: false),  // 00:00 on the 26th
        ], sourceState: nil)
        let counts = try store.dailyCounts(brand: "Biedronka", timeZone: "Europe/Warsaw", from: .distantPast, to: .distantFuture)
        #expect(counts == [
            "2026-10-24": DayTally(total: 1, negative: 1), "2026-10-25": DayTally(total: 2, negative: 1),
            "2026-10-26": DayTally(total: 1, negative: 0),
        ])
    }

    @Test func sourceStateUpserts() throws {
        let store = try SQLiteMentionStore(path: path)
        var state = SourceState(name: "a", url: "http://x", lastError: "HTTP 503", consecutiveFailures: 2)
        try store.saveSourceState(state)
        state.consecutiveFailures = 0
        state.lastError = nil
        try store.saveSourceState(state)
        #expect(try store.sourceStates() == [state])
    }
}
