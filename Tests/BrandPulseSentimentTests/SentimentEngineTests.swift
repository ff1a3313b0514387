import BrandPulseCore
import BrandPulseSentiment
import Foundation
import Testing

/// Behaviour of the scorer on the small fixture lexicons (Fixtures/lexicons), with our own sentences.
@Suite struct SentimentEngineTests {
    let engine = Fixtures.engine

    struct Case: Sendable, CustomTestStringConvertible {
        let language: Language
        let text: String
        let label: SentimentLabel
        var testDescription: String { "\(language.rawValue): \(text)" }
    }

    @Test(arguments: [
        // inflection
        Case(language: .pl, text: "Obsługa była fatalna", label: .negative),
        Case(language: .pl, text: "Fatalnego towaru nie brakuje", label: .negative),
        Case(language: .ru, text: "Ужасное обслуживание в отделении", label: .negative),
        Case(language: .ro, text: "Produsul este excelentă alegere", label: .positive),
        Case(language: .en, text: "I loved the new flavour", label: .positive),
        // negation reaches across the clause, and stops at punctuation
        Case(language: .pl, text: "Ten sklep nie jest wcale taki dobry", label: .negative),
        Case(language: .en, text: "The staff was not very helpful", label: .negative),
        Case(language: .ro, text: "Nu este un produs bun", label: .negative),
        Case(language: .ru, text: "Это не очень хороший банк", label: .negative),
        Case(language: .ro, text: "N-am fost mulțumit de curier", label: .negative),
        // negative concord counts as one negation
        Case(language: .pl, text: "Nikt nie jest tu zadowolony", label: .negative),
        Case(language: .ru, text: "Никто ни разу не помог", label: .negative),
        Case(language: .ro, text: "Nimeni nu e mulțumit de magazin", label: .negative),
        Case(language: .en, text: "Nobody was ever helpful", label: .negative),
        // breakers are not negation
        Case(language: .pl, text: "Nie tylko dobry, ale świetny", label: .positive),
        Case(language: .ro, text: "Nu numai bun, ci excelent", label: .positive),
        // contrast: the later clause wins
        Case(language: .pl, text: "Dobry towar, ale obsługa fatalna", label: .negative),
        Case(language: .ru, text: "Ужасная очередь, но сотрудники отличные", label: .positive),
        Case(language: .ro, text: "Prețul e prost, dar calitatea e excelentă", label: .positive),
        Case(language: .en, text: "Good food but terrible service", label: .negative),
        Case(language: .pl, text: "Chociaż dostawa fatalna, produkt świetny", label: .positive),
        // text without diacritics
        Case(language: .pl, text: "swietna promocja", label: .positive),
        Case(language: .ro, text: "foarte multumit de comanda", label: .positive),
        // emoji and emoticons
        Case(language: .pl, text: "Zakupy zrobione 😍", label: .positive),
        Case(language: .ru, text: "Опять очередь в отделении(((", label: .negative),
        Case(language: .ru, text: "Зарплату перевели)))", label: .positive),
        Case(language: .en, text: "Delivery came today :(", label: .negative),
        // elongation and hashtags
        Case(language: .pl, text: "suuuper sklep", label: .positive),
        Case(language: .en, text: "Just #LoveIt", label: .positive),
        // neutral
        Case(language: .pl, text: "Sklep jest otwarty do 22", label: .neutral),
    ])
    func labels(_ example: Case) {
        let analysis = engine.analyze(example.text, languageHint: example.language)
        #expect(analysis.language == example.language)
        #expect(analysis.label == example.label, "score \(analysis.score)\n\(analysis.explanation.rendered())")
    }

    @Test func capsEmphasisOnlyInMixedCase() {
        let plain = engine.analyze("the service was good", languageHint: .en).score
        let caps = engine.analyze("the service was GOOD", languageHint: .en).score
        let shouting = engine.analyze("THE SERVICE WAS GOOD", languageHint: .en).score
        #expect(caps > plain)
        #expect(abs(shouting - plain) < 1e-9)
    }

    @Test func negatedNegativesAreOnlyMildlyPositive() {
        let plain = engine.analyze("this is good", languageHint: .en).score
        let notBad = engine.analyze("this is not bad", languageHint: .en).score
        #expect(notBad > 0)
        #expect(notBad < plain)
    }

    @Test func exclamationsAmplifyAndQuestionsDamp() {
        let plain = engine.analyze("great shop", languageHint: .en).score
        #expect(engine.analyze("great shop!!!", languageHint: .en).score > plain)
        #expect(engine.analyze("great shop?", languageHint: .en).score < plain)
    }

    @Test func modifiersBoostAndDampen() {
        let plain = engine.analyze("dobry sklep", languageHint: .pl).score
        #expect(engine.analyze("bardzo dobry sklep", languageHint: .pl).score > plain)
        #expect(engine.analyze("trochę dobry sklep", languageHint: .pl).score < plain)
    }

