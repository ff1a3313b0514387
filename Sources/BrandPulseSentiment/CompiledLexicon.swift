import BrandPulseCore
import BrandPulseText
import Foundation

/// How a lexicon word meets a token: exact folded form, stemmed lemma, or stem prefix.
enum MatchKind: Int32, Sendable {
    case exact = 0, lemma = 1, prefix = 2
}

/// A reference to a term in one of the three tables: `id << 2 | kind`.
typealias TermRef = Int32

@inline(__always) func makeRef(_ kind: MatchKind, _ id: Int32) -> TermRef { (id << 2) | kind.rawValue }

/// What a word does besides carrying a valence.
enum TermRole: UInt8, Sendable {
    /// `degree` is a modifier that also marks an emphatic comparison after "never" ("never been so happy").
    /// `marker` and `that` come from discourse.tsv: a word of praise that also opens a reply ("Dobra, idę"),
    /// and a complementizer that keeps it praise ("Dobrze, że jest"). `comparative` and `find` come from
    /// comparison.tsv: a comparative ("better", "lepszy", "лучше") and a verb of finding ("find", "znajdziesz",
    /// "найдёте", "găsești"), which together under a negation rank instead of denying ("won't find better").
    /// `and` (discourse.tsv) is a coordinating conjunction, where a negation that has passed a word stops; `ask`
    /// (discourse.tsv) opens a request for advice ("can anyone recommend", "czy warto"), whose question asks for praise
    /// instead of giving it.
    /// `exist`, `trouble` and `preposition` come from absence.tsv: a verb of existence or possession ("było", "было",
    /// "au fost"), a noun of trouble ("problemów", "очереди", "reclamații"), which a negated `exist` after it denies
    /// ("Problemów nie było"), and a preposition, after which such a noun is a complement ("Odpowiedzi na reklamację").
    /// `schedule`, `day`, `once` and `hours` come from discourse.tsv: a recurring time ("w niedziele", «по воскресеньям»,
    /// "în weekend", "on Sundays"), a single day or date ("w niedzielę", "1 listopada"), a one-off time that only looks
    /// recurring ("sâmbăta trecută", "de sâmbătă"), and an opening-hours word ("czynny", "nieczynny", «открыт»). The
    /// first three are whole units, so the weekend of «в выходные» is no word of sentiment for a negation to reach;
    /// `hours` is a side role, and "nieczynny" keeps its valence elsewhere.
    /// `counterfactual`, `could`, `would` and `unreal` (discourse.tsv) mark what did not happen: an unreal "if" ("gdyby",
    /// "если бы", "dacă ar", "if only"), one whose condition is the writer's own power ("gdybym mógł", "if I could"), a
    /// conditional copula ("byłoby", "было бы", "ar fi", "would be") and a past conditional, unreal by itself ("would have",
    /// "ar fi fost"). `condition` is a plain "if" ("if", "dacă"): after a past conditional it states what did not happen.
    /// `again` (discourse.tsv) says a thing happened once more ("again", "znowu", "опять", "iar"): after a word of praise
    /// that opens its sentence alone, with a complaint, it makes the praise ironic ("Great, another delay"). `thanks`
    /// (discourse.tsv) is a word of thanks, ironic when it closes a complaint ("Package arrived crushed, thanks DHL").
    /// `remedied` (discourse.tsv) is a past form or participle of fixing, which puts right a `fault`, a noun of trouble,
    /// before or after it in its clause: "fixed the problem", «решили мою проблему», "problem solved", "usterka
    /// naprawiona", "problema a fost rezolvată". `remedy` is any other form of fixing: negated, it takes the negation off
    /// the fault after it ("didn't fix the problem"). `fond` (discourse.tsv) is a verb of fondness that opens its sentence
    /// ("love", "uwielbiam", «обожаю», "ador"): with a complaint in its own clause it is sarcastic ("Love waiting 2 hours
    /// on hold"). `reproach` and `console` (discourse.tsv) read a prohibition: a negator that opens its sentence before a
    /// verb of misconduct or a copula ("Don't lie to your customers", "Nie kłamcie", «Не хамите», "Don't be rude")
    /// reproaches, and the word it forbids keeps its sign, unless that word consoles ("Don't be sad", "Nie martw się").
    case none, negator, nword, breaker, modifier, but, although, than, degree, marker, that, comparative, find, and, exist, trouble,
         preposition, ask, schedule, day, once, hours, counterfactual, could, would, unreal, condition, again, thanks, remedy, remedied,
         fault, fond, reproach, console

