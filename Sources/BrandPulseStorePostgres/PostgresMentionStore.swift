import BrandPulseCore
import BrandPulseStore
import Foundation

/// The shared store for several collectors: one PostgreSQL database, reached through libpq.
///
/// Several `brandpulse collect --shard I/N` processes on several machines may write at once: unique
/// keys with `ON CONFLICT DO NOTHING` keep mentions single, and a source's fetch state is only
/// replaced by a state whose attempt is at least as new. One store holds one connection; its calls
/// block, so run them off the cooperative pool. A lost connection is re-opened and the interrupted
/// batch (one transaction) is run again.
public final class PostgresMentionStore: MentionStore {
    private let connection: PostgresConnection

    /// Rows per INSERT: large enough to amortize the round trip, small enough to keep a statement's
    /// memory modest on both sides.
    private static let mentionChunk = 1000
    private static let verdictChunk = 2000
    /// Rows per page when streaming brand mentions.
    private static let pageSize = 1000

    /// The server as `postgres://user@host:port/db`, without the password.
    public var server: String { connection.server }

    /// Connects to `url` (`postgres://user:password@host:port/database`) and migrates the schema.
    public convenience init(url: String) throws {
        try self.init(url: url, migratingThrough: nil)
    }

    /// Connects and applies the migrations up to and including `last` (all when nil); for tests
    /// that start from an older schema.
    init(url: String, migratingThrough last: String?) throws {
        connection = try PostgresConnection(url: PostgresURL(url))
        try migrate(through: last)
    }

    public func migrate() throws {
        try migrate(through: nil)
    }

    /// Applies the missing migrations in one transaction, under an advisory lock so that collectors
    /// starting together wait for each other instead of racing to create the same tables.
    func migrate(through last: String?) throws {
        try connection.withSession(transaction: true) { session in
            var key = PostgresParameters()
            key.append(PostgresSchema.advisoryLockKey)
            try session.execute("SELECT pg_advisory_xact_lock($1)", key)
            try session.execute(PostgresSchema.createMigrationTable)
            let result = try session.execute("SELECT name FROM schema_migrations")
            let applied = Set((0..<result.rowCount).compactMap { result.string($0, 0) })
            for migration in PostgresSchema.migrations {
                if !applied.contains(migration.name) {
                    for statement in migration.statements {
                        try session.execute(statement)
                    }
                    var record = PostgresParameters()
                    record.append(migration.name)
                    record.append(Date().timeIntervalSince1970)
                    try session.execute("INSERT INTO schema_migrations (name, applied_at) VALUES ($1, $2)", record)
                }
                if migration.name == last { break }
            }
        }
    }

    /// The migrations applied so far, in the order they were defined.
    public func appliedMigrations() throws -> [String] {
        let names = try connection.withSession(transaction: false) { session in
            let result = try session.execute("SELECT name FROM schema_migrations")
            return (0..<result.rowCount).compactMap { result.string($0, 0) }
        }
        let order = Dictionary(uniqueKeysWithValues: PostgresSchema.migrations.enumerated().map { ($1.name, $0) })
        return names.sorted { (order[$0] ?? .max, $0) < (order[$1] ?? .max, $1) }
    }

    // MARK: - Ingest

