import BrandPulse
import BrandPulseNet
import BrandPulseTestSupport
import Foundation

/// Fetching many feeds from real HTTP servers on 127.0.0.1, each response held back by an injected
/// latency, through CurlTransport at the default concurrency: the figure is bound by latency and the
/// concurrency limits, not by CPU, so it is compared with latency × feeds ÷ concurrency.
enum FetchBench {
    static func run(_ context: BenchContext) async throws {
        let latency = 0.050
        let defaults = CollectConfig()
        let feeds = context.size(1_000, smoke: 24)
        // Real sources live on many hosts; the transport limits each host (host:port here) to perHostLimit.
        let hostCount = context.size(50, smoke: 4)
        let body = Array("""
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0"><channel><title>bench</title><link>http://127.0.0.1/</link>
            <item><title>Revolut support is great</title><guid>1</guid><description>Fast answer 👍 #banking</description></item>
            </channel></rss>
            """.utf8)
        let servers = try (0..<hostCount).map { _ in
            try LoopbackHTTPServer { _ in
                LoopbackHTTPServer.Response(status: 200, headers: [("Content-Type", "application/rss+xml")], body: body, delay: latency)
            }
        }
        defer { for server in servers { server.stop() } }
        let transport = CurlTransport(configuration: TransportConfiguration(
            concurrency: defaults.concurrency, perHostLimit: defaults.perHostLimit,
            connectTimeout: defaults.connectTimeoutSeconds, totalTimeout: defaults.timeoutSeconds,
            maxResponseBytes: defaults.maxResponseBytes))
        _ = try? await transport.fetch(HTTPRequest(url: servers[0].baseURL + "/warmup"))

        let urls = (0..<feeds).map { servers[$0 % servers.count].baseURL + "/feed/\($0).xml" }
        let (seconds, failures) = await fetchAll(urls, transport: transport, limit: defaults.concurrency)
        let ideal = latency * Double(feeds) / Double(defaults.concurrency)
        context.results.record("fetch.seconds", seconds, "s", bar: context.smoke ? nil : Bar(comparison: .lessThan, limit: 3),
                               note: "\(feeds) feeds over \(hostCount) loopback servers, \(Int(latency * 1000)) ms latency each, concurrency \(defaults.concurrency), per host \(defaults.perHostLimit); \(failures) failed")
        context.results.record("fetch.ideal_seconds", ideal, "s", note: "latency × feeds ÷ concurrency")
        context.results.record("fetch.vs_ideal", seconds / ideal, "x")
        if failures > 0 { throw ChildProcessError(description: "\(failures) of \(feeds) fetches failed") }

        // One host: the per-host limit, not the concurrency, bounds the run.
        let oneHost = context.size(100, smoke: 8)
        let sameHost = (0..<oneHost).map { servers[0].baseURL + "/one/\($0).xml" }
        let (oneSeconds, oneFailures) = await fetchAll(sameHost, transport: transport, limit: defaults.concurrency)
        let oneIdeal = latency * Double(oneHost) / Double(min(defaults.perHostLimit, defaults.concurrency))
        context.results.record("fetch.one_host.seconds", oneSeconds, "s",
                               note: "\(oneHost) feeds from one host: bound by per_host \(defaults.perHostLimit); \(oneFailures) failed")
        context.results.record("fetch.one_host.vs_ideal", oneSeconds / oneIdeal, "x", note: "ideal = latency × feeds ÷ per_host")
    }

    /// Fetches every URL, at most `limit` at a time, as Collector.collect does; returns the wall time and the failures.
    static func fetchAll(_ urls: [String], transport: CurlTransport, limit: Int) async -> (Double, Int) {
        let start = Stopwatch.now()
        var failures = 0
        await withTaskGroup(of: Bool.self) { group in
            var iterator = urls.makeIterator()
            func addNext() {
                guard let url = iterator.next() else { return }
                group.addTask {
                    do {
                        let response = try await transport.fetch(HTTPRequest(url: url))
                        return response.isSuccess && !response.body.isEmpty
                    } catch {
                        return false
                    }
                }
            }
            for _ in 0..<limit { addNext() }
            for await ok in group {
                if !ok { failures += 1 }
                addNext()
            }
        }
        return (Stopwatch.seconds(since: start), failures)
    }
}
