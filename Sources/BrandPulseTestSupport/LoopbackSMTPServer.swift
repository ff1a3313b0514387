import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A minimal real SMTP server on 127.0.0.1 for tests: it speaks enough of RFC 5321 (EHLO, AUTH
/// PLAIN/LOGIN accepted, MAIL, RCPT, DATA, QUIT) for libcurl to deliver a message, and records it.
public final class LoopbackSMTPServer: @unchecked Sendable {
    // Invariant: `received` is guarded by `lock`; `listener` is set once in init.
    public struct Message: Sendable {
        public var from: String
        public var recipients: [String]
        public var data: String
    }

    private let lock = NSLock()
    private var received: [Message] = []
    private var listener: LoopbackListener?

    public let port: Int
    public var url: String { "smtp://127.0.0.1:\(port)" }

    public var messages: [Message] {
        lock.lock()
        defer { lock.unlock() }
        return received
    }

    public init() throws {
        let box = WeakBox<LoopbackSMTPServer>()
        let listener = try LoopbackListener(backlog: 16) { client in box.value?.serve(client) }
        port = listener.port
        self.listener = listener
        box.value = self
    }

    deinit { stop() }

    public func stop() {
        listener?.stop()
    }

    private func serve(_ client: Int32) {
        var reader = LineReader(fd: client)
        func reply(_ text: String) { LoopbackListener.sendAll(client, Array(text.utf8)) }
        reply("220 localhost BrandPulse test SMTP\r\n")
        var from = "", recipients: [String] = []
        while let line = reader.next() {
            let upper = line.uppercased()
            if upper.hasPrefix("EHLO") {
                reply("250-localhost\r\n250-AUTH PLAIN LOGIN\r\n250 8BITMIME\r\n")
            } else if upper.hasPrefix("HELO") {
                reply("250 localhost\r\n")
            } else if upper.hasPrefix("AUTH LOGIN") {
                reply("334 VXNlcm5hbWU6\r\n")
                _ = reader.next()
                reply("334 UGFzc3dvcmQ6\r\n")
                _ = reader.next()
                reply("235 2.7.0 Authentication successful\r\n")
            } else if upper.hasPrefix("AUTH PLAIN") {
                if upper == "AUTH PLAIN" {
                    reply("334 \r\n")
                    _ = reader.next()
                }
                reply("235 2.7.0 Authentication successful\r\n")
            } else if upper.hasPrefix("MAIL FROM:") {
                from = String(line.dropFirst(10)).trimmingCharacters(in: .whitespaces)
                reply("250 OK\r\n")
            } else if upper.hasPrefix("RCPT TO:") {
                recipients.append(String(line.dropFirst(8)).trimmingCharacters(in: .whitespaces))
                reply("250 OK\r\n")
            } else if upper == "DATA" {
                reply("354 End data with <CR><LF>.<CR><LF>\r\n")
                var data: [String] = []
                while let dataLine = reader.next(), dataLine != "." {
                    data.append(dataLine.hasPrefix("..") ? String(dataLine.dropFirst()) : dataLine)
                }
                lock.lock()
                received.append(Message(from: from, recipients: recipients, data: data.joined(separator: "\r\n")))
                lock.unlock()
                reply("250 OK: queued\r\n")
            } else if upper == "QUIT" {
                reply("221 Bye\r\n")
                return
            } else {
                reply("250 OK\r\n")
            }
        }
    }
}

/// CRLF-delimited lines from a socket.
struct LineReader {
    let fd: Int32
    var buffer: [UInt8] = []

    init(fd: Int32) {
        self.fd = fd
    }

    mutating func next() -> String? {
        while true {
            if let index = buffer.firstIndex(of: 0x0A) {
                var line = Array(buffer[..<index])
                buffer.removeSubrange(...index)
                if line.last == 0x0D { line.removeLast() }
                return String(decoding: line, as: UTF8.self)
            }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let n = recv(fd, &chunk, chunk.count, 0)
            guard n > 0 else { return nil }
            buffer += chunk[0..<n]
        }
    }
}
