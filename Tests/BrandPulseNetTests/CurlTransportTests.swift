import BrandPulseNet
import BrandPulseTestSupport
import Foundation
import Testing

@Suite struct CurlTransportTests {
    let transport = CurlTransport(configuration: TransportConfiguration(
        concurrency: 8, perHostLimit: 8, connectTimeout: 2, totalTimeout: 2, maxRedirects: 3, maxResponseBytes: 64 * 1024))

    @Test func fetchesBodyAndHeaders() async throws {
        let server = try LoopbackHTTPServer { _ in .init(contentType: "application/rss+xml; charset=utf-8", "<rss/>") }
        let response = try await transport.fetch(HTTPRequest(url: server.baseURL + "/feed"))
        #expect(response.status == 200)
        #expect(response.body == Array("<rss/>".utf8))
        #expect(response.contentType == "application/rss+xml; charset=utf-8")
        #expect(server.requests.first?.headers["user-agent"]?.hasPrefix("BrandPulse/") == true)
    }

    @Test func conditionalGetSendsValidatorsAndAccepts304() async throws {
        let server = try LoopbackHTTPServer { request in
            if request.headers["if-none-match"] == "\"v1\"" { return .init(status: 304) }
            return .init("<rss/>", headers: [("ETag", "\"v1\""), ("Last-Modified", "Sun, 22 Nov 2026 10:00:00 GMT")])
        }
        let first = try await transport.fetch(HTTPRequest(url: server.baseURL))
        #expect(first.etag == "\"v1\"")
        let second = try await transport.fetch(HTTPRequest(url: server.baseURL, etag: first.etag, lastModified: first.lastModified))
        #expect(second.isNotModified)
        #expect(second.body.isEmpty)
        #expect(server.requests.last?.headers["if-modified-since"] == "Sun, 22 Nov 2026 10:00:00 GMT")
    }

    @Test(arguments: [404, 410, 500])
    func httpErrorsThrowWithStatus(status: Int) async throws {
        let server = try LoopbackHTTPServer { _ in .init(status: status, "nope") }
        let error = await #expect(throws: TransportError.self) { try await transport.fetch(HTTPRequest(url: server.baseURL)) }
        #expect(error?.status == status)
        #expect(error?.isRetryable == (status >= 500))
    }

    @Test func followsRedirectsAndStopsLoops() async throws {
        let server = try LoopbackHTTPServer { request in
            switch request.path {
            case "/old": return .init(status: 301, headers: [("Location", "/new")])
            case "/new": return .init("<feed/>")
            default: return .init(status: 302, headers: [("Location", "/loop")])
            }
        }
        let moved = try await transport.fetch(HTTPRequest(url: server.baseURL + "/old"))
        #expect(moved.effectiveURL.hasSuffix("/new"))
        let error = await #expect(throws: TransportError.self) { try await transport.fetch(HTTPRequest(url: server.baseURL + "/loop")) }
        #expect(error?.kind == .tooManyRedirects)
    }

    @Test func slowServerTimesOut() async throws {
        let server = try LoopbackHTTPServer { _ in .init(status: 200, headers: [], body: Array("late".utf8), delay: 3) }
        let error = await #expect(throws: TransportError.self) { try await transport.fetch(HTTPRequest(url: server.baseURL)) }
        #expect(error?.kind == .timeout)
        #expect(error?.isRetryable == true)
    }

    @Test func decodesGzip() async throws {
        let text = "Zażółć gęślą jaźń — Сбербанк"
        let server = try LoopbackHTTPServer { request in
            #expect(request.headers["accept-encoding"]?.contains("gzip") == true)
            return .init(status: 200, headers: [("Content-Encoding", "gzip")], body: Gzip.stored(Array(text.utf8)))
        }
        let response = try await transport.fetch(HTTPRequest(url: server.baseURL))
        #expect(String(decoding: response.body, as: UTF8.self) == text)
    }

    @Test func oversizedBodyIsRejected() async throws {
        let server = try LoopbackHTTPServer { _ in .init(status: 200, headers: [], body: [UInt8](repeating: 65, count: 200 * 1024)) }
        let error = await #expect(throws: TransportError.self) { try await transport.fetch(HTTPRequest(url: server.baseURL)) }
        #expect(error?.kind == .tooLarge)
    }

