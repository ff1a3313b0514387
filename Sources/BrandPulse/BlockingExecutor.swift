import Dispatch

/// Runs blocking work (SQLite, libpq) on a dedicated serial queue, so it never occupies one of the
/// cooperative pool's few threads (two on a 2-core machine) while fetches and parses wait for them.
struct BlockingExecutor: Sendable {
    private let queue: DispatchQueue

    init(label: String) {
        queue = DispatchQueue(label: label)
    }

    func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try body() }) }
        }
    }
}
