import BrandPulseCore
import BrandPulseReports
import BrandPulseSignals
import BrandPulseStore
import Foundation

/// A brand's mentions over a run of days, bucketed by day in the brand's time zone: the shared
/// input of alerts, digests and the daily export.
struct BrandHistory {
    let brand: Brand
    let calendar: DayCalendar
    /// Oldest first.
    let days: [String]
    let byDay: [String: [BrandMentionRecord]]

    init(brand: Brand, endingAt day: String, count: Int, store: any MentionStore) throws {
        self.brand = brand
        let calendar = DayCalendar(timeZone: brand.timeZone)
        let days = calendar.days(endingAt: day, count: count)
        var byDay: [String: [BrandMentionRecord]] = [:]
        // Each day's bounds once: rows come oldest first, so a row's day is found by moving forward, without
        // a calendar computation per row (that was a twelfth of a digest's time).
        let ranges = days.compactMap { day in calendar.range(of: day).map { (day, $0) } }
        if let start = ranges.first?.1.lowerBound, let end = ranges.last?.1.upperBound {
            var current = 0
            try store.forEachBrandMention(brand: brand.name, from: start, to: end) { row in
                if !ranges[current].1.contains(row.publishedAt) {
                    current = ranges.firstIndex { $0.1.contains(row.publishedAt) } ?? current
                }
                let day = ranges[current].1.contains(row.publishedAt) ? ranges[current].0 : calendar.day(of: row.publishedAt)
                byDay[day, default: []].append(row)
            }
        }
        self.calendar = calendar
        self.days = days
        self.byDay = byDay
    }

    func mentions(on day: String) -> [BrandMentionRecord] { byDay[day] ?? [] }

    func mentions(in days: ArraySlice<String>) -> [BrandMentionRecord] { days.flatMap { mentions(on: $0) } }

}

/// Frequent words and hashtags of a set of mentions, for alerts and "rising terms".
enum TermCounter {
    static func hashtags(_ rows: [BrandMentionRecord]) -> [String: Int] {
        var counts: [String: Int] = [:]
        for row in rows { for tag in Set(row.hashtags) { counts[tag, default: 0] += 1 } }
        return counts
    }

    static func evidence(_ rows: [BrandMentionRecord]) -> [String: Int] {
        var counts: [String: Int] = [:]
        for row in rows { for term in Set(row.evidence.map { $0.lowercased() }) { counts[term, default: 0] += 1 } }
        return counts
    }

    static func top(_ counts: [String: Int], _ limit: Int, minimum: Int = 1) -> [String] {
        counts.filter { $0.value >= minimum }.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.prefix(limit).map(\.key)
    }
}
