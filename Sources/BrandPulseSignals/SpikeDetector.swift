import Foundation

/// One period's counts for one brand: all mentions and the negative ones.
public struct DailyCount: Sendable, Hashable, Codable {
    /// `YYYY-MM-DD` in the brand's time zone.
    public var day: String
    /// 1 = Sunday … 7 = Saturday, as Calendar numbers weekdays.
    public var weekday: Int
    public var total: Int
    public var negative: Int

    public init(day: String, weekday: Int, total: Int, negative: Int) {
        self.day = day
        self.weekday = weekday
        self.total = total
        self.negative = negative
    }
}

/// When an alert fires: every condition must hold (LOYALTY.md, "Negative spikes").
public struct SpikeRule: Sendable, Hashable, Codable {
    /// At least this many negative mentions in the period.
    public var minimumCount: Int
    /// The upper-tail probability of the count under the baseline must be below this.
    public var significance: Double
    /// The negative share must exceed the baseline share by at least this much (0.15 = 15 points).
    public var minimumShareRise: Double
    /// Days of history the baseline uses.
    public var window: Int

    public init(minimumCount: Int = 8, significance: Double = 0.001, minimumShareRise: Double = 0.15, window: Int = 28) {
        self.minimumCount = minimumCount
        self.significance = significance
        self.minimumShareRise = minimumShareRise
        self.window = window
    }
}

public enum AlertSeverity: String, Sendable, Hashable, Codable, Comparable {
    case warning, high, critical

    private var rank: Int {
        switch self {
        case .warning: return 0
        case .high: return 1
        case .critical: return 2
        }
    }

    public static func < (lhs: AlertSeverity, rhs: AlertSeverity) -> Bool { lhs.rank < rhs.rank }
}

/// The verdict on one period: whether it is a spike, and the numbers behind the verdict.
public struct SpikeAssessment: Sendable, Hashable, Codable {
    public var day: String
    public var negative: Int
    public var total: Int
    /// Expected negative count for this weekday.
    public var expected: Double
    /// P(X ≥ negative) under the baseline model.
    public var pValue: Double
    public var share: Double
    public var baselineShare: Double
    public var historyDays: Int
    public var usedWeekdaySeasonality: Bool
    public var isSpike: Bool
    public var severity: AlertSeverity?
    /// Which condition failed, for `--explain` and tests.
    public var reason: String
}

/// Finds unusual negative volume against each brand's own history.
///
/// The baseline is a negative binomial fitted by moments to the trailing window's negative counts
/// (Poisson when the counts are not over-dispersed), with the window's top 10 % trimmed so that an
/// earlier storm does not mask the next one. With three or more weeks of history the expected count
/// is blended with the same-weekday mean. A count model suits the small daily numbers of brand
/// mentions, where a z-score on a mean of 2 would fire on every 6.
public struct SpikeDetector: Sendable {
    public var rule: SpikeRule

    public init(rule: SpikeRule = SpikeRule()) {
        self.rule = rule
    }

    /// Assesses `current` against `history` (the days before it, oldest first).
    public func assess(current: DailyCount, history: [DailyCount]) -> SpikeAssessment {
        let window = Array(history.suffix(rule.window))
        let negatives = window.map { Double($0.negative) }
        let trimmed = Self.trimTop(negatives, fraction: 0.1)
        let mean = trimmed.isEmpty ? 0 : trimmed.reduce(0, +) / Double(trimmed.count)
        let variance = trimmed.count > 1
            ? trimmed.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(trimmed.count - 1) : mean

        var expected = mean
        let sameWeekday = window.filter { $0.weekday == current.weekday }.map { Double($0.negative) }
        let seasonal = window.count >= 21 && sameWeekday.count >= 3
        if seasonal {
            expected = 0.5 * mean + 0.5 * sameWeekday.reduce(0, +) / Double(sameWeekday.count)
        }
        // A brand with no negative history still gets a floor, or its first complaint would be "infinitely" unusual.
        expected = max(expected, 0.5)

        let pValue = Self.upperTail(count: current.negative, mean: expected, variance: max(variance, expected))
        let windowTotal = window.reduce(0) { $0 + $1.total }
        let windowNegative = window.reduce(0) { $0 + $1.negative }
        let baselineShare = windowTotal > 0 ? Double(windowNegative) / Double(windowTotal) : 0
        let share = current.total > 0 ? Double(current.negative) / Double(current.total) : 0

        var reason = "spike"
        if current.negative < rule.minimumCount {
            reason = "below minimum count (\(current.negative) < \(rule.minimumCount))"
        } else if pValue >= rule.significance {
            reason = "not significant (p=\(Self.format(pValue)) ≥ \(rule.significance))"
        } else if share - baselineShare < rule.minimumShareRise {
            reason = "negative share did not rise enough (\(Self.percent(share)) vs \(Self.percent(baselineShare)))"
        }
        let isSpike = reason == "spike"
        var severity: AlertSeverity?
        if isSpike {
            let ratio = Double(current.negative) / expected
            severity = pValue < 1e-9 && ratio >= 5 ? .critical : pValue < 1e-5 && ratio >= 3 ? .high : .warning
        }
        return SpikeAssessment(
            day: current.day, negative: current.negative, total: current.total, expected: expected,
            pValue: pValue, share: share, baselineShare: baselineShare, historyDays: window.count,
            usedWeekdaySeasonality: seasonal, isSpike: isSpike, severity: severity, reason: reason
        )
    }

    /// P(X ≥ k) for a negative binomial with this mean and variance, or Poisson when variance ≤ mean.
    static func upperTail(count k: Int, mean: Double, variance: Double) -> Double {
        guard k > 0 else { return 1 }
        var cdf = 0.0
        if variance > mean * 1.05 {
            let r = mean * mean / (variance - mean)
            let p = r / (r + mean)
            // pmf(0) = p^r; pmf(i) = pmf(i-1) * (i-1+r)/i * (1-p)
            var pmf = Foundation.exp(r * Foundation.log(p))
            for i in 0..<k {
                if i > 0 { pmf *= (Double(i) - 1 + r) / Double(i) * (1 - p) }
                cdf += pmf
            }
        } else {
            var pmf = Foundation.exp(-mean)
            for i in 0..<k {
                if i > 0 { pmf *= mean / Double(i) }
                cdf += pmf
            }
        }
        return max(0, min(1, 1 - cdf))
    }

    static func trimTop(_ values: [Double], fraction: Double) -> [Double] {
        guard values.count >= 10 else { return values }
        let drop = Int((Double(values.count) * fraction).rounded(.down))
        return Array(values.sorted().dropLast(drop))
    }

    private static func format(_ p: Double) -> String { String(format: "%.2g", p) }
    private static func percent(_ x: Double) -> String { String(format: "%.0f%%", x * 100) }
}
