import BrandPulseCore
import BrandPulseText

// The compiled lexicons as a binary image, for `LexiconCache`. Fields are written and read in declaration order;
// a change to a compiled type changes the executable, and with it the cache key.

extension CompiledLexicons {
    func write(to image: inout BinaryImageWriter) {
        image.int(languages.count)
        for language in languages { language.write(to: &image) }
        emoji.write(to: &image)
        image.plain(emojiValence)
        image.plain(emojiEntry)
        LexiconEntry.write(emojiEntries, to: &image)
        image.strings(tokenizer.emoticonList)
    }

    init(image: inout BinaryImageReader) throws {
        let count = try image.count(elementSize: 8)
        var languages: [LanguageLexicon] = []
        for _ in 0..<count { languages.append(try LanguageLexicon(image: &image)) }
        self.init(languages: languages)
        emoji = try KeyTable(image: &image)
        emojiValence = try image.plain()
        emojiEntry = try image.plain()
        emojiEntries = try LexiconEntry.read(from: &image)
        tokenizer = Tokenizer(emoticons: try image.strings())
    }
}

extension LanguageLexicon {
    func write(to image: inout BinaryImageWriter) {
        image.string(language.rawValue)
        for table in [exact, lemma, prefix] { table.write(to: &image) }
        image.plain(exactInfo); image.plain(lemmaInfo); image.plain(lemmaUnreduced); image.plain(prefixInfo)
        image.int(minimumPrefixBytes); image.int(maximumPrefixBytes); image.plain(prefixLengths)
        image.plain(phraseSlot); image.plain(refFlags); image.plain(phraseLists)
        phrasePairs.write(to: &image)
        image.plain(anchorSlot); image.plain(anchorLists)
        image.int(phrases.count)
        for phrase in phrases {
            image.plain(phrase.refs)
            image.int(Int(phrase.role.rawValue))
            image.double(phrase.valence); image.double(phrase.modifier); image.int(Int(phrase.entry))
        }
        image.plain(phraseHeads); image.plain(phraseRefs); image.plain(intentRefs); image.plain(intentElements); image.plain(intentHeads)
        Self.write(phraseStarts, to: &image)
        image.int(intents.count)
        for intent in intents {
            image.string(intent.intent.rawValue)
            image.plain(intent.elements)
            image.string(intent.source)
            image.int(Int(intent.anchor)); image.int(intent.minBefore); image.int(intent.maxBefore)
        }
        Self.write(intentAnchors, to: &image)
        LexiconEntry.write(entries, to: &image)
        image.plainValue(rules)
    }

    init(image: inout BinaryImageReader) throws {
        guard let language = Language(rawValue: try image.string()) else { throw BinaryImageReader.Damaged() }
        self.init(language: language)
        exact = try KeyTable(image: &image); lemma = try KeyTable(image: &image); prefix = try KeyTable(image: &image)
        exactInfo = try image.plain(); lemmaInfo = try image.plain(); lemmaUnreduced = try image.plain(); prefixInfo = try image.plain()
        minimumPrefixBytes = try image.int(); maximumPrefixBytes = try image.int(); prefixLengths = try image.plain()
        phraseSlot = try image.plain(); refFlags = try image.plain(); phraseLists = try image.plain()
        phrasePairs = try RefPairTable(image: &image)
        anchorSlot = try image.plain(); anchorLists = try image.plain()
        let phraseCount = try image.count(elementSize: 8)
        phrases.reserveCapacity(phraseCount)
        for _ in 0..<phraseCount {
            let refs: [TermRef] = try image.plain()
            guard let role = TermRole(rawValue: UInt8(truncatingIfNeeded: try image.int())) else { throw BinaryImageReader.Damaged() }
            phrases.append(Phrase(refs: refs, role: role, valence: try image.double(), modifier: try image.double(),
                                  entry: Int32(truncatingIfNeeded: try image.int())))
        }
        phraseHeads = try image.plain(); phraseRefs = try image.plain(); intentRefs = try image.plain()
        intentElements = try image.plain(); intentHeads = try image.plain()
        phraseStarts = try Self.readRefLists(from: &image)
        let intentCount = try image.count(elementSize: 8)
        for _ in 0..<intentCount {
            guard let intent = Intent(rawValue: try image.string()) else { throw BinaryImageReader.Damaged() }
            var pattern = IntentPattern(intent: intent, elements: try image.plain(), source: try image.string())
            pattern.anchor = TermRef(truncatingIfNeeded: try image.int())
            pattern.minBefore = try image.int()
            pattern.maxBefore = try image.int()
            intents.append(pattern)
        }
        intentAnchors = try Self.readRefLists(from: &image)
        entries = try LexiconEntry.read(from: &image)
        rules = try image.plainValue()
        guard exactInfo.count == exact.count, lemmaInfo.count == lemma.count, lemmaUnreduced.count == lemma.count,
              prefixInfo.count == prefix.count, prefixLengths.count == LanguageLexicon.prefixBuckets else { throw BinaryImageReader.Damaged() }
    }

    private static func write(_ lists: [TermRef: [Int32]], to image: inout BinaryImageWriter) {
        let keys = lists.keys.sorted()
        image.plain(keys)
        for key in keys { image.plain(lists[key] ?? []) }
    }

    private static func readRefLists(from image: inout BinaryImageReader) throws -> [TermRef: [Int32]] {
        let keys: [TermRef] = try image.plain()
        var lists: [TermRef: [Int32]] = [:]
        lists.reserveCapacity(keys.count)
        for key in keys { lists[key] = try image.plain() }
        return lists
    }
}

extension RefPairTable {
    func write(to image: inout BinaryImageWriter) {
        image.plain(keys); image.plain(starts); image.int(mask); image.plain(lists)
    }

    init(image: inout BinaryImageReader) throws {
        self.init()
        keys = try image.plain(); starts = try image.plain(); mask = try image.int(); lists = try image.plain()
        guard keys.count == mask + 1, starts.count == keys.count else { throw BinaryImageReader.Damaged() }
    }
}

extension LexiconEntry {
    static func write(_ entries: [LexiconEntry], to image: inout BinaryImageWriter) {
        image.int(entries.count)
        for entry in entries {
            image.string(entry.term); image.double(entry.valence); image.string(entry.source); image.strings(entry.tags)
        }
    }

    static func read(from image: inout BinaryImageReader) throws -> [LexiconEntry] {
        let count = try image.count(elementSize: 8)
        var entries: [LexiconEntry] = []
        entries.reserveCapacity(count)
        for _ in 0..<count {
            entries.append(LexiconEntry(term: try image.string(), valence: try image.double(), source: try image.string(), tags: try image.strings()))
        }
        return entries
    }
}

extension LexiconIssue {
    static func write(_ issues: [LexiconIssue], to image: inout BinaryImageWriter) {
        image.int(issues.count)
        for issue in issues {
            image.string(issue.file); image.int(issue.line); image.string(issue.message); image.string(issue.severity.rawValue)
        }
    }

    static func read(from image: inout BinaryImageReader) throws -> [LexiconIssue] {
        let count = try image.count(elementSize: 8)
        var issues: [LexiconIssue] = []
        for _ in 0..<count {
            let file = try image.string(), line = try image.int(), message = try image.string()
            guard let severity = Severity(rawValue: try image.string()) else { throw BinaryImageReader.Damaged() }
            issues.append(LexiconIssue(file: file, line: line, message: message, severity: severity))
        }
        return issues
    }
}
