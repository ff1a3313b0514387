/// The knobs of the loyalty signals; every one is documented in the README.
public struct SignalParameters: Sendable, Hashable, Codable {
    /// A mention scoring at or above this, with no negative intent, is a promoter.
    public var promoterThreshold: Double
    /// A mention scoring at or below this is a detractor.
    public var detractorThreshold: Double
    /// Below this many opinionated mentions a signal is shown as "low data".
    public var minimumCount: Int
    /// Pseudo-count that pulls each CLI sub-index toward 50, so three mentions never read as 100.
    public var cliPrior: Double

    public init(promoterThreshold: Double = 0.5, detractorThreshold: Double = -0.3, minimumCount: Int = 5, cliPrior: Double = 4) {
        self.promoterThreshold = promoterThreshold
        self.detractorThreshold = detractorThreshold
        self.minimumCount = minimumCount
        self.cliPrior = cliPrior
    }
}