    var isModifier: Bool { self == .modifier || self == .degree }
    /// A role a word plays beside its scoring one: kept in ``SentimentScorer/Unit/sideRole``, so that the word
    /// still scores, boosts and negates as itself.
    /// A switch, which compiles to one bit test: the chain of comparisons it replaces grew past what the compiler
    /// inlines in `buildUnits`.
    var isSideRole: Bool {
        @inline(__always) get {
            switch self {
            case .marker, .that, .comparative, .find, .and, .exist, .trouble, .preposition, .ask, .hours, .counterfactual, .could, .would,
                 .unreal, .condition, .again, .thanks, .remedy, .remedied, .fault, .fond, .reproach, .console: return true
            default: return false
            }
        }
    }
    /// A discourse.tsv word of the conditional mood, which ``SentimentScorer`` notes for its counterfactual pass.
    var isConditional: Bool {
        @inline(__always) get {
            switch self {
            case .counterfactual, .could, .would, .unreal, .condition: return true
            default: return false
            }
        }
    }
}

/// What a negator's `modifier` field marks (negators.tsv kinds): a privative is written `privative`, a temporal
/// n-word ("never", "nigdy", "никогда", "niciodată") `never`, and a tag question that negates only before a word
/// of its clause ("nu e așa?" against "nu e așa bun") `tag`, a predicate of absence ("нет", "zero") `absent`.
enum NegatorKind {
    static let plain: Double = 0
    static let privative: Double = 1
    static let never: Double = 2
    static let tag: Double = 3
    /// A privative after its word ("glare free", "lag-free"): it turns that negative word around, nothing else.
    static let postposed: Double = 4
    /// A negator that is also a predicate of absence ("нет", "нету", "zero"): after a noun of trouble, closing its
    /// clause, it denies that noun ("Претензий нет"), as a privative there does ("Uwag brak").
    static let absent: Double = 5
    /// The marker of each negators.tsv kind that has one.
    static let markers = ["privative": privative, "never": never, "tag": tag, "postposed": postposed, "absent": absent]

    static func isPrivative(_ role: TermRole, _ modifier: Double) -> Bool { role == .negator && modifier == privative }
}

/// Attributes of one term (a single lexicon word form).
struct TermInfo: Sendable {
    var valence: Double = .nan
    /// Index into `entries` for the valence.
    var entry: Int32 = -1
    var role: TermRole = .none
    var modifier: Double = 0
    /// Index into `entries` for the role.
    var roleEntry: Int32 = -1
}

/// Where an entry came from, for explanations.
public struct LexiconEntry: Sendable, Hashable, Codable {
    /// The term as written in the file ("świetn*", "do niczego", "😡").
    public var term: String
    public var valence: Double
    /// "pl/sentiment.tsv": one string shared by every entry of the file.
    public var file: String
    public var line: Int
    public var tags: [String]

    public init(term: String, valence: Double, file: String, line: Int, tags: [String]) {
        self.term = term
        self.valence = valence
        self.file = file
        self.line = line
        self.tags = tags
    }

    /// "pl/sentiment.tsv:42"
    public var source: String { "\(file):\(line)" }

    enum CodingKeys: String, CodingKey { case term, valence, source, tags }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        term = try container.decode(String.self, forKey: .term)
        valence = try container.decode(Double.self, forKey: .valence)
        tags = try container.decode([String].self, forKey: .tags)
        let source = try container.decode(String.self, forKey: .source)
        let colon = source.lastIndex(of: ":")
        file = colon.map { String(source[..<$0]) } ?? source
        line = colon.flatMap { Int(source[source.index(after: $0)...]) } ?? 0
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(term, forKey: .term)
        try container.encode(valence, forKey: .valence)
        try container.encode(source, forKey: .source)
        try container.encode(tags, forKey: .tags)
    }
}

/// A lexicon's entries, for explanations and the validator: appended while compiling, or decoded from a cached
/// image the first time something reads them (bulk scoring never does, and decoding them is a third of an image's
/// load).
struct EntryList: RandomAccessCollection, Sendable {
    private var built: [LexiconEntry] = []
    private var encoded: EncodedEntries?

    init() {}

    /// Entries that ``LexiconEntry/write(_:to:)`` encoded, `count` of them.
    init(encoded bytes: [UInt8], count: Int) {
        encoded = EncodedEntries(bytes: bytes, count: count)
    }

