import BrandPulseCore
import BrandPulseText

/// Ratings the writer gives ("7/10", "2 out of 10", "Dałbym 3 na 10", "Оценка 2 из 10", "nota 9 din 10"), from
/// lexicons/ratings.tsv. A rating scores like an emoji: one symbol with the valence of its scale row.
struct RatingRules: Sendable {
    enum Kind: String, Sendable { case of, star, after, before, filled, empty }

    /// A word list entry of one language: `of` phrases have one or two words; a `star` or `after` word may be a prefix.
    struct Word: Sendable {
        var kind: Kind
        var words: [[UInt8]]
        var prefix: Bool
    }

    /// Rows 0...5 are whole stars out of 5, rows 6...16 points out of 10.
    static let rowCount = 17
    var valence = [Double](repeating: .nan, count: rowCount)
    /// Per row, its entry in the shared emoji entries (the explanation's source), or -1.
    var entry = [Int32](repeating: -1, count: rowCount)
    /// Per language slot; the `und` slot holds every language's.
    private(set) var words: [[Word]] = Array(repeating: [], count: LexiconCompiler.slotCount)
    /// The star symbols of a rating drawn as a row of stars ("★★★☆☆"), and whether each is a filled one.
    private(set) var symbols: [(key: [UInt8], filled: Bool)] = []
    /// A quick test for the emoji path: symbols in U+2000–U+2FFF (three UTF-8 bytes from 0xE2, as ★ ☆ ⭐ are) by
    /// their last byte, modulo 64; `otherSymbols` when one is not such a symbol.
    private var symbolLastBytes: UInt64 = 0
    private var otherSymbols = false
    /// The word lists as "slot TAB kind TAB term" lines, the form the compiled-lexicon image stores.
    private(set) var lines: [String] = []

    /// The scale row of a rating written "N/M" ("3/5", "10/10"), or nil.
    static func row(_ term: String) -> Int? {
        let parts = term.split(separator: "/")
        guard parts.count == 2, let n = Int(parts[0]), let m = Int(parts[1]) else { return nil }
        if m == 5, (0...5).contains(n) { return n }
        if m == 10, (0...10).contains(n) { return 6 + n }
        return nil
    }

    /// Adds a word of `kind` for a language slot; the term is folded here.
    mutating func add(_ kind: Kind, slot: Int, term: String) {
        if kind == .filled || kind == .empty {
            // An emoji token's key is its first scalar (variation selectors are dropped).
            guard let scalar = term.unicodeScalars.first else { return }
            let key = Array(String(scalar).utf8)
            symbols.append((key, kind == .filled))
            if key.count == 3 && key[0] == 0xE2 { symbolLastBytes |= 1 << UInt64(key[2] & 63) } else { otherSymbols = true }
            lines.append("-1\t\(kind.rawValue)\t\(term)")
            return
        }
        let prefix = (kind == .star || kind == .after) && term.hasSuffix("*")
        let written = prefix ? String(term.dropLast()) : term
        let keys = written.split(separator: " ").map { Normalizer.foldedBytes(String($0)) }
        guard !keys.isEmpty, words.indices.contains(slot) else { return }
        words[slot].append(Word(kind: kind, words: keys, prefix: prefix))
        // A text too short to identify ("10 из 10") is read with every language's words.
        let undetermined = LexiconCompiler.slot(.und)
        if slot != undetermined { words[undetermined].append(Word(kind: kind, words: keys, prefix: prefix)) }
        lines.append("\(slot)\t\(kind.rawValue)\t\(term)")
    }

    init() {}

    /// Rebuilt from the image's lines.
    init(valence: [Double], entry: [Int32], lines: [String]) {
        if valence.count == Self.rowCount { self.valence = valence }
        if entry.count == Self.rowCount { self.entry = entry }
        for line in lines {
            let fields = line.split(separator: "\t", maxSplits: 2).map(String.init)
            guard fields.count == 3, let slot = Int(fields[0]), let kind = Kind(rawValue: fields[1]) else { continue }
            add(kind, slot: slot, term: fields[2])
        }
    }

