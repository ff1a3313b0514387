import BrandPulseTestSupport
import Foundation
import Testing

/// A failing alert sink is retried, reported with exit status 3, and retried again on the next run;
/// a sink that already has the alert never gets it twice.
@Suite struct AlertDeliveryTests {
    let out = RepositoryPaths.temporaryDirectory("delivery")

    @Test func failingWebhookIsReportedAndRetriedNextRun() throws {
        let healthy = Flag()
        let server = try LoopbackHTTPServer { _ in healthy.isSet ? .init(status: 200) : .init(status: 503) }
        let config = try DemoConfig.copy(into: out) { yaml in
            yaml.replacingOccurrences(of: "    - type: stdout", with: "    - type: stdout\n    - type: webhook\n      url: \(server.baseURL)/hook")
        }
        #expect(try CLIProcess.run(["collect", "--config", config]).status == 0)

        let first = try CLIProcess.run(["alerts", "--config", config, "--date", "2026-10-30"])
        #expect(first.status == 3, "\(first.stderr)")
        #expect(first.stderr.contains("not delivered to webhook:\(server.baseURL)/hook"))
        #expect(first.stdout.contains("ALERT"))
        let attempts = server.requests.count
        #expect(attempts == 3, "retried with backoff")

        healthy.set()
        let second = try CLIProcess.run(["alerts", "--config", config, "--date", "2026-10-30"])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(server.requests.count == attempts + 1)
        #expect(!second.stdout.contains("ALERT"), "stdout already had it")

        let third = try CLIProcess.run(["alerts", "--config", config, "--date", "2026-10-30"])
        #expect(third.status == 0)
        #expect(server.requests.count == attempts + 1)
    }
}
