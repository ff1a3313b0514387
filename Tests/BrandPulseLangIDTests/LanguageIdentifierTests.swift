import BrandPulseCore
import BrandPulseText
import Foundation
import Testing

/// Loads lexicons/langid once; the repository root is three levels above this file.
enum LangIDFixture {
    static let directory: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()   // BrandPulseLangIDTests
        .deletingLastPathComponent()   // Tests
        .deletingLastPathComponent()   // repository root
        .appendingPathComponent("lexicons")
        .appendingPathComponent("langid")

    static let identifier: LanguageIdentifier? = try? LanguageIdentifier.load(from: directory)
}

/// One example sentence and the language it must come out as. All sentences are written for these tests.
struct LangCase: Sendable, CustomTestStringConvertible {
    let text: String
    let expected: Language
    let note: String
    init(_ expected: Language, _ text: String, _ note: String = "") {
        self.text = text; self.expected = expected; self.note = note
    }
    var testDescription: String { "\(note.isEmpty ? expected.rawValue : note): \(text)" }
}

@Suite("Language identification")
struct LanguageIdentifierTests {
    let lid: LanguageIdentifier

    init() throws {
        lid = try #require(LangIDFixture.identifier, "lexicons/langid must load from \(LangIDFixture.directory.path)")
    }

    static let english: [LangCase] = [
        .init(.en, "I can't believe how good this coffee is"),
        .init(.en, "we are going to the game tonight"),
        .init(.en, "thanks for the quick reply, really helpful"),
        .init(.en, "my phone died again after the update"),
        .init(.en, "worst customer service I have ever had"),
        .init(.en, "Just landed in Chicago, so tired"),
    ]

    static let romanian: [LangCase] = [
        .init(.ro, "Nu mai merge aplicația de ieri, ce s-a întâmplat?"),
        .init(.ro, "Mulțumesc pentru ajutor, totul este în regulă acum"),
        .init(.ro, "Sunt foarte mulțumit de comanda primită"),
        .init(.ro, "nu mai merge aplicatia de ieri", "ro no diacritics"),
        .init(.ro, "produsul a ajuns repede si functioneaza foarte bine", "ro no diacritics"),
        .init(.ro, "sunt foarte multumit de comanda", "ro no diacritics"),
        .init(.ro, "nu recomand, s-a stricat dupa o luna", "ro no diacritics"),
        .init(.ro, "pretul e bun dar calitatea lasa de dorit", "ro no diacritics"),
    ]

    static let polish: [LangCase] = [
        .init(.pl, "Nie działa mi aplikacja od wczoraj, co się stało?"),
        .init(.pl, "Dziękuję za szybką odpowiedź, wszystko już jest dobrze"),
        .init(.pl, "Najgorsza obsługa klienta jaką znam"),
        .init(.pl, "nie dziala mi aplikacja od wczoraj", "pl no diacritics"),
        .init(.pl, "bardzo dziekuje za pomoc, juz wszystko dziala", "pl no diacritics"),
        .init(.pl, "to jest najgorszy serwis jaki znam", "pl no diacritics"),
        .init(.pl, "kupilem wczoraj i juz sie zepsul", "pl no diacritics"),
        .init(.pl, "czy ktos wie kiedy bedzie promocja", "pl no diacritics"),
    ]

    static let russian: [LangCase] = [
        .init(.ru, "Приложение не работает со вчерашнего дня, что случилось?"),
        .init(.ru, "Спасибо за быстрый ответ, всё уже хорошо"),
        .init(.ru, "Мне очень нравится этот телефон"),
        .init(.ru, "опять нет связи третий день"),
        .init(.ru, "очень доволен покупкой, рекомендую"),
    ]

