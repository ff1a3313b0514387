import BrandPulseReports
import BrandPulseSignals
import Foundation

/// Everything an alert says: the numbers, the severity and the evidence behind the spike.
public struct AlertMessage: Sendable, Hashable, Codable {
    public var brand: String
    /// `YYYY-MM-DD` in the brand's time zone.
    public var period: String
    public var severity: AlertSeverity
    /// True when this updates an alert already sent within the cooldown (a worsening incident).
    public var isUpdate: Bool
    public var negativeCount: Int
    public var totalCount: Int
    public var expected: Double
    public var pValue: Double
    public var negativeShare: Double
    public var baselineShare: Double
    public var topMentions: [QuotedMention]
    public var terms: [String]
    public var hashtags: [String]
    public var sources: [String]

    public init(
        brand: String, period: String, severity: AlertSeverity, isUpdate: Bool, negativeCount: Int, totalCount: Int,
        expected: Double, pValue: Double, negativeShare: Double, baselineShare: Double, topMentions: [QuotedMention],
        terms: [String], hashtags: [String], sources: [String]
    ) {
        self.brand = brand
        self.period = period
        self.severity = severity
        self.isUpdate = isUpdate
        self.negativeCount = negativeCount
        self.totalCount = totalCount
        self.expected = expected
        self.pValue = pValue
        self.negativeShare = negativeShare
        self.baselineShare = baselineShare
        self.topMentions = topMentions
        self.terms = terms
        self.hashtags = hashtags
        self.sources = sources
    }

    /// One line: what happened, how unusual, and what drives it.
    public var headline: String {
        "\(isUpdate ? "UPDATE: " : "")[\(severity.rawValue)] \(brand) \(period): " + detail
    }

    /// The headline without severity, brand and period, for places that show those already.
    public var detail: String {
        var line = "\(negativeCount) negative mentions"
        let p = pValue < 1e-15 ? "p<1e-15" : String(format: "p=%.1g", pValue)
        line += String(format: " vs %.1f expected (", expected) + p
        line += String(format: "), negative share %.0f%% vs %.0f%% usual", negativeShare * 100, baselineShare * 100)
        if !hashtags.isEmpty { line += "; hashtags " + hashtags.prefix(4).map { "#" + $0 }.joined(separator: " ") }
        if !terms.isEmpty { line += "; terms " + terms.prefix(5).joined(separator: ", ") }
        return line
    }

    /// A plain-text body for e-mail and stdout.
    public var body: String {
        var text = headline + "\n"
        if !sources.isEmpty { text += "Sources: " + sources.joined(separator: ", ") + "\n" }
        text += "Top negative mentions:\n"
        for mention in topMentions {
            text += "  - " + String(format: "[%+.2f] ", mention.score) + mention.text.replacingOccurrences(of: "\n", with: " ")
            if let author = mention.author { text += " (\(author))" }
            if let url = mention.url { text += "\n    \(url)" }
            text += "\n"
        }
        return text
    }
}

/// Somewhere an alert goes. A sink throws when delivery failed, so the caller can retry and report it.
public protocol AlertSink: Sendable {
    /// Stable identity, stored with the alert so a re-run knows which sinks already have it.
    var name: String { get }
    func send(_ alert: AlertMessage) async throws
}
