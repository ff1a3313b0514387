/// A flat binary image of compiled tables, for the compiled-lexicon cache.
///
/// Arrays of plain values (no references inside) are written as their raw bytes, so an image is only valid for
/// the build that wrote it: the cache key names the executable. Strings are UTF-8 with a length.
package struct BinaryImageWriter {
    package private(set) var bytes: [UInt8] = []

    package init() {}

    package mutating func int(_ value: Int) {
        withUnsafeBytes(of: Int64(value).littleEndian) { bytes.append(contentsOf: $0) }
    }

    package mutating func double(_ value: Double) {
        withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
    }

    package mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }

    package mutating func string(_ value: String) {
        int(value.utf8.count)
        bytes.append(contentsOf: value.utf8)
    }

    package mutating func strings(_ values: [String]) {
        int(values.count)
        for value in values { string(value) }
    }

    /// An array of a type without references (checked): its elements' bytes as they are in memory.
    package mutating func plain<T>(_ values: [T]) {
        precondition(_isPOD(T.self), "\(T.self) holds references; write its fields instead")
        int(values.count)
        values.withUnsafeBytes { bytes.append(contentsOf: $0) }
    }

    /// A single value of a type without references.
    package mutating func plainValue<T>(_ value: T) {
        plain([value])
    }
}

/// Reads what ``BinaryImageWriter`` wrote, in the same order. Every read checks its bounds and throws on a
/// truncated or inconsistent image, so a damaged cache file is reported, never trusted.
package struct BinaryImageReader {
    package struct Damaged: Error, CustomStringConvertible {
        @inlinable package init() {}
        package var description: String { "the compiled image is damaged or from another version" }
    }

    @usableFromInline let bytes: [UInt8]
    @usableFromInline var offset: Int

    package init(_ bytes: [UInt8], offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    package var isAtEnd: Bool { offset == bytes.count }

    @inlinable
    package mutating func int() throws -> Int {
        guard offset + 8 <= bytes.count else { throw Damaged() }
        var value: Int64 = 0
        withUnsafeMutableBytes(of: &value) { target in
            bytes.withUnsafeBytes { source in target.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[offset..<offset + 8])) }
        }
        offset += 8
        return Int(Int64(littleEndian: value))
    }

    /// A count or length: never negative, never past the end of the image.
    @inlinable
    package mutating func count(elementSize: Int = 1) throws -> Int {
        let value = try int()
        guard value >= 0, value <= (bytes.count - offset) / max(1, elementSize) else { throw Damaged() }
        return value
    }

    package mutating func double() throws -> Double {
        Double(bitPattern: UInt64(bitPattern: Int64(try int())))
    }

    package mutating func bool() throws -> Bool {
        guard offset < bytes.count else { throw Damaged() }
        offset += 1
        return bytes[offset - 1] != 0
    }

    package mutating func string() throws -> String {
        let length = try count()
        defer { offset += length }
        return String(decoding: bytes[offset..<offset + length], as: UTF8.self)
    }

    package mutating func strings() throws -> [String] {
        let n = try count(elementSize: 8)
        var values: [String] = []
        values.reserveCapacity(n)
        for _ in 0..<n { values.append(try string()) }
        return values
    }

    @inlinable
    package mutating func plain<T>(_ type: T.Type = T.self) throws -> [T] {
        precondition(_isPOD(T.self), "\(T.self) holds references")
        let stride = MemoryLayout<T>.stride
        let n = try count(elementSize: stride)
        let size = n * stride
        let start = offset
        offset += size
        return [T](unsafeUninitializedCapacity: n) { buffer, initialized in
            bytes.withUnsafeBytes { source in
                UnsafeMutableRawBufferPointer(buffer).copyMemory(from: UnsafeRawBufferPointer(rebasing: source[start..<start + size]))
            }
            initialized = n
        }
    }

    package mutating func plainValue<T>(_ type: T.Type = T.self) throws -> T {
        guard let value = try plain(T.self).first else { throw Damaged() }
        return value
    }
}
