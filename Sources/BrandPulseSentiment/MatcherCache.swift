import BrandPulseCore
import BrandPulseMatching
import BrandPulseText
import Foundation
#if canImport(Synchronization)
import Synchronization
#endif

/// Remembers the BrandMatcher of the last brand list, so that `analyze(_:brands:)` called once per post with the
/// same configured brands does not rebuild it every time (building one costs more than scoring a post).
final class MatcherCache: Sendable {
    private let storage: (any Sendable & AnyObject)?

    init() {
        #if canImport(Synchronization)
        if #available(macOS 15.0, iOS 18.0, *) {
            storage = MutexBox()
        } else {
            storage = nil
        }
        #else
        storage = nil
        #endif
    }

    func matcher(for brands: [Brand]) -> BrandMatcher {
        #if canImport(Synchronization)
        if #available(macOS 15.0, iOS 18.0, *), let box = storage as? MutexBox {
            return box.matcher(for: brands)
        }
        #endif
        return BrandMatcher(brands: brands)
    }
}

#if canImport(Synchronization)
@available(macOS 15.0, iOS 18.0, *)
private final class MutexBox: Sendable {
    private let last = Mutex<BrandMatcher?>(nil)

    func matcher(for brands: [Brand]) -> BrandMatcher {
        if let cached = last.withLock({ $0 }), cached.brands == brands { return cached }
        let matcher = BrandMatcher(brands: brands)
        last.withLock { $0 = matcher }
        return matcher
    }
}
#endif

/// Word-breaks of hashtags already split, per language. Hashtags repeat (a brand's own tag, campaign and topic
/// tags), and splitting one costs dozens of lexicon probes. The split is a pure function of the language and the
/// folded tag, so the cache changes no result; it is bounded and starts over when full.
final class HashtagSplitCache: @unchecked Sendable {
    // Invariant: `entries` is read and written only under `lock`.
    private let lock = NSLock()
    private var entries: [UInt64: (tag: [UInt8], cuts: [Int])] = [:]
    static let capacity = 16_384

    func cuts(language: Int, tag: UnsafeBufferPointer<UInt8>, split: () -> [Int]) -> [Int] {
        let key = KeyTable.hash(tag) &+ UInt64(language) &* 0x9E37_79B9_7F4A_7C15
        lock.lock()
        if let found = entries[key], found.tag.elementsEqual(tag) {
            lock.unlock()
            return found.cuts
        }
        lock.unlock()
        let cuts = split()
        lock.lock()
        if entries.count >= HashtagSplitCache.capacity { entries.removeAll(keepingCapacity: true) }
        entries[key] = (Array(tag), cuts)
        lock.unlock()
        return cuts
    }
}
