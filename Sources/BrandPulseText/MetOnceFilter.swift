/// Which hash values a memo has met since it last started over, one bit per value (so a rare collision only lets a
/// word in a little early). The per-thread memos remember a word only when it is met again: most words of a diverse
/// stream are met once, and remembering each would fill the memo and make it start over every few thousand posts.
package struct MetOnceFilter {
    private var bits: [UInt64] = []
    private let words: Int

    /// `words` 64-bit words (a power of two); nothing is allocated until the first word is met.
    package init(words: Int) { self.words = words }

    /// Whether `hash` was met before since the last ``clear()``; notes that it now has been. Reads bits 40 and up.
    @inline(__always)
    package mutating func metBefore(_ hash: UInt64) -> Bool {
        if bits.isEmpty { bits = [UInt64](repeating: 0, count: words) }
        let bit = Int(truncatingIfNeeded: hash >> 40)
        let word = bit >> 6 & (words - 1), mask = UInt64(1) << UInt64(bit & 63)
        if bits[word] & mask != 0 { return true }
        bits[word] |= mask
        return false
    }

    package mutating func clear() {
        for i in bits.indices { bits[i] = 0 }
    }
}
