import BrandPulseText

/// Working memory for analyzing many texts on one thread: the scorer's arrays keep their capacity from text to
/// text, and each language remembers the lexicon terms of the words it has already looked up.
///
/// Not Sendable on purpose: give each worker its own (`brandpulse score` makes one per thread). Results are the
/// same with or without it; it only saves allocations and repeated stemming.
public final class AnalysisScratch {
    /// What one post's analysis borrows and gives back.
    struct Storage {
        var slots: [SentimentScorer.Slot] = []
        var refs: [TermRef] = []
        var units: [SentimentScorer.Unit] = []
        var contributions: [SentimentScorer.Contribution] = []
        /// The language-ID evidence of words already seen.
        var languageMemo: LanguageIdentifier.WordMemo
        /// The last post's tokens, kept for the capacity of their arrays.
        var spentText = TokenizedText.empty
        /// The intents found in a post, kept for their capacity.
        var intents: [SentimentScorer.FoundIntent] = []
    }

    /// The storage and, per language slot, one memo of each ``MemoKind`` (made on first use), behind pointers the
    /// scratch owns: the scorer swaps the arrays and works in the memos in place, without the exclusivity checks
    /// that a class's stored properties take on every `inout` access (eleven per post; with the memo copies they
    /// replaced, 5 % of the work).
    let storage: UnsafeMutablePointer<Storage>
    private let memos: UnsafeMutablePointer<LookupMemo>
    let memoCapacity: Int

    /// What a memo remembers of a folded key.
    enum MemoKind: Int, CaseIterable {
        /// A word's lexicon terms.
        case lookup
        /// A hashtag's word starts ("nierecomand" → 0, 3). Kept per thread, so the hot path takes no lock.
        case hashtagCuts
    }

    public convenience init() {
        self.init(memoCapacity: LookupMemo.defaultCapacity, languageMemoCapacity: LanguageIdentifier.WordMemo.defaultCapacity)
    }

    /// A scratch whose memos hold at most `memoCapacity / 2` words before they start over (tests use a small one).
    package convenience init(memoCapacity: Int) {
        self.init(memoCapacity: memoCapacity, languageMemoCapacity: max(2, memoCapacity) / 4)
    }

    private init(memoCapacity: Int, languageMemoCapacity: Int) {
        self.memoCapacity = max(2, memoCapacity)
        storage = .allocate(capacity: 1)
        storage.initialize(to: Storage(languageMemo: LanguageIdentifier.WordMemo(capacity: languageMemoCapacity)))
        let count = LexiconCompiler.slotCount * Self.kindCount
        memos = .allocate(capacity: count)
        memos.initialize(repeating: .empty, count: count)
    }

    deinit {
        storage.deinitialize(count: 1)
        storage.deallocate()
        memos.deinitialize(count: LexiconCompiler.slotCount * Self.kindCount)
        memos.deallocate()
    }

    func takeIntents() -> [SentimentScorer.FoundIntent] {
        var list: [SentimentScorer.FoundIntent] = []
        swap(&list, &storage.pointee.intents)
        list.removeAll(keepingCapacity: true)
        return list
    }

    func putIntents(_ list: [SentimentScorer.FoundIntent]) { storage.pointee.intents = list }

    /// `MemoKind.allCases.count`, once: `allCases` builds a new array on every call, twice per post per kind.
    private static let kindCount = MemoKind.allCases.count

    /// The memo of a language slot (``LexiconCompiler/slot(_:)``), for the scorer to work in while it analyzes one
    /// text on this scratch's thread.
    func memo(_ slot: Int, _ kind: MemoKind) -> UnsafeMutablePointer<LookupMemo> {
        precondition(slot >= 0 && slot < LexiconCompiler.slotCount)
        let memo = memos + (slot * Self.kindCount + kind.rawValue)
        if !memo.pointee.isUsable {
            // A post has a few hashtags and dozens of words: the cut memo needs far fewer entries.
            memo.pointee = LookupMemo(capacity: kind == .lookup ? memoCapacity : max(2, memoCapacity / 8))
        }
        return memo
    }
}

