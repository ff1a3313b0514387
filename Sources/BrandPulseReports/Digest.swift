import BrandPulseCore
import BrandPulseSignals
import BrandPulseStore
import Foundation

/// One day's point of the 28-day charts: that day's counts, and the ratios over the 7 days ending
/// with it (a single day's NPS on five mentions jumps between −100 and +100).
public struct DailyPoint: Sendable, Hashable, Codable {
    public var day: String
    public var volume: Int
    public var positive: Int
    public var negative: Int
    public var netSentiment: Double?
    public var nps: Double?
    public var cli: Double

    public init(day: String, volume: Int, positive: Int, negative: Int, netSentiment: Double?, nps: Double?, cli: Double) {
        self.day = day
        self.volume = volume
        self.positive = positive
        self.negative = negative
        self.netSentiment = netSentiment
        self.nps = nps
        self.cli = cli
    }
}

/// A mention quoted in a digest or an alert.
public struct QuotedMention: Sendable, Hashable, Codable {
    public var text: String
    public var url: String?
    public var author: String?
    public var source: String
    public var score: Double
    public var intents: [Intent]

    public init(_ mention: BrandMentionRecord) {
        text = mention.text
        url = mention.url
        author = mention.author
        source = mention.source
        score = mention.score
        intents = mention.intents
    }
}

/// A hashtag or term that is more frequent in the period than in the baseline.
public struct RisingTerm: Sendable, Hashable, Codable {
    public var term: String
    public var count: Int
    public var baseline: Double

    public init(term: String, count: Int, baseline: Double) {
        self.term = term
        self.count = count
        self.baseline = baseline
    }
}

/// How a source did in the period, so that a missing mention never looks like a quiet day.
public struct SourceHealth: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Codable { case ok, failed, throttled, silent }
    public var source: String
    public var status: Status
    public var mentions: Int
    public var detail: String?

    public init(source: String, status: Status, mentions: Int, detail: String?) {
        self.source = source
        self.status = status
        self.mentions = mentions
        self.detail = detail
    }
}

/// An alert as a digest shows it.
public struct DigestAlert: Sendable, Hashable, Codable {
    public var severity: String
    public var summary: String

    public init(severity: String, summary: String) {
        self.severity = severity
        self.summary = summary
    }
}

/// Everything a daily digest shows for one brand; the renderers only lay it out.
public struct Digest: Sendable, Hashable, Codable {
    public var brand: String
    /// `YYYY-MM-DD` in the brand's time zone.
    public var day: String
    public var timeZone: String
    public var today: PeriodSignals
    public var previousDay: PeriodSignals
    /// The seven days before `day`, pooled, for the "vs 7-day" trend.
    public var trailingWeek: PeriodSignals
    public var series: [DailyPoint]
    public var alerts: [DigestAlert]
    public var topPositive: [QuotedMention]
    public var topNegative: [QuotedMention]
    public var risingTerms: [RisingTerm]
    public var advocates: [RankedAuthor]
    public var detractors: [RankedAuthor]
    public var sources: [String: Int]
    public var languages: [String: Int]
    public var sourceHealth: [SourceHealth]
    public var competitors: [String]

    public init(
        brand: String, day: String, timeZone: String, today: PeriodSignals, previousDay: PeriodSignals,
        trailingWeek: PeriodSignals, series: [DailyPoint], alerts: [DigestAlert], topPositive: [QuotedMention],
        topNegative: [QuotedMention], risingTerms: [RisingTerm], advocates: [RankedAuthor], detractors: [RankedAuthor],
        sources: [String: Int], languages: [String: Int], sourceHealth: [SourceHealth], competitors: [String]
    ) {
        self.brand = brand
        self.day = day
        self.timeZone = timeZone
        self.today = today
        self.previousDay = previousDay
        self.trailingWeek = trailingWeek
        self.series = series
        self.alerts = alerts
        self.topPositive = topPositive
        self.topNegative = topNegative
        self.risingTerms = risingTerms
        self.advocates = advocates
        self.detractors = detractors
        self.sources = sources
        self.languages = languages
        self.sourceHealth = sourceHealth
        self.competitors = competitors
    }
}

/// A headline figure with its trend, shared by the three renderers.
struct Headline {
    var name: String
    var value: String
    var deltaDay: String
    var deltaWeek: String
    var lowData: Bool

    static func rows(for digest: Digest) -> [Headline] {
        let t = digest.today, d = digest.previousDay, w = digest.trailingWeek
        func fmt(_ x: Double?, suffix: String = "") -> String { x.map { String(format: "%.0f", $0) + suffix } ?? "n/a" }
        func delta(_ a: Double?, _ b: Double?) -> String {
            guard let a, let b else { return "–" }
            let diff = a - b
            return (diff >= 0 ? "+" : "-") + String(format: "%.0f", abs(diff))
        }
        let weekVolume = Double(w.volume) / 7
        return [
            Headline(name: "Volume", value: "\(t.volume)", deltaDay: delta(Double(t.volume), Double(d.volume)),
                     deltaWeek: delta(Double(t.volume), weekVolume), lowData: false),
            Headline(name: "Net sentiment", value: fmt(t.netSentiment), deltaDay: delta(t.netSentiment, d.netSentiment),
                     deltaWeek: delta(t.netSentiment, w.netSentiment), lowData: t.lowData),
            Headline(name: "NPS proxy (mentions)", value: fmt(t.nps.score), deltaDay: delta(t.nps.score, d.nps.score),
                     deltaWeek: delta(t.nps.score, w.nps.score), lowData: t.lowData),
            Headline(name: "NPS proxy (authors)", value: fmt(t.npsByAuthor.score),
                     deltaDay: delta(t.npsByAuthor.score, d.npsByAuthor.score),
                     deltaWeek: delta(t.npsByAuthor.score, w.npsByAuthor.score), lowData: t.lowData),
            Headline(name: "Social CLI", value: fmt(t.cli.index), deltaDay: delta(t.cli.index, d.cli.index),
                     deltaWeek: delta(t.cli.index, w.cli.index), lowData: t.lowData),
            Headline(name: "Secure share", value: fmt(t.secureShare.map { $0 * 100 }, suffix: "%"),
                     deltaDay: delta(t.secureShare.map { $0 * 100 }, d.secureShare.map { $0 * 100 }),
                     deltaWeek: delta(t.secureShare.map { $0 * 100 }, w.secureShare.map { $0 * 100 }), lowData: t.lowData),
            Headline(name: "Forced-loyalty share", value: fmt(t.forcedLoyaltyShare.map { $0 * 100 }, suffix: "%"),
                     deltaDay: delta(t.forcedLoyaltyShare.map { $0 * 100 }, d.forcedLoyaltyShare.map { $0 * 100 }),
                     deltaWeek: delta(t.forcedLoyaltyShare.map { $0 * 100 }, w.forcedLoyaltyShare.map { $0 * 100 }),
                     lowData: t.lowData),
            Headline(name: "Share of voice", value: fmt(t.shareOfVoice.map { $0 * 100 }, suffix: "%"),
                     deltaDay: delta(t.shareOfVoice.map { $0 * 100 }, d.shareOfVoice.map { $0 * 100 }),
                     deltaWeek: delta(t.shareOfVoice.map { $0 * 100 }, w.shareOfVoice.map { $0 * 100 }), lowData: false),
        ]
    }
}