    @Test func lengtheningEmphasises() {
        #expect(engine.analyze("suuuper sklep", languageHint: .pl).score > engine.analyze("super sklep", languageHint: .pl).score)
    }

    @Test func repeatedEmojiHaveDiminishingReturns() {
        let one = engine.analyze("Zakupy 😍", languageHint: .pl).score
        let four = engine.analyze("Zakupy 😍😍😍😍", languageHint: .pl)
        #expect(four.score > one)
        #expect(four.explanation.terms.count == 4)
        #expect(four.explanation.terms[1].finalValence < four.explanation.terms[0].finalValence)
    }

    @Test func bracketCountStrengthens() {
        let one = engine.analyze("Спасибо)", languageHint: .ru).score
        let three = engine.analyze("Спасибо)))", languageHint: .ru).score
        #expect(three > one)
        #expect(one > 0)
    }

    @Test func scoreStaysInRangeForLongPosts() {
        let text = Array(repeating: "świetny sklep, super obsługa!", count: 60).joined(separator: " ")
        let analysis = engine.analyze(text, languageHint: .pl)
        #expect(analysis.score <= 1 && analysis.score > 0.9)
    }

    @Test func undeterminedLanguageIsNeutralUnlessEmoji() {
        let plain = engine.analyze("Tohle je opravdu dobrý obchod")
        #expect(plain.language == .und)
        #expect(plain.label == .neutral)
        let withEmoji = engine.analyze("Tohle je obchod 😡")
        #expect(withEmoji.label == .negative)
    }

    struct IntentCase: Sendable, CustomTestStringConvertible {
        let language: Language
        let text: String
        let intents: [Intent]
        var testDescription: String { "\(language.rawValue): \(text)" }
    }

    @Test(arguments: [
        IntentCase(language: .pl, text: "Gorąco polecam ten sklep", intents: [.recommend]),
        IntentCase(language: .pl, text: "Nie polecam tego sklepu", intents: [.warn]),
        IntentCase(language: .pl, text: "Naprawdę nie polecam", intents: [.warn]),
        IntentCase(language: .pl, text: "Kupię na pewno znowu", intents: [.repurchase]),
        IntentCase(language: .pl, text: "Nie kupię znowu", intents: [.churn]),
        IntentCase(language: .pl, text: "Złożyłem reklamację", intents: [.complaint]),
        IntentCase(language: .pl, text: "Nie mogę zrezygnować z abonamentu", intents: [.lockin]),
        IntentCase(language: .ru, text: "Рекомендую всем", intents: [.recommend]),
        IntentCase(language: .ru, text: "Не рекомендую этот банк", intents: [.warn]),
        IntentCase(language: .ru, text: "Не советую", intents: [.warn]),
        IntentCase(language: .ru, text: "Обожаю этот магазин", intents: [.attachment]),
        // The gap skips «никогда», and the pattern holds its own «не»: negative concord, one negation.
        IntentCase(language: .ru, text: "Больше никогда не закажу", intents: [.churn]),
        IntentCase(language: .ru, text: "Больше не закажу", intents: [.churn]),
        IntentCase(language: .ro, text: "Nu recomand magazinul", intents: [.warn]),
        IntentCase(language: .ro, text: "Recomand cu drag", intents: [.recommend]),
        IntentCase(language: .ro, text: "Nu pot să renunț la abonament", intents: [.lockin]),
        IntentCase(language: .en, text: "I highly recommend it", intents: [.recommend]),
        IntentCase(language: .en, text: "I don't recommend it", intents: [.warn]),
        IntentCase(language: .en, text: "Stay away from this shop", intents: [.warn]),
        IntentCase(language: .en, text: "I will buy it again", intents: [.repurchase]),
        IntentCase(language: .en, text: "I cancelled my subscription", intents: [.churn]),
        IntentCase(language: .en, text: "Still no refund", intents: [.complaint]),
        IntentCase(language: .en, text: "I am stuck with them", intents: [.lockin]),
    ])
    func intents(_ example: IntentCase) {
        let analysis = engine.analyze(example.text, languageHint: example.language)
        #expect(analysis.intents.map(\.intent) == example.intents)
    }

    @Test("Alternatives and sentence anchors: one line, every variant, whole sentences only")
    func alternativesAndSentenceAnchors() {
        // Fixture line: `repurchase  ^ (na pewno|jeszcze) (tu) wrócę|wrócimy (tu) $`
        for text in ["Wrócimy!", "Pyszne pierogi. Na pewno wrócę!", "Jeszcze tu wrócimy.", "Obsługa super. Wrócimy tu 😍"] {
            #expect(engine.analyze(text, languageHint: .pl).intents.map(\.intent) == [.repurchase], "\(text)")
        }
        for text in ["Wrócimy za godzinę", "Mama mówi, że wrócimy", "Czy na pewno wrócę na czas"] {
            #expect(engine.analyze(text, languageHint: .pl).intents.isEmpty, "\(text)")
        }
    }

