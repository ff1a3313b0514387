import BrandPulseCore
import BrandPulseText
import Foundation

/// The compiled lexicons behind one immutable reference, so that each analysis borrows them instead of copying
/// a struct of many arrays (which would cost a retain and a release per array per post).
final class EngineTables: Sendable {
    let compiled: CompiledLexicons
    let languages: [LanguageBox]
    let hashtagSplits = HashtagSplitCache()

    init(_ compiled: CompiledLexicons) {
        self.compiled = compiled
        self.languages = compiled.languages.map(LanguageBox.init)
    }
}

/// One language's lexicon behind an immutable reference.
final class LanguageBox: Sendable {
    let lexicon: LanguageLexicon

    init(_ lexicon: LanguageLexicon) { self.lexicon = lexicon }
}

/// All languages' compiled lexicons plus the shared emoji table and the tokenizer that knows the emoticons.
struct CompiledLexicons: Sendable {
    var languages: [LanguageLexicon]
    var emoji = KeyTable()
    var emojiValence: [Double] = []
    var emojiEntry: [Int32] = []
    var emojiEntries: [LexiconEntry] = []
    var ratings = RatingRules()
    var tokenizer = Tokenizer()

    func lexicon(for language: Language) -> LanguageLexicon {
        languages[LexiconCompiler.slot(language)]
    }
}

/// Reads, validates and compiles the lexicon directory (format: lexicons/README.md).
public enum LexiconCompiler {
    static let intentNames: [String: Intent] = Dictionary(uniqueKeysWithValues: Intent.allCases.map { ($0.rawValue, $0) })

    /// How many slots ``slot(_:)`` hands out.
    static let slotCount = 5

    static func slot(_ language: Language) -> Int {
        switch language {
        case .en: return 0
        case .ro: return 1
        case .ru: return 2
        case .pl: return 3
        case .und: return 4
        }
    }

    /// Validates every file under `directory` and returns all problems (errors and warnings).
    public static func validate(directory: URL, userLexicons: [Language: [URL]] = [:]) -> [LexiconIssue] {
        compile(directory: directory, userLexicons: userLexicons, thorough: true).issues
    }

    /// `thorough` adds the slower checks (stem collisions) that only the validator needs.
    ///
    /// The emoji table and each language compile on their own builder, in parallel: their files and duplicate
    /// checks are independent, and loading is most of a short `score` run. Issues keep the order of a serial
    /// compile per part: emoji first, then each language with its checks.
    static func compile(directory: URL, userLexicons: [Language: [URL]], thorough: Bool = false) -> (lexicons: CompiledLexicons, issues: [LexiconIssue]) {
        let languages = Language.scored
        let parts = CompiledParts(count: languages.count + 1)
        DispatchQueue.concurrentPerform(iterations: languages.count + 1) { index in
            var builder = Builder(directory: directory)
            if index == 0 {
                builder.loadEmoji()
                builder.loadRatings()
                parts.store(index, builder.result, builder.issues)
                return
            }
            let language = languages[index - 1]
            builder.loadLanguage(language)
            for url in userLexicons[language] ?? [] {
                builder.loadSentiment(language, url: url, name: url.path, isUser: true)
            }
            builder.finish(slot: LexiconCompiler.slot(language), thorough: thorough)
            parts.store(index, builder.result, builder.issues)
        }
        var result = parts.result(0)
        var issues = parts.issues(0)
        for (offset, language) in languages.enumerated() {
            let slot = LexiconCompiler.slot(language)
            result.languages[slot] = parts.result(offset + 1).languages[slot]
            issues += parts.issues(offset + 1)
        }
        return (result, issues)
    }

    /// Per-part results of the parallel compile, each written once by its own worker.
    final class CompiledParts: @unchecked Sendable {
        // Invariant: slot i is written only by worker i, under the lock; reads happen after concurrentPerform returns.
        private let lock = NSLock()
        private var results: [CompiledLexicons?]
        private var found: [[LexiconIssue]]

        init(count: Int) {
            results = Array(repeating: nil, count: count)
            found = Array(repeating: [], count: count)
        }

        func store(_ index: Int, _ result: CompiledLexicons, _ issues: [LexiconIssue]) {
            lock.lock()
            results[index] = result
            found[index] = issues
            lock.unlock()
        }

        func result(_ index: Int) -> CompiledLexicons {
            lock.lock()
            defer { lock.unlock() }
            return results[index] ?? Builder(directory: URL(fileURLWithPath: "/")).result
        }

        func issues(_ index: Int) -> [LexiconIssue] {
            lock.lock()
            defer { lock.unlock() }
            return found[index]
        }
    }

    /// A parsed word of a term or pattern.
    struct WordPattern {
        var kind: MatchKind
        var key: [UInt8]

        /// The comma inside an expression: an exact word "," that only a comma in the text meets.
        static let comma = WordPattern(kind: .exact, key: [UInt8(ascii: ",")])
        var isComma: Bool { kind == .exact && key == [UInt8(ascii: ",")] }
    }

    struct Builder {
        let directory: URL
        var result: CompiledLexicons
        var issues: [LexiconIssue] = []
        /// Signature → where it was first seen and its folded text, per language and file kind, for duplicate detection.
        var seen: [String: FirstSeen] = [:]

        struct FirstSeen {
            var file: String
            var line: Int
            var text: String
        }
        let plainTokenizer = Tokenizer(emoticons: [])

        init(directory: URL) {
            self.directory = directory
            result = CompiledLexicons(languages: [Language.en, .ro, .ru, .pl, .und].map { LanguageLexicon(language: $0) })
        }

        mutating func issue(_ file: String, _ line: Int, _ message: String, _ severity: LexiconIssue.Severity = .error) {
            let issue = LexiconIssue(file: file, line: line, message: message, severity: severity)
            // An intent line with alternatives compiles once per variant: report its problem once.
            if issues.contains(issue) { return }
            issues.append(issue)
        }

