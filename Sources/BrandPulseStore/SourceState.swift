import Foundation

/// What BrandPulse remembers about a source between runs: caching validators and error state.
public struct SourceState: Sendable, Hashable, Codable {
    public var name: String
    public var url: String
    public var etag: String?
    public var lastModified: String?
    public var lastAttemptAt: Date?
    public var lastSuccessAt: Date?
    /// HTTP status or 0 for non-HTTP schemes.
    public var lastStatus: Int?
    public var lastError: String?
    public var consecutiveFailures: Int
    /// Not before this time (backoff, Retry-After).
    public var nextRetryAt: Date?
    /// Entries in the last successful fetch (0 for a 304).
    public var lastEntryCount: Int

    public init(
        name: String, url: String, etag: String? = nil, lastModified: String? = nil,
        lastAttemptAt: Date? = nil, lastSuccessAt: Date? = nil, lastStatus: Int? = nil,
        lastError: String? = nil, consecutiveFailures: Int = 0, nextRetryAt: Date? = nil, lastEntryCount: Int = 0
    ) {
        self.name = name
        self.url = url
        self.etag = etag
        self.lastModified = lastModified
        self.lastAttemptAt = lastAttemptAt
        self.lastSuccessAt = lastSuccessAt
        self.lastStatus = lastStatus
        self.lastError = lastError
        self.consecutiveFailures = consecutiveFailures
        self.nextRetryAt = nextRetryAt
        self.lastEntryCount = lastEntryCount
    }

    public var isFailing: Bool { consecutiveFailures > 0 }
}