    @Test func intentEvidenceIsTheMatchedWords() {
        let analysis = engine.analyze("Szczerze mówiąc, nie polecam.", languageHint: .pl)
        #expect(analysis.intents == [IntentMatch(intent: .warn, evidence: "nie polecam")])
    }

    static let shops = [
        Brand(name: "Lidl", competitors: ["Biedronka"], languages: [.pl]),
        Brand(name: "Biedronka", competitors: ["Lidl"], languages: [.pl]),
    ]

    @Test func twoBrandPostScoresEachBrandFromItsClauses() {
        let analysis = engine.analyze("Przeszedłem z Lidla do Biedronki, Biedronka super", languageHint: .pl, brands: Self.shops)
        let lidl = analysis.brands.first { $0.name == "Lidl" }
        let biedronka = analysis.brands.first { $0.name == "Biedronka" }
        #expect(lidl?.matched == "Lidla")
        #expect(lidl?.label == .negative)
        #expect(lidl?.intents.map(\.intent) == [.churn])
        #expect(biedronka?.label == .positive)
        #expect(biedronka?.intents.isEmpty == true)
    }

    @Test func clausesAfterASwitchBelongToTheNewBrand() {
        let analysis = engine.analyze("Przeszedłem z Lidla do Biedronki, jestem bardzo zadowolony", languageHint: .pl, brands: Self.shops)
        #expect(analysis.brands.first { $0.name == "Lidl" }?.label == .negative)
        #expect(analysis.brands.first { $0.name == "Biedronka" }?.label == .positive)
    }

    @Test func contrastSplitsBrands() {
        let analysis = engine.analyze("Lidl jest świetny, ale Biedronka fatalna", languageHint: .pl, brands: Self.shops)
        #expect(analysis.brands.map(\.name) == ["Lidl", "Biedronka"])
        #expect(analysis.brands.map(\.label) == [.positive, .negative])
    }

    @Test func russianAndRomanianBrands() {
        let ru = engine.analyze("Сбербанку спасибо, отличный сервис", languageHint: .ru, brands: [Brand(name: "Сбербанк")])
        #expect(ru.brands.first?.label == .positive)
        let ro = engine.analyze("Am trecut la Altex, eMAG-ul e prost", languageHint: .ro,
                                brands: [Brand(name: "eMAG", languages: [.ro]), Brand(name: "Altex", languages: [.ro])])
        #expect(ro.brands.first { $0.name == "eMAG" }?.label == .negative)
        #expect(ro.brands.first { $0.name == "eMAG" }?.intents.map(\.intent) == [.churn])
    }

    @Test func hashtagsAndHandlesAreReported() {
        let analysis = engine.analyze("@jan świetny sklep #Biedronka", languageHint: .pl)
        #expect(analysis.hashtags == ["#Biedronka"])
        #expect(analysis.handles == ["@jan"])
    }

    @Test func explanationListsTermsAndEffects() {
        let analysis = engine.analyze("Dobry, ale nie bardzo świetny", languageHint: .pl)
        let terms = analysis.explanation.terms
        #expect(terms.map(\.surface) == ["Dobry", "świetny"])
        #expect(terms.map(\.entry) == ["dobry", "świetn*"])
        #expect(terms[1].source == "pl/sentiment.tsv:3")
        #expect(terms[1].effects.contains(.negated(by: "nie", scalar: -0.74)))
        #expect(terms[1].effects.contains(.modified(by: "bardzo", amount: 0.293)))
        let rendered = analysis.explanation.rendered()
        #expect(rendered.contains("świetn* (pl/sentiment.tsv:3)"))
        #expect(rendered.contains("negated by 'nie'"))
        #expect(rendered.contains("contrast 'ale'"))
    }

    @Test func analysisIsCodable() throws {
        let analysis = engine.analyze("Nie polecam, fatalny sklep 😡", languageHint: .pl, brands: Self.shops)
        let data = try JSONEncoder().encode(analysis)
        let decoded = try JSONDecoder().decode(TextAnalysis.self, from: data)
        #expect(decoded.explanation == analysis.explanation)
        #expect(decoded.label == analysis.label)
    }

    @Test func userLexiconOverridesBuiltInEntries() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("brandpulse-user-\(UUID().uuidString).tsv")
        try "# term\tvalence\nfatalny\t2.0\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let custom = try SentimentEngine.load(lexiconDirectory: Fixtures.lexicons, userLexicons: [.pl: [file]])
        #expect(custom.analyze("fatalny", languageHint: .pl).label == .positive)
        #expect(engine.analyze("fatalny", languageHint: .pl).label == .negative)
    }
}
