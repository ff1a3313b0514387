import BrandPulseCore
import BrandPulseText

// The compiled lexicons as a binary image, for `LexiconCache`: the tables the scorer reads (not the compile-time
// structures that `finish` empties). A change to a compiled type changes the executable, and with it the cache key.

extension CompiledLexicons {
    func write(to image: inout BinaryImageWriter) {
        image.int(languages.count)
        for language in languages { language.write(to: &image) }
        emoji.write(to: &image)
        image.plain(emojiValence)
        image.plain(emojiEntry)
        LexiconEntry.write(emojiEntries, to: &image)
        image.plain(ratings.valence)
        image.plain(ratings.entry)
        image.strings(ratings.lines)
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
        ratings = RatingRules(valence: try image.plain(), entry: try image.plain(), lines: try image.strings())
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
        image.plain(anchorSlot); image.plain(anchorLists); image.plain(anchorListWords)
        image.plain(phraseHeads); image.plain(phraseRefs); image.plain(intentRefs); image.plain(intentElements); image.plain(intentHeads)
        image.int(Int(commaRef))
        // A blob of its own: the entries are decoded only when an explanation reads them.
        var encoded = BinaryImageWriter()
        LexiconEntry.write(Array(entries), to: &encoded)
        image.int(entries.count)
        image.plain(encoded.bytes)
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
        anchorSlot = try image.plain(); anchorLists = try image.plain(); anchorListWords = try image.plain()
        guard anchorListWords.count == anchorLists.count else { throw BinaryImageReader.Damaged() }
        phraseHeads = try image.plain(); phraseRefs = try image.plain(); intentRefs = try image.plain()
        intentElements = try image.plain(); intentHeads = try image.plain()
        guard let comma = TermRef(exactly: try image.int()) else { throw BinaryImageReader.Damaged() }
        commaRef = comma
        let entryCount = try image.count(elementSize: 1)
        entries = EntryList(encoded: try image.plain(UInt8.self), count: entryCount)
        rules = try image.plainValue()
        guard exactInfo.count == exact.count, lemmaInfo.count == lemma.count, lemmaUnreduced.count == lemma.count,
              prefixInfo.count == prefix.count, prefixLengths.count == LanguageLexicon.prefixBuckets else {
            throw BinaryImageReader.Damaged()
        }
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
    /// File names and tag lists are written once and referred to by index: most entries share them.
    static func write(_ entries: [LexiconEntry], to image: inout BinaryImageWriter) {
        var files: [String] = [], fileIndex: [String: Int] = [:]
        var tagLists: [[String]] = [], tagIndex: [[String]: Int] = [:]
        func index<Value: Hashable>(_ value: Value, _ list: inout [Value], _ known: inout [Value: Int]) -> Int {
            if let found = known[value] { return found }
            list.append(value)
            known[value] = list.count - 1
            return list.count - 1
        }
        var numbers: [Int32] = []
        var valences: [Double] = []
        var terms = BinaryImageWriter()
        for entry in entries {
            let file = index(entry.file, &files, &fileIndex)
            let tags = index(entry.tags, &tagLists, &tagIndex)
            numbers.append(contentsOf: [Int32(file), Int32(truncatingIfNeeded: entry.line), Int32(tags)])
            valences.append(entry.valence)
            terms.string(entry.term)
        }
        image.strings(files)
        image.int(tagLists.count)
        for tags in tagLists { image.strings(tags) }
        image.plain(numbers)
        image.plain(valences)
        image.plain(terms.bytes)
    }

    static func read(from image: inout BinaryImageReader) throws -> [LexiconEntry] {
        let files = try image.strings()
        var tagLists: [[String]] = []
        for _ in 0..<(try image.count(elementSize: 8)) { tagLists.append(try image.strings()) }
        let numbers: [Int32] = try image.plain()
        let valences: [Double] = try image.plain()
        var terms = BinaryImageReader(try image.plain(UInt8.self))
        guard numbers.count == valences.count * 3 else { throw BinaryImageReader.Damaged() }
        var entries: [LexiconEntry] = []
        entries.reserveCapacity(valences.count)
        for index in valences.indices {
            let file = Int(numbers[3 * index]), tags = Int(numbers[3 * index + 2])
            guard file >= 0 && file < files.count, tags >= 0 && tags < tagLists.count else { throw BinaryImageReader.Damaged() }
            entries.append(LexiconEntry(term: try terms.string(), valence: valences[index], file: files[file],
                                        line: Int(numbers[3 * index + 1]), tags: tagLists[tags]))
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
