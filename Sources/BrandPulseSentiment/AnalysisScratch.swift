import BrandPulseText

/// Working memory for analyzing many texts on one thread: the scorer's arrays keep their capacity from text to
/// text, and each language remembers the lexicon terms of the words it has already looked up.
///
/// Not Sendable on purpose: give each worker its own (`brandpulse score` makes one per thread). Results are the
/// same with or without it; it only saves allocations and repeated stemming.
public final class AnalysisScratch {
    var slots: [SentimentScorer.Slot] = []
    var refs: [TermRef] = []
    var units: [SentimentScorer.Unit] = []
    var contributions: [SentimentScorer.Contribution] = []
    /// The language-ID evidence of words already seen.
    var languageMemo: LanguageIdentifier.WordMemo
    /// The last post's tokens, kept for the capacity of their arrays.
    var spentText = TokenizedText.empty
    /// The intents found in a post, kept for their capacity.
    private var intents: [SentimentScorer.FoundIntent] = []
    /// Per language slot, one memo of each ``MemoKind``.
    var memos: [LookupMemo] = []
    let memoCapacity: Int

    /// What a memo remembers of a folded key.
    enum MemoKind: Int, CaseIterable {
        /// A word's lexicon terms.
        case lookup
        /// A hashtag's word starts ("nierecomand" → 0, 3). Kept per thread, so the hot path takes no lock.
        case hashtagCuts
    }

    public init() {
        memoCapacity = LookupMemo.defaultCapacity
        languageMemo = LanguageIdentifier.WordMemo(capacity: LanguageIdentifier.WordMemo.defaultCapacity)
    }

    /// A scratch whose memos hold at most `memoCapacity / 2` words before they start over (tests use a small one).
    package init(memoCapacity: Int) {
        self.memoCapacity = max(2, memoCapacity)
        languageMemo = LanguageIdentifier.WordMemo(capacity: self.memoCapacity / 4)
    }

    func takeIntents() -> [SentimentScorer.FoundIntent] {
        var list: [SentimentScorer.FoundIntent] = []
        swap(&list, &intents)
        list.removeAll(keepingCapacity: true)
        return list
    }

    func putIntents(_ list: [SentimentScorer.FoundIntent]) { intents = list }

    /// A memo of a language slot, taken out so that the scorer owns it uniquely while it works.
    func takeMemo(_ slot: Int, _ kind: MemoKind) -> LookupMemo {
        let kinds = MemoKind.allCases.count
        while memos.count < (slot + 1) * kinds {
            // A post has a few hashtags and dozens of words: the cut memo needs far fewer entries.
            let kind = MemoKind.allCases[memos.count % kinds]
            memos.append(LookupMemo(capacity: kind == .lookup ? memoCapacity : max(2, memoCapacity / 8)))
        }
        return swapMemo(slot * kinds + kind.rawValue, LookupMemo.empty)
    }

    func putMemo(_ slot: Int, _ kind: MemoKind, _ memo: LookupMemo) {
        _ = swapMemo(slot * MemoKind.allCases.count + kind.rawValue, memo)
    }

    private func swapMemo(_ index: Int, _ memo: LookupMemo) -> LookupMemo {
        var memo = memo
        swap(&memo, &memos[index])
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
    @inline(__always)
    func recall(_ key: UnsafeBufferPointer<UInt8>, hash: UInt64, into out: inout [TermRef]) -> Int? {
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

    /// Remembers that `key` looks up to `found`.
    mutating func remember(_ key: UnsafeBufferPointer<UInt8>, hash: UInt64, _ found: some Collection<TermRef>) {
        guard isUsable else { return }
        // Half full, or an arena at its limit: start over rather than probe long chains.
        if used * 2 >= capacity || keys.count + key.count > Self.keyArenaLimit {
            for i in entries.indices { entries[i].hash = 0 }
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
