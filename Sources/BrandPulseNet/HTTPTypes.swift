import Foundation

/// Limits and identity for every transfer.
public struct TransportConfiguration: Sendable, Hashable {
    /// Transfers running at once.
    public var concurrency: Int
    /// Transfers running at once against one host, so no server is hammered.
    public var perHostLimit: Int
    public var connectTimeout: TimeInterval
    public var totalTimeout: TimeInterval
    public var maxRedirects: Int
    public var maxResponseBytes: Int
    public var userAgent: String

    public init(
        concurrency: Int = 32, perHostLimit: Int = 4, connectTimeout: TimeInterval = 10, totalTimeout: TimeInterval = 30,
        maxRedirects: Int = 5, maxResponseBytes: Int = 32 << 20,
        userAgent: String = "BrandPulse/0.1 (+https://github.com/brandpulse/brandpulse; social listening)"
    ) {
        self.concurrency = concurrency
        self.perHostLimit = perHostLimit
        self.connectTimeout = connectTimeout
        self.totalTimeout = totalTimeout
        self.maxRedirects = maxRedirects
        self.maxResponseBytes = maxResponseBytes
        self.userAgent = userAgent
    }
}

/// A transfer: a GET (optionally conditional), a POST with a body, or an SMTP submission.
public struct HTTPRequest: Sendable, Hashable {
    public var url: String
    public var etag: String?
    public var lastModified: String?
    public var headers: [String: String]
    /// With a body, an http(s) request is a POST; an smtp(s) request uploads it as the message.
    public var body: [UInt8]?
    /// SMTP envelope.
    public var mailFrom: String?
    public var mailRecipients: [String]
    public var username: String?
    public var password: String?

    public init(
        url: String, etag: String? = nil, lastModified: String? = nil, headers: [String: String] = [:],
        body: [UInt8]? = nil, mailFrom: String? = nil, mailRecipients: [String] = [], username: String? = nil,
        password: String? = nil
    ) {
        self.url = url
        self.etag = etag
        self.lastModified = lastModified
        self.headers = headers
        self.body = body
        self.mailFrom = mailFrom
        self.mailRecipients = mailRecipients
        self.username = username
        self.password = password
    }
}

/// What came back. `status` is 0 for file:// transfers that succeeded.
public struct HTTPResponse: Sendable, Hashable {
    public var status: Int
    /// Header names in lower case; the last value wins.
    public var headers: [String: String]
    public var body: [UInt8]
    public var effectiveURL: String

    public init(status: Int, headers: [String: String], body: [UInt8], effectiveURL: String) {
        self.status = status
        self.headers = headers
        self.body = body
        self.effectiveURL = effectiveURL
    }

    public var isNotModified: Bool { status == 304 }
    public var isSuccess: Bool { status == 0 || (200..<300).contains(status) }
    public var contentType: String? { headers["content-type"] }
    public var etag: String? { headers["etag"] }
    public var lastModified: String? { headers["last-modified"] }

    /// Retry-After as seconds from now: either delta-seconds or an HTTP date.
    public func retryAfter(now: Date = Date()) -> TimeInterval? {
        guard let value = headers["retry-after"]?.trimmingCharacters(in: .whitespaces) else { return nil }
        if let seconds = Double(value) { return max(0, seconds) }
        return HTTPDate.parse(value).map { max(0, $0.timeIntervalSince(now)) }
    }
}

/// IMF-fixdate, the only HTTP date form servers send today ("Sun, 06 Nov 1994 08:49:37 GMT").
enum HTTPDate {
    static func parse(_ text: String) -> Date? {
        let parts = text.split(separator: " ")
        guard parts.count == 6, let day = Int(parts[1]), let year = Int(parts[3]) else { return nil }
        let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        guard let month = months.firstIndex(of: parts[2].lowercased()) else { return nil }
        let clock = parts[4].split(separator: ":").compactMap { Int($0) }
        guard clock.count == 3 else { return nil }
        var components = DateComponents()
        components.year = year
        components.month = month + 1
        components.day = day
        components.hour = clock[0]
        components.minute = clock[1]
        components.second = clock[2]
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        return calendar.date(from: components)
    }
}
