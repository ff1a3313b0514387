import BrandPulseCore
import BrandPulseMatching
import BrandPulseText
import Foundation

/// The multilingual sentiment engine: language identification, brand matching, scoring, intents, explanation.
///
/// Load once (lexicons compiled and interned), then share by value across tasks: it is immutable and Sendable.
public struct SentimentEngine: Sendable {
    let tables: EngineTables
    var lexicons: CompiledLexicons { _read { yield tables.compiled } }
    let identifier: LanguageIdentifier
    let matchers = MatcherCache()
    /// Problems the loader tolerated (duplicates, short stems). Errors make `load` throw instead.
    public let warnings: [LexiconIssue]

    /// Loads and compiles every lexicon under `lexiconDirectory` (en, ro, ru, pl, emoji.tsv, langid/), plus user
    /// lexicons in sentiment.tsv format that override built-in entries. Throws ``LexiconError`` with the first
    /// `file:line` on a malformed line.
    ///
    /// With a `cache` (by default ``LexiconCache/standard``), a lexicon set compiled before, by this executable,
    /// loads from its compiled image instead; the engine is the same either way.
    public static func load(lexiconDirectory: URL, userLexicons: [Language: [URL]] = [:],
                            cache: LexiconCache? = LexiconCache.standard) throws -> SentimentEngine {
        let key = cache?.key(lexiconDirectory: lexiconDirectory, userLexicons: userLexicons)
        if let cache, let key, var payload = cache.read(key), let engine = try? SentimentEngine(image: &payload) {
            return engine
        }
        let engine = try compile(lexiconDirectory: lexiconDirectory, userLexicons: userLexicons)
        if let cache, let key { cache.write(key, payload: engine.image()) }
        return engine
    }

    /// Keeps the engine's tables alive until the process exits. A command that loads one engine and then ends
    /// calls this: the tables hold some hundred thousand allocations, and freeing them one by one at exit
    /// costs as much as scoring a few hundred posts; the system reclaims the memory at once.
    public func keepUntilExit() {
        _ = Unmanaged.passRetained(tables)
    }

    /// Compiles without the cache.
    package static func compile(lexiconDirectory: URL, userLexicons: [Language: [URL]]) throws -> SentimentEngine {
        // The language profiles load beside the lexicons: the two are independent and both sit on a short run's
        // critical path.
        let profiles = ProfileLoad(directory: lexiconDirectory.appendingPathComponent("langid"))
        let (lexicons, issues) = LexiconCompiler.compile(directory: lexiconDirectory, userLexicons: userLexicons)
        let errors = issues.filter { $0.severity == .error }
        if !errors.isEmpty { throw LexiconError(issues: errors) }
        let identifier = try profiles.wait()
        return SentimentEngine(tables: EngineTables(lexicons), identifier: identifier, warnings: issues.filter { $0.severity == .warning })
    }

    /// The compiled engine as a binary image for ``LexiconCache``.
    package func image() -> [UInt8] {
        var image = BinaryImageWriter()
        lexicons.write(to: &image)
        identifier.write(to: &image)
        LexiconIssue.write(warnings, to: &image)
        return image.bytes
    }

    /// Loads the language-identification profiles on another thread; `wait()` returns them or the load's error.
    final class ProfileLoad: @unchecked Sendable {
        // Invariant: `outcome` is written once on the loading thread before `group` leaves, and read after `wait`.
        private let group = DispatchGroup()
        private var outcome: Result<LanguageIdentifier, any Error> = .success(LanguageIdentifier())

        init(directory: URL) {
            group.enter()
            DispatchQueue.global().async {
                self.outcome = Result { try ProfileLoad.load(directory) }
                self.group.leave()
            }
        }

        func wait() throws -> LanguageIdentifier {
            group.wait()
            return try outcome.get()
        }

        static func load(_ langid: URL) throws -> LanguageIdentifier {
            var isDirectory: ObjCBool = false
            // Without profiles every text is `und` unless a hint is given (tests, minimal setups).
            guard FileManager.default.fileExists(atPath: langid.path, isDirectory: &isDirectory), isDirectory.boolValue else {
                return LanguageIdentifier()
            }
            do {
                return try LanguageIdentifier.load(from: langid)
            } catch let error as any UserFacingError {
                throw error
            } catch {
                throw BrandPulseError("cannot load language profiles: \(error)", at: InputLocation(file: langid.path), exitStatus: .usage)
            }
        }
    }