    public func ingest(_ batch: [ScoredMention], sourceState: SourceState?) throws -> IngestResult {
        try connection.withSession(transaction: true) { session in
            var result = IngestResult()
            var verdicts: [(id: Int64, index: Int)] = []
            // Rounds make one multi-row INSERT behave like inserting the batch row by row, as SQLite does:
            // a row that shares a key with an earlier row of the batch waits for a later round, so that
            // the earlier one decides first whether it is stored.
            var pending = Array(batch.indices)
            while !pending.isEmpty {
                var round: [Int] = []
                var later: [Int] = []
                var entryKeys = Set<EntryKey>()
                var dedupKeys = Set<String>()
                var textKeys = Set<String>()
                for index in pending {
                    let mention = batch[index].mention
                    // Keys as the server will store them (without NUL), so that two keys that differ
                    // only by a NUL count as the same here too.
                    let entry = EntryKey(source: mention.source.storable, entryKey: mention.entryKey.storable)
                    let newEntry = entryKeys.insert(entry).inserted
                    let newDedup = dedupKeys.insert(mention.dedupKey.storable).inserted
                    let newText = mention.textKey.map { textKeys.insert($0.storable).inserted } ?? true
                    if newEntry && newDedup && newText {
                        round.append(index)
                    } else {
                        later.append(index)
                    }
                }
                // The same key order in every collector makes deadlocks between them rare.
                round.sort { batch[$0].mention.dedupKey < batch[$1].mention.dedupKey }
                var start = 0
                while start < round.count {
                    let chunk = round[start..<min(start + Self.mentionChunk, round.count)]
                    let ids = try Self.insertMentions(chunk.map { batch[$0].mention }, in: session)
                    for index in chunk {
                        if let id = ids[batch[index].mention.dedupKey.storable] {
                            result.inserted += 1
                            verdicts.append((id, index))
                        } else {
                            result.duplicates += 1
                        }
                    }
                    start += Self.mentionChunk
                }
                pending = later
            }
            try Self.insertVerdicts(verdicts, of: batch, in: session)
            if let sourceState { try Self.upsert(sourceState, in: session) }
            return result
        }
    }

    private struct EntryKey: Hashable {
        var source: String
        var entryKey: String
    }

    private static let mentionColumns = """
        source, entry_key, dedup_key, text_key, url, title, text, author, language,
        published_at, fetched_at, followers, likes, reposts, comments, hashtags
        """

    /// Inserts mentions whose keys differ from each other; returns the new ids by dedup key.
    /// One array parameter per column and `unnest`: 16 parameters whatever the row count, which the
    /// server binds and plans far faster than a VALUES list of thousands of parameters.
    private static func insertMentions(_ mentions: [StoredMention], in session: PostgresSession) throws -> [String: Int64] {
        var p = PostgresParameters(reservingCapacity: 16)
        p.appendArray(of: .text, mentions) { $0.append($1.source) }
        p.appendArray(of: .text, mentions) { $0.append($1.entryKey) }
        p.appendArray(of: .text, mentions) { $0.append($1.dedupKey) }
        p.appendArray(of: .text, mentions) { $0.append($1.textKey) }
        p.appendArray(of: .text, mentions) { $0.append($1.url) }
        p.appendArray(of: .text, mentions) { $0.append($1.title) }
        p.appendArray(of: .text, mentions) { $0.append($1.text) }
        p.appendArray(of: .text, mentions) { $0.append($1.author) }
        p.appendArray(of: .text, mentions) { $0.append($1.language.rawValue) }
        p.appendArray(of: .float8, mentions) { $0.append($1.publishedAt.timeIntervalSince1970) }
        p.appendArray(of: .float8, mentions) { $0.append($1.fetchedAt.timeIntervalSince1970) }
        p.appendArray(of: .int8, mentions) { $0.append($1.metrics.followers) }
        p.appendArray(of: .int8, mentions) { $0.append($1.metrics.likes) }
        p.appendArray(of: .int8, mentions) { $0.append($1.metrics.reposts) }
        p.appendArray(of: .int8, mentions) { $0.append($1.metrics.comments) }
        p.appendArray(of: .text, mentions) { $0.append($1.hashtags.joined(separator: " ")) }
        let result = try session.execute("""
            INSERT INTO mention (\(mentionColumns))
            SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                $8::text[], $9::text[], $10::float8[], $11::float8[], $12::int8[], $13::int8[], $14::int8[], $15::int8[],
                $16::text[])
            ON CONFLICT DO NOTHING RETURNING id, dedup_key
            """, p)
        var ids: [String: Int64] = [:]
        ids.reserveCapacity(result.rowCount)
        for row in 0..<result.rowCount {
            guard let id = result.string(row, 0).flatMap({ Int64($0) }), let key = result.string(row, 1) else {
                throw PostgresFailure(sqlState: nil, primary: "INSERT … RETURNING gave no id", message: "no id")
            }
            ids[key] = id
        }
        return ids
    }

