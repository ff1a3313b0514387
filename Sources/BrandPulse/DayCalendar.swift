import Foundation

/// Days as a brand's team sees them: `YYYY-MM-DD` in the brand's own time zone.
public struct DayCalendar: Sendable {
    public let timeZone: TimeZone
    private let calendar: Calendar

    public init(timeZone identifier: String) {
        timeZone = TimeZone(identifier: identifier) ?? TimeZone(secondsFromGMT: 0) ?? .current
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        self.calendar = calendar
    }

    public func day(of date: Date) -> String {
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0)
    }

    /// The start of the day, or nil when `day` is not a valid `YYYY-MM-DD`.
    public func start(of day: String) -> Date? {
        let parts = day.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, (1...12).contains(parts[1]), (1...31).contains(parts[2]) else { return nil }
        var components = DateComponents()
        components.year = parts[0]
        components.month = parts[1]
        components.day = parts[2]
        guard let date = calendar.date(from: components), self.day(of: date) == day else { return nil }
        return date
    }

    /// `[start, end)` of the day; 23 or 25 hours long on DST changes.
    public func range(of day: String) -> Range<Date>? {
        guard let start = start(of: day), let end = calendar.date(byAdding: .day, value: 1, to: start) else { return nil }
        return start..<end
    }

    public func adding(_ days: Int, to day: String) -> String? {
        guard let start = start(of: day), let date = calendar.date(byAdding: .day, value: days, to: start) else { return nil }
        return self.day(of: date)
    }

    /// `count` days ending with `day`, oldest first.
    public func days(endingAt day: String, count: Int) -> [String] {
        (0..<count).reversed().compactMap { adding(-$0, to: day) }
    }

    /// 1 = Sunday … 7 = Saturday.
    public func weekday(of day: String) -> Int {
        start(of: day).map { calendar.component(.weekday, from: $0) } ?? 1
    }
}
