import BrandPulseTestSupport
import Foundation
import Testing

/// Collecting from a real HTTP server on 127.0.0.1: conditional GET across runs, a page that is not a
/// feed, and a throttled source that backs off between runs while the others go on.
@Suite struct CollectorHTTPTests {
    let directory = RepositoryPaths.temporaryDirectory("collect-http")

    static let feed = """
        <?xml version="1.0" encoding="utf-8"?>
        <rss version="2.0"><channel><title>Blog</title><link>https://blog.example.ro/</link>
        <item><guid>a1</guid><link>https://blog.example.ro/a1?utm_source=rss</link><pubDate>Tue, 27 Oct 2026 09:00:00 +0200</pubDate>
        <title>eMAG</title><description>Am comandat de pe eMAG-ul și a venit a doua zi. Recomand!</description></item>
        </channel></rss>
        """

    @Test func conditionalGetWrongContentTypeAndBackoff() throws {
        let server = try LoopbackHTTPServer { request in
            switch request.path {
            case "/feed.xml":
                if request.headers["if-none-match"] == "\"v1\"" { return .init(status: 304) }
                return .init(contentType: "application/rss+xml", Self.feed, headers: [("ETag", "\"v1\"")])
            case "/page":
                return .init(contentType: "text/html", "<!DOCTYPE html><html><body><h1>Welcome</h1></body></html>")
            default:
                return .init(status: 429, headers: [("Retry-After", "3600")])
            }
        }
        let config = directory.appendingPathComponent("config.yaml").path
        try Data("""
            output: \(directory.path)/out
            brands:
              - name: eMAG
                languages: [ro]
            sources:
              - name: blog
                url: \(server.baseURL)/feed.xml
              - name: page
                url: \(server.baseURL)/page
              - name: busy
                url: \(server.baseURL)/busy
            collect:
              retries: 1
            """.utf8).write(to: URL(fileURLWithPath: config))

        let first = try CLIProcess.run(["collect", "--config", config, "--json"])
        #expect(first.status == 3)
        let summary = try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any]
        #expect(summary?["mentionsInserted"] as? Int == 1)
        #expect(summary?["sourcesFailed"] as? Int == 2)
        let reports = summary?["sources"] as? [[String: Any]] ?? []
        let page = reports.first { $0["name"] as? String == "page" }
        #expect((page?["error"] as? String)?.contains("not a feed") == true, "\(page ?? [:])")

        let second = try CLIProcess.run(["collect", "--config", config])
        #expect(second.stdout.contains("1 unchanged"), "\(second.stdout)")
        #expect(second.stdout.contains("2 backing off"), "the failed sources wait: 5 minutes, or the Retry-After")
        #expect(server.requests.filter { $0.path == "/busy" }.count == 1, "no request while backing off")
        #expect(server.requests.last { $0.path == "/feed.xml" }?.headers["if-none-match"] == "\"v1\"")

        let sources = try CLIProcess.run(["sources", "--config", config])
        #expect(sources.stdout.contains("busy"))
        #expect(sources.stdout.contains("HTTP 429"))
        #expect(sources.stdout.contains("next retry"))
    }
}
