/// Tests on eight input bytes at once, loaded as one little-endian word: the scans that run over every byte of
/// every post skip the words that hold nothing of interest. Both tests are exact about whether any byte of the
/// word matches; a borrow can only mark bytes above a true match, which the caller's byte loop then reads.
public enum ByteWord {
    static let ones: UInt64 = 0x0101_0101_0101_0101
    static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// Whether some byte of `word` equals `byte`.
    @inline(__always)
    public static func has(_ word: UInt64, _ byte: UInt8) -> Bool {
        let x = word ^ (ones &* UInt64(byte))
        return (x &- ones) & ~x & highBits != 0
    }

    /// Whether some byte of `word` is below `bound` (at most 0x80).
    @inline(__always)
    public static func hasBelow(_ word: UInt64, _ bound: UInt8) -> Bool {
        (word &- ones &* UInt64(bound)) & ~word & highBits != 0
    }
}
