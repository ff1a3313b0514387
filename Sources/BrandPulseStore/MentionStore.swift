import BrandPulseCore
import Foundation

/// How many rows one source batch added and how many it skipped as already stored.
public struct IngestResult: Sendable, Hashable, Codable {
    public var inserted: Int
    public var duplicates: Int

    public init(inserted: Int = 0, duplicates: Int = 0) {
        self.inserted = inserted
        self.duplicates = duplicates
    }

    public static func + (lhs: IngestResult, rhs: IngestResult) -> IngestResult {
        IngestResult(inserted: lhs.inserted + rhs.inserted, duplicates: lhs.duplicates + rhs.duplicates)
    }
}

/// The storage engine behind BrandPulse: SQLite on a laptop, PostgreSQL for several collectors.
///
/// Every method is synchronous and may block on I/O, so callers keep it off the cooperative pool
/// for long work. Each `ingest` call is one transaction: a batch is stored whole or not at all.
public protocol MentionStore: Sendable {
    /// Creates or upgrades the schema.
    func migrate() throws

    /// Stores a source's batch and its fetch state atomically. Mentions already stored
    /// (same source and entry key, or same cross-source dedup key) are skipped.
    func ingest(_ batch: [ScoredMention], sourceState: SourceState?) throws -> IngestResult

    func sourceStates() throws -> [SourceState]
    func saveSourceState(_ state: SourceState) throws

    /// The mentions of `brand` published in `[from, to)`, oldest first.
    func brandMentions(brand: String, from: Date, to: Date) throws -> [BrandMentionRecord]

    /// Counts of (mention, brand) rows per brand in `[from, to)`.
    func mentionCounts(from: Date, to: Date) throws -> [String: Int]

    /// For `brand`, the (mention, brand) rows and the negative ones per day in `timeZone` (an IANA name),
    /// over `[from, to)`. PostgreSQL groups in SQL; SQLite, which has no time zones, groups while reading.
    func dailyCounts(brand: String, timeZone: String, from: Date, to: Date) throws -> [String: DayTally]

    /// The newest `published_at` over all mentions, if any.
    func latestMentionDate() throws -> Date?

    func alerts(brand: String) throws -> [AlertRecord]
    func saveAlert(_ alert: AlertRecord) throws

    /// Inserts or replaces the aggregates of (brand, day).
    func saveDailyAggregates(_ aggregates: [DailyAggregate]) throws

    /// Stored aggregates with `from ≤ day ≤ to` (`YYYY-MM-DD`), optionally for one brand, by brand then day.
    func dailyAggregates(brand: String?, from: String, to: String) throws -> [DailyAggregate]

    /// Deletes mentions published before `date`; returns how many.
    func prune(olderThan date: Date) throws -> Int

    /// Streams (mention, brand) rows in `[from, to)`, optionally for one brand, oldest first.
    func forEachBrandMention(brand: String?, from: Date, to: Date, _ body: (BrandMentionRecord) throws -> Void) throws
}
