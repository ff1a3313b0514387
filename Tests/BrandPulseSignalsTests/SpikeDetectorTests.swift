import BrandPulseSignals
import Foundation
import Testing

/// Deterministic pseudo-random numbers, so synthetic series are the same on every run.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}

func poisson(_ lambda: Double, _ rng: inout SplitMix64) -> Int {
    let limit = exp(-lambda)
    var k = 0, p = 1.0
    repeat {
        k += 1
        p *= Double.random(in: 0..<1, using: &rng)
    } while p > limit
    return k - 1
}

@Suite struct SpikeDetectorTests {
    let detector = SpikeDetector(rule: SpikeRule(minimumCount: 8, significance: 0.001, minimumShareRise: 0.15, window: 28))

    func day(_ i: Int, total: Int, negative: Int) -> DailyCount {
        DailyCount(day: "d\(i)", weekday: i % 7 + 1, total: total, negative: negative)
    }

    @Test func stormFires() {
        let history = (0..<28).map { day($0, total: 10, negative: 2 + $0 % 2) }
        let a = detector.assess(current: day(28, total: 30, negative: 22), history: history)
        #expect(a.isSpike)
        #expect(a.severity != nil)
        #expect(a.pValue < 1e-6)
    }

    @Test func busyButHappyDayDoesNotFire() {
        let history = (0..<28).map { day($0, total: 10, negative: 3) }
        // Three times the usual volume with the usual share of negatives: more negatives, same mood.
        let a = detector.assess(current: day(28, total: 30, negative: 9), history: history)
        #expect(!a.isSpike)
    }

    @Test func fewComplaintsStayBelowTheMinimum() {
        let history = (0..<28).map { day($0, total: 3, negative: 0) }
        let a = detector.assess(current: day(28, total: 5, negative: 5), history: history)
        #expect(!a.isSpike)
        #expect(a.reason.contains("minimum"))
    }

    @Test func overdispersedHistoryNeedsMoreToFire() {
        // A brand whose negatives swing a lot is less surprised by 10 than one that always has 4.
        let steady = (0..<28).map { day($0, total: 20, negative: 4) }
        let swinging = (0..<28).map { day($0, total: 20, negative: [0, 1, 9, 2, 8, 4, 0][$0 % 7]) }
        let current = day(28, total: 22, negative: 12)
        #expect(detector.assess(current: current, history: steady).pValue < detector.assess(current: current, history: swinging).pValue)
    }

    @Test func usesWeekdaySeasonalityWithThreeWeeks() {
        let history = (0..<28).map { i in day(i, total: 20, negative: i % 7 == 0 ? 8 : 2) }
        let heavyWeekday = detector.assess(current: day(28, total: 20, negative: 8), history: history)
        #expect(heavyWeekday.usedWeekdaySeasonality)
        #expect(heavyWeekday.expected > 4)
        #expect(!heavyWeekday.isSpike)
    }

    /// Precision, recall and delay on synthetic series with injected storms and busy-but-calm days.
    @Test func precisionAndRecallOnSyntheticSeries() {
        var rng = SplitMix64(state: 2026)
        var truePositives = 0, falsePositives = 0, falseNegatives = 0
        var delays: [Int] = []
        for series in 0..<200 {
            let base = Double.random(in: 5...40, using: &rng)
            let negativeRate = Double.random(in: 0.1...0.3, using: &rng)
            var days: [DailyCount] = []
            let stormStart = series % 2 == 0 ? Int.random(in: 35...50, using: &rng) : Int.max
            let busyDay = Int.random(in: 30...55, using: &rng)
            var detectedAt: Int?
            for i in 0..<60 {
                var total = poisson(base, &rng)
                if i == busyDay { total *= 3 }
                // Each mention is negative with the series' usual probability.
                var negative = (0..<total).filter { _ in Double.random(in: 0..<1, using: &rng) < negativeRate }.count
                let inStorm = i >= stormStart && i < stormStart + 3
                if inStorm {
                    let extra = poisson(max(12, base * 0.8), &rng)
                    total += extra
                    negative += extra
                }
                let current = DailyCount(day: "\(i)", weekday: i % 7 + 1, total: total, negative: negative)
                if i >= 28 {
                    let fired = detector.assess(current: current, history: days).isSpike
                    if fired && inStorm {
                        if detectedAt == nil { detectedAt = i }
                    } else if fired {
                        falsePositives += 1
                    }
                }
                days.append(current)
            }
            if stormStart != .max {
                if let detectedAt {
                    truePositives += 1
                    delays.append(detectedAt - stormStart)
                } else {
                    falseNegatives += 1
                }
            }
        }
        let precision = Double(truePositives) / Double(max(1, truePositives + falsePositives))
        let recall = Double(truePositives) / Double(max(1, truePositives + falseNegatives))
        let medianDelay = delays.sorted()[delays.count / 2]
        #expect(precision >= 0.9, "precision \(precision)")
        #expect(recall >= 0.9, "recall \(recall)")
        #expect(medianDelay <= 1)
    }
}
