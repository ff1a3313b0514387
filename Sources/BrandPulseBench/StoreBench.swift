import BrandPulse
import BrandPulseCore
import BrandPulseSignals
import BrandPulseStore
import BrandPulseStorePostgres
import BrandPulseStoreSQLite
import BrandPulseTestSupport
import Foundation

/// SQLite ingest, the daily aggregation over a store of a million mentions, and the CSV export.
enum StoreBench {
    /// The last day of the generated data (UTC); mentions spread over `days` days ending here.
    static let lastDay = "2026-10-30"
    static let days = 60

    /// `ingest.mentions_per_sec`: SQLiteMentionStore.ingest of already scored mentions, one transaction per
    /// batch of 500 (a source's batch), into a fresh file.
    static func ingest(_ context: BenchContext) throws {
        let count = context.size(200_000, smoke: 2_000)
        let batchSize = 500
        let path = context.work.appendingPathComponent("ingest-\(count).sqlite").path
        removeStore(path)
        let store = try SQLiteMentionStore(path: path)
        var factory = MentionFactory(seed: 11)
        let batches = stride(from: 0, to: count, by: batchSize).map { factory.batch(min(batchSize, count - $0)) }
        var inserted = 0
        // Per-batch times too: the rate of the first and last tenth shows how it falls as the file grows.
        var batchSeconds: [Double] = []
        batchSeconds.reserveCapacity(batches.count)
        let seconds = try Stopwatch.time {
            for batch in batches {
                let start = Stopwatch.now()
                inserted += try store.ingest(batch, sourceState: nil).inserted
                batchSeconds.append(Stopwatch.seconds(since: start))
            }
        }
        if inserted != count { Log.info("ingest: \(inserted) of \(count) inserted (duplicates in generated data?)") }
        context.results.record("ingest.mentions_per_sec", Double(inserted) / seconds, "mentions/s",
                               bar: Bar(comparison: .atLeast, limit: 50_000),
                               note: "\(count) mentions with one brand verdict each, batches of \(batchSize), fresh WAL file; bound by SQLite B-tree/index inserts (CPU) and fsync at commit")
        let tenth = max(1, batches.count / 10)
        let firstRows = batches.prefix(tenth).reduce(0) { $0 + $1.count }
        let lastRows = batches.suffix(tenth).reduce(0) { $0 + $1.count }
        context.results.record("ingest.first_tenth.mentions_per_sec", Double(firstRows) / batchSeconds.prefix(tenth).reduce(0, +), "mentions/s",
                               note: "the first \(firstRows) mentions, into a nearly empty file")
        context.results.record("ingest.last_tenth.mentions_per_sec", Double(lastRows) / batchSeconds.suffix(tenth).reduce(0, +), "mentions/s",
                               note: "the last \(lastRows) mentions, into a file of \(count - lastRows)")
        removeStore(path)
    }

    /// `pg_ingest.mentions_per_sec`: PostgresMentionStore.ingest over loopback, batches of 1,000, into a fresh
    /// database. Needs BRANDPULSE_BENCH_POSTGRES_URL (or BRANDPULSE_TEST_POSTGRES_URL), a role that may create
    /// databases; skipped with a message otherwise.
    static func postgresIngest(_ context: BenchContext) throws {
        let environment = ProcessInfo.processInfo.environment
        guard let admin = environment["BRANDPULSE_BENCH_POSTGRES_URL"] ?? environment["BRANDPULSE_TEST_POSTGRES_URL"] else {
            Log.info("pg-ingest skipped: set BRANDPULSE_BENCH_POSTGRES_URL (scripts/start-postgres.sh prints one)")
            return
        }
        guard let database = ScratchPostgresDatabase(admin: admin, prefix: "bp_bench") else {
            Log.info("pg-ingest skipped: cannot create a database through \(admin)")
            return
        }
        defer { database.drop() }
        let url = database.url
        let count = context.size(100_000, smoke: 2_000)
        let batchSize = 1_000
        let store = try PostgresMentionStore(url: url)
        var factory = MentionFactory(seed: 13)
        let batches = stride(from: 0, to: count, by: batchSize).map { factory.batch(min(batchSize, count - $0)) }
        var inserted = 0
        let seconds = try Stopwatch.time {
            for batch in batches { inserted += try store.ingest(batch, sourceState: nil).inserted }
        }
        context.results.record("pg_ingest.mentions_per_sec", Double(inserted) / seconds, "mentions/s",
                               bar: Bar(comparison: .atLeast, limit: 20_000),
                               note: "\(count) mentions in batches of \(batchSize) over loopback, one transaction each; bound by the server's index inserts and the commit's WAL flush")
    }

