import BrandPulseCore
import BrandPulseMatching
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
