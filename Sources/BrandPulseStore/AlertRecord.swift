import Foundation

/// A fired alert, stored so that a re-run never re-sends it and the cooldown holds.
public struct AlertRecord: Sendable, Hashable, Codable {
    public var brand: String
    /// The period the alert is about, `YYYY-MM-DD` in the brand's time zone.
    public var period: String
    public var severity: String
    public var firedAt: Date
    public var negativeCount: Int
    public var baseline: Double
    public var summary: String
    /// The sinks that accepted it; a failed sink is retried on the next run.
    public var deliveredTo: [String]

    public init(brand: String, period: String, severity: String, firedAt: Date, negativeCount: Int,
                baseline: Double, summary: String, deliveredTo: [String]) {
        self.brand = brand
        self.period = period
        self.severity = severity
        self.firedAt = firedAt
        self.negativeCount = negativeCount
        self.baseline = baseline
        self.summary = summary
        self.deliveredTo = deliveredTo
    }
}
