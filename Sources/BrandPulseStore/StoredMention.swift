import BrandPulseCore
import Foundation

/// A mention as stored: one post from one source, after normalization and language identification.
public struct StoredMention: Sendable, Hashable, Codable {
    /// The source's configured name.
    public var source: String
    /// Unique within a source: the guid, else the normalized link, else a text hash.
    public var entryKey: String
    /// Unique across sources: the normalized link (tracking parameters removed) or the repost text hash.
    public var dedupKey: String
    /// Hash of the normalized text of a long enough post, so that reposts with identical text are stored once.
    public var textKey: String?
    public var url: String?
    public var title: String?
    public var text: String
    public var author: String?
    public var language: Language
    public var publishedAt: Date
    public var fetchedAt: Date
    public var metrics: EngagementMetrics
    public var hashtags: [String]

    public init(
        source: String, entryKey: String, dedupKey: String, textKey: String? = nil, url: String?, title: String?, text: String,
        author: String?, language: Language, publishedAt: Date, fetchedAt: Date,
        metrics: EngagementMetrics = EngagementMetrics(), hashtags: [String] = []
    ) {
        self.source = source
        self.entryKey = entryKey
        self.dedupKey = dedupKey
        self.textKey = textKey
        self.url = url
        self.title = title
        self.text = text
        self.author = author
        self.language = language
        self.publishedAt = publishedAt
        self.fetchedAt = fetchedAt
        self.metrics = metrics
        self.hashtags = hashtags
    }
}

/// The verdict on one brand inside one mention.
public struct BrandVerdict: Sendable, Hashable, Codable {
    public var brand: String
    /// The surface form found in the text ("Biedronce").
    public var matched: String
    public var score: Double
    public var label: SentimentLabel
    public var intents: [Intent]
    /// The words behind the score and the intents, for digests and alerts.
    public var evidence: [String]

    public init(brand: String, matched: String, score: Double, label: SentimentLabel, intents: [Intent], evidence: [String] = []) {
        self.brand = brand
        self.matched = matched
        self.score = score
        self.label = label
        self.intents = intents
        self.evidence = evidence
    }
}

/// A mention with its per-brand verdicts, written in one go.
public struct ScoredMention: Sendable, Hashable, Codable {
    public var mention: StoredMention
    public var verdicts: [BrandVerdict]

    public init(mention: StoredMention, verdicts: [BrandVerdict]) {
        self.mention = mention
        self.verdicts = verdicts
    }
}

/// One (mention, brand) row as the signals and reports read it.
public struct BrandMentionRecord: Sendable, Hashable, Codable {
    public var mentionID: Int64
    public var brand: String
    public var source: String
    public var url: String?
    public var title: String?
    public var text: String
    public var author: String?
    public var language: Language
    public var publishedAt: Date
    public var score: Double
    public var label: SentimentLabel
    public var intents: [Intent]
    public var evidence: [String]
    public var hashtags: [String]
    public var metrics: EngagementMetrics

    public init(
        mentionID: Int64, brand: String, source: String, url: String?, title: String?, text: String,
        author: String?, language: Language, publishedAt: Date, score: Double, label: SentimentLabel,
        intents: [Intent], evidence: [String], hashtags: [String], metrics: EngagementMetrics
    ) {
        self.mentionID = mentionID
        self.brand = brand
        self.source = source
        self.url = url
        self.title = title
        self.text = text
        self.author = author
        self.language = language
        self.publishedAt = publishedAt
        self.score = score
        self.label = label
        self.intents = intents
        self.evidence = evidence
        self.hashtags = hashtags
        self.metrics = metrics
    }
}

/// Lists kept in one text column ("complaint,warn"; evidence one per line; hashtags space-separated), as both
/// stores write and read them.
public enum StoredList {
    /// The items of a stored list, split on a single ASCII byte. Byte-wise, not by Character: a grapheme check per
    /// character was a sixth of reading a digest's rows.
    public static func items(_ value: String?, separator: UInt8) -> [String] {
        guard let value, !value.isEmpty else { return [] }
        return value.utf8.split(separator: separator).map { String(decoding: $0, as: UTF8.self) }
    }
}
