import BrandPulseAlerts
import BrandPulseCore
import BrandPulseNet
import BrandPulseReports
import BrandPulseSignals
import BrandPulseStore
import BrandPulseTestSupport
import Foundation
import Testing

@Suite struct AlertSinkTests {
    let transport = CurlTransport(configuration: TransportConfiguration(concurrency: 2, totalTimeout: 5))

    static let alert = AlertMessage(
        brand: "Сбербанк", period: "2026-10-30", severity: .high, isUpdate: false, negativeCount: 14, totalCount: 20,
        expected: 2.5, pValue: 1e-7, negativeShare: 0.7, baselineShare: 0.3,
        topMentions: [QuotedMention(BrandMentionRecord(
            mentionID: 1, brand: "Сбербанк", source: "vk", url: "https://example.ru/1", title: nil,
            text: "Сбербанк опять списал деньги дважды, поддержка молчит", author: "ivan", language: .ru,
            publishedAt: Date(timeIntervalSince1970: 0), score: -0.8, label: .negative, intents: [.complaint],
            evidence: ["списал деньги"], hashtags: ["сбер"], metrics: EngagementMetrics()))],
        terms: ["списал деньги", "поддержка молчит"], hashtags: ["сбер"], sources: ["vk (9)"])

    @Test func webhookPostsTheFullAlertAsJSON() async throws {
        let server = try LoopbackHTTPServer { _ in .init(status: 200) }
        try await WebhookAlertSink(url: server.baseURL + "/hook", slack: false, transport: transport).send(Self.alert)
        let request = try #require(server.requests.first)
        #expect(request.method == "POST")
        #expect(request.headers["content-type"] == "application/json")
        let decoded = try JSONDecoder().decode(AlertMessage.self, from: Data(request.body))
        #expect(decoded == Self.alert)
    }

    @Test func slackPayloadIsText() async throws {
        let server = try LoopbackHTTPServer { _ in .init(status: 200) }
        try await WebhookAlertSink(url: server.baseURL, slack: true, transport: transport).send(Self.alert)
        let body = try #require(server.requests.first?.body)
        let object = try JSONSerialization.jsonObject(with: Data(body)) as? [String: String]
        #expect(object?["text"]?.contains("Сбербанк 2026-10-30") == true)
        #expect(object?["text"]?.contains("<https://example.ru/1|link>") == true)
    }

    @Test func failingWebhookIsRetriedThenThrows() async throws {
        let server = try LoopbackHTTPServer { _ in .init(status: 500) }
        await #expect(throws: TransportError.self) {
            try await WebhookAlertSink(url: server.baseURL, slack: false, transport: transport).send(Self.alert)
        }
        #expect(server.requests.count == 3)
    }

    @Test func emailGoesOverSMTPWithEncodedSubject() async throws {
        let server = try LoopbackSMTPServer()
        let sink = EmailAlertSink(smtpURL: server.url, from: "bp@example.com", to: ["cx@example.com", "pr@example.com"],
                                  username: "bp", password: "secret", transport: transport)
        try await sink.send(Self.alert)
        let message = try #require(server.messages.first)
        #expect(message.from == "<bp@example.com>")
        #expect(message.recipients == ["<cx@example.com>", "<pr@example.com>"])
        #expect(message.data.contains("Subject: =?UTF-8?B?"))
        #expect(message.data.contains("Content-Type: text/plain; charset=utf-8"))
        #expect(message.data.contains("Сбербанк опять списал деньги дважды"))
    }

    @Test func stdoutSinkPrintsTheBody() async throws {
        let box = Box()
        try await StdoutAlertSink(write: { box.append($0) }).send(Self.alert)
        #expect(box.text.hasPrefix("ALERT [high] Сбербанк 2026-10-30: 14 negative mentions vs 2.5 expected"))
        #expect(box.text.contains("https://example.ru/1"))
    }
}

final class Box: @unchecked Sendable {
    private let lock = NSLock()
    private var value = ""
    func append(_ s: String) {
        lock.lock()
        value += s
        lock.unlock()
    }

    var text: String {
        lock.lock()
        defer { lock.unlock() }
        return value
    }
}
