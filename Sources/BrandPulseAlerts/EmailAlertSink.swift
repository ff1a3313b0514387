import BrandPulseNet
import Foundation

/// Sends the alert as a plain-text e-mail over SMTP, through libcurl.
public struct EmailAlertSink: AlertSink {
    public let smtpURL: String
    public let from: String
    public let to: [String]
    public let username: String?
    public let password: String?
    private let transport: CurlTransport
    private let now: @Sendable () -> Date

    public init(smtpURL: String, from: String, to: [String], username: String?, password: String?,
                transport: CurlTransport, now: @escaping @Sendable () -> Date = Date.init) {
        self.smtpURL = smtpURL
        self.from = from
        self.to = to
        self.username = username
        self.password = password
        self.transport = transport
        self.now = now
    }

    public var name: String { "email:\(to.joined(separator: ","))" }

    public func send(_ alert: AlertMessage) async throws {
        let request = HTTPRequest(
            url: smtpURL, body: Array(message(for: alert).utf8), mailFrom: "<\(from)>",
            mailRecipients: to.map { "<\($0)>" }, username: username, password: password)
        _ = try await transport.fetch(request, retry: RetryPolicy(maxAttempts: 3, baseDelay: 1, maxDelay: 8, maxWait: 10))
    }

    /// An RFC 5322 message; the subject is RFC 2047-encoded so Cyrillic and ș survive every client.
    func message(for alert: AlertMessage) -> String {
        let subject = "BrandPulse \(alert.isUpdate ? "update" : "alert") [\(alert.severity.rawValue)]: \(alert.brand) \(alert.period)"
        let encodedSubject = "=?UTF-8?B?" + Data(subject.utf8).base64EncodedString() + "?="
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        let body = alert.body.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n")
        return [
            "Date: \(formatter.string(from: now()))",
            "From: <\(from)>",
            "To: " + to.map { "<\($0)>" }.joined(separator: ", "),
            "Subject: \(encodedSubject)",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: 8bit",
            "",
            body,
        ].joined(separator: "\r\n")
    }
}
