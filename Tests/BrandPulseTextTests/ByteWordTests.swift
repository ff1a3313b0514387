import BrandPulseText
import Testing

/// `ByteWord` against the plain byte loop: every target byte at every position of a word whose other bytes run
/// through all values, so a borrow from one byte into the next cannot go unnoticed.
@Suite struct ByteWordTests {
    static func word(_ bytes: [UInt8]) -> UInt64 {
        bytes.enumerated().reduce(0) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
    }

    @Test func hasMatchesTheByteLoop() {
        for target: UInt8 in [0x00, 0x22, 0x26, 0x5C, 0x80, 0xCD, 0xFF] {
            for filler in UInt8.min...UInt8.max {
                for position in -1..<8 {
                    var bytes = [UInt8](repeating: filler, count: 8)
                    if position >= 0 { bytes[position] = target }
                    #expect(ByteWord.has(Self.word(bytes), target) == bytes.contains(target))
                }
            }
        }
    }

    @Test func hasBelowMatchesTheByteLoop() {
        for bound: UInt8 in [0x01, 0x20, 0x41, 0x80] {
            for filler in UInt8.min...UInt8.max {
                for low: UInt8 in [0x00, bound &- 1, bound, 0x7F, 0xFF] {
                    for position in -1..<8 {
                        var bytes = [UInt8](repeating: filler, count: 8)
                        if position >= 0 { bytes[position] = low }
                        #expect(ByteWord.hasBelow(Self.word(bytes), bound) == bytes.contains { $0 < bound })
                    }
                }
            }
        }
    }
}
