@testable import BrandPulseStorePostgres
import BrandPulseStore
import Foundation
import Testing

extension PostgresMentionStoreTests {
    /// Several collectors (here threads, each with a connection of its own, which is what the server
    /// sees of several processes) write overlapping batches and the same source's state at once.
    @Suite struct ConcurrentWriters {
        static let writers = 4
        static let mentions = 2_000
        static let batchSize = 100

        @Test func overlappingBatchesAreStoredOnceAndTheNewestFetchStateWins() throws {
            try PostgresTestDatabase.with { database in
                let url = database.url
                _ = try PostgresMentionStore(url: url)
                let totals = Locked(IngestResult())
                try runOnThreads(Self.writers) { writer in
                    let store = try PostgresMentionStore(url: url)
                    // Two writers share each source, so (source, entry_key) collides as well as the links and texts.
                    let batch = (0..<Self.mentions).shuffled().map {
                        Sample.mention($0, source: "shard-\(writer % 2)", textKey: "t\($0)")
                    }
                    var result = IngestResult()
                    for (number, start) in stride(from: 0, to: batch.count, by: Self.batchSize).enumerated() {
                        let state = Self.state(writer: writer, batch: number)
                        result = result + (try store.ingest(Array(batch[start..<start + Self.batchSize]), sourceState: state))
                        // And a stray, older save, as a slow collector finishing late would do.
                        var stale = state
                        stale.lastAttemptAt = Sample.baseDate.addingTimeInterval(-Double(number))
                        stale.etag = "stale"
                        try store.saveSourceState(stale)
                    }
                    totals.update { $0 = $0 + result }
                }

                #expect(totals.value == IngestResult(inserted: Self.mentions, duplicates: Self.mentions * (Self.writers - 1)))
                #expect(try database.execute("SELECT COUNT(*), COUNT(DISTINCT dedup_key) FROM mention")
                    == [["\(Self.mentions)", "\(Self.mentions)"]])
                #expect(try database.execute("SELECT COUNT(*) FROM brand_mention") == [["\(Self.mentions)"]])
                let store = try PostgresMentionStore(url: url)
                let batches = Self.mentions / Self.batchSize
                let newest = Self.state(writer: Self.writers - 1, batch: batches - 1)
                #expect(try store.sourceStates() == [newest])
            }
        }

        /// The server picks a victim when two collectors deadlock; the victim's batch is rolled back
        /// and run again, and its result counts what the second run stored.
        @Test func aDeadlockVictimRunsItsBatchAgain() throws {
            try PostgresTestDatabase.with { database in
                let store = try PostgresMentionStore(url: database.url)
                // Sequences ignore rollbacks, so the trigger fails the first attempt only.
                try database.execute("CREATE SEQUENCE attempts")
                try database.execute("""
                    CREATE FUNCTION fail_once() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN
                        IF nextval('attempts') = 1 THEN
                            RAISE EXCEPTION 'simulated deadlock' USING ERRCODE = 'deadlock_detected';
                        END IF;
                        RETURN NEW;
                    END $$
                    """)
                try database.execute("CREATE TRIGGER fail_once BEFORE INSERT ON source FOR EACH ROW EXECUTE FUNCTION fail_once()")
                let state = SourceState(name: "pl-forum", url: "u", lastAttemptAt: Sample.baseDate)
                #expect(try store.ingest([Sample.mention(1), Sample.mention(2)], sourceState: state)
                    == IngestResult(inserted: 2, duplicates: 0))
                #expect(try database.execute("SELECT last_value FROM attempts") == [["2"]])
                #expect(try store.sourceStates() == [state])
            }
        }

        /// Attempt times interleave between writers; the last batch of the last writer is the newest.
        static func state(writer: Int, batch: Int) -> SourceState {
            SourceState(
                name: "shared-feed", url: "https://example.pl/feed", etag: "w\(writer)-b\(batch)",
                lastAttemptAt: Sample.baseDate.addingTimeInterval(Double(batch * writers + writer)),
                lastStatus: 200, lastEntryCount: batch
            )
        }
    }
}
