/// One brand's loyalty signals for one day, stored by `run` so that long trends and dashboards read
/// one row per day instead of every mention.
public struct DailyAggregate: Sendable, Hashable, Codable {
    public var brand: String
    /// `YYYY-MM-DD` in the brand's time zone.
    public var day: String
    public var volume: Int
    public var positive: Int
    public var neutral: Int
    public var negative: Int
    public var netSentiment: Double?
    public var nps: Double?
    public var npsByAuthor: Double?
    public var cli: Double
    public var secureShare: Double?
    public var forcedLoyaltyShare: Double?
    public var shareOfVoice: Double?
    public var lowData: Bool

    public init(
        brand: String, day: String, volume: Int, positive: Int, neutral: Int, negative: Int, netSentiment: Double?,
        nps: Double?, npsByAuthor: Double?, cli: Double, secureShare: Double?, forcedLoyaltyShare: Double?,
        shareOfVoice: Double?, lowData: Bool
    ) {
        self.brand = brand
        self.day = day
        self.volume = volume
        self.positive = positive
        self.neutral = neutral
        self.negative = negative
        self.netSentiment = netSentiment
        self.nps = nps
        self.npsByAuthor = npsByAuthor
        self.cli = cli
        self.secureShare = secureShare
        self.forcedLoyaltyShare = forcedLoyaltyShare
        self.shareOfVoice = shareOfVoice
        self.lowData = lowData
    }
}
