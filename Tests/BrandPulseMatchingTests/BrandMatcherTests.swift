import BrandPulseCore
import BrandPulseMatching
import BrandPulseText
import Testing

@Suite struct BrandMatcherTests {
    static let brands = [
        Brand(name: "Biedronka", aliases: ["Biedra"], hashtags: ["biedronkapl"], languages: [.pl]),
        Brand(name: "Lidl", languages: [.pl, .ro]),
        Brand(name: "Сбербанк", aliases: ["Сбер"], languages: [.ru]),
        Brand(name: "eMAG", aliases: ["eMAG.ro"], languages: [.ro]),
        Brand(name: "Orange", exclusions: ["orange juice", "sok pomarańczowy"], languages: [.en, .pl, .ro]),
        Brand(name: "Media Markt", languages: [.pl]),
    ]
    let matcher = BrandMatcher(brands: brands)

    struct Case: Sendable, CustomTestStringConvertible {
        let text: String
        let brand: String?
        let matched: String?
        var testDescription: String { text }
    }

    @Test(arguments: [
        Case(text: "Byłam wczoraj w Biedronce po chleb", brand: "Biedronka", matched: "Biedronce"),
        Case(text: "Kupiłem to w biedronce", brand: "Biedronka", matched: "biedronce"),
        Case(text: "Promocja w Biedronkach", brand: "Biedronka", matched: "Biedronkach"),
        Case(text: "Спасибо Сбербанку за помощь", brand: "Сбербанк", matched: "Сбербанку"),
        Case(text: "Перевёл деньги Сбербанком", brand: "Сбербанк", matched: "Сбербанком"),
        Case(text: "Am comandat de pe eMAG-ul lor", brand: "eMAG", matched: "eMAG-ul"),
        Case(text: "Livrarea eMAG-ului a întârziat", brand: "eMAG", matched: "eMAG-ului"),
        Case(text: "Dzwoniłem do Orange'a trzy razy", brand: "Orange", matched: "Orange'a"),
        Case(text: "Napisałem Orange'owi skargę", brand: "Orange", matched: "Orange'owi"),
        Case(text: "Wolę ceny Lidla", brand: "Lidl", matched: "Lidla"),
        Case(text: "LIDL ma dziś promocję", brand: "Lidl", matched: "LIDL"),
        Case(text: "Kupione na emag.ro wczoraj", brand: "eMAG", matched: "emag.ro"),
        Case(text: "Zakupy w Media Markcie", brand: nil, matched: nil),
        Case(text: "Zakupy w Media Markt", brand: "Media Markt", matched: "Media Markt"),
        Case(text: "I bought some oranges today", brand: nil, matched: nil),
        Case(text: "A glass of orange juice with Orange news", brand: nil, matched: nil),
        Case(text: "Wypiłem sok pomarańczowy, Orange", brand: nil, matched: nil),
        Case(text: "Lidlowski koszyk", brand: nil, matched: nil),
    ])
    func findsInflectedMentions(_ example: Case) {
        let mentions = matcher.mentions(in: example.text)
        #expect(mentions.first?.name == example.brand)
        #expect(mentions.first?.matched == example.matched)
    }

    @Test func hashtagsAndHandlesThatEqualAnAlias() {
        let mentions = matcher.mentions(in: "Dzięki @biedronka i #Biedronka oraz #biedronkapl, też #Сбер")
        #expect(mentions.map(\.name) == ["Biedronka", "Biedronka", "Biedronka", "Сбербанк"])
        #expect(mentions.map(\.matched) == ["@biedronka", "#Biedronka", "#biedronkapl", "#Сбер"])
    }

    @Test func twoBrandsInOnePost() {
        let mentions = matcher.mentions(in: "Przeszedłem z Lidla do Biedronki")
        #expect(mentions.map(\.name) == ["Lidl", "Biedronka"])
        let text = "Przeszedłem z Lidla do Biedronki"
        #expect(mentions.map { String(text[$0.range(in: text)]) } == ["Lidla", "Biedronki"])
    }

    @Test func diacriticInsensitive() {
        let matcher = BrandMatcher(brands: [Brand(name: "Żabka", languages: [.pl])])
        #expect(matcher.mentions(in: "Zabka przy dworcu").first?.matched == "Zabka")
        #expect(matcher.mentions(in: "w Żabce przy dworcu").first?.matched == "Żabce")
    }

    @Test func tokenRangeCoversTheMention() {
        let tokenizer = Tokenizer()
        let text = tokenizer.tokenize("Polecam eMAG-ul!")
        let mention = matcher.mentions(in: text).first
        #expect(mention?.tokens == 1..<3)
    }
}

@Suite struct SocialTagsTests {
    @Test func extractsUnicodeHashtagsAndHandles() {
        let text = Tokenizer().tokenize("Скидки в #Пятёрочка! #promocjaŚwiąteczna @jan_kowalski #пятерочка @Jan_Kowalski")
        #expect(SocialTags.hashtags(in: text) == ["#Пятёрочка", "#promocjaŚwiąteczna"])
        #expect(SocialTags.handles(in: text) == ["@jan_kowalski"])
    }
}

@Suite struct NearDuplicateKeyTests {
    @Test func repostsCollide() {
        let original = NearDuplicateKey("Świetna obsługa w sklepie! https://t.co/abc")
        let repost = NearDuplicateKey("RT @fan: Swietna obsługa w sklepie!! https://t.co/xyz")
        #expect(original == repost)
        #expect(original.normalized == "swietna obsluga w sklepie")
        #expect(original.description.count == 16)
    }

    @Test func differentTextsDiffer() {
        #expect(NearDuplicateKey("dobra obsługa") != NearDuplicateKey("zła obsługa"))
    }
}
