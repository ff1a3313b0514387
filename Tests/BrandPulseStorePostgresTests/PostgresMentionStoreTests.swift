@testable import BrandPulseStorePostgres
import BrandPulseCore
import BrandPulseStore
import Foundation
import Testing

/// Every test that talks to the server lives under this suite: one test restarts the cluster,
/// so none may run beside it. Each test has a database of its own.
@Suite(
    .serialized,
    .enabled(if: PostgresTestDatabase.isAvailable, "set BRANDPULSE_TEST_POSTGRES_URL (scripts/test.sh starts a server)")
)
struct PostgresMentionStoreTests {
    @Test func roundTripKeepsEveryField() throws {
        try PostgresTestDatabase.with { database in
            let store = try PostgresMentionStore(url: database.url)
            let input = Sample.mention(1, textKey: "t1")
            let state = SourceState(
                name: "pl-forum", url: "https://example.pl/feed", etag: "\"e-1\"", lastModified: "Sat, 21 Nov 2026 10:00:00 GMT",
                lastAttemptAt: Sample.baseDate, lastSuccessAt: Sample.baseDate.addingTimeInterval(-1), lastStatus: 200,
                lastError: nil, consecutiveFailures: 0, nextRetryAt: Sample.baseDate.addingTimeInterval(900.125),
                lastEntryCount: 1
            )
            #expect(try store.ingest([input], sourceState: state) == IngestResult(inserted: 1, duplicates: 0))

            let rows = try store.brandMentions(brand: "Biedronka", from: .distantPast, to: .distantFuture)
            #expect(rows.count == 1)
            let row = try #require(rows.first)
            let m = input.mention
            #expect(row.mentionID > 0)
            #expect(row.brand == "Biedronka")
            #expect(row.source == m.source)
            #expect(row.url == m.url)
            #expect(row.title == m.title)
            #expect(row.text == m.text)
            #expect(row.author == m.author)
            #expect(row.language == .pl)
            #expect(row.publishedAt.isClose(to: m.publishedAt))
            #expect(row.score == -0.123456789012345)
            #expect(row.label == .negative)
            #expect(row.intents == [.complaint, .warn])
            #expect(row.evidence == ["fatalna", "nie polecam"])
            #expect(row.hashtags == ["biedronka", "zakupy"])
            #expect(row.metrics == EngagementMetrics(followers: 10_000_000_000, likes: 1, reposts: nil, comments: 2))
            #expect(try store.sourceStates() == [state])

            let stored = try database.execute("SELECT entry_key, dedup_key, text_key, fetched_at FROM mention")
            #expect(stored.first?[0] == "guid-1")
            #expect(stored.first?[1] == m.dedupKey)
            #expect(stored.first?[2] == "t1")
            #expect(stored.first?[3].flatMap(Double.init) == m.fetchedAt.timeIntervalSince1970)
        }
    }

    @Test func nullableFieldsStayNull() throws {
        try PostgresTestDatabase.with { database in
            let store = try PostgresMentionStore(url: database.url)
            let bare = StoredMention(
                source: "hn", entryKey: "1", dedupKey: "link:1", url: nil, title: nil, text: "Lidl\u{0}ok",
                author: nil, language: .und, publishedAt: Sample.baseDate, fetchedAt: Sample.baseDate
            )
            let verdict = BrandVerdict(brand: "Lidl", matched: "Lidl", score: 0, label: .neutral, intents: [])
            _ = try store.ingest([ScoredMention(mention: bare, verdicts: [verdict])], sourceState: nil)
            let row = try #require(try store.brandMentions(brand: "Lidl", from: .distantPast, to: .distantFuture).first)
            #expect(row.url == nil && row.title == nil && row.author == nil)
            #expect(row.text == "Lidlok")
            #expect(row.intents.isEmpty && row.evidence.isEmpty && row.hashtags.isEmpty)
            #expect(row.metrics == EngagementMetrics())
            let state = SourceState(name: "hn", url: "https://hn")
            try store.saveSourceState(state)
            #expect(try store.sourceStates() == [state])
        }
    }

    /// PostgreSQL text cannot hold NUL: keys lose it, and then match the same key without it.
    @Test func keysWithNULMatchTheSameKeyWithoutIt() throws {
        try PostgresTestDatabase.with { database in
            let store = try PostgresMentionStore(url: database.url)
            let withNUL = Sample.mention(1, dedupKey: "link:\u{0}x")
            let without = Sample.mention(2, dedupKey: "link:x")
            #expect(try store.ingest([withNUL, without], sourceState: nil) == IngestResult(inserted: 1, duplicates: 1))
            #expect(try store.mentionCounts(from: .distantPast, to: .distantFuture) == ["Biedronka": 1])
            #expect(try database.execute("SELECT entry_key, dedup_key FROM mention") == [["guid-1", "link:x"]])
        }
    }

