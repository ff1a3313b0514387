import BrandPulseCore
import BrandPulseReports
import BrandPulseSignals
import BrandPulseStore
import Foundation

/// Streams mentions or daily signals to CSV without holding the rows in memory.
public struct Exporter: Sendable {
    public let config: Config
    public let store: any MentionStore

    public init(config: Config, store: any MentionStore) {
        self.config = config
        self.store = store
    }

    public static let mentionColumns = [
        "published_at", "brand", "label", "score", "intents", "language", "source", "author", "url", "title", "text",
        "hashtags", "followers", "likes", "reposts", "comments",
    ]

    public static let dailyColumns = [
        "day", "brand", "volume", "positive", "neutral", "negative", "net_sentiment", "nps_mentions", "nps_authors",
        "nps_respondents", "cli", "cli_recommend", "cli_buy_again", "cli_stay", "secure_share", "forced_loyalty_share",
        "share_of_voice", "low_data",
    ]

    /// Mentions published from the start of `from` to the end of `to` (UTC days), optionally for one brand.
    public func exportMentions(from: String, to: String, brand: String?, writer: inout CSVWriter) throws {
        let utc = DayCalendar(timeZone: "UTC")
        guard let start = utc.range(of: from)?.lowerBound, let end = utc.range(of: to)?.upperBound else {
            throw BrandPulseError("invalid date range \(from)…\(to): use YYYY-MM-DD", exitStatus: .usage)
        }
        try writer.writeHeader(Self.mentionColumns)
        let timestamp = ISO8601DateFormatter()
        var rowError: Error?
        try store.forEachBrandMention(brand: brand, from: start, to: end) { row in
            do {
                try writer.writeRow([
                    .text(timestamp.string(from: row.publishedAt)), .text(row.brand), .text(row.label.rawValue),
                    .decimal(row.score, places: 3), .text(row.intents.map(\.rawValue).joined(separator: " ")),
                    .text(row.language.rawValue), .text(row.source), row.author.map(CSVCell.text) ?? .empty,
                    row.url.map(CSVCell.text) ?? .empty, row.title.map(CSVCell.text) ?? .empty, .text(row.text),
                    .text(row.hashtags.map { "#" + $0 }.joined(separator: " ")),
                    row.metrics.followers.map(CSVCell.integer) ?? .empty, row.metrics.likes.map(CSVCell.integer) ?? .empty,
                    row.metrics.reposts.map(CSVCell.integer) ?? .empty, row.metrics.comments.map(CSVCell.integer) ?? .empty,
                ])
            } catch {
                rowError = error
                throw error
            }
        }
        if let rowError { throw rowError }
        try writer.flush()
    }

    /// One row per brand and day (in the brand's time zone) with every loyalty signal.
    public func exportDaily(from: String, to: String, brand: String?, writer: inout CSVWriter) throws {
        try writer.writeHeader(Self.dailyColumns)
        for (_, rows) in try DailyAggregator(config: config, store: store).aggregates(from: from, to: to, brand: brand) {
            for (day, s) in rows {
                func optional(_ value: Double?, _ places: Int = 1) -> CSVCell { value.map { .decimal($0, places: places) } ?? .empty }
                try writer.writeRow([
                    .text(day), .text(s.brand), .integer(s.volume), .integer(s.positive), .integer(s.neutral),
                    .integer(s.negative), optional(s.netSentiment), optional(s.nps.score), optional(s.npsByAuthor.score),
                    .integer(s.nps.respondents), .decimal(s.cli.index, places: 1), .decimal(s.cli.recommend, places: 1),
                    .decimal(s.cli.buyAgain, places: 1), .decimal(s.cli.stay, places: 1), optional(s.secureShare, 3),
                    optional(s.forcedLoyaltyShare, 3), optional(s.shareOfVoice, 3), .text(s.lowData ? "yes" : "no"),
                ])
            }
        }
        try writer.flush()
    }
}

/// Computes every brand's signals day by day over a range, each day in the brand's own time zone.
public struct DailyAggregator: Sendable {
    public let config: Config
    public let store: any MentionStore

    public init(config: Config, store: any MentionStore) {
        self.config = config
        self.store = store
    }

    /// Per brand (config order), the days from `from` to `to` with their signals.
    public func aggregates(from: String, to: String, brand: String?) throws -> [(Brand, [(String, PeriodSignals)])] {
        let signals = LoyaltySignals(parameters: config.signals)
        var result: [(Brand, [(String, PeriodSignals)])] = []
        for brandConfig in config.brands where brand.map({ $0.caseInsensitiveCompare(brandConfig.name) == .orderedSame }) ?? true {
            let calendar = DayCalendar(timeZone: brandConfig.timeZone)
            guard let start = calendar.start(of: from), let end = calendar.start(of: to), start <= end else {
                throw BrandPulseError("invalid date range \(from)…\(to): use YYYY-MM-DD, from ≤ to", exitStatus: .usage)
            }
            let count = Int((end.timeIntervalSince(start) / 86_400).rounded()) + 1
            let history = try BrandHistory(brand: brandConfig, endingAt: to, count: count, store: store)
            let competitors = try brandConfig.competitors.compactMap(config.brand(named:)).map {
                try BrandHistory(brand: $0, endingAt: to, count: count, store: store)
            }
            let days = history.days.map { day -> (String, PeriodSignals) in
                let competitorVolume = competitors.isEmpty ? nil : competitors.reduce(0) { $0 + $1.mentions(on: day).count }
                return (day, signals.signals(brand: brandConfig.name, mentions: history.mentions(on: day), competitorVolume: competitorVolume))
            }
            result.append((brandConfig, days))
        }
        return result
    }

    /// Computes and stores the aggregates of the range, replacing earlier ones.
    @discardableResult
    public func store(from: String, to: String) throws -> Int {
        let rows = try aggregates(from: from, to: to, brand: nil).flatMap { _, days in
            days.map { DailyAggregate(day: $0.0, signals: $0.1) }
        }
        try store.saveDailyAggregates(rows)
        return rows.count
    }
}
