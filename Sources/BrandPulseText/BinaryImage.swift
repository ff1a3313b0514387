#if canImport(Glibc)
import Glibc
#endif

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

    /// The bytes, owned by the reader: a copy of an array, or a read-only mapping of a file.
    @usableFromInline
    final class Storage: @unchecked Sendable { // immutable after init
        @usableFromInline let raw: UnsafeRawBufferPointer
        private let base: UnsafeMutableRawPointer
        private let mapped: Bool

        init(copying bytes: [UInt8]) {
            let base = UnsafeMutableRawPointer.allocate(byteCount: max(1, bytes.count), alignment: 16)
            bytes.withUnsafeBytes { source in
                if let from = source.baseAddress { base.copyMemory(from: from, byteCount: source.count) }
            }
            self.base = base
            raw = UnsafeRawBufferPointer(start: base, count: bytes.count)
            mapped = false
        }

        init(mapped base: UnsafeMutableRawPointer, count: Int) {
            self.base = base
            raw = UnsafeRawBufferPointer(start: base, count: count)
            mapped = true
        }

        deinit {
            if mapped { munmap(base, raw.count) } else { base.deallocate() }
        }
    }

    @usableFromInline let storage: Storage
    @usableFromInline var offset: Int

    package init(_ bytes: [UInt8], offset: Int = 0) {
        storage = Storage(copying: bytes)
        self.offset = offset
    }

    /// The file at `path`, mapped read-only, or nil when it cannot be opened, is empty or is no regular file.
    /// The pages come straight from the page cache: a multi-megabyte image costs no copy and no page faults
    /// before its tables are copied out. Whoever replaces the file must do so by rename, never in place.
    package init?(mapping path: String) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_size > 0 else { return nil }
        let count = Int(info.st_size)
        guard let base = mmap(nil, count, PROT_READ, MAP_PRIVATE | MAP_POPULATE, descriptor, 0), base != MAP_FAILED else {
            return nil
        }
        storage = Storage(mapped: base, count: count)
        offset = 0
    }

    package var count: Int { storage.raw.count }
    package var isAtEnd: Bool { offset == storage.raw.count }

    /// The image's bytes from `offset` to the end, without moving.
    package func withRemainingBytes<Result>(_ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        body(UnsafeRawBufferPointer(rebasing: storage.raw[min(offset, storage.raw.count)...]))
    }

    package mutating func skip(_ byteCount: Int) throws {
        guard byteCount >= 0, offset + byteCount <= storage.raw.count else { throw Damaged() }
        offset += byteCount
    }

    @inlinable
    package mutating func int() throws -> Int {
        guard offset + 8 <= storage.raw.count else { throw Damaged() }
        let value = storage.raw.loadUnaligned(fromByteOffset: offset, as: Int64.self)
        offset += 8
        return Int(Int64(littleEndian: value))
    }

    /// A count or length: never negative, never past the end of the image.
    @inlinable
    package mutating func count(elementSize: Int = 1) throws -> Int {
        let value = try int()
        guard value >= 0, value <= (storage.raw.count - offset) / max(1, elementSize) else { throw Damaged() }
        return value
    }

    package mutating func double() throws -> Double {
        Double(bitPattern: UInt64(bitPattern: Int64(try int())))
    }

    package mutating func bool() throws -> Bool {
        guard offset < storage.raw.count else { throw Damaged() }
        offset += 1
        return storage.raw[offset - 1] != 0
    }

    package mutating func string() throws -> String {
        let length = try count()
        defer { offset += length }
        return String(decoding: UnsafeRawBufferPointer(rebasing: storage.raw[offset..<offset + length]), as: UTF8.self)
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
            UnsafeMutableRawBufferPointer(buffer).copyMemory(from: UnsafeRawBufferPointer(rebasing: storage.raw[start..<start + size]))
            initialized = n
        }
    }

    package mutating func plainValue<T>(_ type: T.Type = T.self) throws -> T {
        guard let value = try plain(T.self).first else { throw Damaged() }
        return value
    }
}