    /// The rating that ends at the number token `last` (M): its scale row and its first token (N). Nil for anything
    /// else: another M, N above M, a date ("on 9/10", "9/10/2026"), one of a group ("my 1/5") or a count ("7 na 10
    /// Polaków"). Read from its end so that the tokens before it, already added as words, are simply taken back.
    /// `starAfter` says that a star word follows M ("3 out of 5 stars"): it belongs to the rating.
    func rating(endingAt last: Int, tokens: [Token], folded: UnsafeBufferPointer<UInt8>, slot: Int)
        -> (row: Int, first: Int, starAfter: Bool)? {
        guard last >= 2, last < tokens.count, words.indices.contains(slot) else { return nil }
        func key(_ i: Int) -> UnsafeBufferPointer<UInt8> {
            UnsafeBufferPointer(rebasing: folded[Int(tokens[i].keyStart)..<Int(tokens[i].keyEnd)])
        }
        func isSlash(_ i: Int) -> Bool {
            tokens.indices.contains(i) && tokens[i].kind == .punctuation && key(i).elementsEqual([UInt8(ascii: "/")])
        }
        let list = words[slot]
        func isOf(_ start: Int, length: Int) -> Bool {
            list.contains { entry in
                entry.kind == .of && entry.words.count == length && entry.words.indices.allSatisfy { offset in
                    tokens[start + offset].kind == .word && key(start + offset).elementsEqual(entry.words[offset])
                }
            }
        }
        let first: Int
        var slash = false
        if tokens[last - 2].kind == .number, isSlash(last - 1) {
            first = last - 2
            slash = true
        } else if tokens[last - 2].kind == .number, isOf(last - 1, length: 1) {
            first = last - 2
        } else if last >= 3, tokens[last - 3].kind == .number, isOf(last - 2, length: 2) {
            first = last - 3
        } else {
            return nil
        }
        guard let n = Self.number(key(first)), let m = Self.number(key(last)), m == 5 || m == 10 || m == 100, n >= 0, n <= m else { return nil }
        let after = last + 1
        if slash {
            if isSlash(after) || isSlash(first - 1) { return nil }
            if first > 0, tokens[first - 1].kind == .word, Self.holds(key(first - 1), list, [.before]) { return nil }
        } else if !endsRating(before: after, tokens: tokens, key: key, list: list, kinds: [.star, .after]) {
            return nil
        }
        let row = Self.row(n, of: m)
        let starAfter = after < tokens.count && tokens[after].kind == .word && Self.holds(key(after), list, [.star])
        return valence[row].isNaN ? nil : (row, first, starAfter)
    }

    /// The row of a bare star rating at the number token `index`, N of 0 to 5 and a star word ("3 stars", "1 gwiazdka",
    /// "5 звёзд", "4 stele"), or nil. The star word ends its clause or comes before an `after` word ("3 stars because…");
    /// before any other word it names a class ("a 5 star hotel").
    func starRating(at index: Int, tokens: [Token], folded: UnsafeBufferPointer<UInt8>, slot: Int) -> Int? {
        guard index + 1 < tokens.count, tokens[index + 1].kind == .word, words.indices.contains(slot) else { return nil }
        func key(_ i: Int) -> UnsafeBufferPointer<UInt8> {
            UnsafeBufferPointer(rebasing: folded[Int(tokens[i].keyStart)..<Int(tokens[i].keyEnd)])
        }
        let list = words[slot]
        guard Self.holds(key(index + 1), list, [.star]),
              index == 0 || tokens[index - 1].kind != .punctuation || !key(index - 1).elementsEqual([UInt8(ascii: "/")]),
              endsRating(before: index + 2, tokens: tokens, key: key, list: list, kinds: [.after]),
              let n = Self.number(key(index)), n <= 5 else { return nil }
        let row = Self.row(n, of: 5)
        return valence[row].isNaN ? nil : row
    }