    /// `aggregate.*`: one brand-day's signals, and the whole digest of that day, from a store of 1,000,000 mentions.
    static func aggregate(_ context: BenchContext) throws {
        let (store, count) = try populatedStore(context)
        let config = try benchConfig(context, storePath: store.path)
        let brand = config.brands[0]
        let reps = context.size(3, smoke: 1)
        let calendar = Calendar.utc
        guard let dayStart = calendar.date(from: DateComponents(year: 2026, month: 10, day: 30)) else { return }
        let dayEnd = dayStart.addingTimeInterval(86_400)
        let signals = LoyaltySignals(parameters: config.signals)

        var rows = 0
        let daySeconds = try bestThrowing(reps) {
            var mentions: [BrandMentionRecord] = []
            try store.forEachBrandMention(brand: brand.name, from: dayStart, to: dayEnd) { mentions.append($0) }
            let counts = try store.mentionCounts(from: dayStart, to: dayEnd)
            let competitorVolume = brand.competitors.reduce(0) { $0 + counts[$1, default: 0] }
            let s = signals.signals(brand: brand.name, mentions: mentions, competitorVolume: competitorVolume)
            rows = s.volume
        }
        context.results.record("aggregate.day_signals_seconds", daySeconds, "s", bar: Bar(comparison: .lessThan, limit: 2),
                               note: "one brand-day (\(rows) rows) read with forEachBrandMention + LoyaltySignals.signals, store of \(count) mentions, best of \(reps)")

        let builder = DigestBuilder(config: config, store: store)
        var volume = 0
        let digestSeconds = try bestThrowing(reps) {
            let digest = try builder.build(brand: brand, day: lastDay)
            volume = digest.series.reduce(0) { $0 + $1.volume }
        }
        context.results.record("aggregate.digest_seconds", digestSeconds, "s", bar: Bar(comparison: .lessThan, limit: 2),
                               note: "DigestBuilder.build for one brand-day: 28-day history (\(volume) rows) and its competitor's, store of \(count) mentions, best of \(reps)")
    }

    /// `export.*`: the real `brandpulse export mentions` process over every row of the 1M store.
    static func export(_ context: BenchContext) throws {
        guard let brandpulse = context.brandpulse else {
            Log.info("export: brandpulse binary not found; skipped")
            return
        }
        let (store, count) = try populatedStore(context)
        let config = try benchConfig(context, storePath: store.path)
        let csv = context.work.appendingPathComponent("export-\(count).csv").path
        let firstDay = Calendar.utc.day(byAdding: -(days - 1), to: lastDay)
        let outcome = try ChildProcess.run([brandpulse, "export", "mentions", "--config", config.file, "--from", firstDay,
                                            "--to", lastDay, "--out", csv, "--no-excel", "--quiet"],
                                           environment: context.childEnvironment)
        guard outcome.succeeded else { throw ChildProcessError(description: "export exited \(outcome.status): \(outcome.stderrTail)") }
        let lines = try countLines(csv)
        if lines != count + 1 { Log.info("export: \(lines - 1) rows written for \(count) stored") }
        context.results.record("export.rows_per_sec", Double(lines - 1) / outcome.seconds, "rows/s",
                               note: "`brandpulse export mentions` of \(lines - 1) rows to a file, whole process; CPU (row decoding, CSV quoting) and SQLite page reads")
        context.results.record("export.seconds", outcome.seconds, "s")
        context.results.record("export.cpu_seconds", outcome.userSeconds + outcome.systemSeconds, "s",
                               note: "user + system CPU of the export process")
        context.results.record("export.peak_rss_mb", outcome.maxRSSMegabytes, "MB", bar: Bar(comparison: .lessThan, limit: 100),
                               note: "VmHWM of the export process, polled from /proc (ru_maxrss after posix_spawn inherits the parent's peak)")
        try? FileManager.default.removeItem(atPath: csv)
    }

    // MARK: - Shared store

    /// The store of 1,000,000 mentions (5,000 in smoke runs), built once and kept in the work folder.
    static func populatedStore(_ context: BenchContext) throws -> (SQLiteMentionStore, Int) {
        let count = context.size(1_000_000, smoke: 5_000)
        let path = context.work.appendingPathComponent("store-\(count)-v1.sqlite").path
        let ready = path + ".ready"
        if FileManager.default.fileExists(atPath: ready) {
            return (try SQLiteMentionStore(path: path), count)
        }
        removeStore(path)
        Log.info("building a store of \(count) mentions at \(path) (once; kept for later runs)")
        let store = try SQLiteMentionStore(path: path)
        var factory = MentionFactory(seed: 5)
        let seconds = try Stopwatch.time {
            var done = 0
            while done < count {
                let n = min(1_000, count - done)
                _ = try store.ingest(factory.batch(n), sourceState: nil)
                done += n
            }
        }
        Log.info("store built in \(Figure.format(seconds)) s (\(Figure.format(Double(count) / seconds)) mentions/s at growing size)")
        _ = FileManager.default.createFile(atPath: ready, contents: Data())
        return (store, count)
    }

