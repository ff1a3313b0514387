import BrandPulseCore
import BrandPulseReports
import BrandPulseSignals
import BrandPulseStore
import Foundation

/// Gathers everything a brand's daily digest shows from the store.
public struct DigestBuilder: Sendable {
    public let config: Config
    public let store: any MentionStore

    public init(config: Config, store: any MentionStore) {
        self.config = config
        self.store = store
    }

    public func build(brand: Brand, day: String) throws -> Digest {
        let history = try BrandHistory(brand: brand, endingAt: day, count: 28, store: store)
        let calendar = history.calendar
        let signals = LoyaltySignals(parameters: config.signals)
        let competitorHistories = try brand.competitors.compactMap(config.brand(named:)).map {
            try BrandHistory(brand: $0, endingAt: day, count: 28, store: store)
        }
        func competitorVolume(_ days: ArraySlice<String>) -> Int? {
            competitorHistories.isEmpty ? nil : competitorHistories.reduce(0) { $0 + $1.mentions(in: days).count }
        }
        func periodSignals(_ days: ArraySlice<String>) -> PeriodSignals {
            signals.signals(brand: brand.name, mentions: history.mentions(in: days), competitorVolume: competitorVolume(days))
        }

        let days = history.days
        let todaySlice = days.suffix(1)
        let previousSlice = days.dropLast().suffix(1)
        let weekSlice = days.dropLast().suffix(7)
        let today = history.mentions(on: day)

        let series = days.indices.map { index -> DailyPoint in
            let day = periodSignals(days[index...index])
            let rolling = periodSignals(days[max(0, index - 6)...index])
            return DailyPoint(day: days[index], volume: day.volume, positive: day.positive, negative: day.negative,
                              netSentiment: rolling.netSentiment, nps: rolling.nps.score, cli: rolling.cli.index)
        }

        let alerts = try store.alerts(brand: brand.name).filter { $0.period == day }
            .map { DigestAlert(severity: $0.severity, summary: $0.summary) }
        let top = config.digest.topMentions
        let negatives = today.filter { $0.label == .negative }.sorted(by: AlertEvaluator.worstFirst)
        let positives = today.filter { $0.label == .positive }.sorted { $0.score > $1.score }

        let ranking = AuthorRanking(signals: signals).rank(history.mentions(in: days[...]))

        var sources: [String: Int] = [:], languages: [String: Int] = [:]
        for row in today {
            sources[row.source, default: 0] += 1
            languages[row.language.rawValue, default: 0] += 1
        }

        return Digest(
            brand: brand.name, day: day, timeZone: brand.timeZone,
            today: periodSignals(todaySlice), previousDay: periodSignals(previousSlice), trailingWeek: periodSignals(weekSlice),
            series: series, alerts: alerts,
            topPositive: positives.prefix(top).map(QuotedMention.init),
            topNegative: negatives.prefix(top).map(QuotedMention.init),
            risingTerms: risingTerms(today: today, baseline: history.mentions(in: weekSlice), baselineDays: weekSlice.count),
            advocates: ranking.advocates, detractors: ranking.detractors,
            sources: sources, languages: languages,
            sourceHealth: try sourceHealth(brand: brand, history: history, todayCounts: sources, dayRange: calendar.range(of: day)),
            competitors: brand.competitors)
    }

    /// Hashtags and evidence terms seen at least twice today and at least twice their usual daily rate.
    private func risingTerms(today: [BrandMentionRecord], baseline: [BrandMentionRecord], baselineDays: Int) -> [RisingTerm] {
        let days = Double(max(1, baselineDays))
        let usualTags = TermCounter.hashtags(baseline), usualTerms = TermCounter.evidence(baseline)
        var rising: [RisingTerm] = []
        for (tag, count) in TermCounter.hashtags(today) {
            let usual = Double(usualTags[tag, default: 0]) / days
            if count >= 2 && Double(count) >= 2 * usual { rising.append(RisingTerm(term: "#" + tag, count: count, baseline: usual)) }
        }
        for (term, count) in TermCounter.evidence(today) {
            let usual = Double(usualTerms[term, default: 0]) / days
            if count >= 2 && Double(count) >= 2 * usual { rising.append(RisingTerm(term: term, count: count, baseline: usual)) }
        }
        return Array(rising.sorted { ($1.count, $0.term) < ($0.count, $1.term) }.prefix(10))
    }

    /// The sources that matter for this brand, with why each may be missing mentions for the day.
    ///
    /// A source matters when it carried the brand in the last 28 days, when it was generated for the
    /// brand's hashtags, or when it has never succeeded (so nobody knows what it would carry).
    /// "Silent" means the source stored nothing at all in the period although it usually does.
    private func sourceHealth(brand: Brand, history: BrandHistory, todayCounts: [String: Int],
                              dayRange: Range<Date>?) throws -> [SourceHealth] {
        let states = Dictionary(try store.sourceStates().map { ($0.name, $0) }, uniquingKeysWith: { $1 })
        var carriedBrand = Set<String>()
        for row in history.mentions(in: history.days[...]) { carriedBrand.insert(row.source) }
        var storedToday: [String: Int] = [:], storedBefore: [String: Int] = [:]
        if let dayRange {
            try store.forEachBrandMention(brand: nil, from: dayRange.lowerBound, to: dayRange.upperBound) {
                storedToday[$0.source, default: 0] += 1
            }
            try store.forEachBrandMention(brand: nil, from: dayRange.lowerBound.addingTimeInterval(-7 * 86_400),
                                          to: dayRange.lowerBound) {
                storedBefore[$0.source, default: 0] += 1
            }
        }
        let hashtagURLs = Set(brand.hashtags.map { "/tag/" + $0.lowercased() })
        return config.sources.compactMap { source -> SourceHealth? in
            let state = states[source.name]
            let generatedForBrand = source.isGenerated && hashtagURLs.contains { source.url.lowercased().contains($0) }
            let neverSucceeded = state?.lastSuccessAt == nil
            guard carriedBrand.contains(source.name) || generatedForBrand || neverSucceeded else { return nil }
            let count = todayCounts[source.name, default: 0]
            guard let state else {
                return SourceHealth(source: source.name, status: .failed, mentions: count, detail: "never fetched")
            }
            if state.isFailing {
                let throttled = state.lastStatus == 429 || state.lastStatus == 503
                var detail = state.lastError ?? "failing"
                if let success = state.lastSuccessAt { detail += "; last success \(Self.timestamp(success))" }
                return SourceHealth(source: source.name, status: throttled ? .throttled : .failed, mentions: count, detail: detail)
            }
            if storedToday[source.name, default: 0] == 0 && storedBefore[source.name, default: 0] > 0 {
                return SourceHealth(source: source.name, status: .silent, mentions: 0,
                                    detail: "nothing stored in this period, though it usually delivers")
            }
            return SourceHealth(source: source.name, status: .ok, mentions: count, detail: nil)
        }
    }

    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}
