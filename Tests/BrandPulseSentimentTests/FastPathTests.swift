import BrandPulseCore
import BrandPulseMatching
import BrandPulseSentiment
import BrandPulseText
import Testing

/// Each fast path of the engine gives the same answer as the plain path it replaces, on generated texts.
@Suite struct FastPathTests {
    static let words: [String] = [
        "polecam", "nie", "świetny", "fatalnego", "obsługa", "zamówienie", "dostawa", "Biedronka", "Biedronce", "Biedronki",
        "biedronkach", "Orange", "Orange'a", "ORANGE", "oranges", "eMAG", "eMAG-ul", "eMAG-ului", "emagul", "Lidl", "Lidla",
        "ужасно", "хорошего", "обслуживание", "не", "рекомендую", "Сбербанк", "Сбербанком", "excelent", "serviciul", "nu",
        "recomand", "magazinului", "great", "not", "but", "recommend", "loving", "stopped", "caring", "cars", "suuuper",
        "ale", "но", "dar", "#Biedronka", "#orange", "@Orange_PL", "@emag", ":)", ":(", ")))", "!!!", "?", ",", ".", "…",
        "😍", "👍🏽", "❤️", "http://x.pl/a", "5-star", "n-am", "ţeapă", "ș", "Ё", "ёлка", "ся", "учиться", "улыбаюсь",
    ]

    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state
        }
    }

    static func texts(count: Int, seed: UInt64) -> [String] {
        var generator = Generator(state: seed)
        return (0..<count).map { _ in
            let length = Int.random(in: 1...24, using: &generator)
            return (0..<length).map { _ in words.randomElement(using: &generator) ?? "" }.joined(separator: " ")
        }
    }

    @Test func flatStemmerMatchesReferenceStemmer() {
        let tokenizer = Tokenizer()
        let stemmers = [Language.en, .pl, .ru, .ro, .und].map { Stemmer(language: $0) }
        var checked = 0
        for text in FastPathTests.texts(count: 3000, seed: 7) {
            let tokenized = tokenizer.tokenize(text)
            for token in tokenized.tokens {
                let key = Array(tokenized.folded[Int(token.keyStart)..<Int(token.keyEnd)])
                for stemmer in stemmers {
                    let (fast, plain) = key.withUnsafeBufferPointer { (stemmer.stemLength($0), stemmer.referenceStemLength($0)) }
                    #expect(fast == plain, "\(stemmer.language) \(tokenized.key(token))")
                    checked += 1
                }
            }
        }
        #expect(checked > 10_000)
    }

    @Test func hashtagWordBreakMatchesReference() throws {
        let engine = try SentimentEngine.load(lexiconDirectory: Fixtures.repositoryLexicons)
        var generator = Generator(state: 11)
        let pieces = ["nie", "polecam", "super", "obsluga", "fatalna", "customer", "service", "fail", "love", "it", "nu",
                      "recomand", "не", "рекомендую", "отстой", "x", "qq", "zz", "2026", "emag", "biedronka", "a", "ok", "best"]
        var checked = 0, split = 0
        for language in [Language.en, .pl, .ru, .ro] {
            for _ in 0..<400 {
                let body = (0..<Int.random(in: 1...4, using: &generator)).map { _ in pieces.randomElement(using: &generator) ?? "" }.joined()
                let (fast, reference) = engine.hashtagCuts(body, language: language)
                #expect(fast == reference, "\(language) #\(body)")
                checked += 1
                if fast.count > 1 { split += 1 }
            }
        }
        #expect(checked == 1600)
        #expect(split > 40, "the generated hashtags should often split into known words")
    }

    @Test func phrasePairTableFindsTheSamePhrasesAsTheFullWalk() throws {
        let engine = try SentimentEngine.load(lexiconDirectory: Fixtures.repositoryLexicons)
        var generator = Generator(state: 23)
        // Words that start, continue or break many phrases in each language, and the commas of idioms and refusals
        // ("ni pies, ni wydra", "нет, спасибо") that a phrase may span.
        let vocabulary: [Language: [String]] = [
            .en: ["not", "worth", "it", "at", "all", "the", "best", "no", "so", "bad", "a", "waste", "of", "money", "good", "very",
                  "customer", "service", "never", "again", "piece", "shit", "highly", "recommend", "don't", "than", "!", ",",
                  "thanks", "far", ","],
            .pl: ["nie", "polecam", "ma", "problemu", "na", "plus", "bez", "sensu", "z", "czystym", "sumieniem", "jak", "zwykle",
                  "się", "boję", "do", "niczego", "obsługa", "klienta", "dramat", "zero", "kontaktu", "nigdy", "więcej", ".",
                  "ni", "pies", "wydra", "dziękuję", "nic", "dodać", "ująć", ",", ","],
            .ro: ["nu", "recomand", "se", "merită", "a", "fost", "fără", "probleme", "ce", "bine", "bani", "aruncați", "pe",
                  "banii", "calitate", "preț", "de", "raportul", "foarte", "mulțumit", "nici", "o", ".", "cal", "măgar",
                  "mulțumesc", ","],
            .ru: ["не", "рекомендую", "на", "высоте", "всё", "отлично", "в", "целом", "без", "проблем", "так", "себе", "ни",
                  "разу", "деньги", "на", "ветер", "служба", "поддержки", "очень", "довольна", ")))", "рыба", "мясо", "нет",
                  "спасибо", ",", ","],
        ]
        var checked = 0, found = 0
        for (language, words) in vocabulary {
            for _ in 0..<800 {
                let text = (0..<Int.random(in: 2...12, using: &generator)).map { _ in words.randomElement(using: &generator) ?? "" }
                    .joined(separator: " ")
                for match in engine.phraseMatches(text, language: language) {
                    #expect(match.fast == match.reference && match.length >= 1, "\(language) \(text)")
                    checked += 1
                    if match.fast >= 0 { found += 1 }
                }
            }
        }
        #expect(checked > 5_000)
        #expect(found > 300, "the generated texts should often contain phrases")
        // Phrases that span a comma, after the first word or later: both walks find the same one at the first word.
        for (text, language) in [("ni pies , ni wydra", Language.pl), ("nie , dziękuję", .pl), ("ни рыба , ни мясо", .ru),
                                 ("so far , so good", .en), ("nu , mulțumesc", .ro)] {
            let first = try #require(engine.phraseMatches(text, language: language).first, "\(text)")
            #expect(first.fast >= 0 && first.fast == first.reference && first.length == text.split(separator: " ").count, "\(text)")
        }
    }

    @Test func scoresOnlyDetailGivesTheSameVerdicts() throws {
        let engine = try SentimentEngine.load(lexiconDirectory: Fixtures.repositoryLexicons)
        let brands = [Brand(name: "Biedronka"), Brand(name: "Orange"), Brand(name: "eMAG"), Brand(name: "Сбербанк"), Brand(name: "Lidl")]
        for text in FastPathTests.texts(count: 2000, seed: 31) {
            let full = engine.analyze(text, brands: brands)
            let scores = engine.analyze(text, brands: brands, detail: .scores)
            #expect(full.language == scores.language && full.languageConfidence == scores.languageConfidence, "\(text)")
            #expect(full.score == scores.score && full.label == scores.label, "\(text)")
            #expect(full.intents.map(\.intent) == scores.intents.map(\.intent), "\(text)")
            #expect(scores.intents.allSatisfy { $0.evidence.isEmpty }, "\(text)")
            #expect(full.brands.map(\.score) == scores.brands.map(\.score), "\(text)")
            #expect(full.brands.map { $0.intents.map(\.intent) } == scores.brands.map { $0.intents.map(\.intent) }, "\(text)")
            #expect(full.explanation.rawScore == scores.explanation.rawScore, "\(text)")
            #expect(scores.explanation.terms.isEmpty && scores.hashtags.isEmpty && scores.handles.isEmpty)
        }
    }

    @Test(arguments: [16, 1 << 14])
    func reusedScratchGivesTheSameAnalysis(memoCapacity: Int) throws {
        // A small memo starts over many times within the run; a large one serves most words from memory.
        let engine = try SentimentEngine.load(lexiconDirectory: Fixtures.repositoryLexicons)
        let brands = [Brand(name: "Biedronka"), Brand(name: "Orange"), Brand(name: "eMAG"), Brand(name: "Сбербанк")]
        let scratch = AnalysisScratch(memoCapacity: memoCapacity)
        let texts = FastPathTests.texts(count: 1500, seed: 43)
        for text in texts + texts {
            for detail in [AnalysisDetail.full, .scores] {
                let plain = engine.analyze(text, brands: brands, detail: detail)
                let reused = engine.analyze(text, brands: brands, detail: detail, scratch: scratch)
                #expect(plain.score == reused.score && plain.label == reused.label && plain.language == reused.language, "\(text)")
                #expect(plain.languageConfidence == reused.languageConfidence, "\(text)")
                #expect(plain.intents == reused.intents && plain.brands == reused.brands, "\(text)")
                #expect(plain.explanation == reused.explanation, "\(text)")
            }
        }
    }

    @Test func cachedHashtagSplitsGiveTheSameAnalysis() throws {
        // A fresh engine: each tag is split on its first sight and read from the cache after.
        let engine = try SentimentEngine.load(lexiconDirectory: Fixtures.repositoryLexicons)
        var generator = Generator(state: 5)
        let tags = ["#niepolecam", "#customerservice", "#nierecomand", "#нерекомендую", "#BlackFriday", "#superobsluga",
                    "#fail", "#emag", "#zakupy", "#dziękujębardzo", "#2026", "#lovethis"]
        var texts: [String] = []
        for _ in 0..<200 {
            texts.append((0..<3).map { _ in tags.randomElement(using: &generator) ?? "" }.joined(separator: " "))
        }
        for text in texts + texts {
            let first = engine.analyze(text)
            let again = engine.analyze(text)
            #expect(first.score == again.score, "\(text)")
            #expect(first.explanation.terms.map(\.surface) == again.explanation.terms.map(\.surface), "\(text)")
        }
        let plain = try SentimentEngine.load(lexiconDirectory: Fixtures.repositoryLexicons)
        for text in texts.prefix(20) {
            _ = engine.analyze(text)
            #expect(engine.analyze(text).explanation.terms.map(\.entry) == plain.analyze(text).explanation.terms.map(\.entry), "\(text)")
        }
    }

    /// The scratch remembers a hashtag's split by its bytes, case included: "#BlackFriday" splits at the capital,
    /// "#blackfriday" against the lexicon, and a memo that starts over often must not mix them up.
    @Test(arguments: [16, 1 << 14])
    func rememberedHashtagSplitsGiveTheSameAnalysis(memoCapacity: Int) throws {
        let engine = try SentimentEngine.load(lexiconDirectory: Fixtures.repositoryLexicons)
        let scratch = AnalysisScratch(memoCapacity: memoCapacity)
        var generator = Generator(state: 11)
        let tags = ["#niepolecam", "#NiePolecam", "#NIEPOLECAM", "#BlackFriday", "#blackfriday", "#nierecomand", "#NuRecomand",
                    "#нерекомендую", "#НеРекомендую", "#superObsluga", "#2026", "#fail2026", "#dziękujębardzo", "#ЛучшийБанк",
                    "#x", "#lovethis", "#LoveThis", "#eMAG", "#emag"]
        let words = ["polecam", "nie", "great", "ужасно", "excelent", ":)", "."]
        for _ in 0..<600 {
            let text = (0..<Int.random(in: 1...6, using: &generator)).map { _ in
                Bool.random(using: &generator) ? tags.randomElement(using: &generator) ?? "" : words.randomElement(using: &generator) ?? ""
            }.joined(separator: " ")
            let plain = engine.analyze(text)
            let reused = engine.analyze(text, scratch: scratch)
            #expect(plain.score == reused.score && plain.intents == reused.intents, "\(text)")
            #expect(plain.explanation == reused.explanation, "\(text)")
        }
    }

    /// Intent patterns are tried only when the post holds all their words (a 64-bit filter); trying every pattern
    /// of each anchor finds the same matches.
    @Test func intentWordFilterFindsTheSameIntentsAsTryingEveryPattern() throws {
        let engine = try SentimentEngine.load(lexiconDirectory: Fixtures.repositoryLexicons)
        let phrases = ["I would highly recommend", "never again", "switching to", "will buy again", "do not recommend", "stay away",
                       "polecam wszystkim", "nie polecam", "więcej nie kupię", "przechodzę do", "zdecydowanie odradzam",
                       "recomand cu încredere", "nu recomand", "nu mai comand", "trec la", "рекомендую всем", "не рекомендую",
                       "больше не куплю", "перехожу в", "обходите стороной", "уйду к", "жалоба", "reklamacja", "complaint"]
        var generator = Generator(state: 23)
        var withIntents = 0
        for text in FastPathTests.texts(count: 800, seed: 29) {
            let mixed = text + " " + (0..<3).map { _ in phrases.randomElement(using: &generator) ?? "" }.joined(separator: " ")
            for language in [Language.en, .pl, .ro, .ru] {
                let (fast, reference) = engine.intentMatches(mixed, language: language)
                #expect(fast == reference, "\(language): \(mixed)")
                if !fast.isEmpty { withIntents += 1 }
            }
        }
        #expect(withIntents > 1000, "too few texts with intents to compare: \(withIntents)")
    }

    /// Intent matching does not remember the (pattern, start) pairs it has tried: a post whose anchor words repeat
    /// tries some twice, and must still report the same intents.
    @Test func manyIntentAnchorsReportTheSameIntents() throws {
        let engine = try SentimentEngine.load(lexiconDirectory: Fixtures.repositoryLexicons)
        let sentence = "Polecam Biedronkę, nie polecam Lidla. "
        let one = engine.analyze(sentence, languageHint: .pl)
        #expect(Set(one.intents.map(\.intent)) == [.recommend, .warn], "\(one.intents)")
        let long = engine.analyze(String(repeating: sentence, count: 60), languageHint: .pl)
        #expect(long.intents == one.intents, "\(long.intents)")
    }

    @Test func candidateFilteredMentionsMatchFullScan() {
        let tokenizer = Tokenizer()
        let matchers = [
            BrandMatcher(brands: [Brand(name: "Biedronka", aliases: ["Biedronce", "Biedronki"]), Brand(name: "Orange"),
                                  Brand(name: "eMAG", aliases: ["emag", "eMAG-ul"])]),
            BrandMatcher(brands: [Brand(name: "Lidl"), Brand(name: "Сбербанк"), Brand(name: "Orange", exclusions: ["orange juice"])]),
            // A one-letter alias turns the two-byte filter off.
            BrandMatcher(brands: [Brand(name: "X", aliases: ["x"]), Brand(name: "Orange")]),
        ]
        var mentions = 0
        for text in FastPathTests.texts(count: 3000, seed: 11) {
            let tokenized = tokenizer.tokenize(text)
            for matcher in matchers {
                let fast = matcher.mentions(in: tokenized)
                #expect(fast == matcher.referenceMentions(in: tokenized), "\(text)")
                mentions += fast.count
            }
        }
        #expect(mentions > 1000)
    }
}

