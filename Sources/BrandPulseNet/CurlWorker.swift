import CCurl
import Foundation

/// Accumulates one transfer's body and headers; curl's callbacks reach it through an opaque pointer.
final class TransferBuffer {
    var body: [UInt8] = []
    /// The request body still to send (SMTP uploads read it in chunks).
    var upload: [UInt8] = []
    var uploadOffset = 0
    var headers: [String: String] = [:]
    let limit: Int
    var exceededLimit = false

    init(limit: Int) {
        self.limit = limit
    }
}

/// One worker thread's loop: one easy handle, reused for connection keep-alive.
struct CurlWorker {
    let configuration: TransportConfiguration

    func run(_ queue: WorkQueue) {
        guard let handle = curl_easy_init() else { return }
        defer { curl_easy_cleanup(handle) }
        while let job = queue.next() {
            let result = perform(job.request, on: handle)
            queue.finished(job)
            job.completion(result)
        }
    }

    private func perform(_ request: HTTPRequest, on handle: UnsafeMutableRawPointer) -> Result<HTTPResponse, TransportError> {
        curl_easy_reset(handle)
        let buffer = TransferBuffer(limit: configuration.maxResponseBytes)
        let context = Unmanaged.passUnretained(buffer).toOpaque()
        var headerList: UnsafeMutablePointer<curl_slist>?
        for (name, value) in request.headers { headerList = curl_slist_append(headerList, "\(name): \(value)") }
        if let etag = request.etag { headerList = curl_slist_append(headerList, "If-None-Match: \(etag)") }
        if let lastModified = request.lastModified { headerList = curl_slist_append(headerList, "If-Modified-Since: \(lastModified)") }
        defer { curl_slist_free_all(headerList) }

        _ = bp_easy_setopt_string(handle, CURLOPT_URL, request.url)
        _ = bp_easy_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
        _ = bp_easy_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "http,https,file,smtp,smtps")
        // A redirect must never lead from the web to the local disk.
        _ = bp_easy_setopt_string(handle, CURLOPT_REDIR_PROTOCOLS_STR, "http,https")
        _ = bp_easy_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 1)
        _ = bp_easy_setopt_long(handle, CURLOPT_MAXREDIRS, configuration.maxRedirects)
        _ = bp_easy_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, Int(configuration.connectTimeout * 1000))
        _ = bp_easy_setopt_long(handle, CURLOPT_TIMEOUT_MS, Int(configuration.totalTimeout * 1000))
        _ = bp_easy_setopt_string(handle, CURLOPT_ACCEPT_ENCODING, "")
        _ = bp_easy_setopt_string(handle, CURLOPT_USERAGENT, configuration.userAgent)
        _ = bp_easy_setopt_off(handle, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(configuration.maxResponseBytes))
        if headerList != nil { _ = bp_easy_setopt_slist(handle, CURLOPT_HTTPHEADER, headerList) }
        _ = bp_easy_setopt_write_function(handle, CURLOPT_WRITEFUNCTION) { data, size, count, context in
            guard let data, let context else { return 0 }
            let buffer = Unmanaged<TransferBuffer>.fromOpaque(context).takeUnretainedValue()
            let length = size * count
            if buffer.body.count + length > buffer.limit {
                buffer.exceededLimit = true
                return 0
            }
            data.withMemoryRebound(to: UInt8.self, capacity: length) {
                buffer.body.append(contentsOf: UnsafeBufferPointer(start: $0, count: length))
            }
            return length
        }
        _ = bp_easy_setopt_pointer(handle, CURLOPT_WRITEDATA, context)
        _ = bp_easy_setopt_write_function(handle, CURLOPT_HEADERFUNCTION) { data, size, count, context in
            guard let data, let context else { return 0 }
            let buffer = Unmanaged<TransferBuffer>.fromOpaque(context).takeUnretainedValue()
            let length = size * count
            let line = data.withMemoryRebound(to: UInt8.self, capacity: length) {
                String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
            }
            if line.hasPrefix("HTTP/") {
                buffer.headers.removeAll() // a new response after a redirect
            } else if let colon = line.firstIndex(of: ":") {
                let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
                let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
                buffer.headers[name] = value
            }
            return length
        }
        _ = bp_easy_setopt_pointer(handle, CURLOPT_HEADERDATA, context)

        var recipients: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(recipients) }
        if let body = request.body {
            let isMail = request.url.lowercased().hasPrefix("smtp")
            if isMail {
                if let from = request.mailFrom { _ = bp_easy_setopt_string(handle, CURLOPT_MAIL_FROM, from) }
                for recipient in request.mailRecipients { recipients = curl_slist_append(recipients, recipient) }
                _ = bp_easy_setopt_slist(handle, CURLOPT_MAIL_RCPT, recipients)
                _ = bp_easy_setopt_long(handle, CURLOPT_UPLOAD, 1)
                buffer.upload = body
                _ = bp_easy_setopt_read_function(handle, CURLOPT_READFUNCTION) { target, size, count, context in
                    guard let target, let context else { return 0 }
                    let buffer = Unmanaged<TransferBuffer>.fromOpaque(context).takeUnretainedValue()
                    let length = min(size * count, buffer.upload.count - buffer.uploadOffset)
                    guard length > 0 else { return 0 }
                    buffer.upload.withUnsafeBytes { source in
                        UnsafeMutableRawPointer(target).copyMemory(
                            from: source.baseAddress!.advanced(by: buffer.uploadOffset), byteCount: length)
                    }
                    buffer.uploadOffset += length
                    return length
                }
                _ = bp_easy_setopt_pointer(handle, CURLOPT_READDATA, context)
            } else {
                _ = bp_easy_setopt_long(handle, CURLOPT_POST, 1)
                _ = bp_easy_setopt_long(handle, CURLOPT_POSTFIELDSIZE, body.count)
                body.withUnsafeBytes { bytes in
                    // COPYPOSTFIELDS copies, so the buffer may go away after this call.
                    _ = bp_easy_setopt_pointer(handle, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: bytes.baseAddress))
                }
            }
        }
        if let username = request.username { _ = bp_easy_setopt_string(handle, CURLOPT_USERNAME, username) }
        if let password = request.password { _ = bp_easy_setopt_string(handle, CURLOPT_PASSWORD, password) }

        let code = curl_easy_perform(handle)
        var status = 0
        _ = bp_easy_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        var effective: UnsafeMutablePointer<CChar>?
        _ = bp_easy_getinfo_string(handle, CURLINFO_EFFECTIVE_URL, &effective)
        let effectiveURL = effective.map { String(cString: $0) } ?? request.url
        let response = HTTPResponse(status: status, headers: buffer.headers, body: buffer.body, effectiveURL: effectiveURL)

        guard code == CURLE_OK else {
            return .failure(error(for: code, url: request.url, exceeded: buffer.exceededLimit))
        }
        if status >= 400 {
            return .failure(TransportError(
                kind: .httpStatus, url: request.url, message: "HTTP \(status)", status: status,
                retryAfter: response.retryAfter()))
        }
        return .success(response)
    }

    private func error(for code: CURLcode, url: String, exceeded: Bool) -> TransportError {
        let detail = String(cString: curl_easy_strerror(code))
        switch code {
        case CURLE_OPERATION_TIMEDOUT:
            return TransportError(kind: .timeout, url: url, message: "timed out (\(detail))")
        case CURLE_FILESIZE_EXCEEDED:
            return TransportError(kind: .tooLarge, url: url, message: "response larger than \(configuration.maxResponseBytes) bytes")
        case CURLE_WRITE_ERROR where exceeded:
            return TransportError(kind: .tooLarge, url: url, message: "response larger than \(configuration.maxResponseBytes) bytes")
        case CURLE_TOO_MANY_REDIRECTS:
            return TransportError(kind: .tooManyRedirects, url: url, message: "more than \(configuration.maxRedirects) redirects")
        case CURLE_FILE_COULDNT_READ_FILE:
            return TransportError(kind: .fileNotFound, url: url, message: "cannot read the file")
        case CURLE_UNSUPPORTED_PROTOCOL, CURLE_URL_MALFORMAT:
            return TransportError(kind: .badURL, url: url, message: "unsupported or malformed URL (\(detail))")
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY, CURLE_RECV_ERROR,
             CURLE_SEND_ERROR, CURLE_PARTIAL_FILE, CURLE_GOT_NOTHING, CURLE_SSL_CONNECT_ERROR, CURLE_BAD_CONTENT_ENCODING:
            return TransportError(kind: .connection, url: url, message: detail)
        default:
            return TransportError(kind: .other, url: url, message: detail)
        }
    }
}