        func read(_ url: URL, name: String) -> (String?, LexiconIssue?) {
            guard FileManager.default.fileExists(atPath: url.path) else { return (nil, nil) }
            guard let data = FileManager.default.contents(atPath: url.path) else {
                return (nil, LexiconIssue(file: name, line: 0, message: "cannot read the file"))
            }
            guard let text = String(validating: data, as: UTF8.self) else {
                return (nil, LexiconIssue(file: name, line: 0, message: "not valid UTF-8; save the file as UTF-8"))
            }
            return (text, nil)
        }

        func records(_ language: Language?, _ file: String) -> (name: String, records: [LexiconRecord], problem: LexiconIssue?)? {
            let name = language.map { "\($0.rawValue)/\(file)" } ?? file
            let url = language.map { directory.appendingPathComponent($0.rawValue).appendingPathComponent(file) }
                ?? directory.appendingPathComponent(file)
            let (text, problem) = read(url, name: name)
            if let problem { return (name, [], problem) }
            guard let text else { return nil }
            return (name, LexiconReader.records(in: text), nil)
        }

        /// A file's records with the right number of columns. A file that cannot be read and every
        /// record with another column count are reported; nil when the file does not exist.
        mutating func wellFormedRecords(_ language: Language?, _ file: String, columns: ClosedRange<Int>,
                                        layout: String) -> (name: String, records: [LexiconRecord])? {
            guard let (name, records, problem) = records(language, file) else { return nil }
            if let problem {
                issues.append(problem)
                return nil
            }
            let expected = columns.count == 1 ? "\(columns.lowerBound)" : "\(columns.lowerBound) or \(columns.upperBound)"
            return (name, records.filter { record in
                guard columns.contains(record.fields.count) else {
                    issue(name, record.line, "expected \(expected) columns (\(layout)), got \(record.fields.count)")
                    return false
                }
                return true
            })
        }

        // MARK: Terms

        /// Parses a term ("świetn*", "=spoko", "do niczego", "n-am") into word patterns.
        func parseTerm(_ term: String, stemmer: Stemmer) -> (words: [WordPattern], problem: String?, warning: String?) {
            var words: [WordPattern] = []
            var warning: String?
            // Split and marks on UTF-8 bytes: String's Character-level split was a third of the lexicons' load time.
            for rawBytes in term.utf8.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: true) {
                var raw = Substring(rawBytes)
                // "ni pies, ni wydra": a comma after a word is part of the expression, matched where the text
                // writes one and skipped where it does not.
                let comma = raw.utf8.count > 1 && raw.utf8.last == UInt8(ascii: ",")
                if comma { raw = raw[..<raw.utf8.index(before: raw.endIndex)] }
                defer { if comma { words.append(WordPattern.comma) } }
                var word = raw
                var kind = MatchKind.lemma
                if word.utf8.first == UInt8(ascii: "=") { kind = .exact; word = word[word.utf8.index(after: word.startIndex)...] }
                if word.utf8.last == UInt8(ascii: "*") {
                    if kind == .exact { return ([], "'\(raw)' cannot be both =exact and a stem*", nil) }
                    kind = .prefix
                    word = word[..<word.utf8.index(before: word.endIndex)]
                }
                if word.isEmpty { return ([], "empty word in '\(term)'", nil) }
                if let bad = Builder.syntaxCharacter(in: word) {
                    return ([], "bad pattern syntax: '\(bad)' in '\(raw)'", nil)
                }
                if word.utf8.last == UInt8(ascii: "-") {
                    words.append(WordPattern(kind: .exact, key: Normalizer.foldedBytes(String(word))))
                    continue
                }
                // Most words are letters only: the tokenizer would give one word whose key is the folded word.
                if word.unicodeScalars.allSatisfy({ Tokenizer.isLetterScalar($0.value) }) {
                    let key = Normalizer.foldedBytes(String(word))
                    if kind == .prefix && String(decoding: key, as: UTF8.self).count < 4 {
                        warning = "stem '\(word)*' is shorter than 4 letters; it catches too many words"
                    }
                    words.append(WordPattern(kind: kind, key: key))
                    continue
                }
                let tokenized = plainTokenizer.tokenize(String(word))
                let pieces = tokenized.tokens.filter { $0.kind == .word || $0.kind == .number }
                if pieces.isEmpty { return ([], "bad pattern syntax: no letters in '\(raw)'", nil) }
                // Hyphens and apostrophes around words are separators in text too ("5-star", "bussin'").
                if let odd = tokenized.tokens.first(where: {
                    $0.kind != .word && $0.kind != .number && tokenized.surface($0) != "-" && tokenized.surface($0) != "'"
                        && tokenized.surface($0) != "’"
                }) {
                    return ([], nil, "'\(raw)' contains '\(tokenized.surface(odd))', which text words never contain; the entry is skipped")
                }
                for (index, piece) in pieces.enumerated() {
                    let key = Array(tokenized.folded[Int(piece.keyStart)..<Int(piece.keyEnd)])
                    var pieceKind = kind
                    if kind == .prefix && index < pieces.count - 1 { pieceKind = .exact }
                    if pieceKind == .lemma && piece.keyEnd > piece.keyStart && key.last == UInt8(ascii: "-") { pieceKind = .exact }
                    if pieceKind == .prefix {
                        let letters = String(decoding: key, as: UTF8.self).count
                        if letters < 4 { warning = "stem '\(word)*' is shorter than 4 letters; it catches too many words" }
                    }
                    words.append(WordPattern(kind: pieceKind, key: key))
                }
            }
            if words.isEmpty { return ([], "empty term", warning) }
            if words.indices.contains(where: { words[$0].isComma && ($0 == 0 || $0 == words.count - 1 || words[$0 + 1].isComma) }) {
                return ([], "a comma stands between two words of an expression ('ni pies, ni wydra')", warning)
            }
            return (words, nil, warning)
        }

