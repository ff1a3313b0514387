import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A real HTTP/1.1 server on 127.0.0.1 for tests: each connection gets a thread, each request one
/// response from the handler, then the connection closes. It can delay, drop the connection
/// mid-body, and count requests, which is what transport tests need.
public final class LoopbackHTTPServer: @unchecked Sendable {
    // Invariant: `recorded` is guarded by `lock`; `listener` is set once in init.
    public struct Request: Sendable {
        public var method: String
        public var path: String
        /// Header names lower-cased.
        public var headers: [String: String]
        public var body: [UInt8]
    }

    public struct Response: Sendable {
        public var status: Int
        public var headers: [(String, String)]
        public var body: [UInt8]
        /// Sleep before sending anything.
        public var delay: TimeInterval
        /// Close the connection after this many body bytes although Content-Length promised more.
        public var truncateAfter: Int?

        public init(status: Int = 200, headers: [(String, String)] = [], body: [UInt8] = [], delay: TimeInterval = 0,
                    truncateAfter: Int? = nil) {
            self.status = status
            self.headers = headers
            self.body = body
            self.delay = delay
            self.truncateAfter = truncateAfter
        }

        public init(status: Int = 200, contentType: String = "application/xml", _ text: String, headers: [(String, String)] = []) {
            self.init(status: status, headers: [("Content-Type", contentType)] + headers, body: Array(text.utf8))
        }
    }

    private let handler: @Sendable (Request) -> Response
    private let lock = NSLock()
    private var recorded: [Request] = []
    private var listener: LoopbackListener?

    public let port: Int
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    public var requests: [Request] {
        lock.lock()
        defer { lock.unlock() }
        return recorded
    }

    public init(handler: @escaping @Sendable (Request) -> Response) throws {
        self.handler = handler
        let box = WeakBox<LoopbackHTTPServer>()
        let listener = try LoopbackListener { client in box.value?.serve(client) }
        port = listener.port
        self.listener = listener
        box.value = self
    }

    deinit { stop() }

    public func stop() {
        listener?.stop()
    }

    private func serve(_ client: Int32) {
        guard let request = readRequest(client) else { return }
        lock.lock()
        recorded.append(request)
        lock.unlock()
        let response = handler(request)
        if response.delay > 0 { Thread.sleep(forTimeInterval: response.delay) }
        var head = "HTTP/1.1 \(response.status) \(Self.reason(response.status))\r\n"
        var hasLength = false
        for (name, value) in response.headers {
            head += "\(name): \(value)\r\n"
            if name.lowercased() == "content-length" { hasLength = true }
        }
        if !hasLength { head += "Content-Length: \(response.body.count)\r\n" }
        head += "Connection: close\r\n\r\n"
        LoopbackListener.sendAll(client, Array(head.utf8))
        if request.method != "HEAD" {
            let body = response.truncateAfter.map { Array(response.body.prefix($0)) } ?? response.body
            LoopbackListener.sendAll(client, body)
        }
    }

    private func readRequest(_ client: Int32) -> Request? {
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        var headerEnd: Int?
        while headerEnd == nil {
            let n = recv(client, &chunk, chunk.count, 0)
            guard n > 0 else { return nil }
            buffer += chunk[0..<n]
            if let range = Self.find([13, 10, 13, 10], in: buffer) { headerEnd = range }
            if buffer.count > 1 << 20 { return nil }
        }
        guard let end = headerEnd else { return nil }
        let head = String(decoding: buffer[0..<end], as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst().split(separator: " ")
        guard requestLine.count >= 2 else { return nil }
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var body = Array(buffer[(end + 4)...])
        let expected = Int(headers["content-length"] ?? "0") ?? 0
        while body.count < expected {
            let n = recv(client, &chunk, chunk.count, 0)
            guard n > 0 else { break }
            body += chunk[0..<n]
        }
        return Request(method: String(requestLine[0]), path: String(requestLine[1]), headers: headers, body: body)
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for i in 0...(haystack.count - needle.count) where haystack[i] == needle[0] {
            if Array(haystack[i..<(i + needle.count)]) == needle { return i }
        }
        return nil
    }

    private static func reason(_ status: Int) -> String {
        switch status {
        case 200: return "OK"
        case 301: return "Moved Permanently"
        case 302: return "Found"
        case 304: return "Not Modified"
        case 404: return "Not Found"
        case 429: return "Too Many Requests"
        case 500: return "Internal Server Error"
        case 503: return "Service Unavailable"
        default: return "Status"
        }
    }
}

/// Lets a listener's closure reach its server without keeping it alive.
final class WeakBox<T: AnyObject>: @unchecked Sendable {
    // Invariant: written once, in the owner's init, before any connection can be accepted.
    weak var value: T?
}