    /// Analyzes one text. `languageHint` is the source's or brand's expected language; `brands` are the tracked
    /// brands (their competitors fill `{competitor}` slots of intent patterns).
    public func analyze(_ text: String, languageHint: Language? = nil, brands: [Brand] = [],
                        detail: AnalysisDetail = .full, scratch: AnalysisScratch? = nil) -> TextAnalysis {
        analyze(text, languageHint: languageHint, matcher: brands.isEmpty ? nil : matchers.matcher(for: brands), detail: detail,
                scratch: scratch)
    }

    /// Analyzes one text with a prebuilt matcher (build it once per brand list when scoring many texts). A
    /// `scratch` (one per thread) makes a long run of texts cheaper; the results are the same without it.
    public func analyze(_ text: String, languageHint: Language? = nil, matcher: BrandMatcher?,
                        detail: AnalysisDetail = .full, scratch: AnalysisScratch? = nil) -> TextAnalysis {
        let tokenized = scratch.map { lexicons.tokenizer.tokenize(text, reusing: &$0.storage.pointee.spentText) } ?? lexicons.tokenizer.tokenize(text)
        // Runs after the scorer's release below: the arrays go back once nothing else holds them.
        defer { scratch?.storage.pointee.spentText = tokenized }
        let mentions = matcher?.mentions(in: tokenized) ?? []
        let guess = mentions.isEmpty ? identify(text, hint: languageHint, scratch: scratch)
            : identify(text, around: mentions, hint: languageHint, scratch: scratch)
        var language = guess.language
        if let languageHint, languageHint != .und, guess.confidence < 0.5, language != languageHint {
            language = languageHint
        }
        // A post too short to identify ("Koszmarna.", "Shit happens") is still read: with the lexicon that knows
        // most of its words. Its reported language stays `und`; the explanation names the lexicon used.
        var scoringLanguage = language
        if language == .und, identifier.hasProfiles, guess.confidence < SentimentEngine.undecidedConfidence {
            scoringLanguage = bestLexicon(for: tokenized, mentions: mentions, brands: matcher?.brands ?? []) ?? .und
        }
        var scorer = SentimentScorer(tables: tables, language: LexiconCompiler.slot(scoringLanguage), text: tokenized,
                                     mentions: mentions, brands: matcher?.brands ?? [])
        scorer.recordEffects = detail == .full
        if let scratch { scorer.adopt(scratch) }
        defer { if let scratch { scorer.release(to: scratch) } }
        scorer.buildSlots()
        scorer.buildUnits()
        let slotMention = scorer.slotMentions()
        var found = scratch?.takeIntents() ?? []
        defer { scratch?.putIntents(found) }
        scorer.findIntents(slotMention, into: &found)
        scorer.resolveIntents(&found)
        for item in found where item.negatorSlot >= 0 {
            scorer.spentNegators.append(SentimentScorer.SpentNegator(negator: scorer.slots[item.negatorSlot].unit,
                                                                     intentEnd: scorer.slots[item.endSlot - 1].unit))
        }
        scorer.score()
        if !found.isEmpty {
            scorer.dropDeniedIntents(&found)
            scorer.dropUnrealIntents(&found)
            scorer.yieldToIntents(found)
        }
        let rules = scorer.box.lexicon.rules

        // Intents whose words carry no sentiment entry of their own move the score.
        func intentValue(_ item: SentimentScorer.FoundIntent) -> Double {
            for c in scorer.contributions where !c.yielded {
                let unit = scorer.units[Int(c.unit)]
                if unit.firstSlot < unit.endSlot && Int(unit.firstSlot) < item.endSlot && item.firstSlot < Int(unit.endSlot) { return 0 }
            }
            return SentimentScorer.intentSign(item.intent) * rules.intentValence
        }

        var termSum = 0.0
        for c in scorer.contributions { termSum += c.value }
        var intentAdjustment = 0.0
        var intents: [IntentMatch] = []
        for item in found {
            intentAdjustment += intentValue(item)
            if !intents.contains(where: { $0.intent == item.intent }) {
                intents.append(IntentMatch(intent: item.intent, evidence: detail == .full ? scorer.evidence(item) : ""))
            }
        }
        let (score, label, boost, raw) = SentimentEngine.finish(termSum + intentAdjustment, exclamations: tokenized.exclamationCount, rules: rules)

        var terms: [ExplainedTerm] = []
        if detail == .full && !scorer.contributions.isEmpty {
            terms.reserveCapacity(scorer.contributions.count)
            // Locals: one retain each, instead of one per term through the boxes.
            let entries = scorer.box.lexicon.entries
            let emojiEntries = lexicons.emojiEntries
            let units = scorer.units
            let slots = scorer.slots
            let fullText = tokenized.text
            for c in scorer.contributions {
                let unit = units[Int(c.unit)]
                // A negator without a sentiment word counts through its role entry (negators.tsv).
                let entryIndex = Int(unit.entry >= 0 ? unit.entry : unit.roleEntry)
                var source = "", entry = ""
                if unit.kind == .emoji {
                    if entryIndex >= 0 { source = emojiEntries[entryIndex].source; entry = emojiEntries[entryIndex].term }
                } else if entryIndex >= 0 {
                    source = entries[entryIndex].source
                    if entryIndex < entries.count { entry = entries[entryIndex].term }
                }
                terms.append(ExplainedTerm(surface: SentimentScorer.surface(unit, text: fullText, slots: slots), entry: entry,
                                           source: source, baseValence: c.base, effects: c.effects, finalValence: c.value))
            }
        }
        let explanation = Explanation(language: scoringLanguage, terms: terms, termSum: termSum, exclamationBoost: boost,
                                      intentAdjustment: intentAdjustment, rawScore: raw, normalizationAlpha: rules.normalizationAlpha,
                                      score: score, label: label, neutralThreshold: rules.neutralThreshold)

        let brandResults = mentions.isEmpty ? [] : brandAnalyses(scorer, found, intentValue, tokenized.exclamationCount, rules, detail)
        return TextAnalysis(language: language, languageConfidence: guess.confidence, score: score, label: label,
                            intents: intents, brands: brandResults, explanation: explanation,
                            hashtags: detail == .full ? SocialTags.hashtags(in: tokenized) : [],
                            handles: detail == .full ? SocialTags.handles(in: tokenized) : [])
    }

