import BrandPulseCore
import BrandPulseStore

/// An author who keeps promoting or running down a brand.
public struct RankedAuthor: Sendable, Hashable, Codable {
    public var author: String
    public var mentions: Int
    /// Promoter mentions for an advocate, detractor mentions for a detractor.
    public var count: Int
    public var example: String?
}

/// Ranks advocates and detractors over a window (28 days in digests).
public struct AuthorRanking: Sendable {
    public var signals: LoyaltySignals

    public init(signals: LoyaltySignals) {
        self.signals = signals
    }

    public func rank(_ mentions: [BrandMentionRecord], limit: Int = 5) -> (advocates: [RankedAuthor], detractors: [RankedAuthor]) {
        var tallies: [String: (mentions: Int, promoter: Int, detractor: Int, bestPositive: BrandMentionRecord?, worstNegative: BrandMentionRecord?)] = [:]
        for mention in mentions {
            guard let author = mention.author, !author.isEmpty else { continue }
            var tally = tallies[author] ?? (0, 0, 0, nil, nil)
            tally.mentions += 1
            switch signals.role(score: mention.score, label: mention.label, intents: Set(mention.intents)) {
            case .promoter:
                tally.promoter += 1
                if tally.bestPositive.map({ mention.score > $0.score }) ?? true { tally.bestPositive = mention }
            case .detractor:
                tally.detractor += 1
                if tally.worstNegative.map({ mention.score < $0.score }) ?? true { tally.worstNegative = mention }
            case .passive, .none:
                break
            }
            tallies[author] = tally
        }
        let advocates = tallies.filter { $0.value.promoter > 0 }
            .map { RankedAuthor(author: $0.key, mentions: $0.value.mentions, count: $0.value.promoter, example: $0.value.bestPositive?.text) }
            .sorted { ($0.count, $0.mentions, $1.author) > ($1.count, $1.mentions, $0.author) }
        let detractors = tallies.filter { $0.value.detractor > 0 }
            .map { RankedAuthor(author: $0.key, mentions: $0.value.mentions, count: $0.value.detractor, example: $0.value.worstNegative?.text) }
            .sorted { ($0.count, $0.mentions, $1.author) > ($1.count, $1.mentions, $0.author) }
        return (Array(advocates.prefix(limit)), Array(detractors.prefix(limit)))
    }
}