    /// A config over the generated brands and the given store, through the real ConfigLoader.
    static func benchConfig(_ context: BenchContext, storePath: String) throws -> Config {
        var yaml = "output: \(context.work.appendingPathComponent("out").path)\nstore:\n  sqlite: \(storePath)\nbrands:\n"
        for brand in PostGenerator.brands {
            yaml += "  - name: \(brand.name)\n    competitors: [\(brand.competitors.joined(separator: ", "))]\n"
            yaml += "    languages: [\(brand.languages.map(\.rawValue).joined(separator: ", "))]\n    timezone: UTC\n"
        }
        let file = context.work.appendingPathComponent("bench-store.yaml").path
        try yaml.write(toFile: file, atomically: true, encoding: .utf8)
        return try ConfigLoader().load(path: file)
    }

    static func removeStore(_ path: String) {
        for suffix in ["", "-wal", "-shm", ".ready"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    static func countLines(_ path: String) throws -> Int {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw ChildProcessError(description: "cannot read \(path)") }
        defer { try? handle.close() }
        var lines = 0
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            lines += chunk.reduce(0) { $0 + ($1 == 10 ? 1 : 0) }
        }
        return lines
    }

    static func bestThrowing(_ reps: Int, _ body: () throws -> Void) throws -> Double {
        var fastest = Double.infinity
        for _ in 0..<max(1, reps) { fastest = min(fastest, try Stopwatch.time(body)) }
        return fastest
    }
}

/// Scored mentions as the collector would store them, spread over `StoreBench.days` days and every brand.
struct MentionFactory {
    private var posts: PostGenerator
    private var serial = 0
    private var batches = 0
    private let end: Date

    init(seed: UInt64) {
        posts = PostGenerator(seed: seed)
        end = Calendar.utc.date(from: DateComponents(year: 2026, month: 10, day: 31)) ?? Date()
    }

    /// One source's batch, as the collector writes it: every mention of a batch shares its source.
    mutating func batch(_ count: Int) -> [ScoredMention] {
        batches += 1
        return (0..<count).map { _ in next() }
    }

    mutating func next() -> ScoredMention {
        serial += 1
        let post = posts.next()
        let secondsBack = posts.int(0..<(StoreBench.days * 86_400))
        let published = end.addingTimeInterval(-Double(secondsBack) - 1)
        let score = Double(posts.int(-1000..<1001)) / 1000
        let label: SentimentLabel = score > 0.05 ? .positive : score < -0.05 ? .negative : .neutral
        var intents: [Intent] = []
        if posts.chance(0.08) { intents.append(score >= 0 ? .recommend : .warn) }
        if posts.chance(0.04) { intents.append(score >= 0 ? .repurchase : .churn) }
        if posts.chance(0.03) { intents.append(.complaint) }
        let author = posts.chance(0.1) ? nil : "user\(posts.int(0..<20_000))"
        let hashtags = post.text.split(separator: " ").filter { $0.hasPrefix("#") }.map { String($0.dropFirst()).lowercased() }
        let mention = StoredMention(
            source: "bench-\(batches % 200)", entryKey: "e\(serial)", dedupKey: "link:https://social.example/p/\(serial)",
            textKey: String(serial, radix: 16), url: "https://social.example/p/\(serial)", title: nil, text: post.text,
            author: author, language: post.language, publishedAt: published, fetchedAt: published.addingTimeInterval(600),
            metrics: EngagementMetrics(followers: posts.int(0..<50_000), likes: posts.int(0..<500)), hashtags: hashtags)
        let verdict = BrandVerdict(brand: post.brand, matched: post.brand, score: score, label: label, intents: intents,
                                   evidence: label == .neutral ? [] : [label == .positive ? "great" : "terrible"])
        return ScoredMention(mention: mention, verdicts: [verdict])
    }
}

extension Calendar {
    static var utc: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        return calendar
    }

    /// `day` (YYYY-MM-DD) moved by `offset` days.
    func day(byAdding offset: Int, to day: String) -> String {
        let parts = day.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, let date = date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2])),
              let moved = self.date(byAdding: .day, value: offset, to: date) else { return day }
        let c = dateComponents([.year, .month, .day], from: moved)
        return String(format: "%04d-%02d-%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0)
    }
}
