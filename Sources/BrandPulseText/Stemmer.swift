import BrandPulseCore

/// Light, rule-based suffix stripping per language (Snowball-like), on *folded* words.
///
/// The stem is always a prefix of the folded word, so the stemmer returns a byte length and never allocates.
/// It is applied identically to lexicon lemmas and to text, so "fatalny", "fatalnego" and "fatalnie" meet.
/// Words of fewer than four letters are never stemmed, and a stem keeps at least three letters.
public struct Stemmer: Sendable {
    public let language: Language
    /// Suffixes (folded UTF-8), longest first.
    private let suffixes: [[UInt8]]
    /// Reflexive / particle endings removed before the main suffix (Russian "-ся", "-сь").
    private let preSuffixes: [[UInt8]]
    private let minimumStem: Int
    /// Suffix indices by their last byte, longest first.
    private let byLastByte: [[Int]]
    /// Letters per suffix.
    private let suffixLetters: [Int]
    /// Flat copies for the hot path (no nested arrays to retain): every suffix's bytes back to back, and per last
    /// byte the suffix indices (longest first) as a range of `bucketIndices`.
    private let suffixArena: [UInt8]
    private let suffixStart: [Int32]
    private let bucketStart: [Int32]
    private let bucketIndices: [Int32]

    public init(language: Language) {
        self.language = language
        let list: [String]
        var pre: [String] = []
        var minimum = 3
        switch language {
        case .en:
            // Inflection only: derivational endings change meaning ("wonderful" is not "wonder").
            list = ["ings", "ing", "ied", "ies", "ers", "er", "est", "ed", "es", "ly", "s", "e"]
        case .pl:
            list = [
                "owaniach", "owaniami", "owaniem", "owania", "owanie", "owaniu",
                "iejszego", "iejszych", "iejszym", "iejsza", "iejszy", "iejsze",
                "owego", "owemu", "owymi", "owych", "owej", "owym", "owy", "owa", "owe",
                "anego", "anych", "anym", "ana", "ane", "any",
                "ego", "emu", "ymi", "imi", "ych", "ich", "iej", "ej", "ym", "im", "ie", "ia", "iu", "io",
                "ami", "ach", "om", "ow", "em", "ii",
                "ujemy", "ujecie", "uja", "uje", "ujesz", "ujac",
                "alismy", "alem", "alam", "alas", "ales", "aly", "ali", "ala", "alo", "al",
                "ilem", "ilam", "ila", "ilo", "ili", "ily", "il",
                "amy", "acie", "aja", "asz", "am", "emy", "ecie", "esz", "cie", "ac", "ic", "yc", "ec",
                "a", "e", "i", "y", "o", "u",
            ]
        case .ru:
            pre = ["ся", "сь"]
            list = [
                "ейшего", "ейшая", "ейший", "ейшее", "ейшие", "ейших",
                "ующая", "ующий", "ующее", "ующие", "ающий", "ающая", "яющий",
                "ового", "овому", "овыми",
                "ого", "его", "ому", "ему", "ыми", "ими", "ами", "ями",
                "ешь", "ете", "ите", "ишь", "ать", "ять", "ить", "еть", "уть", "ала", "али", "ало", "ила", "или", "ило",
                "ела", "ели", "ело", "ует", "уют",
                "ых", "их", "ая", "яя", "ое", "ее", "ые", "ие", "ый", "ий", "ой", "ую", "юю", "ым", "им", "ей",
                "ах", "ях", "ом", "ем", "ов", "ев", "ам", "ям", "ет", "ут", "ют", "ит", "ат", "ят", "ал", "ил", "ел",
                "ть", "ию", "ия", "ии", "ие", "ья", "ье", "ью",
                "а", "я", "у", "ю", "е", "ы", "и", "о", "ь", "й",
            ]
        case .ro:
            list = [
                "urilor", "ilor", "elor", "ului", "iile", "ele", "ile", "uri", "ul", "ii", "ei", "le",
                "easca", "esti", "este", "esc", "eaza", "ezi", "ez", "ati", "ata", "ate", "ate", "ita", "ite", "iti",
                "ut", "uta", "ute", "uti", "at", "it", "am", "au", "ai", "ea",
                "a", "e", "i", "u",
            ]
            minimum = 3
        case .und:
            list = []
        }
        func sorted(_ strings: [String]) -> [[UInt8]] {
            var seen = Set<[UInt8]>()
            return strings.map { Array($0.utf8) }.filter { seen.insert($0).inserted }.sorted { $0.count > $1.count }
        }
        self.suffixes = sorted(list)
        self.preSuffixes = sorted(pre)
        self.minimumStem = minimum
        var buckets = [[Int]](repeating: [], count: 256)
        var letters: [Int] = []
        for (index, suffix) in self.suffixes.enumerated() {
            if let last = suffix.last { buckets[Int(last)].append(index) }
            letters.append(suffix.reduce(0) { $0 + ($1 & 0xC0 != 0x80 ? 1 : 0) })
        }
        self.byLastByte = buckets
        self.suffixLetters = letters
        var arena: [UInt8] = []
        var starts: [Int32] = []
        for suffix in self.suffixes {
            starts.append(Int32(arena.count))
            arena.append(contentsOf: suffix)
        }
        starts.append(Int32(arena.count))
        var bucketStart: [Int32] = []
        var bucketIndices: [Int32] = []
        for bucket in buckets {
            bucketStart.append(Int32(bucketIndices.count))
            bucketIndices.append(contentsOf: bucket.map { Int32($0) })
        }
        bucketStart.append(Int32(bucketIndices.count))
        self.suffixArena = arena
        self.suffixStart = starts
        self.bucketStart = bucketStart
        self.bucketIndices = bucketIndices
    }