@Suite struct UppercaseTableTests {
    @Test func tableMatchesUnicodeProperties() {
        for value in UInt32(0)..<0x2100 {
            #expect(Normalizer.isUppercase(value) == Normalizer.referenceIsUppercase(value), "U+\(String(value, radix: 16))")
        }
    }
}

@Suite struct TokenizerFastPathTests {
    static let extraPieces: [String] = [
        "&amp;", "&lt;3", "e\u{301}", "и\u{306}", "🇵🇱", "👨‍👩‍👧", "xD", ":-)", ":Dupa", "(((", "((", "(a)", "—", "–", "\n",
        "#promocjaŚwiąteczna", "#Пятёрочка", "@user.name", "www.x.pl/ü", "Ⱥ", "ẞ", "İ", "ǅ", "3,5", "covid-19", "don’t",
        "ZAMÓWIENIE", "ŁÓDŹ", "ȘI", "Ţ", "\u{FEFF}", "\u{200B}", "\u{A0}", ":ССС", ":СС", ":Д", ":ДДД", "С",
    ]

    @Test func bufferTokenizerMatchesReferenceTokenizer() {
        // Two emoticons whose last letter takes two bytes (Russian keyboard), so that repeats of it are compared too.
        let emoticons = Tokenizer.defaultEmoticons + [":С", ":Д"]
        let fast = Tokenizer(emoticons: emoticons)
        let plain = ReferenceTokenizer(emoticons: emoticons)
        var generator = FastPathTests.Generator(state: 23)
        let pieces = FastPathTests.words + TokenizerFastPathTests.extraPieces
        var tokens = 0
        // The last result's arrays, refilled for the next text.
        var spent = TokenizedText.empty
        for _ in 0..<4000 {
            let length = Int.random(in: 0...30, using: &generator)
            let text = (0..<length).map { _ in pieces.randomElement(using: &generator) ?? "" }
                .joined(separator: Bool.random(using: &generator) ? " " : "")
            let a = fast.tokenize(text), b = plain.tokenize(text)
            #expect(a.text == b.text)
            #expect(a.tokens == b.tokens, "\(text)")
            #expect(a.folded == b.folded, "\(text)")
            #expect(a.exclamationCount == b.exclamationCount && a.questionCount == b.questionCount && a.isAllCaps == b.isAllCaps)
            let reused = fast.tokenize(text, reusing: &spent)
            #expect(reused.text == b.text && reused.tokens == b.tokens && reused.folded == b.folded, "\(text)")
            #expect(reused.exclamationCount == b.exclamationCount && reused.questionCount == b.questionCount && reused.isAllCaps == b.isAllCaps)
            spent = reused
            tokens += a.tokens.count
        }
        #expect(tokens > 20_000)
    }

    @Test("The eight-bytes-at-a-time slow-path check finds each trigger byte at every position")
    func slowPathBytesMatchTheByteLoop() {
        let filler = Array("Zamówienie ok, dostawa szybka. Сбербанк".utf8)
        for trigger: UInt8 in [0xCC, 0xCD, 0x26, 0x5C, 0xCE, 0x27, 0x5B] {
            for length in 0...19 {
                for position in 0..<max(1, length) {
                    var bytes = Array(filler.prefix(length))
                    if length > 0 { bytes[position] = trigger }
                    let fast = bytes.withUnsafeBufferPointer { Tokenizer.slowPathBytes($0) }
                    let plainNFC = bytes.contains { $0 == 0xCC || $0 == 0xCD }
                    let plainReferences = bytes.contains { $0 == 0x26 || $0 == 0x5C }
                    #expect(fast.needsNFC == plainNFC && fast.mayHaveReferences == plainReferences, "\(trigger) at \(position) of \(length)")
                }
            }
        }
    }
}
