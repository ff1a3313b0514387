/// An interning hash table from byte strings (folded keys) to dense `Int32` ids.
///
/// Open addressing over one byte arena, FNV-1a hashing; lookups take a byte slice and allocate nothing.
/// Built once when the lexicon loads, then shared by value.
public struct KeyTable: Sendable {
    @usableFromInline var arena: [UInt8] = []
    @usableFromInline var starts: [Int32] = []
    @usableFromInline var lengths: [Int32] = []
    @usableFromInline var hashes: [UInt64] = []
    /// Per id, hash, arena start and length side by side: a hit reads one cache line of metadata, not three.
    @usableFromInline var entries: [Entry] = []

    @usableFromInline
    struct Entry: Sendable {
        @usableFromInline var hash: UInt64
        @usableFromInline var start: Int32
        @usableFromInline var length: Int32

        @usableFromInline init(hash: UInt64, start: Int32, length: Int32) {
            self.hash = hash
            self.start = start
            self.length = length
        }
    }
    @usableFromInline var slots: [Int32]
    @usableFromInline var mask: Int
    /// A 64 Ki-bit membership filter (8 KB, cache-resident): most words are in no table, and the filter
    /// answers "no" for about nine in ten of them without touching the slots.
    @usableFromInline var filter = [UInt64](repeating: 0, count: 1024)

    public init(capacity: Int = 16) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
    }

    /// Number of keys.
    @inlinable public var count: Int { starts.count }

    public static let offsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325
    public static let prime: UInt64 = 0x100_0000_01b3

    @inlinable @inline(__always)
    public static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h = offsetBasis
        for b in bytes { h = (h ^ UInt64(b)) &* prime }
        return h
    }

    @inlinable @inline(__always)
    public static func step(_ h: UInt64, _ byte: UInt8) -> UInt64 { (h ^ UInt64(byte)) &* prime }

    @inlinable @inline(__always)
    static func mix(_ h: UInt64) -> Int {
        var x = h
        x ^= x >> 29
        x = x &* 0xbf58_476d_1ce4_e5b9
        x ^= x >> 32
        return Int(truncatingIfNeeded: x)
    }

    /// The id of a key, or -1. `hash` must be `KeyTable.hash(bytes)`.
    @inlinable @inline(__always)
    static func filterBit(_ hash: UInt64) -> (Int, UInt64) {
        let bit = Int(truncatingIfNeeded: hash >> 48) & 0xFFFF
        return (bit >> 6, UInt64(1) << UInt64(bit & 63))
    }

    @inlinable @inline(__always)
    public func find(_ bytes: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int32 {
        let (word, bit) = KeyTable.filterBit(hash)
        if filter[word] & bit == 0 { return -1 }
        var slot = KeyTable.mix(hash) & mask
        while true {
            let id = slots[slot]
            if id < 0 { return -1 }
            let entry = entries[Int(id)]
            if entry.hash == hash && Int(entry.length) == bytes.count {
                let start = Int(entry.start)
                var equal = true
                var k = 0
                while k < bytes.count {
                    if arena[start + k] != bytes[k] { equal = false; break }
                    k += 1
                }
                if equal { return id }
            }
            slot = (slot + 1) & mask
        }
    }

    /// The id of a key, or -1.
    public func find(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32 { find(bytes, hash: KeyTable.hash(bytes)) }

    /// The id of a key, or -1.
    public func find<C: Collection>(_ key: C) -> Int32 where C.Element == UInt8 {
        let array = Array(key)
        return array.withUnsafeBufferPointer { find($0) }
    }

    /// The id of a string's UTF-8 bytes (not folded), or -1.
    public func find(_ key: String) -> Int32 { find(Array(key.utf8)) }

    /// Interns a key and returns its id (existing or new).
    @discardableResult
    public mutating func insert<C: Collection>(_ key: C) -> Int32 where C.Element == UInt8 {
        let bytes = Array(key)
        let existing = bytes.withUnsafeBufferPointer { find($0) }
        if existing >= 0 { return existing }
        if (starts.count + 1) * 2 > slots.count { grow() }
        let h = bytes.withUnsafeBufferPointer { KeyTable.hash($0) }
        let id = Int32(starts.count)
        starts.append(Int32(arena.count))
        lengths.append(Int32(bytes.count))
        hashes.append(h)
        entries.append(Entry(hash: h, start: Int32(arena.count), length: Int32(bytes.count)))
        arena.append(contentsOf: bytes)
        place(id, hash: h)
        let (word, bit) = KeyTable.filterBit(h)
        filter[word] |= bit
        return id
    }

    /// The bytes of a key by id.
    public func key(_ id: Int32) -> ArraySlice<UInt8> {
        let start = Int(starts[Int(id)])
        return arena[start..<(start + Int(lengths[Int(id)]))]
    }

    private mutating func place(_ id: Int32, hash: UInt64) {
        var slot = KeyTable.mix(hash) & mask
        while slots[slot] >= 0 { slot = (slot + 1) & mask }
        slots[slot] = id
    }

    private mutating func grow() {
        let size = slots.count * 2
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
        for index in 0..<starts.count { place(Int32(index), hash: hashes[index]) }
    }
}

extension KeyTable {
    package func write(to image: inout BinaryImageWriter) {
        image.plain(arena)
        image.plain(starts)
        image.plain(lengths)
        image.plain(hashes)
        image.plain(entries)
        image.plain(slots)
        image.int(mask)
        image.plain(filter)
    }

    package init(image: inout BinaryImageReader) throws {
        self.init(capacity: 0)
        arena = try image.plain()
        starts = try image.plain()
        lengths = try image.plain()
        hashes = try image.plain()
        entries = try image.plain()
        slots = try image.plain()
        mask = try image.int()
        filter = try image.plain()
        guard slots.count == mask + 1, slots.count.nonzeroBitCount == 1, filter.count == 1024, lengths.count == starts.count,
              hashes.count == starts.count, entries.count == starts.count else { throw BinaryImageReader.Damaged() }
    }
}