    private static func insertVerdicts(
        _ rows: [(id: Int64, index: Int)], of batch: [ScoredMention], in session: PostgresSession
    ) throws {
        var flat: [(id: Int64, verdict: BrandVerdict, publishedAt: Double)] = []
        for row in rows {
            let scored = batch[row.index]
            for verdict in scored.verdicts {
                flat.append((row.id, verdict, scored.mention.publishedAt.timeIntervalSince1970))
            }
        }
        var start = 0
        while start < flat.count {
            let chunk = flat[start..<min(start + verdictChunk, flat.count)]
            var p = PostgresParameters(reservingCapacity: 8)
            p.appendArray(of: .int8, chunk) { $0.append($1.id) }
            p.appendArray(of: .text, chunk) { $0.append($1.verdict.brand) }
            p.appendArray(of: .text, chunk) { $0.append($1.verdict.matched) }
            p.appendArray(of: .float8, chunk) { $0.append($1.verdict.score) }
            p.appendArray(of: .text, chunk) { $0.append($1.verdict.label.rawValue) }
            p.appendArray(of: .text, chunk) { $0.append($1.verdict.intents.map(\.rawValue).joined(separator: ",")) }
            p.appendArray(of: .text, chunk) { $0.append($1.verdict.evidence.joined(separator: "\n")) }
            p.appendArray(of: .float8, chunk) { $0.append($1.publishedAt) }
            // A brand named twice in one mention's verdicts keeps the first, as SQLite's INSERT OR IGNORE.
            try session.execute("""
                INSERT INTO brand_mention (mention_id, brand, matched, score, label, intents, evidence, published_at)
                SELECT * FROM unnest($1::int8[], $2::text[], $3::text[], $4::float8[], $5::text[], $6::text[],
                    $7::text[], $8::float8[])
                ON CONFLICT DO NOTHING
                """, p)
            start += verdictChunk
        }
    }

    // MARK: - Sources

    public func sourceStates() throws -> [SourceState] {
        try connection.withSession(transaction: false) { session in
            let result = try session.execute("""
                SELECT name, url, etag, last_modified, last_attempt_at, last_success_at, last_status, last_error,
                    consecutive_failures, next_retry_at, last_entry_count
                FROM source ORDER BY name COLLATE "C"
                """)
            return try (0..<result.rowCount).map { row in
                guard let name = result.string(row, 0), let url = result.string(row, 1) else {
                    throw PostgresFailure(sqlState: nil, primary: "source row without a name or URL", message: "")
                }
                return SourceState(
                    name: name, url: url, etag: result.string(row, 2), lastModified: result.string(row, 3),
                    lastAttemptAt: result.double(row, 4).map(Date.init(timeIntervalSince1970:)),
                    lastSuccessAt: result.double(row, 5).map(Date.init(timeIntervalSince1970:)),
                    lastStatus: result.int(row, 6), lastError: result.string(row, 7),
                    consecutiveFailures: result.int(row, 8) ?? 0,
                    nextRetryAt: result.double(row, 9).map(Date.init(timeIntervalSince1970:)),
                    lastEntryCount: result.int(row, 10) ?? 0
                )
            }
        }
    }

    public func saveSourceState(_ state: SourceState) throws {
        try connection.withSession(transaction: false) { try Self.upsert(state, in: $0) }
    }

    /// Inserts or replaces a source's state, unless the stored one comes from a newer attempt:
    /// two collectors that fetched the same source must not let the older result win.
    private static func upsert(_ state: SourceState, in session: PostgresSession) throws {
        var parameters = PostgresParameters(reservingCapacity: 11)
        parameters.append(state.name)
        parameters.append(state.url)
        parameters.append(state.etag)
        parameters.append(state.lastModified)
        parameters.append(state.lastAttemptAt?.timeIntervalSince1970)
        parameters.append(state.lastSuccessAt?.timeIntervalSince1970)
        parameters.append(state.lastStatus)
        parameters.append(state.lastError)
        parameters.append(state.consecutiveFailures)
        parameters.append(state.nextRetryAt?.timeIntervalSince1970)
        parameters.append(state.lastEntryCount)
        try session.execute("""
            INSERT INTO source (name, url, etag, last_modified, last_attempt_at, last_success_at, last_status, last_error,
                consecutive_failures, next_retry_at, last_entry_count)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
            ON CONFLICT (name) DO UPDATE SET url = excluded.url, etag = excluded.etag,
                last_modified = excluded.last_modified, last_attempt_at = excluded.last_attempt_at,
                last_success_at = excluded.last_success_at, last_status = excluded.last_status,
                last_error = excluded.last_error, consecutive_failures = excluded.consecutive_failures,
                next_retry_at = excluded.next_retry_at, last_entry_count = excluded.last_entry_count
            WHERE source.last_attempt_at IS NULL
                OR (excluded.last_attempt_at IS NOT NULL AND excluded.last_attempt_at >= source.last_attempt_at)
            """, parameters)
    }