    var startIndex: Int { 0 }
    var endIndex: Int { encoded?.count ?? built.count }

    subscript(index: Int) -> LexiconEntry {
        if let encoded { return encoded.entries[index] }
        return built[index]
    }

    mutating func append(_ entry: LexiconEntry) {
        if let encoded { built = encoded.entries; self.encoded = nil }
        built.append(entry)
    }

    /// Decodes once, under a lock, on first use.
    final class EncodedEntries: @unchecked Sendable {
        // Invariant: `decoded` is read and written only under `lock`; `bytes` and `count` never change.
        private let lock = NSLock()
        private let bytes: [UInt8]
        let count: Int
        private var decoded: [LexiconEntry]?

        init(bytes: [UInt8], count: Int) {
            self.bytes = bytes
            self.count = count
        }

        var entries: [LexiconEntry] {
            lock.lock()
            defer { lock.unlock() }
            if let decoded { return decoded }
            var image = BinaryImageReader(bytes)
            // The image passed its checksum, so this only fails on a bug; placeholders keep every index valid.
            var list = (try? LexiconEntry.read(from: &image)) ?? []
            if list.count != count {
                list = Array(repeating: LexiconEntry(term: "", valence: 0, file: "?", line: 0, tags: []), count: count)
            }
            decoded = list
            return list
        }
    }
}

/// Open-addressing map from a pair of refs to a run in one flat list of indices (each run ends with −1).
struct RefPairTable: Sendable {
    var keys: [UInt64] = [0]
    var starts: [Int32] = [-1]
    var mask = 0
    var lists: [Int32] = []

    init() {}

    /// `runs` in the order given; each run's indices keep their order.
    init(_ runs: [(first: TermRef, second: TermRef, indices: [Int32])]) {
        var capacity = 8
        while capacity < runs.count * 2 { capacity <<= 1 }
        keys = [UInt64](repeating: 0, count: capacity)
        starts = [Int32](repeating: -1, count: capacity)
        mask = capacity - 1
        for run in runs {
            let key = RefPairTable.key(run.first, run.second)
            var slot = RefPairTable.slot(key, mask)
            while keys[slot] != 0 && keys[slot] != key { slot = (slot + 1) & mask }
            if keys[slot] == key { continue }
            keys[slot] = key
            starts[slot] = Int32(lists.count)
            lists.append(contentsOf: run.indices)
            lists.append(-1)
        }
    }

    /// Start of the run for (first, second) in `lists`, or −1.
    @inline(__always)
    func start(_ first: TermRef, _ second: TermRef) -> Int {
        let key = RefPairTable.key(first, second)
        var slot = RefPairTable.slot(key, mask)
        while true {
            let found = keys[slot]
            if found == key { return Int(starts[slot]) }
            if found == 0 { return -1 }
            slot = (slot + 1) & mask
        }
    }

    /// Never 0 (the empty slot): the top bit is always set.
    @inline(__always)
    static func key(_ first: TermRef, _ second: TermRef) -> UInt64 {
        (UInt64(UInt32(bitPattern: first)) << 32 | UInt64(UInt32(bitPattern: second))) | (1 << 63)
    }

    @inline(__always)
    static func slot(_ key: UInt64, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 40) & mask
    }
}

/// A multi-word expression: sentiment, negator, breaker, modifier or contrast.
struct Phrase: Sendable {
    var refs: [TermRef]
    var role: TermRole
    var valence: Double
    var modifier: Double
    var entry: Int32
}

/// A phrase without its array: refs live in `LanguageLexicon.phraseRefs`.
struct PhraseHead: Sendable {
    var refStart: Int32
    var refCount: Int32
    var role: TermRole
    var valence: Double
    var modifier: Double
    var entry: Int32
}

/// An intent pattern without its arrays: elements live in `LanguageLexicon.intentElements`.
struct IntentHead: Sendable {
    var intent: Intent
    /// A `none` pattern: wording that is no intent ("vă recomandăm să…", support's advice); it blocks the
    /// intents it overlaps.
    var blocks: Bool
    var elementStart: Int32
    var elementCount: Int32
    var minBefore: Int32
    var maxBefore: Int32
}

/// A compiled intent pattern element.
enum IntentElement: Sendable {
    case word(TermRef, optional: Bool)
    /// An optional group of several words: "(na pewno)", as a range of `LanguageLexicon.intentRefs`.
    case optionalSequence(start: Int32, count: Int32)
    case gap(Int)
    case brand
    case competitor
    /// `^`: the next word opens its sentence ("Recommend!" after "Great food.").
    case sentenceStart
    /// `$`: the word before closes its sentence, so "Avoid!" is not "avoid the motorway".
    case sentenceEnd
}