    /// Whether an emoji token's key may be a star symbol: false for nearly every emoji, without a lookup.
    @inline(__always)
    func mayBeSymbol(_ key: UnsafeBufferPointer<UInt8>) -> Bool {
        if otherSymbols { return true }
        return key.count == 3 && key[0] == 0xE2 && (symbolLastBytes >> UInt64(key[2] & 63)) & 1 != 0
    }

    /// A rating drawn as a row of star symbols, filled ones first ("★★★☆☆", "⭐⭐☆☆☆"), that starts at the emoji token
    /// `index`: its scale row and its last token. The row needs an empty star and 5 or 10 stars in all: filled stars
    /// alone are decoration as often as a grade, and stay emoji.
    func symbolRating(at index: Int, tokens: [Token], folded: UnsafeBufferPointer<UInt8>) -> (row: Int, last: Int)? {
        func filled(_ i: Int) -> Bool? {
            guard tokens.indices.contains(i), tokens[i].kind == .emoji else { return nil }
            let key = UnsafeBufferPointer(rebasing: folded[Int(tokens[i].keyStart)..<Int(tokens[i].keyEnd)])
            return symbols.first { key.elementsEqual($0.key) }?.filled
        }
        guard filled(index) != nil, filled(index - 1) == nil else { return nil }
        var full = 0, empty = 0
        var k = index
        while let isFilled = filled(k) {
            if isFilled {
                guard empty == 0 else { return nil }
                full += 1
            } else {
                empty += 1
            }
            k += 1
        }
        guard empty > 0, full + empty == 5 || full + empty == 10 else { return nil }
        let row = Self.row(Double(full), of: Double(full + empty))
        return valence[row].isNaN ? nil : (row, k - 1)
    }

    /// N of M as a scale row: whole stars of 5 have their own rows, anything else is points of 10, rounded.
    private static func row(_ n: Double, of m: Double) -> Int {
        m == 5 && n == n.rounded() ? Int(n) : 6 + Int((n * 10 / m).rounded())
    }

    /// Whether token `next` lets a rating end before it: nothing, a symbol or punctuation, or a word of `kinds`.
    private func endsRating(before next: Int, tokens: [Token], key: (Int) -> UnsafeBufferPointer<UInt8>, list: [Word],
                            kinds: [Kind]) -> Bool {
        guard next < tokens.count, tokens[next].kind == .word || tokens[next].kind == .number else { return true }
        return tokens[next].kind == .word && Self.holds(key(next), list, kinds)
    }

    /// Whether a one-word entry of `kinds` is `word` (or begins it, for a prefix).
    private static func holds(_ word: UnsafeBufferPointer<UInt8>, _ list: [Word], _ kinds: [Kind]) -> Bool {
        list.contains { entry in
            kinds.contains(entry.kind) && entry.words.count == 1
                && (entry.prefix ? word.starts(with: entry.words[0]) : word.elementsEqual(entry.words[0]))
        }
    }

    /// A number token's value: digits with an optional decimal point or comma ("8", "8.5", "8,5").
    static func number(_ key: UnsafeBufferPointer<UInt8>) -> Double? {
        guard !key.isEmpty, key.count <= 6 else { return nil }
        var whole = 0.0, fraction = 0.0, scale = 1.0, afterPoint = false
        for byte in key {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                let digit = Double(byte - UInt8(ascii: "0"))
                if afterPoint { scale /= 10; fraction += digit * scale } else { whole = whole * 10 + digit }
            case UInt8(ascii: "."), UInt8(ascii: ","):
                if afterPoint { return nil }
                afterPoint = true
            default:
                return nil
            }
        }
        return whole + fraction
    }
}