    // MARK: - Reading

    public func brandMentions(brand: String, from: Date, to: Date) throws -> [BrandMentionRecord] {
        var rows: [BrandMentionRecord] = []
        try forEachBrandMention(brand: brand, from: from, to: to) { rows.append($0) }
        return rows
    }

    /// Reads page by page (keyset on published_at, mention id, brand), calling `body` between pages
    /// without holding the connection, so that `body` may use the store too.
    public func forEachBrandMention(
        brand: String?, from: Date, to: Date, _ body: (BrandMentionRecord) throws -> Void
    ) throws {
        var after: (publishedAt: Double, id: Int64, brand: String)?
        while true {
            let page = try connection.withSession(transaction: false) { session in
                var parameters = PostgresParameters()
                parameters.append(from.timeIntervalSince1970)
                parameters.append(to.timeIntervalSince1970)
                var sql = """
                    SELECT m.id, b.brand, m.source, m.url, m.title, m.text, m.author, m.language, b.published_at,
                        b.score, b.label, b.intents, b.evidence, m.hashtags, m.followers, m.likes, m.reposts, m.comments
                    FROM brand_mention b JOIN mention m ON m.id = b.mention_id
                    WHERE b.published_at >= $1 AND b.published_at < $2
                    """
                if let brand {
                    parameters.append(brand)
                    sql += " AND b.brand = $\(parameters.count)"
                }
                if let after {
                    parameters.append(after.publishedAt)
                    parameters.append(after.id)
                    parameters.append(after.brand)
                    let n = parameters.count
                    // The plain `>=` lets the index scan start at the page boundary.
                    sql += " AND b.published_at >= $\(n - 2)"
                    sql += " AND (b.published_at, b.mention_id, b.brand COLLATE \"C\") > ($\(n - 2), $\(n - 1), $\(n) COLLATE \"C\")"
                }
                // COLLATE "C": byte order, as SQLite's BINARY, whatever the database's locale.
                sql += " ORDER BY b.published_at, b.mention_id, b.brand COLLATE \"C\" LIMIT \(Self.pageSize)"
                let result = try session.execute(sql, parameters)
                return try (0..<result.rowCount).map { try Self.brandMention(result, row: $0) }
            }
            for record in page {
                try body(record)
            }
            guard page.count == Self.pageSize, let last = page.last else { return }
            after = (last.publishedAt.timeIntervalSince1970, last.mentionID, last.brand)
        }
    }

    public func mentionCounts(from: Date, to: Date) throws -> [String: Int] {
        try connection.withSession(transaction: false) { session in
            var parameters = PostgresParameters()
            parameters.append(from.timeIntervalSince1970)
            parameters.append(to.timeIntervalSince1970)
            let result = try session.execute("""
                SELECT brand, COUNT(*) FROM brand_mention WHERE published_at >= $1 AND published_at < $2 GROUP BY brand
                """, parameters)
            var counts: [String: Int] = [:]
            for row in 0..<result.rowCount {
                if let brand = result.string(row, 0), let count = result.int(row, 1) {
                    counts[brand] = count
                }
            }
            return counts
        }
    }

