import BrandPulseCore
import CCurl
import Foundation

/// HTTP(S) and file:// transfers through libcurl.
///
/// `curl_easy_perform` blocks, so transfers run on the transport's own worker threads, never on the
/// cooperative pool. Each worker keeps one easy handle, which keeps connections alive across transfers.
/// The queue hands a worker the oldest request whose host is below the per-host limit.
public final class CurlTransport: Sendable {
    public let configuration: TransportConfiguration
    private let queue: WorkQueue

    public init(configuration: TransportConfiguration = TransportConfiguration()) {
        CurlGlobal.ensureInitialized()
        self.configuration = configuration
        queue = WorkQueue(perHostLimit: max(1, configuration.perHostLimit))
        for index in 0..<max(1, configuration.concurrency) {
            let queue = self.queue
            let configuration = self.configuration
            let thread = Thread { CurlWorker(configuration: configuration).run(queue) }
            thread.name = "brandpulse.curl.\(index)"
            thread.stackSize = 512 * 1024
            thread.start()
        }
    }

    deinit {
        queue.shutDown()
    }

    /// Fetches one URL. HTTP errors (4xx, 5xx) and transfer failures throw; 304 returns normally.
    public func fetch(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
        let result: Result<HTTPResponse, TransportError> = await withCheckedContinuation { continuation in
            queue.submit(Job(request: request, host: Self.host(of: request.url)) { continuation.resume(returning: $0) })
        }
        return try result.get()
    }

    /// Fetches with retries on 429, 5xx and timeouts: exponential backoff with full jitter,
    /// honouring Retry-After when the server sends one.
    public func fetch(_ request: HTTPRequest, retry policy: RetryPolicy) async throws(TransportError) -> HTTPResponse {
        var attempt = 0
        while true {
            do {
                return try await fetch(request)
            } catch {
                attempt += 1
                guard error.isRetryable, attempt < policy.maxAttempts else { throw error }
                let delay = policy.delay(afterAttempt: attempt, retryAfter: error.retryAfter)
                guard delay <= policy.maxWait else { throw error }
                try? await Task.sleep(nanoseconds: UInt64(delay * 1_000_000_000))
            }
        }
    }

    static func host(of url: String) -> String {
        guard let schemeEnd = url.range(of: "://") else { return "" }
        let rest = url[schemeEnd.upperBound...]
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        return authority.lowercased()
    }
}

/// Backoff for retryable failures.
public struct RetryPolicy: Sendable, Hashable {
    public var maxAttempts: Int
    public var baseDelay: TimeInterval
    public var maxDelay: TimeInterval
    /// A Retry-After longer than this is not waited out within the run; the source is retried next run.
    public var maxWait: TimeInterval

    public init(maxAttempts: Int = 3, baseDelay: TimeInterval = 0.5, maxDelay: TimeInterval = 8, maxWait: TimeInterval = 10) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxWait = maxWait
    }

    public static let none = RetryPolicy(maxAttempts: 1)

    public func delay(afterAttempt attempt: Int, retryAfter: Double?) -> TimeInterval {
        if let retryAfter { return retryAfter }
        let ceiling = min(maxDelay, baseDelay * pow(2, Double(attempt - 1)))
        return Double.random(in: ceiling / 2...ceiling)
    }
}

enum CurlGlobal {
    private static let initialized: Bool = {
        curl_global_init(Int(CURL_GLOBAL_DEFAULT))
        return true
    }()

    static func ensureInitialized() { _ = initialized }
}

struct Job: @unchecked Sendable {
    // The completion resumes a checked continuation, which is safe to call from any thread exactly once.
    let request: HTTPRequest
    let host: String
    let completion: (Result<HTTPResponse, TransportError>) -> Void
}

/// The pending requests and per-host counts, shared by the workers.
final class WorkQueue: @unchecked Sendable {
    // Invariant: every stored property is read and written only while `condition` is locked.
    private let condition = NSCondition()
    private var pending: [Job] = []
    private var active: [String: Int] = [:]
    private var isShutDown = false
    private let perHostLimit: Int

    init(perHostLimit: Int) {
        self.perHostLimit = perHostLimit
    }

    func submit(_ job: Job) {
        condition.lock()
        pending.append(job)
        condition.broadcast()
        condition.unlock()
    }

    /// Blocks until a job can start; nil once shut down.
    func next() -> Job? {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if isShutDown { return nil }
            if let index = pending.firstIndex(where: { active[$0.host, default: 0] < perHostLimit }) {
                let job = pending.remove(at: index)
                active[job.host, default: 0] += 1
                return job
            }
            condition.wait()
        }
    }

    func finished(_ job: Job) {
        condition.lock()
        active[job.host, default: 1] -= 1
        condition.broadcast()
        condition.unlock()
    }

    func shutDown() {
        condition.lock()
        isShutDown = true
        let orphans = pending
        pending.removeAll()
        condition.broadcast()
        condition.unlock()
        for job in orphans {
            job.completion(.failure(TransportError(kind: .other, url: job.request.url, message: "transport shut down")))
        }
    }
}
