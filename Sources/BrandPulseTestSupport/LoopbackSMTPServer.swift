import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A minimal real SMTP server on 127.0.0.1 for tests: it speaks enough of RFC 5321 (EHLO, AUTH
/// PLAIN/LOGIN accepted, MAIL, RCPT, DATA, QUIT) for libcurl to deliver a message, and records it.
public final class LoopbackSMTPServer: @unchecked Sendable {
    // Invariant: `received` and `isStopped` are guarded by `lock`.
    public struct Message: Sendable {
        public var from: String
        public var recipients: [String]
        public var data: String
    }

    public let port: Int
    private let socketFD: Int32
    private let lock = NSLock()
    private var received: [Message] = []
    private var isStopped = false

    public var url: String { "smtp://127.0.0.1:\(port)" }

    public var messages: [Message] {
        lock.lock()
        defer { lock.unlock() }
        return received
    }

    public init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 16) == 0 else {
            close(fd)
            throw POSIXError(.EADDRINUSE)
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        socketFD = fd
        Thread { [weak self] in self?.acceptLoop() }.start()
    }

    deinit { stop() }

    public func stop() {
        lock.lock()
        let wasStopped = isStopped
        isStopped = true
        lock.unlock()
        if !wasStopped {
            shutdown(socketFD, Int32(SHUT_RDWR))
            close(socketFD)
        }
    }

    private func acceptLoop() {
        while true {
            let client = accept(socketFD, nil, nil)
            if client < 0 {
                lock.lock()
                let stopped = isStopped
                lock.unlock()
                if stopped { return }
                continue
            }
            Thread { [weak self] in
                self?.serve(client)
                close(client)
            }.start()
        }
    }

    private func serve(_ client: Int32) {
        var reader = LineReader(fd: client)
        func reply(_ text: String) { _ = text.utf8CString.withUnsafeBufferPointer { send(client, $0.baseAddress, $0.count - 1, Int32(MSG_NOSIGNAL)) } }
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