/// The lexicon terms of words already looked up, by folded key: social posts repeat a small vocabulary, and a
/// word's lookup (exact probe, stemming, prefix probes) costs several times one probe of this table.
///
/// Open addressing over one key arena and one ref arena. When either fills up, the memo starts over, so its
/// memory stays bounded however many texts pass through.
struct LookupMemo {
    struct Entry {
        var hash: UInt64
        var keyStart: Int32
        var keyLength: Int32
        var refStart: Int32
        var refCount: Int32
    }

    static let defaultCapacity = 1 << 14
    static let keyArenaLimit = 1 << 18
    static let empty = LookupMemo(capacity: 0)

    private var entries: [Entry]
    private var keys: [UInt8] = []
    private var refs: [TermRef] = []
    private var used = 0
    /// A power of two (or 0 for the unusable empty memo).
    private let capacity: Int
    /// Keys met since the last start-over: only a key met again is remembered.
    private var seen = MetOnceFilter(words: 1 << 12)

    init(capacity: Int) {
        var size = capacity > 0 ? 2 : 0
        while size > 0 && size < capacity { size <<= 1 }
        self.capacity = size
        entries = [Entry](repeating: Entry(hash: 0, keyStart: 0, keyLength: 0, refStart: 0, refCount: 0), count: size)
    }

    var isUsable: Bool { !entries.isEmpty }

    @inline(__always)
    static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let h = KeyTable.hash(key)
        return h == 0 ? 1 : h
    }

    /// Appends the remembered refs of `key` to `out` and returns their count, or nil when the key is not known.
    /// (`mutating` although it changes nothing: the scorer calls it through a pointer, and a mutating call works in
    /// place where a plain one retains and releases the memo's three arrays on every word.)
    @inline(__always)
    mutating func recall(_ key: UnsafeBufferPointer<UInt8>, hash: UInt64, into out: inout [TermRef]) -> Int? {
        guard let range = find(key, hash: hash) else { return nil }
        for k in range { out.append(refs[k]) }
        return range.count
    }

    /// Where the remembered values of `key` lie (read them with ``value(_:)``), or nil when the key is not known.
    @inline(__always)
    func find(_ key: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Range<Int>? {
        let mask = capacity - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        return entries.withUnsafeBufferPointer { table -> Range<Int>? in
            while true {
                let entry = table[slot]
                if entry.hash == 0 { return nil }
                if entry.hash == hash && Int(entry.keyLength) == key.count && sameKey(entry, key) {
                    return Int(entry.refStart)..<Int(entry.refStart + entry.refCount)
                }
                slot = (slot + 1) & mask
            }
        }
    }

    @inline(__always)
    func value(_ index: Int) -> TermRef { refs[index] }

    @inline(__always)
    private func sameKey(_ entry: Entry, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        keys.withUnsafeBufferPointer { arena in
            let start = Int(entry.keyStart)
            for k in 0..<key.count where arena[start + k] != key[k] { return false }
            return true
        }
    }

    /// Whether a key of this hash was met before since the last start-over; notes that it now has been.
    @inline(__always)
    mutating func metBefore(_ hash: UInt64) -> Bool {
        seen.metBefore(hash)
    }

    /// Remembers that `key` looks up to `found`.
    mutating func remember(_ key: UnsafeBufferPointer<UInt8>, hash: UInt64, _ found: some Collection<TermRef>) {
        guard isUsable else { return }
        // Half full, or an arena at its limit: start over rather than probe long chains.
        if used * 2 >= capacity || keys.count + key.count > Self.keyArenaLimit {
            for i in entries.indices { entries[i].hash = 0 }
            seen.clear()
            keys.removeAll(keepingCapacity: true)
            refs.removeAll(keepingCapacity: true)
            used = 0
        }
        let mask = capacity - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while entries[slot].hash != 0 { slot = (slot + 1) & mask }
        entries[slot] = Entry(hash: hash, keyStart: Int32(keys.count), keyLength: Int32(key.count),
                              refStart: Int32(refs.count), refCount: Int32(found.count))
        keys.append(contentsOf: key)
        refs.append(contentsOf: found)
        used += 1
    }
}