    public func dailyCounts(brand: String, timeZone: String, from: Date, to: Date) throws -> [String: DayTally] {
        try connection.withSession(transaction: false) { session in
            var parameters = PostgresParameters()
            parameters.append(brand)
            parameters.append(timeZone)
            parameters.append(from.timeIntervalSince1970)
            parameters.append(to.timeIntervalSince1970)
            // The server's time-zone database turns each instant into the brand's calendar day.
            let result = try session.execute("""
                SELECT to_char(to_timestamp(published_at) AT TIME ZONE $2, 'YYYY-MM-DD') AS day,
                       COUNT(*), COUNT(*) FILTER (WHERE label = 'negative')
                FROM brand_mention
                WHERE brand = $1 AND published_at >= $3 AND published_at < $4
                GROUP BY day
                """, parameters)
            var tallies: [String: DayTally] = [:]
            for row in 0..<result.rowCount {
                guard let day = result.string(row, 0), let total = result.int(row, 1), let negative = result.int(row, 2) else {
                    throw PostgresFailure(sqlState: nil, primary: "daily count row with a missing column", message: "")
                }
                tallies[day] = DayTally(total: total, negative: negative)
            }
            return tallies
        }
    }

    public func latestMentionDate() throws -> Date? {
        try connection.withSession(transaction: false) { session in
            let result = try session.execute("SELECT MAX(published_at) FROM mention")
            return result.rowCount > 0 ? result.double(0, 0).map(Date.init(timeIntervalSince1970:)) : nil
        }
    }

    // MARK: - Alerts

    public func alerts(brand: String) throws -> [AlertRecord] {
        try connection.withSession(transaction: false) { session in
            var parameters = PostgresParameters()
            parameters.append(brand)
            let result = try session.execute("""
                SELECT brand, period, severity, fired_at, negative_count, baseline, summary, delivered_to
                FROM alert WHERE brand = $1 ORDER BY fired_at, period COLLATE "C"
                """, parameters)
            return try (0..<result.rowCount).map { row in
                guard let brand = result.string(row, 0), let period = result.string(row, 1),
                      let severity = result.string(row, 2), let firedAt = result.double(row, 3),
                      let negativeCount = result.int(row, 4), let baseline = result.double(row, 5),
                      let summary = result.string(row, 6)
                else {
                    throw PostgresFailure(sqlState: nil, primary: "alert row with a missing column", message: "")
                }
                return AlertRecord(
                    brand: brand, period: period, severity: severity, firedAt: Date(timeIntervalSince1970: firedAt),
                    negativeCount: negativeCount, baseline: baseline, summary: summary,
                    deliveredTo: StoredList.items(result.string(row, 7), separator: UInt8(ascii: ","))
                )
            }
        }
    }

    public func saveAlert(_ alert: AlertRecord) throws {
        var parameters = PostgresParameters(reservingCapacity: 8)
        parameters.append(alert.brand)
        parameters.append(alert.period)
        parameters.append(alert.severity)
        parameters.append(alert.firedAt.timeIntervalSince1970)
        parameters.append(alert.negativeCount)
        parameters.append(alert.baseline)
        parameters.append(alert.summary)
        parameters.append(alert.deliveredTo.joined(separator: ","))
        try connection.withSession(transaction: false) { session in
            _ = try session.execute("""
                INSERT INTO alert (brand, period, severity, fired_at, negative_count, baseline, summary, delivered_to)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                ON CONFLICT (brand, period) DO UPDATE SET severity = excluded.severity, fired_at = excluded.fired_at,
                    negative_count = excluded.negative_count, baseline = excluded.baseline,
                    summary = excluded.summary, delivered_to = excluded.delivered_to
                """, parameters)
        }
    }

    // MARK: - Daily aggregates

    public func saveDailyAggregates(_ aggregates: [DailyAggregate]) throws {
        guard !aggregates.isEmpty else { return }
        try connection.withSession(transaction: true) { session in
            for a in aggregates {
                var parameters = PostgresParameters(reservingCapacity: 14)
                parameters.append(a.brand)
                parameters.append(a.day)
                parameters.append(a.volume)
                parameters.append(a.positive)
                parameters.append(a.neutral)
                parameters.append(a.negative)
                parameters.append(a.netSentiment)
                parameters.append(a.nps)
                parameters.append(a.npsByAuthor)
                parameters.append(a.cli)
                parameters.append(a.secureShare)
                parameters.append(a.forcedLoyaltyShare)
                parameters.append(a.shareOfVoice)
                parameters.append(a.lowData ? "true" : "false")
                _ = try session.execute("""
                    INSERT INTO daily_aggregate (brand, day, volume, positive, neutral, negative, net_sentiment, nps,
                        nps_by_author, cli, secure_share, forced_loyalty_share, share_of_voice, low_data)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14::boolean)
                    ON CONFLICT (brand, day) DO UPDATE SET volume = excluded.volume, positive = excluded.positive,
                        neutral = excluded.neutral, negative = excluded.negative, net_sentiment = excluded.net_sentiment,
                        nps = excluded.nps, nps_by_author = excluded.nps_by_author, cli = excluded.cli,
                        secure_share = excluded.secure_share, forced_loyalty_share = excluded.forced_loyalty_share,
                        share_of_voice = excluded.share_of_voice, low_data = excluded.low_data
                    """, parameters)
            }
        }
    }

