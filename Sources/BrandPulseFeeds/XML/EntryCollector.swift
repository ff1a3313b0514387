import BrandPulseCore
import Dispatch
import Synchronization

/// An entry as its reader found it, waiting for its adapter.
enum RawEntry: Sendable {
    case rss(RSSItem)
    case atom(AtomEntry)

    /// Atom entries without an author get the feed's later (it may come after them).
    func adapted() -> FeedEntry {
        switch self {
        case .rss(let item): return RSSAdapter.entry(item)
        case .atom(let entry): return AtomAdapter.entry(entry, feedAuthor: nil)
        }
    }
}

/// Reads items and entries while the parser is still running (see `XMLEntrySink`), and adapts them:
/// in place for small documents, in batches on Dispatch's global queue for large ones, so that a
/// second core renders HTML and parses dates while libxml2 goes on.
final class EntryCollector: XMLEntrySink {
    /// Documents from this size on (in bytes) adapt in parallel.
    static let parallelThreshold = 1 << 20
    private static let batchSize = 256

    private let parallel: Bool
    private var adapted: [FeedEntry] = []
    private var batch: [RawEntry] = []
    private var batchCount = 0
    private let batches = AdaptedBatches()
    private let group = DispatchGroup()

    init(parallel: Bool) {
        self.parallel = parallel
    }

    func consume(_ element: XMLElement, root: XMLElement, depth: Int) -> Bool {
        guard depth <= 3 else { return false }
        let raw: RawEntry
        switch (FormatDetector.xmlFormat(root: root), element.name) {
        case (.rss?, "item") where RSSReader.isCore(element): raw = .rss(RSSReader.readItem(element))
        case (.rdf?, "item") where depth == 2: raw = .rss(RDFReader.readItem(element))
        case (.atom?, "entry") where depth == 2 && element.namespace == root.namespace:
            raw = .atom(AtomReader.readEntry(element, root.namespace))
        default: return false
        }
        if parallel {
            batch.append(raw)
            if batch.count == EntryCollector.batchSize { submit() }
        } else {
            adapted.append(raw.adapted())
        }
        return true
    }

    private func submit() {
        let work = batch
        let index = batchCount
        let batches = self.batches
        batchCount += 1
        batch = []
        batch.reserveCapacity(EntryCollector.batchSize)
        DispatchQueue.global().async(group: group) {
            batches.store(index, work.map { $0.adapted() })
        }
    }

    /// All entries in document order. Adapts the last batch here and waits for the others, which
    /// are usually done by then: the wait is a join, not a wait for I/O.
    func finish() -> [FeedEntry] {
        guard parallel else { return adapted }
        let tail = batch.map { $0.adapted() }
        batch = []
        group.wait()
        return batches.joined(count: batchCount) + tail
    }
}

/// Adapted batches by index, filled from Dispatch's threads.
final class AdaptedBatches: Sendable {
    private let slots = Mutex<[Int: [FeedEntry]]>([:])

    func store(_ index: Int, _ entries: [FeedEntry]) {
        slots.withLock { $0[index] = entries }
    }

    func joined(count: Int) -> [FeedEntry] {
        slots.withLock { slots in
            var out: [FeedEntry] = []
            out.reserveCapacity(count * 256)
            for k in 0..<count { out += slots[k] ?? [] }
            return out
        }
    }
}