    /// The hashtag word-break of the scorer and its plain reference, on a hashtag body ("nierecomand"), for tests.
    package func hashtagCuts(_ body: String, language: Language) -> (fast: [Int], reference: [Int]) {
        let scorer = SentimentScorer(tables: tables, language: LexiconCompiler.slot(language), text: lexicons.tokenizer.tokenize(""),
                                     mentions: [], brands: [])
        var key: [UInt8] = []
        var offsets = [0]
        for scalar in body.unicodeScalars {
            let folded = Normalizer.fold(scalar.value)
            if folded == 0 { continue }
            Normalizer.appendUTF8(folded, to: &key)
            offsets.append(key.count)
        }
        let count = offsets.count - 1
        guard count > 0 else { return ([0], [0]) }
        return key.withUnsafeBufferPointer { key in
            offsets.withUnsafeBufferPointer { offsets in
                (key.isEmpty ? [0] : scorer.segment(key, offsets, count), scorer.referenceSegment(key, offsets, count))
            }
        }
    }

    /// The longest phrase at each word slot of `text`, from the pair table and from the plain walk, for tests.
    package func phraseMatches(_ text: String, language: Language) -> [(fast: Int32, reference: Int32, length: Int)] {
        var scorer = SentimentScorer(tables: tables, language: LexiconCompiler.slot(language), text: lexicons.tokenizer.tokenize(text),
                                     mentions: [], brands: [])
        scorer.buildSlots()
        return scorer.slots.indices.filter { scorer.slots[$0].kind == .word }.map { i in
            let fast = scorer.longestPhrase(at: i), reference = scorer.referenceLongestPhrase(at: i)
            return (fast.phrase, reference.phrase, fast.length == reference.length ? fast.length : -1)
        }
    }