    public func dailyAggregates(brand: String?, from: String, to: String) throws -> [DailyAggregate] {
        try connection.withSession(transaction: false) { session in
            var parameters = PostgresParameters()
            parameters.append(from)
            parameters.append(to)
            var sql = """
                SELECT brand, day, volume, positive, neutral, negative, net_sentiment, nps, nps_by_author, cli,
                       secure_share, forced_loyalty_share, share_of_voice, low_data::int
                FROM daily_aggregate WHERE day >= $1 AND day <= $2
                """
            if let brand {
                parameters.append(brand)
                sql += " AND brand = $3"
            }
            let result = try session.execute(sql + " ORDER BY brand COLLATE \"C\", day", parameters)
            return try (0..<result.rowCount).map { row in
                guard let brand = result.string(row, 0), let day = result.string(row, 1), let volume = result.int(row, 2),
                      let positive = result.int(row, 3), let neutral = result.int(row, 4), let negative = result.int(row, 5),
                      let cli = result.double(row, 9), let lowData = result.int(row, 13)
                else {
                    throw PostgresFailure(sqlState: nil, primary: "daily_aggregate row with a missing column", message: "")
                }
                return DailyAggregate(
                    brand: brand, day: day, volume: volume, positive: positive, neutral: neutral, negative: negative,
                    netSentiment: result.double(row, 6), nps: result.double(row, 7), npsByAuthor: result.double(row, 8),
                    cli: cli, secureShare: result.double(row, 10), forcedLoyaltyShare: result.double(row, 11),
                    shareOfVoice: result.double(row, 12), lowData: lowData != 0)
            }
        }
    }

    // MARK: - Maintenance

    public func prune(olderThan date: Date) throws -> Int {
        try connection.withSession(transaction: false) { session in
            var parameters = PostgresParameters()
            parameters.append(date.timeIntervalSince1970)
            // brand_mention rows go with their mention (ON DELETE CASCADE).
            return try session.execute("DELETE FROM mention WHERE published_at < $1", parameters).affectedRows
        }
    }

    // MARK: - Rows

    private static func brandMention(_ result: PostgresResult, row: Int) throws -> BrandMentionRecord {
        guard let id = result.string(row, 0).flatMap({ Int64($0) }), let brand = result.string(row, 1),
              let source = result.string(row, 2), let text = result.string(row, 5),
              let publishedAt = result.double(row, 8), let score = result.double(row, 9)
        else {
            throw PostgresFailure(sqlState: nil, primary: "brand mention row with a missing column", message: "")
        }
        return BrandMentionRecord(
            mentionID: id, brand: brand, source: source, url: result.string(row, 3), title: result.string(row, 4),
            text: text, author: result.string(row, 6),
            language: result.string(row, 7).flatMap(Language.init(rawValue:)) ?? .und,
            publishedAt: Date(timeIntervalSince1970: publishedAt), score: score,
            label: result.string(row, 10).flatMap(SentimentLabel.init(rawValue:)) ?? .neutral,
            intents: StoredList.items(result.string(row, 11), separator: UInt8(ascii: ",")).compactMap(Intent.init(rawValue:)),
            evidence: StoredList.items(result.string(row, 12), separator: UInt8(ascii: "\n")),
            hashtags: StoredList.items(result.string(row, 13), separator: UInt8(ascii: " ")),
            metrics: EngagementMetrics(
                followers: result.int(row, 14), likes: result.int(row, 15),
                reposts: result.int(row, 16), comments: result.int(row, 17)
            )
        )
    }
}
