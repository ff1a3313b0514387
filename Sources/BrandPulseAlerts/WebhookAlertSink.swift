import BrandPulseCore
import BrandPulseNet
import Foundation

/// POSTs the alert as JSON: the full `AlertMessage`, or Slack's `{"text": …}` with `slack: true`.
public struct WebhookAlertSink: AlertSink {
    public let url: String
    public let slack: Bool
    private let transport: CurlTransport

    public init(url: String, slack: Bool, transport: CurlTransport) {
        self.url = url
        self.slack = slack
        self.transport = transport
    }

    public var name: String { "webhook:\(url)" }

    public func send(_ alert: AlertMessage) async throws {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        let payload: Data
        if slack {
            var text = "*\(alert.isUpdate ? "Update: " : "")\(alert.severity.rawValue.uppercased())* \(alert.headline)"
            for mention in alert.topMentions.prefix(3) {
                text += "\n• " + String(mention.text.prefix(200))
                if let url = mention.url { text += " <\(url)|link>" }
            }
            payload = try encoder.encode(["text": text])
        } else {
            payload = try encoder.encode(alert)
        }
        _ = try await transport.fetch(
            HTTPRequest(url: url, headers: ["Content-Type": "application/json"], body: Array(payload)),
            retry: RetryPolicy(maxAttempts: 3, baseDelay: 0.5, maxDelay: 4, maxWait: 10))
    }
}