        /// The first character of pattern syntax (`*=(){}[]…|\` or a TAB) inside a word, if any.
        static func syntaxCharacter(in word: Substring) -> Unicode.Scalar? {
            for byte in word.utf8 {
                switch byte {
                case UInt8(ascii: "*"), UInt8(ascii: "="), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "{"), UInt8(ascii: "}"),
                     UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "|"), UInt8(ascii: "\\"), 0x09:
                    return Unicode.Scalar(byte)
                case 0xE2:
                    if word.unicodeScalars.contains("…") { return "…" }
                default: continue
                }
            }
            return nil
        }

        /// Polish "się" moves before its verb ("boję się" → "bardzo się boję"): a two-word phrase ending in it also
        /// matches in the other order.
        static func reflexiveMoved(_ words: [WordPattern], language: Language) -> [WordPattern]? {
            guard language == .pl, words.count == 2, words[1].key == Array("sie".utf8), words[0].key != words[1].key else { return nil }
            return [words[1], words[0]]
        }

        /// Polish masculine-personal plural of a one-word term ("zniechęcon*" → "zniechęceni", "chamsk*" → "chamscy",
        /// "najlepsz*" → "najlepsi", "szczery" → "szczerzy", "oszust" → "oszuści"), or nil when it needs no form of its own.
        /// The consonant before "-i"/"-y" alternates there, so neither the stem nor the stemmer reaches it from the
        /// singular; where nothing alternates ("zadowoleni", "wściekli") the term already matches. Keys are folded.
        static func masculinePersonalPlural(_ words: [WordPattern], language: Language) -> [UInt8]? {
            guard language == .pl, words.count == 1, words[0].kind != .exact else { return nil }
            var base = words[0].key
            if words[0].kind == .lemma {
                // The lemma's singular ending: "-y" ("szczery"), "-i" after k/g ("wielki", "ubogi"), "-a" of a masculine
                // noun in -sta, -yta, -pata ("populista", "bandyta", "psychopata"); a noun ending in a consonant is
                // its own base ("oszust").
                guard let last = base.last, base.count >= 4 else { return nil }
                if last == UInt8(ascii: "y") {
                    base.removeLast()
                } else if last == UInt8(ascii: "i"), [UInt8(ascii: "k"), UInt8(ascii: "g")].contains(base[base.count - 2]) {
                    base.removeLast()
                } else if last == UInt8(ascii: "a"), ["sta", "yta", "pata"].contains(where: { base.suffix($0.utf8.count).elementsEqual($0.utf8) }) {
                    // Only the person nouns: "strata" or "zaleta" would give "straci" (will lose), "zaleci" (will advise).
                    base.removeLast()
                } else if Self.vowels.contains(last) {
                    return nil
                }
            }
            for (ending, plural) in Self.pluralAlternations where base.count > ending.count + 2 && base.suffix(ending.count).elementsEqual(ending) {
                return plural.isEmpty ? nil : Array(base.dropLast(ending.count)) + plural
            }
            return nil
        }

        /// Singular stem ending → plural ending, longest first; "rz" stays as it is ("-rzy" would need a "-rz" lemma).
        private static let pluralAlternations: [([UInt8], [UInt8])] = [
            ("dzion", "dzeni"), ("cion", "ceni"), ("on", "eni"),
            ("sk", "scy"), ("ck", "ccy"), ("k", "cy"), ("g", "dzy"), ("ch", "si"), ("sz", "si"),
            ("rz", ""), ("r", "rzy"), ("st", "sci"), ("t", "ci"), ("d", "dzi"),
        ].map { (Array($0.0.utf8), Array($0.1.utf8)) }

        private static let vowels: Set<UInt8> = Set("aeiouy".utf8)

        /// A term's letters as the duplicate report compares them: folded, and without the optional comma.
        static func duplicateText(_ term: String) -> String {
            Normalizer.fold(term.replacingOccurrences(of: ",", with: ""))
        }

        static func signature(_ words: [WordPattern], stemmer: Stemmer) -> String {
            // A comma is optional in the text, so "ni pies ni wydra" and "ni pies, ni wydra" are one expression.
            words.filter { !$0.isComma }.map { word -> String in
                switch word.kind {
                case .exact: return "=" + String(decoding: word.key, as: UTF8.self)
                case .prefix: return String(decoding: word.key, as: UTF8.self) + "*"
                case .lemma: return "~" + String(decoding: stemmer.stem(word.key), as: UTF8.self)
                }
            }.joined(separator: " ")
        }

        mutating func checkDuplicate(_ key: String, _ file: String, _ line: Int, override: Bool, text: String? = nil) {
            if let first = seen[key] {
                guard !override else { return }
                let previous = "\(first.file):\(first.line)"
                // Tell a true duplicate (same letters once folded) from two forms the stemmer already joins.
                if (text ?? key) == first.text {
                    issue(file, line, "duplicate after folding of \(previous)", .warning)
                } else {
                    issue(file, line, "same stem as \(previous): the stemmer already covers this form, one entry is enough", .warning)
                }
            } else {
                seen[key] = FirstSeen(file: file, line: line, text: text ?? key)
            }
        }

        // MARK: Files

        mutating func loadLanguage(_ language: Language) {
            loadSentiment(language, url: directory.appendingPathComponent(language.rawValue).appendingPathComponent("sentiment.tsv"),
                          name: "\(language.rawValue)/sentiment.tsv", isUser: false)
            loadRoles(language, file: "negators.tsv", kinds: ["negator": .negator, "privative": .negator, "nword": .nword,
                                                                  "never": .nword, "breaker": .breaker, "tag": .breaker,
                                                                  "postposed": .breaker, "absent": .negator])
            loadModifiers(language)
            loadRoles(language, file: "contrast.tsv", kinds: ["but": .but, "although": .although, "than": .than])
            loadRoles(language, file: "discourse.tsv", kinds: ["marker": .marker, "that": .that, "and": .and, "ask": .ask,
                                                                   "schedule": .schedule, "day": .day, "once": .once, "hours": .hours,
                                                                   "counterfactual": .counterfactual, "could": .could, "would": .would,
                                                                   "unreal": .unreal, "if": .condition, "again": .again, "thanks": .thanks,
                                                                   "remedy": .remedy, "remedied": .remedied,
                                                                   "fault": .fault, "fond": .fond, "reproach": .reproach,
                                                                   "console": .console])
            loadRoles(language, file: "comparison.tsv", kinds: ["comparative": .comparative, "find": .find])
            loadRoles(language, file: "absence.tsv", kinds: ["exist": .exist, "trouble": .trouble, "preposition": .preposition])
            loadIntents(language)
            loadRules(language)
        }

        func value(_ text: String) -> (Double?, String?) {
            if let number = Double(text), number.isFinite { return (number, nil) }
            if text.contains(",") && Double(text.replacingOccurrences(of: ",", with: ".")) != nil {
                return (nil, "'\(text)' uses a decimal comma; write \(text.replacingOccurrences(of: ",", with: "."))")
            }
            let normalized = text.replacingOccurrences(of: "−", with: "-")
            guard let number = Double(normalized), number.isFinite else { return (nil, "'\(text)' is not a number") }
            return (number, nil)
        }

        mutating func loadSentiment(_ language: Language, url: URL, name: String, isUser: Bool) {
            let (text, problem) = read(url, name: name)
            if let problem { issues.append(problem); return }
            if isUser && text == nil { issue(name, 0, "user lexicon not found"); return }
            guard let text else { return }
            let slot = LexiconCompiler.slot(language)
            var derived: [(key: [UInt8], valence: Double, entry: Int32)] = []
            for record in LexiconReader.records(in: text) {
                let line = record.line
                guard record.fields.count == 2 || record.fields.count == 3 else {
                    let hint = record.fields.count == 1 && record.fields[0].contains(" ") ? " (columns must be separated by a TAB)" : ""
                    issue(name, line, "expected 2 or 3 columns (term, valence, [tags]), got \(record.fields.count)\(hint)")
                    continue
                }
                let (number, numberProblem) = value(record.fields[1])
                guard let valence = number else { issue(name, line, "valence " + (numberProblem ?? "invalid")); continue }
                guard valence >= -4.0 && valence <= 4.0 else {
                    issue(name, line, "valence \(record.fields[1]) is outside -4.0...4.0")
                    continue
                }
                let tags = record.fields.count == 3 ? record.fields[2].split(separator: ",").map { $0.trimmingSpaces() } : []
                if tags.contains("needs-context") && abs(valence) > 1.0 {
                    issue(name, line, "a needs-context term keeps |valence| <= 1.0, got \(record.fields[1])", .warning)
                }
                let term = record.fields[0]
                guard let words = words(of: term, name, line, slot: slot) else { continue }
                let signature = "\(language.rawValue)/sentiment " + Builder.signature(words, stemmer: result.languages[slot].stemmer)
                checkDuplicate(signature, name, line, override: isUser, text: Builder.duplicateText(term))
                let entry = Int32(result.languages[slot].entries.count)
                result.languages[slot].entries.append(LexiconEntry(term: term, valence: valence, file: name, line: line, tags: tags))
                addTerm(slot, words, role: .none, valence: valence, modifier: 0, entry: entry, override: isUser)
                if let moved = Builder.reflexiveMoved(words, language: language) {
                    addTerm(slot, moved, role: .none, valence: valence, modifier: 0, entry: entry, override: isUser)
                }
                if let plural = Builder.masculinePersonalPlural(words, language: language) {
                    derived.append((plural, valence, entry))
                }
            }
            // After the file's own entries, so a form it lists itself ("=najlepsi") keeps its own valence.
            for (plural, valence, entry) in derived {
                addTerm(slot, [WordPattern(kind: .exact, key: plural)], role: .none, valence: valence, modifier: 0, entry: entry, override: isUser)
            }
        }

        /// Adds a single word (to its info) or a phrase.
        mutating func addTerm(_ slot: Int, _ words: [WordPattern], role: TermRole, valence: Double, modifier: Double, entry: Int32, override: Bool) {
            if words.contains(where: \.isComma) {
                // The text may leave the comma out: the expression is also a phrase without it.
                addTerm(slot, words.filter { !$0.isComma }, role: role, valence: valence, modifier: modifier, entry: entry, override: override)
            }
            var refs: [TermRef] = []
            for word in words {
                let ref = result.languages[slot].intern(word.kind, word.key)
                if word.isComma { result.languages[slot].commaRef = ref }
                refs.append(ref)
            }
            if refs.count == 1 {
                let held = result.languages[slot].info(refs[0])
                if role != .none && held.role != .none && held.role != role && !override {
                    // A word keeps the first role it is given: a second one from another file would be lost without a word.
                    let first = result.languages[slot].entries[Int(held.roleEntry)], this = result.languages[slot].entries[Int(entry)]
                    issue(this.file, this.line, "'\(this.term)' already has a role from \(first.file):\(first.line); a word has one role, so this line is ignored",
                          .warning)
                }
                result.languages[slot].updateInfo(refs[0]) { info in
                    if role == .none {
                        if info.valence.isNaN || override { info.valence = valence; info.entry = entry }
                    } else {
                        if info.role == .none || override {
                            info.role = role
                            info.modifier = modifier
                            info.roleEntry = entry
                        }
                    }
                }
                return
            }
            if override, let index = result.languages[slot].phrases.firstIndex(where: { $0.refs == refs && $0.role == role }) {
                result.languages[slot].phrases[index].valence = valence
                result.languages[slot].phrases[index].entry = entry
                return
            }
            let index = Int32(result.languages[slot].phrases.count)
            result.languages[slot].phrases.append(Phrase(refs: refs, role: role, valence: valence, modifier: modifier, entry: entry))
            result.languages[slot].phraseStarts[refs[0], default: []].append(index)
        }

        /// A record's term as word patterns, with its problems reported at the record's line; nil when it is skipped.
        mutating func words(of term: String, _ name: String, _ line: Int, slot: Int) -> [WordPattern]? {
            let parsed = parseTerm(term, stemmer: result.languages[slot].stemmer)
            if let bad = parsed.problem { issue(name, line, bad); return nil }
            if let warning = parsed.warning { issue(name, line, warning, .warning) }
            return parsed.words.isEmpty ? nil : parsed.words
        }

        /// A negator, contrast word or modifier (`term<TAB>kind|weight`): parsed, checked for duplicates in its
        /// file, and recorded for explanations.
        mutating func addRoleTerm(_ record: LexiconRecord, _ name: String, _ slot: Int, role: TermRole, modifier: Double,
                                  entryValence: Double, tags: [String]) {
            let term = record.fields[0]
            guard let words = words(of: term, name, record.line, slot: slot) else { return }
            checkDuplicate("\(name) " + Builder.signature(words, stemmer: result.languages[slot].stemmer), name, record.line, override: false,
                           text: Builder.duplicateText(term))
            let entry = Int32(result.languages[slot].entries.count)
            result.languages[slot].entries.append(LexiconEntry(term: term, valence: entryValence, file: name, line: record.line, tags: tags))
            addTerm(slot, words, role: role, valence: .nan, modifier: modifier, entry: entry, override: false)
        }

        mutating func loadRoles(_ language: Language, file: String, kinds: [String: TermRole]) {
            guard let (name, records) = wellFormedRecords(language, file, columns: 2...2, layout: "term, kind") else { return }
            let slot = LexiconCompiler.slot(language)
            for record in records {
                guard let role = kinds[record.fields[1]] else {
                    issue(name, record.line, "unknown kind '\(record.fields[1])'; expected one of \(kinds.keys.sorted().joined(separator: ", "))")
                    continue
                }
                // A privative negator ("without", "bez", "fără") scores as a negator; its modifier marks it for
                // the advice-against rule, which needs a verbal negator. A `never` n-word is marked for the
                // emphatic comparison ("never been so happy").
                let kind = record.fields[1]
                addRoleTerm(record, name, slot, role: role, modifier: NegatorKind.markers[kind] ?? NegatorKind.plain, entryValence: 0,
                            tags: [kind])
            }
        }

        mutating func loadModifiers(_ language: Language) {
            guard let (name, records) = wellFormedRecords(language, "modifiers.tsv", columns: 2...3, layout: "term, weight, [degree]") else { return }
            let slot = LexiconCompiler.slot(language)
            for record in records {
                let (number, numberProblem) = value(record.fields[1])
                guard let weight = number else { issue(name, record.line, "weight " + (numberProblem ?? "invalid")); continue }
                guard abs(weight) <= 2.0 else { issue(name, record.line, "weight \(record.fields[1]) is outside -2.0...2.0"); continue }
                let degree = record.fields.count == 3
                if degree && record.fields[2] != "degree" {
                    issue(name, record.line, "unknown kind '\(record.fields[2])'; the third column is empty or 'degree'")
                    continue
                }
                addRoleTerm(record, name, slot, role: degree ? .degree : .modifier, modifier: weight, entryValence: weight,
                            tags: degree ? ["modifier", "degree"] : ["modifier"])
            }
        }

        mutating func loadIntents(_ language: Language) {
            guard let (name, records) = wellFormedRecords(language, "intents.tsv", columns: 2...2, layout: "intent, pattern") else { return }
            let slot = LexiconCompiler.slot(language)
            for record in records {
                let blocks = record.fields[0] == "none"
                guard let intent = blocks ? Intent.recommend : LexiconCompiler.intentNames[record.fields[0]] else {
                    issue(name, record.line, "unknown intent '\(record.fields[0])'; expected one of \(Intent.allCases.map(\.rawValue).joined(separator: ", ")), or none")
                    continue
                }
                let variants: [String]
                switch Builder.expandAlternatives(record.fields[1]) {
                case .success(let expanded): variants = expanded
                case .failure(let problem): issue(name, record.line, problem.message); continue
                }
                for variant in variants {
                    compileIntentPattern(variant, intent: intent, blocks: blocks, record: record, name: name, slot: slot)
                }
            }
        }

        /// A pattern's alternatives written out: `wrócę|wrócimy tu` is two patterns, `(na pewno|z pewnością)` an
        /// optional group of either. Linguists write a family on one line; the matcher sees plain patterns.
        static func expandAlternatives(_ pattern: String) -> Result<[String], PatternProblem> {
            var variants = [""]
            for piece in patternPieces(pattern) {
                var options = [piece]
                if piece.contains("|") {
                    let grouped = piece.hasPrefix("(") && piece.hasSuffix(")") && piece.count > 2
                    let body = grouped ? String(piece.dropFirst().dropLast()) : piece
                    let parts = body.split(separator: "|", omittingEmptySubsequences: false)
                        .map { $0.trimmingCharacters(in: .whitespaces) }
                    guard !parts.contains(where: \.isEmpty) else {
                        return .failure(PatternProblem(message: "bad pattern syntax: empty alternative in '\(piece)'"))
                    }
                    options = parts.map { grouped ? "(\($0))" : $0 }
                }
                guard variants.count * options.count <= maxAlternatives else {
                    let message = "bad pattern syntax: more than \(maxAlternatives) patterns from the alternatives; split the line"
                    return .failure(PatternProblem(message: message))
                }
                variants = variants.flatMap { head in options.map { head.isEmpty ? $0 : head + " " + $0 } }
            }
            return .success(variants)
        }

        static let maxAlternatives = 64

        struct PatternProblem: Error {
            var message: String
        }

        mutating func compileIntentPattern(_ pattern: String, intent: Intent, blocks: Bool, record: LexiconRecord,
                                           name: String, slot: Int) {
            var elements: [IntentElement] = []
            var bad: String?
            var skip = false
            for piece in Builder.patternPieces(pattern) {
                if case .sentenceEnd = elements.last { bad = "bad pattern syntax: '$' (sentence end) must come last"; break }
                if piece == "{brand}" { elements.append(.brand); continue }
                if piece == "{competitor}" { elements.append(.competitor); continue }
                if piece == "^" {
                    guard elements.isEmpty else { bad = "bad pattern syntax: '^' (sentence start) must come first"; break }
                    elements.append(.sentenceStart)
                    continue
                }
                if piece == "$" { elements.append(.sentenceEnd); continue }
                var optional = false
                var body = Substring(piece)
                if body.hasPrefix("(") {
                    guard body.hasSuffix(")"), body.count > 2 else { bad = "bad pattern syntax: unclosed '(' in '\(piece)'"; break }
                    optional = true
                    body = body.dropFirst().dropLast()
                }
                if body.hasPrefix("…") || body.hasPrefix("...") {
                    let digits = body.drop { $0 == "…" || $0 == "." }
                    guard let n = Int(digits), n > 0, n <= 10 else { bad = "bad pattern syntax: gap '\(piece)' needs a count 1...10 (…3)"; break }
                    elements.append(.gap(n))
                    continue
                }
                if body.hasPrefix("{") { bad = "bad pattern syntax: unknown slot '\(piece)'; use {brand} or {competitor}"; break }
                let parsed = parseTerm(String(body), stemmer: result.languages[slot].stemmer)
                if let problem = parsed.problem { bad = problem; break }
                if let warning = parsed.warning { issue(name, record.line, warning, .warning) }
                if parsed.words.isEmpty { skip = true; break }
                var refs: [TermRef] = []
                for word in parsed.words { refs.append(result.languages[slot].intern(word.kind, word.key)) }
                if optional && refs.count > 1 {
                    let start = Int32(result.languages[slot].intentRefs.count)
                    result.languages[slot].intentRefs.append(contentsOf: refs)
                    elements.append(.optionalSequence(start: start, count: Int32(refs.count)))
                } else {
                    for ref in refs { elements.append(.word(ref, optional: optional)) }
                }
            }
            if let bad { issue(name, record.line, bad); return }
            if skip { return }
            guard elements.contains(where: { if case .word(_, false) = $0 { return true }; return false }) else {
                issue(name, record.line, "bad pattern syntax: a pattern needs at least one required word")
                return
            }
            if case .gap = elements.first { issue(name, record.line, "bad pattern syntax: a pattern cannot start with a gap"); return }
            if case .gap = elements.last { issue(name, record.line, "bad pattern syntax: a pattern cannot end with a gap"); return }
            checkDuplicate("\(name) \(record.fields[0]) \(pattern.lowercased())", name, record.line, override: false)
            result.languages[slot].intents.append(IntentPattern(intent: intent, elements: elements, source: "\(name):\(record.line)",
                                                                blocks: blocks))
        }

        /// Splits a pattern at spaces, keeping "(na pewno)" together.
        static func patternPieces(_ pattern: String) -> [String] {
            var pieces: [String] = []
            var current = ""
            var depth = 0
            for char in pattern {
                if char == "(" { depth += 1 }
                if char == ")" { depth = max(0, depth - 1) }
                if char == " " && depth == 0 {
                    if !current.isEmpty { pieces.append(current) }
                    current = ""
                } else {
                    current.append(char)
                }
            }
            if !current.isEmpty { pieces.append(current) }
            return pieces
        }

        mutating func loadRules(_ language: Language) {
            guard let (name, records) = wellFormedRecords(language, "rules.tsv", columns: 2...3, layout: "name, value, [source]") else { return }
            let slot = LexiconCompiler.slot(language)
            for record in records {
                let (number, numberProblem) = value(record.fields[1])
                guard let number else { issue(name, record.line, "value " + (numberProblem ?? "invalid")); continue }
                if !result.languages[slot].rules.set(record.fields[0], number) {
                    issue(name, record.line, "unknown rule '\(record.fields[0])' (ignored)", .warning)
                }
            }
        }

        mutating func loadEmoji() {
            guard let (name, records) = wellFormedRecords(nil, "emoji.tsv", columns: 2...3, layout: "symbol, valence, [tags]") else { return }
            // Symbols without an emoji scalar are emoticons the tokenizer must recognise.
            var emoticons = Tokenizer.defaultEmoticons
            for record in records where !record.fields.isEmpty {
                let symbol = record.fields[0]
                let plain = plainTokenizer.tokenize(symbol).tokens
                let isOneEmoji = plain.count == 1 && plain[0].kind == .emoji
                if !isOneEmoji, symbol.unicodeScalars.count >= 2 { emoticons.append(symbol) }
            }
            let tokenizer = Tokenizer(emoticons: emoticons)
            result.tokenizer = tokenizer
            for record in records {
                let (number, numberProblem) = value(record.fields[1])
                guard let valence = number else { issue(name, record.line, "valence " + (numberProblem ?? "invalid")); continue }
                guard valence >= -4.0 && valence <= 4.0 else { issue(name, record.line, "valence \(record.fields[1]) is outside -4.0...4.0"); continue }
                let tokenized = tokenizer.tokenize(record.fields[0])
                let symbols = tokenized.tokens.filter { $0.kind == .emoji || $0.kind == .emoticon }
                guard symbols.count == 1, tokenized.tokens.count == 1, let token = symbols.first else {
                    issue(name, record.line, "'\(record.fields[0])' is not one emoji or emoticon (read as \(tokenized.tokens.count) tokens)")
                    continue
                }
                let key = Array(tokenized.folded[Int(token.keyStart)..<Int(token.keyEnd)])
                if result.emoji.find(key) >= 0 {
                    issue(name, record.line, "duplicate symbol '\(record.fields[0])' (after removing variation selectors and skin tones)", .warning)
                    continue
                }
                result.emoji.insert(key)
                let tags = record.fields.count == 3 ? record.fields[2].split(separator: ",").map { $0.trimmingSpaces() } : []
                result.emojiValence.append(valence)
                result.emojiEntry.append(Int32(result.emojiEntries.count))
                result.emojiEntries.append(LexiconEntry(term: record.fields[0], valence: valence, file: name, line: record.line, tags: tags))
            }
        }

        /// ratings.tsv: the scale rows join the emoji entries (a rating scores like one symbol); the word lists
        /// are per language.
        mutating func loadRatings() {
            guard let (name, records) = wellFormedRecords(nil, "ratings.tsv", columns: 3...4, layout: "kind, language, term, [valence]") else { return }
            var seen = Set<String>()
            for record in records {
                let (kindName, languageName, term) = (record.fields[0], record.fields[1], record.fields[2])
                guard seen.insert("\(kindName)\t\(languageName)\t\(Normalizer.fold(term))").inserted else {
                    issue(name, record.line, "duplicate \(kindName) '\(term)' for \(languageName)", .warning)
                    continue
                }
                if kindName == "scale" {
                    guard let row = RatingRules.row(term) else {
                        issue(name, record.line, "a scale row is N/5 (N = 0…5) or N/10 (N = 0…10), got '\(term)'")
                        continue
                    }
                    let (number, problem) = record.fields.count == 4 ? value(record.fields[3]) : (nil, "missing")
                    guard let valence = number, (-4.0...4.0).contains(valence) else {
                        issue(name, record.line, "valence " + (problem ?? "\(record.fields[3]) is outside -4.0...4.0"))
                        continue
                    }
                    result.ratings.valence[row] = valence
                    result.ratings.entry[row] = Int32(result.emojiEntries.count)
                    result.emojiEntries.append(LexiconEntry(term: term, valence: valence, file: name, line: record.line, tags: []))
                    continue
                }
                guard let kind = RatingRules.Kind(rawValue: kindName) else {
                    issue(name, record.line, "unknown kind '\(kindName)': use scale, of, star, after, before, filled or empty")
                    continue
                }
                guard record.fields.count == 3 else {
                    issue(name, record.line, "a word list entry has no valence column")
                    continue
                }
                if kind == .filled || kind == .empty {
                    guard languageName == "*", term.unicodeScalars.count <= 2 else {
                        issue(name, record.line, "a star symbol is one symbol for every language (*), got '\(term)' for \(languageName)")
                        continue
                    }
                    result.ratings.add(kind, slot: -1, term: term)
                    continue
                }
                guard let language = Language(rawValue: languageName), language != .und else {
                    issue(name, record.line, "unknown language '\(languageName)': use en, ro, ru or pl")
                    continue
                }
                let words = term.split(separator: " ")
                guard !words.isEmpty, words.count <= (kind == .of ? 2 : 1) else {
                    issue(name, record.line, kind == .of ? "an 'of' phrase has one or two words" : "an entry of kind '\(kind.rawValue)' is one word")
                    continue
                }
                result.ratings.add(kind, slot: LexiconCompiler.slot(language), term: term)
            }
            for row in 0..<RatingRules.rowCount where result.ratings.entry[row] < 0 {
                issue(name, 0, "the scale has no row for \(row < 6 ? "\(row)/5" : "\(row - 6)/10"): such ratings are not scored", .warning)
            }
        }

        mutating func finish(slot: Int, thorough: Bool) {
            // One language: the parallel compile gives each its own builder.
            let tables = result.languages[slot]
            for index in result.languages[slot].intents.indices {
                result.languages[slot].intents[index].computeAnchor(keyLength: tables.keyLength)
                result.languages[slot].intentAnchors[result.languages[slot].intents[index].anchor, default: []].append(Int32(index))
            }
            let phrases = result.languages[slot].phrases
            // Longest first; among equals, the one written first.
            for (key, list) in result.languages[slot].phraseStarts {
                result.languages[slot].phraseStarts[key] = list.sorted {
                    let a = phrases[Int($0)].refs.count, b = phrases[Int($1)].refs.count
                    return a != b ? a > b : $0 < $1
                }
            }
            var pairRuns: [(first: TermRef, second: TermRef, indices: [Int32])] = []
            var pairIndex: [UInt64: Int] = [:]
            for (first, list) in result.languages[slot].phraseStarts.sorted(by: { $0.key < $1.key }) {
                for phraseIndex in list where phrases[Int(phraseIndex)].refs.count >= 2 {
                    let second = phrases[Int(phraseIndex)].refs[1]
                    let key = RefPairTable.key(first, second)
                    if let run = pairIndex[key] {
                        pairRuns[run].indices.append(phraseIndex)
                    } else {
                        pairIndex[key] = pairRuns.count
                        pairRuns.append((first, second, [phraseIndex]))
                    }
                }
            }
            result.languages[slot].phrasePairs = RefPairTable(pairRuns)
            for phrase in result.languages[slot].phrases {
                result.languages[slot].phraseHeads.append(PhraseHead(
                    refStart: Int32(result.languages[slot].phraseRefs.count), refCount: Int32(phrase.refs.count),
                    role: phrase.role, valence: phrase.valence, modifier: phrase.modifier, entry: phrase.entry))
                result.languages[slot].phraseRefs.append(contentsOf: phrase.refs)
            }
            let lexicon = result.languages[slot]
            (result.languages[slot].phraseSlot, result.languages[slot].phraseLists) =
                LanguageLexicon.flatten(lexicon.phraseStarts, exact: lexicon.exact.count, lemma: lexicon.lemma.count, prefix: lexicon.prefix.count)
            (result.languages[slot].anchorSlot, result.languages[slot].anchorLists) =
                LanguageLexicon.flatten(lexicon.intentAnchors, exact: lexicon.exact.count, lemma: lexicon.lemma.count, prefix: lexicon.prefix.count)
            let phraseSlot = result.languages[slot].phraseSlot, anchorSlot = result.languages[slot].anchorSlot
            var flags: [UInt8] = (0..<max(phraseSlot.count, anchorSlot.count)).map { ref in
                (ref < phraseSlot.count && phraseSlot[ref] >= 0 ? LanguageLexicon.startsPhrase : 0)
                    | (ref < anchorSlot.count && anchorSlot[ref] >= 0 ? LanguageLexicon.anchorsIntent : 0)
            }
            for pattern in lexicon.intents {
                for case .word(let ref, false) in pattern.elements where ref >= 0 && Int(ref) < flags.count {
                    flags[Int(ref)] |= LanguageLexicon.intentWord
                }
            }
            result.languages[slot].refFlags = flags
            let requiredWords = lexicon.intents.map { pattern in
                var bits: UInt64 = 0
                for case .word(let ref, false) in pattern.elements { bits |= result.languages[slot].intentWordBit(ref) }
                return bits
            }
            result.languages[slot].anchorListWords = result.languages[slot].anchorLists.map { $0 >= 0 ? requiredWords[Int($0)] : 0 }
            for pattern in lexicon.intents {
                result.languages[slot].intentHeads.append(IntentHead(
                    intent: pattern.intent, blocks: pattern.blocks, elementStart: Int32(result.languages[slot].intentElements.count),
                    elementCount: Int32(pattern.elements.count), minBefore: Int32(pattern.minBefore), maxBefore: Int32(pattern.maxBefore)))
                result.languages[slot].intentElements.append(contentsOf: pattern.elements)
            }
            if thorough {
                checkStemCollisions(slot)
                checkCommonWords(slot)
                checkConflicts(slot)
            }
            // Compile-time structures: the scorer reads the flat copies built above.
            result.languages[slot].phrases = []
            result.languages[slot].phraseStarts = [:]
            result.languages[slot].intents = []
            result.languages[slot].intentAnchors = [:]
        }

        /// A word that is both a negator (negators.tsv) and a sentiment entry (sentiment.tsv): the role wins in
        /// the scorer, so the valence never counts.
        mutating func checkConflicts(_ slot: Int) {
            let lexicon = result.languages[slot]
            for infos in [lexicon.exactInfo, lexicon.lemmaInfo, lexicon.prefixInfo] {
                for info in infos where (info.role == .negator || info.role == .nword || info.role == .but || info.role == .although)
                    && !info.valence.isNaN && info.entry >= 0 && info.roleEntry >= 0 {
                    let entry = lexicon.entries[Int(info.entry)]
                    let role = lexicon.entries[Int(info.roleEntry)]
                    issue(entry.file, entry.line,
                          "'\(entry.term)' is also '\(role.term)' in \(role.source); its valence is never used", .warning)
                }
            }
        }

        /// Common words (an optional `<lang>/common.tsv`, one word a line, kept by the linguists) that a stem or
        /// lemma entry catches although they are not forms of it: "mecz" (a match) caught by the lemma `męczyć`,
        /// "prostată" caught by the stem `prost*`. Only the entry that wins for the word counts, as in the scorer:
        /// an exact entry, or a longer stem with valence 0, shields the word. Negators, modifiers and contrast words
        /// are checked the same way: as lemmas, `not` met "noted" and `lecz` (but) met "leczy" (treats).
        mutating func checkCommonWords(_ slot: Int) {
            let language = result.languages[slot].language
            guard language != .und else { return }
            var words: [String] = []
            if let (_, records, _) = records(language, "common.tsv") {
                for record in records { if let word = record.fields.first { words.append(word) } }
            }
            let lexicon = result.languages[slot]
            var reported = Set<Int32>()
            func report(_ entryIndex: Int32, _ word: String) {
                reported.insert(entryIndex)
                let entry = lexicon.entries[Int(entryIndex)]
                issue(entry.file, entry.line,
                      "'\(entry.term)' also catches the common word '\(word)'; write it as =exact or a longer stem, or shield the word", .warning)
            }
            for word in words {
                let folded = Normalizer.foldedBytes(word)
                var refs: [TermRef] = []
                folded.withUnsafeBufferPointer { _ = lexicon.lookup($0, into: &refs) }
                if let winner = refs.first(where: { !lexicon.info($0).valence.isNaN }) {
                    let info = lexicon.info(winner)
                    // A lemma's own forms ("killed" for "kill") are not collisions; every word a stem catches begins
                    // with it, so for a stem the linguist's listing is the verdict.
                    // An exact key from an entry that is no =exact form is a derived one (a Polish plural): checked too.
                    let derived = winner & 3 == MatchKind.exact.rawValue && info.entry >= 0
                        && !lexicon.entries[Int(info.entry)].term.hasPrefix("=") && !lexicon.entries[Int(info.entry)].term.contains(" ")
                    if winner & 3 != MatchKind.exact.rawValue || derived, info.valence != 0, info.entry >= 0, !reported.contains(info.entry),
                       !(winner & 3 == MatchKind.lemma.rawValue
                         && Normalizer.fold(word).hasPrefix(Normalizer.fold(lexicon.entries[Int(info.entry)].term))) {
                        report(info.entry, word)
                    }
                }
                // Role words are closed classes: whatever listed word their lemma or stem meets is a collision.
                if let roleRef = refs.first(where: { lexicon.info($0).role != .none }), roleRef & 3 != MatchKind.exact.rawValue {
                    let info = lexicon.info(roleRef)
                    if info.roleEntry >= 0, !reported.contains(info.roleEntry) { report(info.roleEntry, word) }
                }
            }
        }

        /// A stem that also covers an entry of the opposite polarity in the same lexicon is probably too short.
        mutating func checkStemCollisions(_ slot: Int) {
            let lexicon = result.languages[slot]
            var keys: [[UInt8]] = []
            for other in lexicon.entries {
                var word = other.term
                if word.hasPrefix("=") { word.removeFirst() }
                if word.hasSuffix("*") { word.removeLast() }
                keys.append(Normalizer.foldedBytes(word))
            }
            for entry in lexicon.entries where entry.term.hasSuffix("*") && !entry.term.contains(" ") && entry.valence != 0 {
                let stemKey = Normalizer.foldedBytes(String(entry.term.dropLast()))
                for (index, other) in lexicon.entries.enumerated() where other.term != entry.term && !other.term.contains(" ") && other.valence != 0
                    && (other.valence > 0) != (entry.valence > 0) && !(other.tags.contains("modifier")) {
                    let key = keys[index]
                    if key.count > stemKey.count && key.starts(with: stemKey) {
                        issue(entry.file, entry.line, "stem '\(entry.term)' also covers '\(other.term)' (\(other.source)) of opposite polarity", .warning)
                        break
                    }
                }
            }
        }
    }
}