struct IntentPattern: Sendable {
    var intent: Intent
    var elements: [IntentElement]
    var source: String
    /// A `none` pattern (see ``IntentHead/blocks``); `intent` is then unused.
    var blocks = false
    /// The first required word: matching starts only where it occurs.
    var anchor: TermRef = -1
    /// How many word positions the elements before the anchor may take.
    var minBefore = 0
    var maxBefore = 0

    /// A {brand} slot covers at most this many words when locating the start from the anchor.
    static let brandWords = 4

    /// Picks the required word with the longest key (longer words are rarer, so fewer tries).
    mutating func computeAnchor(keyLength: (TermRef) -> Int) {
        var best = -1
        var bestLength = -1
        for (index, element) in elements.enumerated() {
            if case .word(let ref, false) = element, keyLength(ref) > bestLength {
                best = index
                bestLength = keyLength(ref)
            }
        }
        guard best >= 0, case .word(let ref, _) = elements[best] else { return }
        anchor = ref
        var low = 0, high = 0
        for element in elements[0..<best] {
            switch element {
            case .word(_, let optional):
                if !optional { low += 1 }
                high += 1
            case .optionalSequence(_, let count): high += Int(count)
            case .gap(let n): high += n
            case .brand, .competitor: low += 1; high += IntentPattern.brandWords
            case .sentenceStart, .sentenceEnd: break
            }
        }
        minBefore = low
        maxBefore = high
    }
}

/// One language's compiled lexicon: interned tables, roles, phrases, intents and rules. Built once.
struct LanguageLexicon: Sendable {
    var language: Language
    var stemmer: Stemmer
    var exact = KeyTable()
    var lemma = KeyTable()
    var prefix = KeyTable()
    var exactInfo: [TermInfo] = []
    var lemmaInfo: [TermInfo] = []
    /// Whether some lemma written in the lexicon is its own stem (not reduced). A text word the stemmer leaves
    /// whole meets only such keys: "car" must not meet the stem of "caring".
    var lemmaUnreduced: [Bool] = []
    var prefixInfo: [TermInfo] = []
    /// Shortest prefix key in bytes (prefix probes stop there).
    var minimumPrefixBytes = 4
    /// Longest prefix key in bytes (prefix probes start there).
    var maximumPrefixBytes = 0
    /// For prefix keys of 3+ bytes: bucket of the first three bytes → bit (length − 1) for each key length that
    /// exists. A word probes only lengths some stem with its first three bytes has.
    var prefixLengths = [UInt64](repeating: 0, count: LanguageLexicon.prefixBuckets)
    static let prefixBuckets = 4096

    @inline(__always)
    static func prefixBucket(_ hashOfFirstThree: UInt64) -> Int {
        Int(truncatingIfNeeded: (hashOfFirstThree ^ (hashOfFirstThree >> 29)) & UInt64(prefixBuckets - 1))
    }
    /// Ref → index into `phraseLists`/`anchorLists` (−1 when none): flat arrays instead of hashing.
    var phraseSlot: [Int32] = []
    /// Per ref, one byte: bit 0 when some phrase starts with it, bit 1 when it anchors an intent pattern, bit 2
    /// when some intent pattern requires it. Four times denser than the slot arrays, so that the common "neither"
    /// answer rarely leaves the cache.
    var refFlags: [UInt8] = []
    static let startsPhrase: UInt8 = 1, anchorsIntent: UInt8 = 2, intentWord: UInt8 = 4
    var phraseLists: [Int32] = []
    /// (first word, second word) → the phrases that start with them, in `phraseLists` order. "nie", "not" or
    /// "nu" start a hundred phrases or more; the pair leaves a handful to compare against the text.
    var phrasePairs = RefPairTable()
    var anchorSlot: [Int32] = []
    var anchorLists: [Int32] = []
    /// Beside each `anchorLists` entry: ``intentWordBit(_:)`` of every word its pattern requires. "recommend"
    /// anchors dozens of patterns and a post holds the words of one or two; the others are skipped here,
    /// without loading their heads.
    var anchorListWords: [UInt64] = []
    /// The phrases while compiling; emptied once `phraseHeads` and `phraseRefs` hold them.
    var phrases: [Phrase] = []
    /// Flat, retain-free copies for the hot loop.
    var phraseHeads: [PhraseHead] = []
    var phraseRefs: [TermRef] = []
    /// The ref that stands for a comma inside a phrase ("ni pies, ni wydra"), or −1 when no phrase has one.
    var commaRef: TermRef = -1
    var intentRefs: [TermRef] = []
    var intentElements: [IntentElement] = []
    var intentHeads: [IntentHead] = []
    /// First word of a phrase → phrase indices, longest first (while compiling; then `phraseSlot`/`phraseLists`).
    var phraseStarts: [TermRef: [Int32]] = [:]
    /// The intent patterns while compiling; emptied once `intentHeads` and `intentElements` hold them.
    var intents: [IntentPattern] = []
    /// Anchor word → intent pattern indices (while compiling; then `anchorSlot`/`anchorLists`).
    var intentAnchors: [TermRef: [Int32]] = [:]
    var entries = EntryList()
    var rules = SentimentRules()