    static let other: [LangCase] = [
        .init(.und, "Дякую за швидку відповідь, все вже добре", "uk"),
        .init(.und, "Мені дуже подобається цей телефон", "uk"),
        .init(.und, "Чому знову немає зв'язку?", "uk"),
        .init(.und, "Дзякуй за хуткі адказ, усё ўжо добра", "be"),
        .init(.und, "Гэта вельмі добры тэлефон", "be"),
        .init(.und, "Благодаря за бързия отговор, всичко вече е наред", "bg"),
        .init(.und, "Това е най-добрият телефон, който съм имал", "bg"),
        .init(.und, "Днес няма интернет отново", "bg"),
        .init(.und, "Хвала на брзом одговору, све је у реду", "sr"),
        .init(.und, "Tohle je nejlepší telefon, jaký jsem měl", "cs"),
        .init(.und, "Děkuji za rychlou odpověď", "cs"),
        .init(.und, "Toto je najlepší telefón, aký som mal", "sk"),
        .init(.und, "Ďakujem za rýchlu odpoveď, všetko je už v poriadku", "sk"),
        .init(.und, "Hvala za hiter odgovor, zdaj je vse v redu", "sl"),
        .init(.und, "Hvala na brzom odgovoru, sada je sve u redu", "hr"),
        .init(.und, "Das ist das beste Handy, das ich je hatte", "de"),
        .init(.und, "Danke für die schnelle Antwort, jetzt ist alles gut", "de"),
        .init(.und, "Merci pour la réponse rapide, tout va bien maintenant", "fr"),
        .init(.und, "Grazie per la risposta veloce, adesso è tutto a posto", "it"),
        .init(.und, "Gracias por la respuesta rápida, ahora todo está bien", "es"),
        .init(.und, "Obrigado pela resposta rápida, agora está tudo bem", "pt"),
        .init(.und, "Bedankt voor het snelle antwoord, nu is alles goed", "nl"),
        .init(.und, "Tack för hjälpen, nu fungerar allt igen", "sv"),
        .init(.und, "Nagyon szépen köszönöm a gyors választ", "hu"),
        .init(.und, "Faleminderit për përgjigjen e shpejtë", "sq"),
        .init(.und, "Bugün hava çok güzel", "tr"),
        .init(.und, "Бүгін ауа райы өте жақсы", "kk"),
        .init(.und, "Αυτό είναι πολύ καλό προϊόν", "el"),
        .init(.und, "这是一个很好的产品", "zh"),
        .init(.und, "Hôm nay trời đẹp quá", "vi"),
        .init(.und, "sta radis veceras, idemo van?", "sr/hr no diacritics"),
        .init(.und, "neviem co mam robit, je to strasne", "sk no diacritics"),
    ]

    static let noisy: [LangCase] = [
        .init(.pl, "@support_team nie działa mi internet od rana!!! 😡😡 https://t.co/abc123 #awaria #orange", "pl tweet"),
        .init(.en, "RT @user: This is the best update ever 🔥🔥 http://bit.ly/xyz #tech", "en tweet"),
        .init(.ro, "#Bucuresti @primaria azi e trafic infernal pe bulevard, 45 de minute 🚗 https://t.co/x", "ro tweet"),
        .init(.ru, "@mts_ru опять нет связи третий день 😤 #мтс http://t.co/q", "ru tweet"),
        .init(.ru, "#iPhone #Apple #Sale Купил вчера новый телефон, очень доволен", "ru with Latin hashtags"),
        .init(.und, "@kyivstar знову немає інтернету 😡 https://t.co/zz #київстар", "uk tweet"),
        .init(.ru, "Microsoft Office 365 не работает", "ru with a Latin brand"),
        .init(.ru, "новый Samsung Galaxy Note просто супер", "ru with more Latin than Cyrillic letters"),
        .init(.en, "I love борщ so much", "en with a Cyrillic word"),
        .init(.pl, "zobacz to t.co/abc123 i bit.ly/xyz, naprawdę warto", "bare domains"),
        .init(.und, "<strong>Гэта вельмі добры тэлефон</strong>", "be inside HTML tags"),
        .init(.ro, "<p>Produsul a ajuns repede si arata foarte bine</p>", "ro inside HTML tags"),
        .init(.en, "&lt;3 loving the new album &amp; the tour dates www.example.com", "entities and www"),
    ]

