extension LanguageIdentifier {
    /// The word evidence of words already seen (word lists and endings): per word, the additions to the score rows
    /// that ending the word makes, in their order. A word is known by its two hashes (folded, and lower case with
    /// diacritics) and a variant (hashtag or not, diacritics or not, endings counted or not), which together decide
    /// every one of those additions. Replaying them in order gives the same sums, bit for bit, as computing them.
    ///
    /// One per thread (see ``identify(_:hint:memo:)``): a stream of posts repeats most of its words, and a word's
    /// evidence costs a hash probe per list and up to four for its endings.
    package struct WordMemo {
        struct Entry {
            var key: UInt64
            var exactKey: UInt64
            var itemStart: UInt32
            var itemCount: UInt16
            var variant: UInt8
        }

        struct Item {
            var index: UInt16
            var value: Float
        }

        package static let defaultCapacity = 1 << 12
        /// Remembers nothing: identification without a memo.
        static let none = WordMemo(capacity: 0)

        private var entries: [Entry]
        private var items: [Item] = []
        /// Only a word met again is remembered: the long tail of words met once costs a bit test, not an entry.
        private var seen = MetOnceFilter(words: 1 << 10)
        private var used = 0
        private let capacity: Int
        /// The entry whose additions are being noted.
        private var open = -1

        /// `capacity` is rounded up to a power of two; the memo starts over when half full.
        package init(capacity: Int) {
            var size = capacity > 0 ? 2 : 0
            while size > 0 && size < capacity { size <<= 1 }
            self.capacity = size
            entries = [Entry](repeating: Entry(key: 0, exactKey: 0, itemStart: 0, itemCount: 0, variant: 0), count: size)
        }

        /// Whether the word was met before since the last start-over; notes that it now has been.
        @inline(__always)
        mutating func metBefore(_ key: UInt64, _ exactKey: UInt64) -> Bool {
            seen.metBefore(key ^ exactKey)
        }

        var isUsable: Bool { capacity > 0 }

        @inline(__always)
        private func firstSlot(_ key: UInt64, _ exactKey: UInt64) -> Int {
            Int(truncatingIfNeeded: key ^ (exactKey >> 17)) & (capacity - 1)
        }

        /// Adds the remembered evidence of the word to `scores` and returns true, or returns false when the word
        /// is not known.
        @inline(__always)
        func replay(_ key: UInt64, _ exactKey: UInt64, _ variant: UInt8, _ scores: UnsafeMutablePointer<Float>) -> Bool {
            let mask = capacity - 1
            var slot = firstSlot(key, exactKey)
            return entries.withUnsafeBufferPointer { table in
                while true {
                    let entry = table[slot]
                    // Hashes are never 0 (``LanguageIdentifier/finish(_:)``): 0 marks a free slot.
                    if entry.key == 0 { return false }
                    if entry.key == key && entry.exactKey == exactKey && entry.variant == variant {
                        items.withUnsafeBufferPointer { items in
                            let start = Int(entry.itemStart)
                            for item in items[start ..< start + Int(entry.itemCount)] { scores[Int(item.index)] += item.value }
                        }
                        return true
                    }
                    slot = (slot + 1) & mask
                }
            }
        }

        /// Opens an entry for the word; ``note(_:_:)`` then records its additions until ``end()``.
        mutating func begin(_ key: UInt64, _ exactKey: UInt64, _ variant: UInt8) {
            if used * 2 >= capacity || items.count >= capacity * 16 {
                for i in entries.indices { entries[i].key = 0 }
                seen.clear()
                items.removeAll(keepingCapacity: true)
                used = 0
            }
            let mask = capacity - 1
            var slot = firstSlot(key, exactKey)
            while entries[slot].key != 0 { slot = (slot + 1) & mask }
            entries[slot] = Entry(key: key, exactKey: exactKey, itemStart: UInt32(items.count), itemCount: 0, variant: variant)
            used += 1
            open = slot
        }

        @inline(__always)
        mutating func note(_ index: Int, _ value: Float) {
            items.append(Item(index: UInt16(truncatingIfNeeded: index), value: value))
        }

        mutating func end() {
            entries[open].itemCount = UInt16(clamping: items.count - Int(entries[open].itemStart))
            open = -1
        }
    }
}