    init(language: Language) {
        self.language = language
        self.stemmer = Stemmer(language: language)
    }

    var isEmpty: Bool { exact.count == 0 && lemma.count == 0 && prefix.count == 0 }

    /// Key length of a term, for anchor choice.
    func keyLength(_ ref: TermRef) -> Int {
        let id = ref >> 2
        switch ref & 3 {
        case 0: return exact.key(id).count
        case 1: return lemma.key(id).count + 1
        default: return prefix.key(id).count
        }
    }

    @inline(__always)
    func info(_ ref: TermRef) -> TermInfo {
        let id = Int(ref >> 2)
        switch ref & 3 {
        case 0: return exactInfo[id]
        case 1: return lemmaInfo[id]
        default: return prefixInfo[id]
        }
    }

    mutating func updateInfo(_ ref: TermRef, _ update: (inout TermInfo) -> Void) {
        let id = Int(ref >> 2)
        switch ref & 3 {
        case 0: update(&exactInfo[id])
        case 1: update(&lemmaInfo[id])
        default: update(&prefixInfo[id])
        }
    }

    /// Interns a word pattern and returns its ref.
    mutating func intern(_ kind: MatchKind, _ key: [UInt8]) -> TermRef {
        switch kind {
        case .exact:
            let id = exact.insert(key)
            if Int(id) == exactInfo.count { exactInfo.append(TermInfo()) }
            return makeRef(.exact, id)
        case .lemma:
            let stemmed = Array(stemmer.stem(key))
            let id = lemma.insert(stemmed)
            if Int(id) == lemmaInfo.count { lemmaInfo.append(TermInfo()); lemmaUnreduced.append(false) }
            if stemmed.count == key.count { lemmaUnreduced[Int(id)] = true }
            return makeRef(.lemma, id)
        case .prefix:
            let id = prefix.insert(key)
            if Int(id) == prefixInfo.count { prefixInfo.append(TermInfo()) }
            minimumPrefixBytes = min(minimumPrefixBytes, max(1, key.count))
            maximumPrefixBytes = max(maximumPrefixBytes, key.count)
            if key.count >= 3 && key.count <= 64 {
                let h = key[0..<3].withUnsafeBufferPointer { KeyTable.hash($0) }
                prefixLengths[LanguageLexicon.prefixBucket(h)] |= 1 << UInt64(key.count - 1)
            }
            return makeRef(.prefix, id)
        }
    }