    static let tooLittle: [String] = ["", "   ", "😂😂😂", "12345 678", "@user https://t.co/abc", "ok", "#tbt"]

    @Test("English", arguments: english) func identifies_english(_ c: LangCase) { check(c) }
    @Test("Romanian, with and without diacritics", arguments: romanian) func identifies_romanian(_ c: LangCase) { check(c) }
    @Test("Polish, with and without diacritics", arguments: polish) func identifies_polish(_ c: LangCase) { check(c) }
    @Test("Russian", arguments: russian) func identifies_russian(_ c: LangCase) { check(c) }
    @Test("Other languages are und, never one of the four", arguments: other) func identifies_other(_ c: LangCase) { check(c) }
    @Test("Hashtags, URLs, handles, emoji and numbers", arguments: noisy) func identifies_noisy(_ c: LangCase) { check(c) }

    @Test("The ASCII fast path gives the general path's answers")
    func asciiRunsMatchTheGeneralPath() {
        // Every example above, and mixtures of them with links, tags, handles, HTML and case changes.
        let examples = (Self.english + Self.romanian + Self.polish + Self.russian + Self.other + Self.noisy).map(\.text) + Self.tooLittle
        var texts = examples
        for (index, text) in examples.enumerated() {
            let other = examples[(index * 7 + 3) % examples.count]
            texts.append(text.uppercased())
            texts.append("\(text) #\(other.prefix(12)) @user_\(index) https://x.pl/a?b=\(index) <b>\(other)</b> &amp; don't l'amico s-a")
        }
        // Combining marks inside words, words longer than a machine word (the link check skips letters eight bytes
        // at a time), links and letter pairs near the end of the text, and words mixing scripts.
        texts += ["Zaz\u{307}o\u{301}łc\u{301} ge\u{328}śla\u{328} jaźń i szczęście", "Extraordinarily.long.example/path is wonderful",
                  "Obsługanajwyższejjakości w sklepieinternetowym, naprawdęprzezabawna", "Отличнейшийсервис м’ясо і п'ять",
                  "Mixedкириллица wordsяз ţară şi ştiinţă", "thoroughly enjoyed it, www.shop.pl", "szczęśliwy"]
        for text in texts {
            let fast = lid.identify(text), plain = lid.referenceIdentify(text)
            #expect(fast == plain, "\(text)")
        }
        #expect(texts.count > 200)
    }

    @Test("Remembered word evidence gives the same answers", arguments: [4, 64, LanguageIdentifier.WordMemo.defaultCapacity])
    func rememberedWordsGiveTheSameAnswers(memoCapacity: Int) {
        // Three times through: a word is remembered when met again (the second pass) and replayed after (the third);
        // a memo of 4 starts over constantly.
        let examples = (Self.english + Self.romanian + Self.polish + Self.russian + Self.other + Self.noisy).map(\.text) + Self.tooLittle
        let texts = examples + examples.map { "#\($0.prefix(9)) \($0.uppercased()) l'amico s-a \($0)" }
        var memo = LanguageIdentifier.WordMemo(capacity: memoCapacity)
        for _ in 0..<3 {
            for text in texts {
                #expect(lid.identify(text, memo: &memo) == lid.referenceIdentify(text), "\(text)")
            }
        }
    }

    @Test("Short English headlines with -es words are not Polish")
    func englishPluralsAreNotPolish() {
        // Polish "-eś" without its diacritic is "-es": every English plural read as Polish evidence, so nine of
        // twenty short English headlines came out Polish. The ending is now the past tense's "-łeś".
        let headlines = ["Aldi cuts prices on 200 lines", "Tesco opens new stores", "Vodafone raises prices", "Uber faces fines",
                         "Boots closes branches", "Prices rise across stores", "Fees rise for customers", "Airlines scrap fees",
                         "Netflix raises prices", "Customers complain about outages"]
        for text in headlines {
            #expect(lid.identify(text).language != .pl, "\(text)")
        }
        // Polish without diacritics keeps its past-tense ending.
        #expect(lid.identify("czemu nie powiedziales ze juz byles w sklepie").language == .pl)
    }

