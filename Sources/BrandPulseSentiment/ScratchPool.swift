import Foundation

/// Scratches for analyses that run on whatever thread is free (the collector's source jobs): each caller borrows one
/// for a run of texts and gives it back, so the memos fill once per worker, not once per feed.
///
/// A scratch is used by one caller at a time; the pool only hands them out and takes them back, under a lock.
public final class ScratchPool: @unchecked Sendable {
    private let lock = NSLock()
    private var idle: [AnalysisScratch] = []

    public init() {}

    /// Runs `body` with a scratch that no one else uses meanwhile.
    public func withScratch<Result>(_ body: (AnalysisScratch) throws -> Result) rethrows -> Result {
        let scratch = lock.withLock { idle.popLast() } ?? AnalysisScratch()
        defer { lock.withLock { idle.append(scratch) } }
        return try body(scratch)
    }
}