    @Test func queriesFilterByBrandAndPeriodInSQL() throws {
        try PostgresTestDatabase.with { database in
            let store = try PostgresMentionStore(url: database.url)
            #expect(try store.latestMentionDate() == nil)
            let batch = (0..<2_500).map { n in
                Sample.mention(n, day: n % 5, brands: n % 2 == 0 ? ["Biedronka", "Lidl"] : ["Lidl"])
            }
            #expect(try store.ingest(batch, sourceState: nil) == IngestResult(inserted: 2_500, duplicates: 0))

            let dayStart = Sample.baseDate.addingTimeInterval(86_400)
            let dayEnd = dayStart.addingTimeInterval(86_400)
            #expect(try store.mentionCounts(from: dayStart, to: dayEnd) == ["Biedronka": 250, "Lidl": 500])
            #expect(try store.mentionCounts(from: .distantPast, to: .distantFuture) == ["Biedronka": 1_250, "Lidl": 2_500])
            let latest = try #require(try store.latestMentionDate())
            #expect(try latest.isClose(to: #require(batch.map(\.mention.publishedAt).max())))

            // Streaming crosses page boundaries (1,000 rows) and keeps the order.
            var streamed: [BrandMentionRecord] = []
            try store.forEachBrandMention(brand: nil, from: .distantPast, to: .distantFuture) { streamed.append($0) }
            #expect(streamed.count == 3_750)
            let keys = streamed.map { ($0.publishedAt, $0.mentionID, $0.brand) }
            #expect(zip(keys, keys.dropFirst()).allSatisfy { $0 < $1 })
            #expect(Set(streamed.map { "\($0.mentionID)/\($0.brand)" }).count == 3_750)
            let lidl = try store.brandMentions(brand: "Lidl", from: dayStart, to: dayEnd)
            #expect(lidl.count == 500 && lidl.allSatisfy { $0.brand == "Lidl" && $0.publishedAt >= dayStart && $0.publishedAt < dayEnd })

            // The store can be used from inside the callback: it holds no connection while calling it.
            var nested = 0
            try store.forEachBrandMention(brand: "Biedronka", from: dayStart, to: dayEnd) { _ in
                if nested == 0 { nested = try store.mentionCounts(from: dayStart, to: dayEnd)["Lidl"] ?? -1 }
            }
            #expect(nested == 500)
        }
    }

    @Test func alertsAreKeyedByBrandAndPeriod() throws {
        try PostgresTestDatabase.with { database in
            let store = try PostgresMentionStore(url: database.url)
            let first = AlertRecord(brand: "Biedronka", period: "2026-11-20", severity: "warning", firedAt: Sample.baseDate,
                                    negativeCount: 12, baseline: 3.5, summary: "12 negative", deliveredTo: ["stdout"])
            var updated = first
            updated.severity = "critical"
            updated.negativeCount = 30
            updated.deliveredTo = ["stdout", "webhook"]
            let other = AlertRecord(brand: "Biedronka", period: "2026-11-21", severity: "warning",
                                    firedAt: Sample.baseDate.addingTimeInterval(86_400), negativeCount: 5, baseline: 1.25,
                                    summary: "5 negative", deliveredTo: [])
            try store.saveAlert(first)
            try store.saveAlert(updated)
            try store.saveAlert(other)
            try store.saveAlert(AlertRecord(brand: "Lidl", period: "2026-11-20", severity: "warning", firedAt: Sample.baseDate,
                                            negativeCount: 1, baseline: 0, summary: "", deliveredTo: []))
            #expect(try store.alerts(brand: "Biedronka") == [updated, other])
            #expect(try store.alerts(brand: "Żabka").isEmpty)
        }
    }

    @Test func pruneDeletesOldMentionsAndTheirVerdicts() throws {
        try PostgresTestDatabase.with { database in
            let store = try PostgresMentionStore(url: database.url)
            let batch = (0..<10).map { Sample.mention($0, day: $0 < 4 ? 0 : 3, brands: ["Biedronka", "Lidl"]) }
            _ = try store.ingest(batch, sourceState: nil)
            #expect(try store.prune(olderThan: Sample.baseDate.addingTimeInterval(86_400)) == 4)
            #expect(try store.mentionCounts(from: .distantPast, to: .distantFuture) == ["Biedronka": 6, "Lidl": 6])
            #expect(try database.execute("SELECT COUNT(*) FROM brand_mention") == [["12"]])
            #expect(try store.prune(olderThan: Sample.baseDate) == 0)
        }
    }

    @Test func reIngestIsIdempotent() throws {
        try PostgresTestDatabase.with { database in
            let store = try PostgresMentionStore(url: database.url)
            let batch = (0..<1_200).map { Sample.mention($0, textKey: "t\($0)") }
            #expect(try store.ingest(batch, sourceState: nil) == IngestResult(inserted: 1_200, duplicates: 0))
            #expect(try store.ingest(batch, sourceState: nil) == IngestResult(inserted: 0, duplicates: 1_200))
            #expect(try store.mentionCounts(from: .distantPast, to: .distantFuture) == ["Biedronka": 1_200])
            #expect(try database.execute("SELECT COUNT(*) FROM mention") == [["1200"]])
        }
    }

