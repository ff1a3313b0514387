/// Bounds that keep a hostile document from exhausting memory or time.
public struct FeedLimits: Sendable, Hashable {
    /// Largest document accepted, in bytes.
    public var maxBytes: Int
    /// Deepest element (or JSON value) nesting accepted.
    public var maxDepth: Int
    /// Most entity references expanded in one XML document (billion-laughs guard).
    public var maxEntityExpansions: Int

    public init(maxBytes: Int = 32 << 20, maxDepth: Int = 256, maxEntityExpansions: Int = 10_000) {
        self.maxBytes = maxBytes
        self.maxDepth = maxDepth
        self.maxEntityExpansions = maxEntityExpansions
    }
}
