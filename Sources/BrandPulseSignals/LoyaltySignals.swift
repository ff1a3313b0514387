import BrandPulseCore
import BrandPulseStore
import Foundation

/// Promoters, passives and detractors among opinionated respondents, and the NPS proxy they give.
public struct NPSBreakdown: Sendable, Hashable, Codable {
    public var promoters: Int
    public var passives: Int
    public var detractors: Int

    public var respondents: Int { promoters + passives + detractors }

    /// %promoters − %detractors, −100…100; nil with no respondents.
    public var score: Double? {
        guard respondents > 0 else { return nil }
        return Double(promoters - detractors) / Double(respondents) * 100
    }
}

/// The social Customer Loyalty Index: three sub-indices on 0…100 and their mean.
public struct CLIBreakdown: Sendable, Hashable, Codable {
    public var recommend: Double
    public var buyAgain: Double
    public var stay: Double

    public var index: Double { (recommend + buyAgain + stay) / 3 }
}

/// Every loyalty signal of one brand over one period.
public struct PeriodSignals: Sendable, Hashable, Codable {
    public var brand: String
    public var volume: Int
    public var positive: Int
    public var neutral: Int
    public var negative: Int
    /// Mentions with a non-neutral label or any intent.
    public var opinionated: Int
    public var authors: Int
    /// (positive − negative) / (positive + negative) × 100; nil with no opinions.
    public var netSentiment: Double?
    public var nps: NPSBreakdown
    public var npsByAuthor: NPSBreakdown
    public var cli: CLIBreakdown
    /// Share of authors whose mentions are all non-negative and who recommend or buy again.
    public var secureShare: Double?
    /// lockin / (lockin + attachment).
    public var forcedLoyaltyShare: Double?
    /// Brand volume / volume of the brand and its competitors.
    public var shareOfVoice: Double?
    public var intentCounts: [Intent: Int]
    /// True when the period rests on fewer opinionated mentions than the configured minimum.
    public var lowData: Bool

    /// Share of negative mentions among all mentions; nil with no mentions.
    public var negativeShare: Double? { volume > 0 ? Double(negative) / Double(volume) : nil }
}

/// Computes the loyalty signals of LOYALTY.md from stored (mention, brand) rows. Pure.
public struct LoyaltySignals: Sendable {
    public var parameters: SignalParameters

    public init(parameters: SignalParameters = SignalParameters()) {
        self.parameters = parameters
    }

    public enum Role: Sendable { case promoter, passive, detractor, none }

    /// Classifies one respondent (a mention, or an author's pooled mentions).
    public func role(score: Double, label: SentimentLabel, intents: Set<Intent>) -> Role {
        let opinionated = label != .neutral || !intents.isEmpty
        guard opinionated else { return .none }
        // A negative intent outweighs a recommendation in the same respondent: the conservative reading.
        if intents.contains(.warn) || intents.contains(.churn) || intents.contains(.complaint)
            || score <= parameters.detractorThreshold {
            return .detractor
        }
        if intents.contains(.recommend) || score >= parameters.promoterThreshold { return .promoter }
        return .passive
    }

    public func signals(brand: String, mentions: [BrandMentionRecord], competitorVolume: Int? = nil) -> PeriodSignals {
        var positive = 0, neutral = 0, negative = 0, opinionated = 0
        var nps = NPSBreakdown(promoters: 0, passives: 0, detractors: 0)
        var intentCounts: [Intent: Int] = [:]
        var byAuthor: [String: (scoreSum: Double, count: Int, labels: [SentimentLabel], intents: Set<Intent>)] = [:]

        for mention in mentions {
            switch mention.label {
            case .positive: positive += 1
            case .neutral: neutral += 1
            case .negative: negative += 1
            }
            let intents = Set(mention.intents)
            if mention.label != .neutral || !intents.isEmpty { opinionated += 1 }
            for intent in intents { intentCounts[intent, default: 0] += 1 }
            count(role(score: mention.score, label: mention.label, intents: intents), into: &nps)

            // A post without an author is its own respondent.
            let author = mention.author.map { "a:" + $0.lowercased() } ?? "m:\(mention.mentionID)"
            var pooled = byAuthor[author] ?? (0, 0, [], [])
            pooled.scoreSum += mention.score
            pooled.count += 1
            pooled.labels.append(mention.label)
            pooled.intents.formUnion(intents)
            byAuthor[author] = pooled
        }

        var npsByAuthor = NPSBreakdown(promoters: 0, passives: 0, detractors: 0)
        var secureAuthors = 0
        for pooled in byAuthor.values {
            let mean = pooled.scoreSum / Double(pooled.count)
            let pooledLabel: SentimentLabel = pooled.labels.contains(.negative) && mean < 0 ? .negative
                : pooled.labels.contains(where: { $0 != .neutral }) ? (mean >= 0 ? .positive : .negative) : .neutral
            count(role(score: mean, label: pooledLabel, intents: pooled.intents), into: &npsByAuthor)
            let allNonNegative = !pooled.labels.contains(.negative) && pooled.intents.isDisjoint(with: [.warn, .churn, .complaint])
            if allNonNegative && (pooled.intents.contains(.recommend) || pooled.intents.contains(.repurchase)) {
                secureAuthors += 1
            }
        }

        let volume = mentions.count
        let prior = parameters.cliPrior
        func balance(_ good: Int, _ bad: Int) -> Double {
            100 * (Double(good) + prior / 2) / (Double(good + bad) + prior)
        }
        let churn = intentCounts[.churn, default: 0]
        let cli = CLIBreakdown(
            recommend: balance(intentCounts[.recommend, default: 0], intentCounts[.warn, default: 0]),
            buyAgain: balance(intentCounts[.repurchase, default: 0], churn),
            stay: 100 - 100 * (Double(churn) + prior / 2) / (Double(opinionated) + prior)
        )
        let lockin = intentCounts[.lockin, default: 0], attachment = intentCounts[.attachment, default: 0]
        let polar = positive + negative

        return PeriodSignals(
            brand: brand, volume: volume, positive: positive, neutral: neutral, negative: negative,
            opinionated: opinionated, authors: byAuthor.count,
            netSentiment: polar > 0 ? Double(positive - negative) / Double(polar) * 100 : nil,
            nps: nps, npsByAuthor: npsByAuthor, cli: cli,
            secureShare: byAuthor.isEmpty ? nil : Double(secureAuthors) / Double(byAuthor.count),
            forcedLoyaltyShare: lockin + attachment > 0 ? Double(lockin) / Double(lockin + attachment) : nil,
            shareOfVoice: competitorVolume.flatMap { other in
                volume + other > 0 ? Double(volume) / Double(volume + other) : nil
            },
            intentCounts: intentCounts,
            lowData: opinionated < parameters.minimumCount
        )
    }

    private func count(_ role: Role, into breakdown: inout NPSBreakdown) {
        switch role {
        case .promoter: breakdown.promoters += 1
        case .passive: breakdown.passives += 1
        case .detractor: breakdown.detractors += 1
        case .none: break
        }
    }
}

extension DailyAggregate {
    /// The stored form of one day's signals.
    public init(day: String, signals s: PeriodSignals) {
        self.init(
            brand: s.brand, day: day, volume: s.volume, positive: s.positive, neutral: s.neutral, negative: s.negative,
            netSentiment: s.netSentiment, nps: s.nps.score, npsByAuthor: s.npsByAuthor.score, cli: s.cli.index,
            secureShare: s.secureShare, forcedLoyaltyShare: s.forcedLoyaltyShare, shareOfVoice: s.shareOfVoice,
            lowData: s.lowData)
    }
}
