/// One day's count of a brand's mentions and of the negative ones: the input of spike detection.
public struct DayTally: Sendable, Hashable, Codable {
    public var total: Int
    public var negative: Int

    public init(total: Int, negative: Int) {
        self.total = total
        self.negative = negative
    }
}
