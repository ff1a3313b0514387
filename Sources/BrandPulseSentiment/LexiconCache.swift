import BrandPulseCore
import BrandPulseText
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Compiled lexicons kept on disk between runs, so that a short run does not spend most of its time compiling.
///
/// An image is keyed by the content of every file under the lexicon directory, the user lexicons, and the
/// executable that wrote it (its tables are written as raw memory). Any change to one of them is a new key: the
/// next load compiles, reports the lexicon's problems as usual, and writes a new image. An image that fails its
/// checksum or its bounds checks is ignored. Lexicons with errors are never cached.
public struct LexiconCache: Sendable {
    public let directory: URL

    public init(directory: URL) { self.directory = directory }

    /// `$BRANDPULSE_CACHE_DIR`, else `$XDG_CACHE_HOME/brandpulse`, else `~/.cache/brandpulse`; nil when
    /// `BRANDPULSE_CACHE_DIR` is `off`.
    public static var standard: LexiconCache? {
        let environment = ProcessInfo.processInfo.environment
        if let path = environment["BRANDPULSE_CACHE_DIR"], !path.isEmpty {
            return path == "off" ? nil : LexiconCache(directory: URL(fileURLWithPath: path))
        }
        if let xdg = environment["XDG_CACHE_HOME"], !xdg.isEmpty {
            return LexiconCache(directory: URL(fileURLWithPath: xdg).appendingPathComponent("brandpulse"))
        }
        guard let home = environment["HOME"], !home.isEmpty else { return nil }
        return LexiconCache(directory: URL(fileURLWithPath: home).appendingPathComponent(".cache/brandpulse"))
    }

    static let magic = Array("BPLXIMG1".utf8)
    /// Images kept in the directory; older ones are removed when a new one is written.
    static let kept = 6

    /// The key of a lexicon directory and its user lexicons, or nil when a file cannot be read.
    package func key(lexiconDirectory: URL, userLexicons: [Language: [URL]]) -> Key? {
        var hasher = ContentHasher()
        hasher.add(LexiconCache.magic)
        guard let executable = LexiconCache.executableIdentity() else { return nil }
        hasher.add(Array(executable.utf8))
        let root = lexiconDirectory.standardizedFileURL.path
        hasher.add(Array(root.utf8))
        guard let files = LexiconCache.regularFiles(under: root) else { return nil }
        for relative in files.sorted() {
            guard let bytes = LexiconCache.readFile(root + "/" + relative) else { return nil }
            hasher.add(Array(relative.utf8))
            hasher.add(bytes)
        }
        for language in userLexicons.keys.sorted(by: { $0.rawValue < $1.rawValue }) {
            for url in userLexicons[language] ?? [] {
                hasher.add(Array("\(language.rawValue) \(url.path)".utf8))
                // A missing user lexicon is an error the compile reports; it is keyed as missing.
                hasher.add(LexiconCache.readFile(url.path) ?? Array("missing".utf8))
            }
        }
        return hasher.key
    }

    package func imageURL(_ key: Key) -> URL { directory.appendingPathComponent("lexicons-\(key.hex).bin") }

    /// A reader positioned at the payload of the image for `key`, or nil when there is none or it is damaged.
    /// The reader works on the mapped file: a load copies the image once, into its tables.
    package func read(_ key: Key) -> BinaryImageReader? {
        let path = imageURL(key).path
        // An image is trusted only when no one else could have written it: a shared cache folder is no place to
        // take compiled tables from.
        guard LexiconCache.isPrivate(path), var image = BinaryImageReader(mapping: path), image.count >= 40 else { return nil }
        guard image.withRemainingBytes({ $0.prefix(8).elementsEqual(LexiconCache.magic) }),
              (try? image.skip(LexiconCache.magic.count)) != nil,
              let first = try? image.int(), let second = try? image.int(), UInt64(bitPattern: Int64(first)) == key.first,
              UInt64(bitPattern: Int64(second)) == key.second,
              let length = try? image.int(), let checksum = try? image.int(), length == image.count - 40,
              image.withRemainingBytes(LexiconCache.checksum) == UInt64(bitPattern: Int64(checksum)) else { return nil }
        return image
    }

