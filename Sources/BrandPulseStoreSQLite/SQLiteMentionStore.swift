import BrandPulseCore
import BrandPulseStore
import Foundation
import GRDB

/// The embedded default store: one SQLite file in WAL mode, versioned migrations, one transaction per batch.
public final class SQLiteMentionStore: MentionStore {
    // DatabasePool is itself thread-safe; the store adds no mutable state of its own.
    private let pool: DatabasePool
    public let path: String

    /// Opens (creating if needed) the SQLite file at `path` and migrates it.
    public init(path: String) throws {
        self.path = path
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            // NORMAL is durable in WAL mode except for the very last commit on power loss.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // Readers stream (exports, digests) and keep SQLite's small default cache, so memory stays flat.
            guard !db.configuration.readonly else { return }
            // The writer inserts unique keys (links, text hashes) and dates in random order: with the
            // default 2 MiB cache every insert misses on the indexes once the store outgrows it, so it
            // gets 64 MiB of cache and memory-mapped reads of the file.
            try db.execute(sql: "PRAGMA cache_size = -65536")
            try db.execute(sql: "PRAGMA mmap_size = 268435456")
            // Checkpointing every 1,000 pages (the default) rewrote the same index pages over and over:
            // letting the WAL grow to 256 MiB between checkpoints doubled the ingest rate at 200k rows
            // (BENCHMARKS.md), and the size limit truncates it again afterwards.
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 65536")
            try db.execute(sql: "PRAGMA journal_size_limit = 67108864")
        }
        do {
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw StoreError(path: path, underlying: error)
        }
        try migrate()
    }

    public func migrate() throws {
        do {
            try SQLiteSchema.migrator.migrate(pool)
        } catch {
            throw StoreError(path: path, underlying: error)
        }
    }

    /// The migrations applied so far, oldest first.
    public func appliedMigrations() throws -> [String] {
        try guarded { try pool.read { try SQLiteSchema.migrator.appliedMigrations($0) } }
    }

    public func ingest(_ batch: [ScoredMention], sourceState: SourceState?) throws -> IngestResult {
        try guarded {
            try pool.write { db in
                var result = IngestResult()
                let insertMention = try db.cachedStatement(sql: """
                    INSERT INTO mention (source, entry_key, dedup_key, text_key, url, title, text, author, language,
                        published_at, fetched_at, followers, likes, reposts, comments, hashtags)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT DO NOTHING
                    """)
                let insertVerdict = try db.cachedStatement(sql: """
                    INSERT OR IGNORE INTO brand_mention (mention_id, brand, matched, score, label, intents, evidence, published_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """)
                for scored in batch {
                    let m = scored.mention
                    // Unchecked: the argument count is fixed by the statement above, so validating it per row is waste.
                    insertMention.setUncheckedArguments([
                        m.source, m.entryKey, m.dedupKey, m.textKey, m.url, m.title, m.text, m.author, m.language.rawValue,
                        m.publishedAt.timeIntervalSince1970, m.fetchedAt.timeIntervalSince1970,
                        m.metrics.followers, m.metrics.likes, m.metrics.reposts, m.metrics.comments,
                        m.hashtags.joined(separator: " "),
                    ])
                    try insertMention.execute()
                    guard db.changesCount > 0 else {
                        result.duplicates += 1
                        continue
                    }
                    result.inserted += 1
                    let mentionID = db.lastInsertedRowID
                    for verdict in scored.verdicts {
                        insertVerdict.setUncheckedArguments([
                            mentionID, verdict.brand, verdict.matched, verdict.score, verdict.label.rawValue,
                            verdict.intents.map(\.rawValue).joined(separator: ","),
                            verdict.evidence.joined(separator: "\n"), m.publishedAt.timeIntervalSince1970,
                        ])
                        try insertVerdict.execute()
                    }
                }
                if let sourceState { try Self.upsert(sourceState, in: db) }
                return result
            }
        }
    }

    public func sourceStates() throws -> [SourceState] {
        try guarded {
            try pool.read { db in
                try Row.fetchAll(db, sql: "SELECT * FROM source ORDER BY name").map(Self.sourceState(from:))
            }
        }
    }

    public func saveSourceState(_ state: SourceState) throws {
        try guarded { try pool.write { try Self.upsert(state, in: $0) } }
    }

    public func brandMentions(brand: String, from: Date, to: Date) throws -> [BrandMentionRecord] {
        var rows: [BrandMentionRecord] = []
        try forEachBrandMention(brand: brand, from: from, to: to) { rows.append($0) }
        return rows
    }

    public func forEachBrandMention(brand: String?, from: Date, to: Date, _ body: (BrandMentionRecord) throws -> Void) throws {
        try guarded {
            try pool.read { db in
                var sql = """
                    SELECT m.id, b.brand, m.source, m.url, m.title, m.text, m.author, m.language, m.published_at,
                           b.score, b.label, b.intents, b.evidence, m.hashtags, m.followers, m.likes, m.reposts, m.comments
                    FROM brand_mention b JOIN mention m ON m.id = b.mention_id
                    WHERE b.published_at >= ? AND b.published_at < ?
                    """
                var arguments: StatementArguments = [from.timeIntervalSince1970, to.timeIntervalSince1970]
                if let brand {
                    sql += " AND b.brand = ?"
                    arguments += [brand]
                }
                sql += " ORDER BY b.published_at, m.id, b.brand"
                let cursor = try Row.fetchCursor(db, sql: sql, arguments: arguments)
                while let row = try cursor.next() {
                    try body(Self.brandMention(from: row))
                }
            }
        }
    }

    public func mentionCounts(from: Date, to: Date) throws -> [String: Int] {
        try guarded {
            try pool.read { db in
                var counts: [String: Int] = [:]
                let rows = try Row.fetchCursor(db, sql: """
                    SELECT brand, COUNT(*) FROM brand_mention WHERE published_at >= ? AND published_at < ? GROUP BY brand
                    """, arguments: [from.timeIntervalSince1970, to.timeIntervalSince1970])
                while let row = try rows.next() {
                    counts[row[0]] = row[1]
                }
                return counts
            }
        }
    }

    public func dailyCounts(brand: String, timeZone: String, from: Date, to: Date) throws -> [String: DayTally] {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: timeZone) ?? TimeZone(secondsFromGMT: 0) ?? calendar.timeZone
        return try guarded {
            try pool.read { db in
                var tallies: [String: DayTally] = [:]
                let rows = try Row.fetchCursor(db, sql: """
                    SELECT published_at, label = 'negative' FROM brand_mention
                    WHERE brand = ? AND published_at >= ? AND published_at < ?
                    """, arguments: [brand, from.timeIntervalSince1970, to.timeIntervalSince1970])
                // Rows come in index order, so one day's rows are contiguous: compute each day's
                // bounds once instead of a calendar lookup per row.
                var current: (day: String, range: Range<Double>)?
                while let row = try rows.next() {
                    let time: Double = row[0]
                    if current.map({ !$0.range.contains(time) }) ?? true {
                        let date = Date(timeIntervalSince1970: time)
                        let start = calendar.startOfDay(for: date)
                        let end = calendar.date(byAdding: .day, value: 1, to: start) ?? start.addingTimeInterval(86_400)
                        let c = calendar.dateComponents([.year, .month, .day], from: start)
                        let day = String(format: "%04d-%02d-%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0)
                        current = (day, start.timeIntervalSince1970..<end.timeIntervalSince1970)
                    }
                    guard let day = current?.day else { continue }
                    var tally = tallies[day] ?? DayTally(total: 0, negative: 0)
                    tally.total += 1
                    if row[1] as Bool { tally.negative += 1 }
                    tallies[day] = tally
                }
                return tallies
            }
        }
    }

    public func latestMentionDate() throws -> Date? {
        try guarded {
            try pool.read { db in
                // The newest per brand comes straight from the (brand, published_at) index.
                try Double.fetchOne(db, sql: """
                    SELECT MAX(latest) FROM (SELECT MAX(published_at) AS latest FROM brand_mention GROUP BY brand)
                    """).map(Date.init(timeIntervalSince1970:))
            }
        }
    }

    public func alerts(brand: String) throws -> [AlertRecord] {
        try guarded {
            try pool.read { db in
                try Row.fetchAll(db, sql: "SELECT * FROM alert WHERE brand = ? ORDER BY fired_at", arguments: [brand]).map { row in
                    AlertRecord(
                        brand: row["brand"], period: row["period"], severity: row["severity"],
                        firedAt: Date(timeIntervalSince1970: row["fired_at"]), negativeCount: row["negative_count"],
                        baseline: row["baseline"], summary: row["summary"],
                        deliveredTo: StoredList.items(row["delivered_to"], separator: UInt8(ascii: ","))
                    )
                }
            }
        }
    }

    public func saveAlert(_ alert: AlertRecord) throws {
        try guarded {
            try pool.write { db in
                try db.execute(sql: """
                    INSERT INTO alert (brand, period, severity, fired_at, negative_count, baseline, summary, delivered_to)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (brand, period) DO UPDATE SET severity = excluded.severity, fired_at = excluded.fired_at,
                        negative_count = excluded.negative_count, baseline = excluded.baseline,
                        summary = excluded.summary, delivered_to = excluded.delivered_to
                    """, arguments: [
                        alert.brand, alert.period, alert.severity, alert.firedAt.timeIntervalSince1970,
                        alert.negativeCount, alert.baseline, alert.summary, alert.deliveredTo.joined(separator: ","),
                    ])
            }
        }
    }

    public func saveDailyAggregates(_ aggregates: [DailyAggregate]) throws {
        try guarded {
            try pool.write { db in
                let statement = try db.cachedStatement(sql: """
                    INSERT OR REPLACE INTO daily_aggregate (brand, day, volume, positive, neutral, negative, net_sentiment,
                        nps, nps_by_author, cli, secure_share, forced_loyalty_share, share_of_voice, low_data)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
                for a in aggregates {
                    try statement.execute(arguments: [
                        a.brand, a.day, a.volume, a.positive, a.neutral, a.negative, a.netSentiment, a.nps, a.npsByAuthor,
                        a.cli, a.secureShare, a.forcedLoyaltyShare, a.shareOfVoice, a.lowData,
                    ])
                }
            }
        }
    }

    public func dailyAggregates(brand: String?, from: String, to: String) throws -> [DailyAggregate] {
        try guarded {
            try pool.read { db in
                var sql = "SELECT * FROM daily_aggregate WHERE day >= ? AND day <= ?"
                var arguments: StatementArguments = [from, to]
                if let brand {
                    sql += " AND brand = ?"
                    arguments += [brand]
                }
                return try Row.fetchAll(db, sql: sql + " ORDER BY brand, day", arguments: arguments).map { row in
                    DailyAggregate(
                        brand: row["brand"], day: row["day"], volume: row["volume"], positive: row["positive"],
                        neutral: row["neutral"], negative: row["negative"], netSentiment: row["net_sentiment"],
                        nps: row["nps"], npsByAuthor: row["nps_by_author"], cli: row["cli"], secureShare: row["secure_share"],
                        forcedLoyaltyShare: row["forced_loyalty_share"], shareOfVoice: row["share_of_voice"],
                        lowData: row["low_data"])
                }
            }
        }
    }

    public func prune(olderThan date: Date) throws -> Int {
        try guarded {
            try pool.write { db in
                try db.execute(sql: "DELETE FROM mention WHERE published_at < ?", arguments: [date.timeIntervalSince1970])
                return db.changesCount
            }
        }
    }

    // MARK: - Rows

    private static func upsert(_ state: SourceState, in db: Database) throws {
        try db.execute(sql: """
            INSERT INTO source (name, url, etag, last_modified, last_attempt_at, last_success_at, last_status, last_error,
                consecutive_failures, next_retry_at, last_entry_count)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (name) DO UPDATE SET url = excluded.url, etag = excluded.etag,
                last_modified = excluded.last_modified, last_attempt_at = excluded.last_attempt_at,
                last_success_at = excluded.last_success_at, last_status = excluded.last_status,
                last_error = excluded.last_error, consecutive_failures = excluded.consecutive_failures,
                next_retry_at = excluded.next_retry_at, last_entry_count = excluded.last_entry_count
            """, arguments: [
                state.name, state.url, state.etag, state.lastModified,
                state.lastAttemptAt?.timeIntervalSince1970, state.lastSuccessAt?.timeIntervalSince1970,
                state.lastStatus, state.lastError, state.consecutiveFailures,
                state.nextRetryAt?.timeIntervalSince1970, state.lastEntryCount,
            ])
    }

    private static func sourceState(from row: Row) -> SourceState {
        SourceState(
            name: row["name"], url: row["url"], etag: row["etag"], lastModified: row["last_modified"],
            lastAttemptAt: (row["last_attempt_at"] as Double?).map(Date.init(timeIntervalSince1970:)),
            lastSuccessAt: (row["last_success_at"] as Double?).map(Date.init(timeIntervalSince1970:)),
            lastStatus: row["last_status"], lastError: row["last_error"],
            consecutiveFailures: row["consecutive_failures"],
            nextRetryAt: (row["next_retry_at"] as Double?).map(Date.init(timeIntervalSince1970:)),
            lastEntryCount: row["last_entry_count"]
        )
    }

    private static func brandMention(from row: Row) -> BrandMentionRecord {
        BrandMentionRecord(
            mentionID: row[0], brand: row[1], source: row[2], url: row[3], title: row[4], text: row[5],
            author: row[6], language: Language(rawValue: row[7]) ?? .und,
            publishedAt: Date(timeIntervalSince1970: row[8]), score: row[9],
            label: SentimentLabel(rawValue: row[10]) ?? .neutral,
            intents: StoredList.items(row[11], separator: UInt8(ascii: ",")).compactMap(Intent.init(rawValue:)),
            evidence: StoredList.items(row[12], separator: UInt8(ascii: "\n")),
            hashtags: StoredList.items(row[13], separator: UInt8(ascii: " ")),
            metrics: EngagementMetrics(followers: row[14], likes: row[15], reposts: row[16], comments: row[17])
        )
    }

    private func guarded<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(path: path, underlying: error)
        }
    }
}
