import BrandPulseCore

/// A transfer that failed, worded for the user, with whether retrying can help.
public struct TransportError: UserFacingError, Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case timeout, connection, tooLarge, tooManyRedirects, httpStatus, badURL, fileNotFound, other
    }

    public let kind: Kind
    public let url: String
    public let message: String
    /// The HTTP status for `.httpStatus`.
    public let status: Int?
    /// Seconds the server asked us to wait (Retry-After).
    public let retryAfter: Double?

    public init(kind: Kind, url: String, message: String, status: Int? = nil, retryAfter: Double? = nil) {
        self.kind = kind
        self.url = url
        self.message = message
        self.status = status
        self.retryAfter = retryAfter
    }

    public var location: InputLocation? { InputLocation(key: url) }
    public var exitStatus: ExitStatus { .partialFailure }

    /// 429, 5xx, timeouts and dropped connections are worth another try; a 404 is not.
    public var isRetryable: Bool {
        switch kind {
        case .timeout, .connection: return true
        case .httpStatus: return status == 429 || (status ?? 0) >= 500
        case .tooLarge, .tooManyRedirects, .badURL, .fileNotFound, .other: return false
        }
    }
}