    /// Writes the image for `key` (atomically: a reader sees the old state or the whole new file) and removes
    /// the oldest images beyond `kept`. Failures (read-only home, full disk) only cost the next run a compile.
    @discardableResult
    func write(_ key: Key, payload: [UInt8]) -> Bool {
        var header = BinaryImageWriter()
        header.int(Int(Int64(bitPattern: key.first)))
        header.int(Int(Int64(bitPattern: key.second)))
        header.int(payload.count)
        header.int(Int(Int64(bitPattern: payload.withUnsafeBytes { LexiconCache.checksum($0) })))
        let file = LexiconCache.magic + header.bytes + payload
        let target = imageURL(key)
        let temporary = directory.appendingPathComponent(".lexicons-\(key.hex).\(UUID().uuidString).tmp")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data(file).write(to: temporary)
            // Readable and writable by this user only, whatever the umask: `read` trusts nothing else.
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: temporary.path)
            guard rename(temporary.path, target.path) == 0 else {
                try? FileManager.default.removeItem(at: temporary)
                return false
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            return false
        }
        prune(keeping: target.lastPathComponent)
        return true
    }

    private func prune(keeping current: String) {
        let manager = FileManager.default
        guard let names = try? manager.contentsOfDirectory(atPath: directory.path) else { return }
        let others = names.filter { $0.hasPrefix("lexicons-") && $0.hasSuffix(".bin") && $0 != current }
        let images = others.compactMap { name -> (String, Date)? in
            let path = directory.appendingPathComponent(name).path
            guard let date = (try? manager.attributesOfItem(atPath: path))?[.modificationDate] as? Date else { return nil }
            return (path, date)
        }
        for (path, _) in images.sorted(by: { $0.1 > $1.1 }).dropFirst(LexiconCache.kept - 1) { try? manager.removeItem(atPath: path) }
    }

    package struct Key: Hashable, Sendable {
        var first: UInt64
        var second: UInt64
        var hex: String { String(format: "%016llx%016llx", first, second) }
    }

    /// Two multiply-xorshift streams over 8-byte words, with different constants: a 128-bit content key.
    struct ContentHasher {
        private var first: UInt64 = KeyTable.offsetBasis
        private var second: UInt64 = 0x84222325cbf29ce4

        mutating func add(_ bytes: [UInt8]) {
            var a = first, b = second
            bytes.withUnsafeBytes { raw in
                let words = raw.count / 8
                for i in 0..<words {
                    let w = raw.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)
                    a = (a ^ w) &* 0xbf58_476d_1ce4_e5b9
                    a ^= a >> 29
                    b = (b ^ w) &* 0x94d0_49bb_1331_11eb
                    b ^= b >> 31
                }
                for i in (words * 8)..<raw.count {
                    a = (a ^ UInt64(raw[i])) &* KeyTable.prime
                    b = (b ^ UInt64(raw[i])) &* 0x9E37_79B9_7F4A_7C15
                }
            }
            // The length too: ("ab", "c") and ("a", "bc") differ.
            first = (a ^ UInt64(bytes.count)) &* KeyTable.prime
            second = (b ^ UInt64(bytes.count)) &* 0x9E37_79B9_7F4A_7C15
        }

        var key: Key { Key(first: first, second: second) }
    }

    /// A fast 64-bit checksum over 8-byte words (a damaged or truncated image fails it).
    static func checksum(_ raw: UnsafeRawBufferPointer) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(raw.count)
        let words = raw.count / 8
        for i in 0..<words {
            let w = raw.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)
            h = (h ^ w) &* 0xbf58_476d_1ce4_e5b9
            h ^= h >> 31
        }
        for i in (words * 8)..<raw.count { h = (h ^ UInt64(raw[i])) &* KeyTable.prime }
        return h
    }

    /// Size, modification time and inode of the running executable: an image stores raw memory layouts, so it
    /// is only valid for the build that wrote it.
    /// nil where the executable cannot be identified: no cache there.
    static func executableIdentity() -> String? {
        var info = stat()
        guard stat("/proc/self/exe", &info) == 0 else { return nil }
        return "\(info.st_size) \(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec) \(info.st_ino)"
    }

    /// Owned by this user and writable by no one else.
    static func isPrivate(_ path: String) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0 else { return false }
        return info.st_uid == geteuid() && info.st_mode & (S_IWGRP | S_IWOTH) == 0
    }

    /// The relative paths of the regular files under `root` (symbolic links followed, but not into directories),
    /// or nil when `root` cannot be listed. Every run keys the cache, and Foundation's enumerator costs as much
    /// per file as reading it.
    package static func regularFiles(under root: String) -> [String]? {
        var files: [String] = []
        func walk(_ relative: String) -> Bool {
            guard let directory = opendir(relative.isEmpty ? root : root + "/" + relative) else { return false }
            defer { closedir(directory) }
            while let entry = readdir(directory) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
                }
                if name == "." || name == ".." { continue }
                let child = relative.isEmpty ? name : relative + "/" + name
                let path = root + "/" + child
                var info = stat()
                guard lstat(path, &info) == 0 else { continue }
                if info.st_mode & S_IFMT == S_IFDIR {
                    guard walk(child) else { return false }
                } else if stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG {
                    files.append(child)
                }
            }
            return true
        }
        return walk("") ? files : nil
    }

    /// The whole file, read straight into the array: one copy of the bytes, where Foundation's `Data` and the
    /// array made from it take two. Every run reads every lexicon file to key the cache.
    static func readFile(_ path: String) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        let size = Int(info.st_size)
        var failed = false
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            initialized = 0
            guard let base = buffer.baseAddress else { return }
            while initialized < size {
                let got = Glibc.read(descriptor, base + initialized, size - initialized)
                if got > 0 { initialized += got; continue }
                if got < 0 && errno == EINTR { continue }
                failed = got < 0
                return
            }
        }
        return failed ? nil : bytes
    }
}