    /// Letters (scalars) in a UTF-8 byte range.
    @inline(__always)
    static func letterCount(_ bytes: UnsafeBufferPointer<UInt8>, _ length: Int) -> Int {
        var count = 0
        for k in 0..<length where bytes[k] & 0xC0 != 0x80 { count += 1 }
        return count
    }

    @inline(__always)
    private static func hasSuffix(_ bytes: UnsafeBufferPointer<UInt8>, _ length: Int, _ suffix: [UInt8]) -> Bool {
        let count = suffix.count
        guard count < length else { return false }
        var k = 0
        let offset = length - count
        while k < count {
            if bytes[offset + k] != suffix[k] { return false }
            k += 1
        }
        return true
    }

    /// The word's length and letter count once a pre-suffix (a particle or clitic) is stripped, or nil
    /// when the word is too short to stem. Shared by the flat hot path and its reference.
    private func afterPreSuffix(_ bytes: UnsafeBufferPointer<UInt8>) -> (length: Int, letters: Int)? {
        var length = bytes.count
        let letters = Stemmer.letterCount(bytes, length)
        guard letters >= 4, !suffixes.isEmpty else { return nil }
        var remaining = letters
        for suffix in preSuffixes where Stemmer.hasSuffix(bytes, length, suffix) {
            var suffixLetters = 0
            for b in suffix where b & 0xC0 != 0x80 { suffixLetters += 1 }
            if remaining - suffixLetters >= minimumStem + 1 {
                length -= suffix.count
                remaining -= suffixLetters
            }
            break
        }
        return (length, remaining)
    }

    /// The length in bytes of the stem of a folded word.
    public func stemLength(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        guard let stripped = afterPreSuffix(bytes) else { return bytes.count }
        var length = stripped.length
        let remaining = stripped.letters
        guard length > 0 else { return length }
        let last = Int(bytes[length - 1])
        var b = Int(bucketStart[last])
        let bucketEnd = Int(bucketStart[last + 1])
        while b < bucketEnd {
            let index = Int(bucketIndices[b])
            b += 1
            let start = Int(suffixStart[index])
            let count = Int(suffixStart[index + 1]) - start
            guard count < length else { continue }
            let offset = length - count
            var k = 0
            while k < count && bytes[offset + k] == suffixArena[start + k] { k += 1 }
            guard k == count else { continue }
            if remaining - suffixLetters[index] >= minimumStem {
                length -= count
                break
            }
        }
        return length
    }

    /// The plain (unflattened) stem length, kept as the reference for the flat hot path in tests.
    package func referenceStemLength(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        guard let stripped = afterPreSuffix(bytes) else { return bytes.count }
        var length = stripped.length
        let remaining = stripped.letters
        guard length > 0 else { return length }
        for index in byLastByte[Int(bytes[length - 1])] where Stemmer.hasSuffix(bytes, length, suffixes[index]) {
            if remaining - suffixLetters[index] >= minimumStem {
                length -= suffixes[index].count
                break
            }
        }
        return length
    }

    /// The stem of a folded word as bytes.
    public func stem(_ bytes: [UInt8]) -> ArraySlice<UInt8> {
        let length = bytes.withUnsafeBufferPointer { stemLength($0) }
        return bytes[0..<length]
    }

    /// Folds and stems a word (convenience for tests and the lexicon loader).
    public func stem(_ word: String) -> String {
        let bytes = Normalizer.foldedBytes(word)
        return String(decoding: stem(bytes), as: UTF8.self)
    }
}