    /// The intents found in `text` with the word filter and with every anchored pattern tried, for tests.
    package func intentMatches(_ text: String, language: Language) -> (fast: [String], reference: [String]) {
        var scorer = SentimentScorer(tables: tables, language: LexiconCompiler.slot(language), text: lexicons.tokenizer.tokenize(text),
                                     mentions: [], brands: [])
        scorer.buildSlots()
        scorer.buildUnits()
        let slotMention = scorer.slotMentions()
        func described(_ found: [SentimentScorer.FoundIntent]) -> [String] {
            found.map { "\($0.blocks ? "none" : $0.intent.rawValue) \($0.firstSlot)..<\($0.endSlot)" }
        }
        return (described(scorer.findIntents(slotMention)), described(scorer.findIntents(slotMention, filtered: false)))
    }

    /// The language of the text around its brand names. A brand is a proper noun, often a word of another language
    /// ("Uber", "Orange", "Play"), and in a short post it outweighed the rest: "Uber driver was rude" read as German.
    /// The whole text decides when the rest alone is too little to tell. (Texts without mentions are identified
    /// directly: a call through here cost 0.1 % of the instructions.)
    private func identify(_ text: String, around mentions: [BrandMention], hint: Language?, scratch: AnalysisScratch?) -> LanguageGuess {
        var bytes = Array(text.utf8)
        for mention in mentions {
            for i in mention.utf8Range where i < bytes.count { bytes[i] = 0x20 }
        }
        let rest = identify(String(decoding: bytes, as: UTF8.self), hint: hint, scratch: scratch)
        return rest.language == .und && rest.confidence < SentimentEngine.undecidedConfidence ? identify(text, hint: hint, scratch: scratch) : rest
    }

    /// The language of the whole text, with the scratch's word memo when there is one.
    @inline(__always)
    private func identify(_ text: String, hint: Language?, scratch: AnalysisScratch?) -> LanguageGuess {
        scratch.map { identifier.identify(text, hint: hint, memo: &$0.storage.pointee.languageMemo) } ?? identifier.identify(text, hint: hint)
    }

    /// What a switch gives the brand switched to, as a share of what it takes from the brand left: choosing a
    /// brand is praise by deed, though weaker than words (a switch is often about price or coverage alone).
    static let switchGainShare = 0.5

    /// Below this confidence an `und` verdict means "too little evidence", not "another language": German,
    /// Ukrainian or Czech posts of a sentence or more come out well above it.
    static let undecidedConfidence = 0.85

    /// The scored language whose lexicon recognises the most words of the text (first of en, pl, ro, ru on a
    /// tie), or nil when none recognises any.
    func bestLexicon(for tokenized: TokenizedText, mentions: [BrandMention], brands: [Brand]) -> Language? {
        var best: Language?
        var bestCount = 0
        for candidate in [Language.en, .pl, .ro, .ru] {
            var scorer = SentimentScorer(tables: tables, language: LexiconCompiler.slot(candidate), text: tokenized,
                                         mentions: mentions, brands: brands)
            scorer.buildSlots()
            scorer.buildUnits()
            let known = scorer.units.reduce(0) { $0 + ($1.kind == .term && !$1.valence.isNaN ? 1 : 0) }
            if known > bestCount {
                best = candidate
                bestCount = known
            }
        }
        return best
    }

    static func finish(_ sum: Double, exclamations: Int, rules: SentimentRules) -> (Double, SentimentLabel, Double, Double) {
        var raw = sum
        var boost = 0.0
        if raw != 0 && exclamations > 0 {
            boost = (raw > 0 ? 1 : -1) * min(Double(exclamations), rules.exclamationMax) * rules.exclamationStep
            raw += boost
        }
        var score = raw / (raw * raw + rules.normalizationAlpha).squareRoot()
        score = min(1, max(-1, score))
        let label: SentimentLabel = score > rules.neutralThreshold ? .positive : score < -rules.neutralThreshold ? .negative : .neutral
        return (score, label, boost, raw)
    }