    @Test func duplicatesInsideOneBatchAreSkippedInOrder() throws {
        try PostgresTestDatabase.with { database in
            let store = try PostgresMentionStore(url: database.url)
            let first = Sample.mention(1, textKey: "t1", text: "first")
            var sameEntry = Sample.mention(1, dedupKey: "link:other", text: "same guid")  // same (source, entry_key)
            sameEntry.mention.textKey = "t-other"
            let sameLink = Sample.mention(2, source: "mastodon", dedupKey: first.mention.dedupKey)
            let sameText = Sample.mention(3, source: "reddit", textKey: "t1")
            let fresh = Sample.mention(4, textKey: "t4", brands: ["Biedronka", "Biedronka", "Lidl"])
            let result = try store.ingest([first, sameEntry, sameLink, sameText, fresh, fresh], sourceState: nil)
            #expect(result == IngestResult(inserted: 2, duplicates: 4))
            let texts = try database.execute("SELECT text FROM mention ORDER BY entry_key").map { $0[0] }
            #expect(texts == ["first", fresh.mention.text])
            // A brand named twice in one mention is stored once.
            #expect(try store.mentionCounts(from: .distantPast, to: .distantFuture) == ["Biedronka": 2, "Lidl": 1])
        }
    }

    /// Row by row, a row that loses to a stored one frees its other keys for later rows of the batch.
    @Test func aRowSkippedByTheDatabaseDoesNotBlockLaterRowsOfItsBatch() throws {
        try PostgresTestDatabase.with { database in
            let store = try PostgresMentionStore(url: database.url)
            _ = try store.ingest([Sample.mention(1, dedupKey: "link:stored")], sourceState: nil)
            let skipped = Sample.mention(1, dedupKey: "link:new")  // same guid as the stored one
            let later = Sample.mention(2, dedupKey: "link:new")  // same link as the skipped one
            #expect(try store.ingest([skipped, later], sourceState: nil) == IngestResult(inserted: 1, duplicates: 1))
            #expect(try database.execute("SELECT entry_key FROM mention WHERE dedup_key = 'link:new'") == [["guid-2"]])
        }
    }

    @Test func sameLinkOrTextFromAnotherSourceIsStoredOnce() throws {
        try PostgresTestDatabase.with { database in
            let store = try PostgresMentionStore(url: database.url)
            _ = try store.ingest([Sample.mention(1, textKey: "repost-hash")], sourceState: nil)
            let sameLink = Sample.mention(2, source: "mastodon", dedupKey: "link:https://example.pl/1")
            let repost = Sample.mention(3, source: "mastodon", textKey: "repost-hash")
            let noTextKey = Sample.mention(4, source: "mastodon")
            let alsoNoTextKey = Sample.mention(5, source: "mastodon")
            #expect(try store.ingest([sameLink, repost, noTextKey, alsoNoTextKey], sourceState: nil)
                == IngestResult(inserted: 2, duplicates: 2))
        }
    }

    @Test func ingestAndSourceStateAreOneTransaction() throws {
        try PostgresTestDatabase.with { database in
            let store = try PostgresMentionStore(url: database.url)
            // A source state the table rejects (NULL url is impossible from Swift, so break the table instead).
            try database.execute("ALTER TABLE source ADD CONSTRAINT no_bad CHECK (url <> 'bad')")
            let failing = SourceState(name: "pl-forum", url: "bad", lastAttemptAt: Sample.baseDate)
            #expect(throws: PostgresStoreError.self) {
                try store.ingest([Sample.mention(1)], sourceState: failing)
            }
            #expect(try database.execute("SELECT COUNT(*) FROM mention") == [["0"]])
            // The connection is still usable after the rollback.
            #expect(try store.ingest([Sample.mention(1)], sourceState: nil).inserted == 1)
        }
    }

    @Test func olderFetchStateNeverOverwritesANewerOne() throws {
        try PostgresTestDatabase.with { database in
            let store = try PostgresMentionStore(url: database.url)
            let newer = SourceState(name: "s", url: "u", etag: "new", lastAttemptAt: Sample.baseDate.addingTimeInterval(60))
            let older = SourceState(name: "s", url: "u", etag: "old", lastAttemptAt: Sample.baseDate)
            try store.saveSourceState(newer)
            try store.saveSourceState(older)
            #expect(try store.sourceStates() == [newer])
            var newest = newer
            newest.lastAttemptAt = Sample.baseDate.addingTimeInterval(120)
            newest.consecutiveFailures = 2
            _ = try store.ingest([], sourceState: newest)
            #expect(try store.sourceStates() == [newest])
        }
    }
}
