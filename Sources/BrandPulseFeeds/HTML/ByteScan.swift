#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Fast searches over byte buffers (libc's vectorized memchr).
enum ByteScan {
    /// The index of the first `byte` in `b[from..<to]`, or nil.
    @inline(__always)
    static func index(of byte: UInt8, in b: UnsafeBufferPointer<UInt8>, from: Int, to: Int? = nil) -> Int? {
        let end = to ?? b.count
        guard from < end, let base = b.baseAddress else { return nil }
        guard let hit = memchr(base + from, Int32(byte), end - from) else { return nil }
        return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
    }

    /// An empty array with room for `capacity` bytes. A large one is backed by huge pages where the
    /// kernel offers them (Linux `madvise`), so that filling it costs a few page faults, not thousands.
    static func buffer(capacity: Int) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: capacity) { storage, count in
            #if os(Linux)
            let hugePage = 2 << 20
            if capacity >= 2 * hugePage, let base = storage.baseAddress {
                let start = (Int(bitPattern: base) + hugePage - 1) & ~(hugePage - 1)
                let end = (Int(bitPattern: base) + capacity) & ~(hugePage - 1)
                if end > start { _ = madvise(UnsafeMutableRawPointer(bitPattern: start), end - start, MADV_HUGEPAGE) }
            }
            #endif
            count = 0
        }
    }
}