    @Test func connectionClosedMidBodyIsAnError() async throws {
        let server = try LoopbackHTTPServer { _ in
            .init(status: 200, headers: [("Content-Length", "1000")], body: [UInt8](repeating: 66, count: 1000), truncateAfter: 100)
        }
        let error = await #expect(throws: TransportError.self) { try await transport.fetch(HTTPRequest(url: server.baseURL)) }
        #expect(error?.kind == .connection)
    }

    @Test func retriesAfter503HonouringRetryAfter() async throws {
        let counter = Counter()
        let server = try LoopbackHTTPServer { _ in
            counter.increment() < 2 ? .init(status: 503, headers: [("Retry-After", "0")]) : .init("ok")
        }
        let response = try await transport.fetch(HTTPRequest(url: server.baseURL), retry: RetryPolicy(maxAttempts: 3, baseDelay: 0.01))
        #expect(response.status == 200)
        #expect(server.requests.count == 3)
    }

    @Test func retryAfterLongerThanTheRunAllowsIsReported() async throws {
        let server = try LoopbackHTTPServer { _ in .init(status: 429, headers: [("Retry-After", "3600")]) }
        let error = await #expect(throws: TransportError.self) {
            try await transport.fetch(HTTPRequest(url: server.baseURL), retry: RetryPolicy(maxAttempts: 3, maxWait: 5))
        }
        #expect(error?.retryAfter == 3600)
        #expect(server.requests.count == 1)
    }

    @Test func readsFileURLs() async throws {
        let directory = RepositoryPaths.temporaryDirectory()
        let file = directory.appendingPathComponent("feed.xml")
        try Data("<rss version=\"2.0\"/>".utf8).write(to: file)
        let response = try await transport.fetch(HTTPRequest(url: file.absoluteString))
        #expect(response.isSuccess)
        #expect(response.body.count == 20)
        let missing = await #expect(throws: TransportError.self) {
            try await transport.fetch(HTTPRequest(url: directory.appendingPathComponent("missing.xml").absoluteString))
        }
        #expect(missing?.kind == .fileNotFound)
    }

    @Test func perHostLimitBoundsParallelRequests() async throws {
        let gauge = Gauge()
        let server = try LoopbackHTTPServer { _ in
            gauge.enter()
            Thread.sleep(forTimeInterval: 0.05)
            gauge.leave()
            return .init("ok")
        }
        let limited = CurlTransport(configuration: TransportConfiguration(concurrency: 8, perHostLimit: 2))
        await withTaskGroup(of: Void.self) { group in
            for i in 0..<8 { group.addTask { _ = try? await limited.fetch(HTTPRequest(url: server.baseURL + "/\(i)")) } }
        }
        #expect(server.requests.count == 8)
        #expect(gauge.peak <= 2)
    }
}

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    /// Returns the value before the increment.
    func increment() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value - 1
    }
}

final class Gauge: @unchecked Sendable {
    private let lock = NSLock()
    private var current = 0
    private(set) var peak = 0

    func enter() {
        lock.lock()
        current += 1
        peak = max(peak, current)
        lock.unlock()
    }

    func leave() {
        lock.lock()
        current -= 1
        lock.unlock()
    }
}

/// A gzip member with one stored (uncompressed) deflate block: valid gzip without a zlib dependency.
enum Gzip {
    static func stored(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255]
        let length = UInt16(data.count)
        out += [1, UInt8(length & 0xff), UInt8(length >> 8), UInt8(~length & 0xff), UInt8(~length >> 8)]
        out += data
        let crc = crc32(data)
        out += [UInt8(crc & 0xff), UInt8((crc >> 8) & 0xff), UInt8((crc >> 16) & 0xff), UInt8(crc >> 24)]
        let size = UInt32(data.count)
        out += [UInt8(size & 0xff), UInt8((size >> 8) & 0xff), UInt8((size >> 16) & 0xff), UInt8(size >> 24)]
        return out
    }

    static func crc32(_ data: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xffff_ffff
        for byte in data {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = (crc >> 1) ^ (crc & 1 == 1 ? 0xedb8_8320 : 0) }
        }
        return ~crc
    }
}