    /// Per-brand scores from the clauses that mention each brand; clauses that mention no brand belong to the
    /// brands of the closest clause before them that does (or the first one, before any mention).
    func brandAnalyses(_ scorer: SentimentScorer, _ found: [SentimentScorer.FoundIntent],
                       _ intentValue: (SentimentScorer.FoundIntent) -> Double, _ exclamations: Int, _ rules: SentimentRules,
                       _ detail: AnalysisDetail) -> [BrandAnalysis] {
        let mentions = scorer.mentions
        // Clause of each mention, through its first slot.
        // Clause of each token that has a slot, or −1.
        var clauseOfToken = [Int32](repeating: -1, count: scorer.text.tokens.count)
        for unit in scorer.units {
            for s in Int(unit.firstSlot)..<Int(unit.endSlot) { clauseOfToken[Int(scorer.slots[s].token)] = unit.clause }
        }
        let clauseCount = Int((scorer.units.last?.clause ?? 0) + 1)
        var clauseBrands = [[Int]](repeating: [], count: max(1, clauseCount))
        var firstTokenClause = [Int32](repeating: 0, count: mentions.count)
        for (m, mention) in mentions.enumerated() {
            // Tokens without a slot (handles) take the clause of the nearest token before them that has one.
            var t = mention.tokens.lowerBound
            var clause: Int32 = 0
            while t >= 0 {
                if t < clauseOfToken.count, clauseOfToken[t] >= 0 { clause = clauseOfToken[t]; break }
                t -= 1
            }
            if t < 0 {
                t = mention.tokens.lowerBound
                while t < scorer.text.tokens.count { if clauseOfToken[t] >= 0 { clause = clauseOfToken[t]; break }; t += 1 }
            }
            firstTokenClause[m] = clause
            let index = Int(min(clause, Int32(clauseBrands.count - 1)))
            if !clauseBrands[index].contains(mention.brandIndex) { clauseBrands[index].append(mention.brandIndex) }
        }
        // The unit where a mention starts (Int.max when no slot follows it).
        func unitOfMention(_ m: Int) -> Int {
            let slot = scorer.slots.firstIndex { Int($0.token) >= mentions[m].tokens.lowerBound } ?? scorer.slots.count
            return slot < scorer.slots.count ? Int(scorer.slots[slot].unit) : Int.max
        }
        // After a switch ("left X for Y"), the clauses that follow are about the brand switched to. Inside the switch's
        // own clause, what comes after Y is about Y ("Przeszedłem z Orange do Play i jest super") and what comes
        // before the switch is about the brands left ("Orange was awful so I switched from Orange to Vodafone").
        var switchedTo = [[Int]?](repeating: nil, count: clauseBrands.count)
        var switchSides: [(clause: Int, startUnit: Int, toUnit: Int, to: Int)] = []
        for item in found where item.intent == .churn {
            let clause = Int(scorer.units[Int(scorer.slots[item.firstSlot].unit)].clause)
            guard clause < switchedTo.count else { continue }
            if item.competitorMention >= 0 {
                let to = mentions[item.competitorMention].brandIndex
                switchedTo[clause] = [to]
                switchSides.append((clause, Int(scorer.slots[item.firstSlot].unit), unitOfMention(item.competitorMention), to))
            } else if item.brandMention >= 0 {
                // "left X for Y" written with {brand}: the other brands of the clause are the new ones.
                let left = mentions[item.brandMention].brandIndex
                let others = clauseBrands[clause].filter { $0 != left }
                if !others.isEmpty { switchedTo[clause] = others }
            }
        }
        // Attribution of clauses without mentions.
        var attributed = clauseBrands
        var current: [Int] = clauseBrands.first { !$0.isEmpty } ?? []
        for c in attributed.indices {
            if clauseBrands[c].isEmpty {
                attributed[c] = current
            } else {
                current = switchedTo[c] ?? clauseBrands[c]
            }
        }
        // A comparison of two brands ("taniej niż w Biedronce", "лучше, чем Сбербанк", "better than X"): the brand
        // after "than" gets the compared clause's sentiment turned around. When "than" opens its own clause (the
        // comma before "чем" or "niż"), the compared clause is the one before it.
        var comparedAgainst = [[Int]](repeating: [], count: clauseBrands.count)
        for (index, unit) in scorer.units.enumerated() where unit.role == .than {
            let clause = Int(unit.clause)
            let opensClause = index > 0 && scorer.units[index - 1].kind == .clause
            let compared = opensClause && clause > 0 ? clause - 1 : clause
            guard clause < clauseBrands.count else { continue }
            var before: [Int] = [], after: [Int] = []
            for (m, mention) in mentions.enumerated() {
                let mentionUnit = unitOfMention(m)
                let mentionClause = Int(firstTokenClause[m])
                if mentionClause == compared && mentionUnit < index {
                    before.append(mention.brandIndex)
                } else if mentionClause == clause && mentionUnit > index {
                    after.append(mention.brandIndex)
                }
            }
            let against = after.filter { !before.contains($0) }
            if !before.isEmpty && !against.isEmpty { comparedAgainst[compared] = against }
        }
        var results: [BrandAnalysis] = []
        var order: [Int] = []
        for mention in mentions where !order.contains(mention.brandIndex) { order.append(mention.brandIndex) }
        for brandIndex in order {
            var sum = 0.0
            contributions: for c in scorer.contributions {
                let clause = Int(min(c.clause, Int32(attributed.count - 1)))
                for side in switchSides where side.clause == clause {
                    if Int(c.unit) > side.toUnit {
                        if side.to == brandIndex { sum += c.value }
                        continue contributions
                    }
                    if Int(c.unit) < side.startUnit {
                        if side.to != brandIndex && clauseBrands[clause].contains(brandIndex) { sum += c.value }
                        continue contributions
                    }
                }
                if comparedAgainst[clause].contains(brandIndex) {
                    sum -= c.value
                } else if attributed[clause].contains(brandIndex) {
                    sum += c.value
                }
            }
            var intents: [IntentMatch] = []
            for item in found {
                if item.intent == .churn, item.competitorMention >= 0, mentions[item.competitorMention].brandIndex == brandIndex {
                    // The brand switched to wins the customer the other lost: "przeszedłem z Orange do Plusa" is a
                    // gain for Plus, half as strong as the loss, and no intent of its own.
                    sum -= intentValue(item) * SentimentEngine.switchGainShare
                    continue
                }
                let owners: [Int]
                if item.brandMention >= 0 {
                    owners = [mentions[item.brandMention].brandIndex]
                } else {
                    let clause = scorer.units[Int(scorer.slots[item.firstSlot].unit)].clause
                    var list = attributed[Int(min(clause, Int32(attributed.count - 1)))]
                    if item.competitorMention >= 0 {
                        let competitor = mentions[item.competitorMention].brandIndex
                        list.removeAll { $0 == competitor }
                        if list.isEmpty { list = order.filter { $0 != competitor } }
                    }
                    owners = list
                }
                guard owners.contains(brandIndex) else { continue }
                sum += intentValue(item)
                if !intents.contains(where: { $0.intent == item.intent }) {
                    intents.append(IntentMatch(intent: item.intent, evidence: detail == .full ? scorer.evidence(item) : ""))
                }
            }
            let (score, label, _, _) = SentimentEngine.finish(sum, exclamations: exclamations, rules: rules)
            let first = mentions.first { $0.brandIndex == brandIndex }
            results.append(BrandAnalysis(name: scorer.brands[brandIndex].name, matched: first?.matched ?? "", score: score, label: label, intents: intents))
        }
        return results
    }
}

extension SentimentEngine {
    /// The engine from an image that ``image()`` wrote; throws when the image is damaged.
    package init(image bytes: [UInt8]) throws {
        var image = BinaryImageReader(bytes)
        try self.init(image: &image)
    }

    /// The engine from the rest of `image`, which must end where the engine's image ends.
    package init(image: inout BinaryImageReader) throws {
        let lexicons = try CompiledLexicons(image: &image)
        let identifier = try LanguageIdentifier(image: &image)
        let warnings = try LexiconIssue.read(from: &image)
        guard image.isAtEnd else { throw BinaryImageReader.Damaged() }
        self.init(tables: EngineTables(lexicons), identifier: identifier, warnings: warnings)
    }
}