    /// Appends the refs of every term a folded word meets: exact, lemma, then prefixes longest first.
    /// Returns how many were appended.
    @discardableResult
    func lookup(_ word: UnsafeBufferPointer<UInt8>, into refs: inout [TermRef]) -> Int {
        let before = refs.count
        let n = word.count
        if n == 0 { return 0 }
        // One pass of FNV-1a gives the hash of every prefix.
        let limit = min(n, 64)
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 64) { hashes in
            var h = KeyTable.offsetBasis
            for k in 0..<n {
                h = KeyTable.step(h, word[k])
                if k < limit { hashes[k] = h }
            }
            let full = h
            let exactID = exact.count > 0 ? exact.find(word, hash: full) : -1
            if exactID >= 0 { refs.append(makeRef(.exact, exactID)) }
            if lemma.count > 0 {
                let stemLength = stemmer.stemLength(word)
                let stemHash: UInt64
                if stemLength == n {
                    stemHash = full
                } else if stemLength <= limit && stemLength > 0 {
                    stemHash = hashes[stemLength - 1]
                } else {
                    stemHash = KeyTable.hash(UnsafeBufferPointer(rebasing: word[0..<stemLength]))
                }
                let id = lemma.find(UnsafeBufferPointer(rebasing: word[0..<stemLength]), hash: stemHash)
                if id >= 0 && (stemLength < n || lemmaUnreduced[Int(id)]) { refs.append(makeRef(.lemma, id)) }
            }
            if prefix.count > 0 && n >= minimumPrefixBytes {
                let top = min(limit, maximumPrefixBytes)
                if top >= 3 {
                    var mask = prefixLengths[LanguageLexicon.prefixBucket(hashes[2])]
                    if top < 64 { mask &= (UInt64(1) << UInt64(top)) &- 1 }
                    // Longest first.
                    while mask != 0 {
                        let bit = 63 - mask.leadingZeroBitCount
                        mask &= ~(UInt64(1) << UInt64(bit))
                        let length = bit + 1
                        if length == n || word[length] & 0xC0 != 0x80 {
                            let id = prefix.find(UnsafeBufferPointer(rebasing: word[0..<length]), hash: hashes[length - 1])
                            if id >= 0 { refs.append(makeRef(.prefix, id)) }
                        }
                    }
                }
                // Stems of 1...2 bytes (which the validator warns about) are probed directly.
                if minimumPrefixBytes < 3 {
                    var length = min(top, 2)
                    while length >= minimumPrefixBytes {
                        if length == n || word[length] & 0xC0 != 0x80 {
                            let id = prefix.find(UnsafeBufferPointer(rebasing: word[0..<length]), hash: hashes[length - 1])
                            if id >= 0 { refs.append(makeRef(.prefix, id)) }
                        }
                        length -= 1
                    }
                }
            }
        }
        return refs.count - before
    }

    /// Flat index for a ref-keyed table: ref → slot.
    /// Ref → start in one flat list of indices, each list ending with −1.
    static func flatten(_ table: [TermRef: [Int32]], exact: Int, lemma: Int, prefix: Int) -> ([Int32], [Int32]) {
        let size = (max(exact, lemma, prefix) + 1) * 4
        var slots = [Int32](repeating: -1, count: size)
        var flat: [Int32] = []
        for (ref, list) in table where Int(ref) < size && ref >= 0 {
            slots[Int(ref)] = Int32(flat.count)
            flat.append(contentsOf: list)
            flat.append(-1)
        }
        return (slots, flat)
    }

    /// Start of the phrase list for a first word in `phraseLists`, or −1.
    @inline(__always)
    func phraseListStart(_ ref: TermRef) -> Int {
        let index = Int(ref)
        if index < refFlags.count && refFlags[index] & LanguageLexicon.startsPhrase == 0 { return -1 }
        return index < phraseSlot.count ? Int(phraseSlot[index]) : -1
    }

    /// Whether a ref starts some phrase (cheap pre-check before the pair table).
    @inline(__always)
    func startsPhrase(_ ref: TermRef) -> Bool {
        let index = Int(ref)
        return index < refFlags.count && refFlags[index] & LanguageLexicon.startsPhrase != 0
    }

    /// Start of the intent list for an anchor word in `anchorLists`, or −1.
    @inline(__always)
    func anchorListStart(_ ref: TermRef) -> Int {
        let index = Int(ref)
        if index < refFlags.count && refFlags[index] & LanguageLexicon.anchorsIntent == 0 { return -1 }
        return index < anchorSlot.count ? Int(anchorSlot[index]) : -1
    }

    /// One of 64 bits for a word that some intent pattern requires, or 0 for any other word. Only intent words
    /// fill a post's mask, so a 64-bit mask stays sparse and rarely lets a pattern through by a collision.
    @inline(__always)
    func intentWordBit(_ ref: TermRef) -> UInt64 {
        let index = Int(ref)
        guard index >= 0, index < refFlags.count, refFlags[index] & LanguageLexicon.intentWord != 0 else { return 0 }
        return 1 << ((UInt64(truncatingIfNeeded: index) &* 0x9E37_79B9_7F4A_7C15) >> 58)
    }

    /// Whether a folded word is known to the lexicon (used to split hashtags).
    func knows(_ word: UnsafeBufferPointer<UInt8>) -> Bool {
        var refs: [TermRef] = []
        refs.reserveCapacity(4)
        return lookup(word, into: &refs) > 0
    }
}
