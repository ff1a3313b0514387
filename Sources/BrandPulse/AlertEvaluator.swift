import BrandPulseAlerts
import BrandPulseCore
import BrandPulseReports
import BrandPulseSignals
import BrandPulseStore
import Foundation
import Logging

/// What happened to one brand's alert check.
public struct AlertDecision: Sendable {
    public var brand: String
    public var assessment: SpikeAssessment
    public var message: AlertMessage?
    /// Sinks that received it in this run.
    public var delivered: [String]
    /// Sinks that failed after their retries, with the reason.
    public var failed: [String: String]
    /// Why nothing was sent although the day is a spike (already sent, cooldown).
    public var suppressed: String?
}

/// Checks each brand's day against its history, and sends, records and de-duplicates alerts.
public struct AlertEvaluator: Sendable {
    public let config: Config
    public let store: any MentionStore
    public let sinks: [any AlertSink]
    public var logger: Logger
    public var now: @Sendable () -> Date

    public init(config: Config, store: any MentionStore, sinks: [any AlertSink], logger: Logger,
                now: @escaping @Sendable () -> Date = Date.init) {
        self.config = config
        self.store = store
        self.sinks = sinks
        self.logger = logger
        self.now = now
    }

    var detector: SpikeDetector {
        SpikeDetector(rule: SpikeRule(
            minimumCount: config.alerts.minimumCount, significance: config.alerts.significance,
            minimumShareRise: config.alerts.minimumShareRise, window: config.alerts.windowDays))
    }

    /// Evaluates `day` (or each brand's own today) for every brand, or only `brandName`.
    public func evaluate(day: String?, brandName: String? = nil) async throws -> [AlertDecision] {
        var decisions: [AlertDecision] = []
        for brand in config.brands where brandName.map({ $0.caseInsensitiveCompare(brand.name) == .orderedSame }) ?? true {
            let calendar = DayCalendar(timeZone: brand.timeZone)
            let target = day ?? calendar.day(of: now())
            let counts = try dailyCounts(brand: brand, calendar: calendar, endingAt: target)
            guard let current = counts.last else { continue }
            let assessment = detector.assess(current: current, history: Array(counts.dropLast()))
            var decision = AlertDecision(brand: brand.name, assessment: assessment, message: nil, delivered: [], failed: [:])
            if assessment.isSpike, let severity = assessment.severity {
                // Evidence needs the mentions themselves; the verdict above needed only counts.
                let history = try BrandHistory(brand: brand, endingAt: target, count: config.alerts.windowDays + 1, store: store)
                try await deliver(&decision, brand: brand, severity: severity, history: history, day: target)
            }
            decisions.append(decision)
        }
        return decisions
    }

    /// The window's days, oldest first, counted by the store (in SQL on PostgreSQL).
    func dailyCounts(brand: Brand, calendar: DayCalendar, endingAt day: String) throws -> [DailyCount] {
        let days = calendar.days(endingAt: day, count: config.alerts.windowDays + 1)
        guard let first = days.first, let start = calendar.range(of: first)?.lowerBound,
              let end = calendar.range(of: day)?.upperBound else { return [] }
        let tallies = try store.dailyCounts(brand: brand.name, timeZone: brand.timeZone, from: start, to: end)
        return days.map { d in
            let tally = tallies[d] ?? DayTally(total: 0, negative: 0)
            return DailyCount(day: d, weekday: calendar.weekday(of: d), total: tally.total, negative: tally.negative)
        }
    }

    private func deliver(_ decision: inout AlertDecision, brand: Brand, severity: AlertSeverity,
                         history: BrandHistory, day: String) async throws {
        let previous = try store.alerts(brand: brand.name)
        let sameDay = previous.first { $0.period == day }
        let current = now()
        let cooldown = config.alerts.cooldownHours * 3600
        let recent = previous.filter { $0.period != day && current.timeIntervalSince($0.firedAt) < cooldown }
            .max { $0.firedAt < $1.firedAt }

        var isUpdate = false
        var alreadyDelivered = Set(sameDay?.deliveredTo ?? [])
        if let sameDay {
            let before = AlertSeverity(rawValue: sameDay.severity) ?? .warning
            if severity > before {
                // The incident got worse: send an update to everyone.
                isUpdate = true
                alreadyDelivered = []
            } else if sinks.allSatisfy({ alreadyDelivered.contains($0.name) }) {
                decision.suppressed = "already sent for \(day)"
                return
            }
        } else if let recent {
            let before = AlertSeverity(rawValue: recent.severity) ?? .warning
            guard severity > before else {
                decision.suppressed = "cooldown: \(recent.period) alert sent \(Int(current.timeIntervalSince(recent.firedAt) / 3600)) h ago"
                return
            }
            isUpdate = true
        }

        let today = history.mentions(on: day)
        let negative = today.filter { $0.label == .negative }
        let baselineRows = history.mentions(in: history.days.dropLast())
        let baselineHashtags = TermCounter.hashtags(baselineRows)
        let risingTags = TermCounter.hashtags(negative).filter { tag, count in
            Double(count) > 2 * Double(baselineHashtags[tag, default: 0]) / Double(max(1, history.days.count - 1)) + 1
        }
        var sources: [String: Int] = [:]
        for row in negative { sources[row.source, default: 0] += 1 }
        let a = decision.assessment
        let message = AlertMessage(
            brand: brand.name, period: day, severity: severity, isUpdate: isUpdate, negativeCount: a.negative,
            totalCount: a.total, expected: a.expected, pValue: a.pValue, negativeShare: a.share, baselineShare: a.baselineShare,
            topMentions: negative.sorted(by: Self.worstFirst).prefix(5).map(QuotedMention.init),
            terms: TermCounter.top(TermCounter.evidence(negative), 8, minimum: 2),
            hashtags: TermCounter.top(risingTags, 6),
            sources: sources.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { "\($0.key) (\($0.value))" })
        decision.message = message

        var delivered = alreadyDelivered
        for sink in sinks where !alreadyDelivered.contains(sink.name) {
            do {
                try await sink.send(message)
                delivered.insert(sink.name)
                decision.delivered.append(sink.name)
            } catch {
                // Never dropped silently: reported now, and retried on the next run because it is not recorded as delivered.
                let reason = (error as? UserFacingError)?.description ?? "\(error)"
                decision.failed[sink.name] = reason
                logger.error("alert for \(brand.name) \(day) not delivered to \(sink.name): \(reason)")
            }
        }
        try store.saveAlert(AlertRecord(
            brand: brand.name, period: day, severity: severity.rawValue, firedAt: sameDay?.firedAt ?? current,
            negativeCount: a.negative, baseline: a.expected, summary: (isUpdate ? "update: " : "") + message.detail,
            deliveredTo: delivered.sorted()))
    }

    /// Most negative first; engagement breaks ties, since a loud post spreads the storm.
    static func worstFirst(_ a: BrandMentionRecord, _ b: BrandMentionRecord) -> Bool {
        if a.score != b.score { return a.score < b.score }
        return (a.metrics.reposts ?? 0) + (a.metrics.likes ?? 0) > (b.metrics.reposts ?? 0) + (b.metrics.likes ?? 0)
    }
}