    @Test("Too little text is und", arguments: tooLittle)
    func identifies_tooLittle(_ text: String) {
        let g = lid.identify(text)
        #expect(g.language == .und, "\(text) → \(g.language)")
        #expect((0.0 ... 1.0).contains(g.confidence))
    }

    @Test("A hint decides when the text gives (almost) nothing away")
    func hintBreaksTies() {
        let text = "super, ok 👍"
        #expect(lid.identify(text).language == .und)
        #expect(lid.identify(text, hint: .ro).language == .ro)
        #expect(lid.identify(text, hint: .pl).language == .pl)
        #expect(lid.identify(text, hint: .en).language == .en)
    }

    @Test("A hint does not override clear evidence")
    func hintDoesNotOverride() {
        #expect(lid.identify("Dziękuję za szybką odpowiedź, wszystko już jest dobrze", hint: .en).language == .pl)
        #expect(lid.identify("Mulțumesc pentru ajutor, totul este în regulă acum", hint: .pl).language == .ro)
        #expect(lid.identify("Мені дуже подобається цей телефон", hint: .ru).language == .und)
        #expect(lid.identify("Das ist das beste Handy, das ich je hatte", hint: .en).language == .und)
        // a hint of the other script is ignored
        #expect(lid.identify("Спасибо за быстрый ответ, всё уже хорошо", hint: .pl).language == .ru)
    }

    @Test("Decomposed (NFD) diacritics are read like precomposed ones")
    func decomposed() {
        // ț = t + U+0326, î = i + U+0302, ą = a + U+0328, ś = s + U+0301
        #expect(lid.identify("Nu mai merge aplicat\u{0326}ia de ieri, ce s-a i\u{0302}nta\u{0302}mplat?").language == .ro)
        #expect(lid.identify("Dziękuję za szybka\u{0328} odpowiedz\u{0301}, wszystko juz\u{0307} działa").language == .pl)
    }

    @Test("Long text and repeated calls from many tasks")
    func concurrentUse() async {
        let long = String(repeating: "Spasibo? Нет: спасибо за быстрый ответ, всё уже хорошо. ", count: 200)
        let lid = self.lid
        let results = await withTaskGroup(of: Language.self, returning: [Language].self) { group in
            for _ in 0 ..< 8 { group.addTask { lid.identify(long).language } }
            var out: [Language] = []
            for await r in group { out.append(r) }
            return out
        }
        #expect(results == Array(repeating: .ru, count: 8))
    }

    @Test("Confidence is in 0…1 and higher for clear text")
    func confidence() {
        let clear = lid.identify("Dziękuję za szybką odpowiedź, wszystko już jest dobrze, ale czy to naprawdę działa?")
        let vague = lid.identify("super ok to")
        #expect((0.0 ... 1.0).contains(clear.confidence))
        #expect((0.0 ... 1.0).contains(vague.confidence))
        #expect(clear.confidence > 0.8)
    }

    @Test("Loading fails clearly for a missing directory")
    func loadFailure() {
        #expect(throws: (any Error).self) {
            _ = try LanguageIdentifier.load(from: URL(fileURLWithPath: "/nonexistent/langid"))
        }
    }

    @Test("Every profile file names its columns in a header comment")
    func headers() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: LangIDFixture.directory.path).filter { $0.hasSuffix(".tsv") }
        #expect(files.count >= 20)
        for f in files {
            let text = try String(contentsOf: LangIDFixture.directory.appendingPathComponent(f), encoding: .utf8)
            #expect(text.hasPrefix("# "), "\(f) must start with a header comment")
        }
    }

    private func check(_ c: LangCase, sourceLocation: SourceLocation = #_sourceLocation) {
        let g = lid.identify(c.text)
        #expect(g.language == c.expected, "\(c.text) → \(g.language) (\(g.confidence))", sourceLocation: sourceLocation)
        #expect((0.0 ... 1.0).contains(g.confidence), sourceLocation: sourceLocation)
    }
}
