import BrandPulseCore
import BrandPulseSentiment
import Foundation
import Testing

/// Behaviour that depends on the shipped lexicons (lexicons/), with our own sentences.
@Suite(.enabled(if: LexiconValidationTests.hasLexicons, "needs the repository's lexicons/ directory"))
struct ShippedLexiconTests {
    static let engine: SentimentEngine? = try? SentimentEngine.load(lexiconDirectory: Fixtures.repositoryLexicons)

    func effects(_ text: String, _ language: Language) throws -> [String: [Effect]] {
        let engine = try #require(Self.engine)
        let terms = engine.analyze(text, languageHint: language).explanation.terms
        return Dictionary(terms.map { ($0.surface, $0.effects) }, uniquingKeysWith: { first, _ in first })
    }

    /// Each text, read as its language, gets its label.
    func expectLabels(_ cases: [(String, Language, SentimentLabel)], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let engine = try #require(Self.engine)
        for (text, language, label) in cases {
            #expect(engine.analyze(text, languageHint: language).label == label, "\(text)", sourceLocation: sourceLocation)
        }
    }

    func contrastWords(_ text: String, _ language: Language) throws -> [String] {
        try effects(text, language).values.flatMap { $0 }.compactMap { effect in
            if case .contrast(let word, _) = effect { return word.lowercased() }
            return nil
        }
    }

    @Test func russianAtLeastIsNotAContrast() throws {
        // «хотя бы» means "at least"; only «хотя» alone opens a weaker clause.
        #expect(try contrastWords("Отличный банк, хотя бы раз помогли", .ru).isEmpty)
        #expect(try contrastWords("Отличный банк, хотя помогли не сразу", .ru).contains("хотя"))
    }

    @Test func renewableEnergyIsGoodBrandNews() throws {
        try expectLabels([
            ("Orange przechodzi na zieloną energię", .pl, .positive), ("МТС переходит на зелёную энергию", .ru, .positive),
            ("Orange trece la energie verde", .ro, .positive), ("Panele słoneczne na dachu", .pl, .neutral),
        ])
    }

    @Test func russianKeyboardEmoticonsRepeat() throws {
        // ":С" typed for ":c"; its letter takes two bytes, and ":ССС" is the same frown held longer.
        try expectLabels([("это тройка :ССС", .ru, .negative), ("это тройка :С", .ru, .negative), ("это тройка :ДДД", .ru, .positive)])
    }

    @Test func negatorsAndModifiersAreExactWhereTheirLemmaMeetsOtherWords() throws {
        // As lemmas, "not" met "note"/"noted", "hardly" met "hard", "tare" (very) met "țara" (the country),
        // "prawie" (almost) met "prawo" (law), "nic" met "nice" and "ani" met "Ania".
        let engine = try #require(Self.engine)
        let cases: [(String, Language)] = [
            ("Noted, good", .en), ("Take note good", .en), ("Hard good work", .en), ("Țara e frumoasă", .ro),
            ("Prawo jest dobre", .pl), ("Ania jest super", .pl), ("Nice, super", .pl),
        ]
        for (text, language) in cases {
            let effects = engine.analyze(text, languageHint: language).explanation.terms.flatMap(\.effects)
            #expect(!effects.contains { if case .negated = $0 { return true }; if case .modified = $0 { return true }; return false },
                    "\(text): \(effects)")
        }
        try expectLabels([("Noted, good", .en, .positive), ("It's not good", .en, .negative), ("Hardly good", .en, .negative)])
    }

    @Test func postposedSwearIntensifiersKeepTheSignOfTheWordBefore() throws {
        try expectLabels([
            ("funny as shit", .en, .positive), ("bored as hell", .en, .negative), ("super jak cholera", .pl, .positive),
            ("zimno jak cholera", .pl, .negative), ("mișto ca naiba", .ro, .positive),
        ])
    }

    @Test func wordsLengthenedInTwoPlacesStillMatch() throws {
        try expectLabels([("im so tireeedd", .en, .negative), ("soooo gooood", .en, .positive), ("suuuper", .pl, .positive)])
    }

    @Test func contrastWordsAreExactForms() throws {
        // Conjunctions do not inflect: as lemmas they caught "leczy" (treats) for "lecz", "alei" (an alley) for
        // "ale", "darul" (the gift) for "dar" and "înșele" (deceive) for "însă".
        #expect(try contrastWords("Lekarz leczy świetnie", .pl).isEmpty)
        #expect(try contrastWords("Mieszkam przy alei, super okolica", .pl).isEmpty)
        #expect(try contrastWords("Darul perfect pentru mama", .ro).isEmpty)
        #expect(try contrastWords("Sper să nu te înșele, e minunat", .ro).isEmpty)
        #expect(try contrastWords("Obsługa miła, ale dostawa fatalna", .pl).contains("ale"))
        #expect(try contrastWords("E scump, dar bun", .ro).contains("dar"))
        #expect(try contrastWords("Scump, însă bun", .ro).contains("însă"))
    }

    @Test func phrasesWithNumbersMatch() throws {
        // Number tokens used to skip the lexicon, so "1 star" read as the positive "star".
        let engine = try #require(Self.engine)
        // (A star rating that ends its clause is read by ratings.tsv; before a noun the phrase still counts.)
        let oneStar = engine.analyze("a 1 star review, would not order again", languageHint: .en)
        #expect(oneStar.explanation.terms.map(\.entry).contains("1 star"))
        #expect(oneStar.label == .negative)
        let stars = engine.analyze("Strzał w 10", languageHint: .pl)
        #expect(stars.explanation.terms.map(\.entry) == ["strzał w 10"])
        #expect(stars.label == .positive)
        #expect(engine.analyze("#2026", languageHint: .en).label == .neutral)
    }

    @Test func emoticonsOfPolishAndRussianPosts() throws {
        let engine = try #require(Self.engine)
        #expect(engine.analyze("no i znowu ;/", languageHint: .pl).label == .negative)
        #expect(engine.analyze("serio -,-", languageHint: .pl).label == .negative)
        #expect(engine.analyze("котик :З", languageHint: .ru).label == .positive)
        #expect(engine.analyze("jutro koncert *-*", languageHint: .pl).label == .positive)
        #expect(engine.analyze("znowu poniedziałek ;_______;", languageHint: .pl).label == .negative)
    }

    @Test func polishReflexiveMovesBeforeTheVerb() throws {
        let engine = try #require(Self.engine)
        let moved = engine.analyze("Trochę się boję tej firmy", languageHint: .pl)
        #expect(moved.explanation.terms.map(\.entry) == ["boję się"])
        #expect(moved.label == .negative)
    }

    @Test func polishMasculinePersonalPluralReachesItsSingular() throws {
        let engine = try #require(Self.engine)
        // The consonant before the plural ending alternates (k → c, r → rz, -on- → -en-, sz → s, t → c), so neither
        // the singular's stem nor the stemmer reaches these forms.
        let cases: [(String, SentimentLabel, String)] = [
            ("Konsultanci byli strasznie chamscy", .negative, "chamsk*"),
            ("Jesteśmy zniechęceni tą firmą", .negative, "zniechęcon*"),
            ("Klienci są zawiedzeni", .negative, "zawiedzion*"),
            ("Wszyscy wkurzeni na nowy regulamin", .negative, "wkurzon*"),
            ("Byliśmy przerażeni tym, co zobaczyliśmy", .negative, "przerażon*"),
            ("Sprzedawcy byli szczerzy", .positive, "szczery"),
            ("Sami prostacy na infolinii", .negative, "prostak"),
            ("W zarządzie siedzą psychopaci", .negative, "psychopata"),
            ("Pracownicy są bardzo pracowici", .positive, "pracowit*"),
        ]
        for (text, label, entry) in cases {
            let analysis = engine.analyze(text, languageHint: .pl)
            #expect(analysis.label == label, "\(text)")
            #expect(analysis.explanation.terms.map(\.entry).contains(entry), "\(text)")
        }
        // A feminine noun in -ta is no person: "strata" (a loss) does not become "straci" (will lose).
        #expect(!engine.analyze("Firma straci klientów", languageHint: .pl).explanation.terms.map(\.entry).contains("strata"))
    }

    @Test func aRatingIsReadAsItsScaleRow() throws {
        let engine = try #require(Self.engine)
        let ratings: [(String, Language, SentimentLabel, String)] = [
            ("I'd give it 2/10, never again", .en, .negative, "2/10"),
            ("Solid 8.5/10 from me", .en, .positive, "9/10"),
            ("2 out of 10 stars", .en, .negative, "2/10"),
            ("Dałbym 3 na 10 i to z litością", .pl, .negative, "3/10"),
            ("Oceniam na 9/10", .pl, .positive, "9/10"),
            ("3 na 5 gwiazdek", .pl, .negative, "3/5"),
            ("Оценка 2 из 10.", .ru, .negative, "2/10"),
            ("Ставлю 4,5/5", .ru, .positive, "9/10"),
            ("Nota 9 din 10 stele", .ro, .positive, "9/10"),
            ("Produsul merită 1/5", .ro, .negative, "1/5"),
        ]
        for (text, language, label, row) in ratings {
            let analysis = engine.analyze(text, languageHint: language)
            #expect(analysis.label == label, "\(text)")
            let term = analysis.explanation.terms.first { $0.source.hasPrefix("ratings.tsv:") }
            #expect(term?.entry == row, "\(text)")
        }
        // The term shows the rating as written and its scale row's line; a star word after it belongs to it.
        let explained = try #require(engine.analyze("Dałbym 3 na 10", languageHint: .pl).explanation.terms.first)
        #expect(explained.surface == "3 na 10")
        #expect(engine.analyze("3 out of 5 stars", languageHint: .en).explanation.terms.map(\.surface) == ["3 out of 5 stars"])
        // A bare star rating is out of 5, and lukewarm in the middle.
        let stars: [(String, Language, SentimentLabel, String)] = [
            ("Gave them 1 star.", .en, .negative, "1/5"), ("3 stars because the app is slow", .en, .negative, "3/5"),
            ("Daję 4 gwiazdki", .pl, .positive, "4/5"), ("Ставлю 5 звёзд", .ru, .positive, "5/5"), ("Merită 4 stele", .ro, .positive, "4/5"),
        ]
        for (text, language, label, row) in stars {
            let analysis = engine.analyze(text, languageHint: language)
            #expect(analysis.label == label, "\(text)")
            #expect(analysis.explanation.terms.contains { $0.entry == row && $0.source.hasPrefix("ratings.tsv:") }, "\(text)")
        }
        // Dates, counts, one of a group, and other scales are no ratings.
        let none: [(String, Language)] = [
            ("Promo valid until 9/10", .en), ("See you on 5/10/2026", .en), ("7 na 10 Polaków płaci kartą", .pl),
            ("2 из 10 клиентов", .ru), ("be my 1/5", .en), ("24/7 support", .en), ("Program do 5/10", .pl),
            ("Reducere pe 9/10", .ro), ("We stayed in a 5 star hotel", .en), ("12 stars", .en),
        ]
        for (text, language) in none {
            let analysis = engine.analyze(text, languageHint: language)
            #expect(!analysis.explanation.terms.contains { $0.source.hasPrefix("ratings.tsv:") }, "\(text)")
        }
        // A row of star symbols with an empty one is a rating; filled stars alone stay emoji.
        let drawn = engine.analyze("★★☆☆☆ nie polecam", languageHint: .pl).explanation.terms
        #expect(drawn.first?.surface == "★★☆☆☆" && drawn.first?.entry == "2/5", "\(drawn)")
        #expect(engine.analyze("☆☆☆☆☆").label == .negative)
        #expect(engine.analyze("⭐⭐⭐☆☆☆☆☆☆☆").explanation.terms.map(\.entry) == ["3/10"])
        #expect(!engine.analyze("⭐⭐⭐⭐⭐ service").explanation.terms.contains { $0.source.hasPrefix("ratings.tsv:") })
        #expect(!engine.analyze("★☆★☆★").explanation.terms.contains { $0.source.hasPrefix("ratings.tsv:") })
        // A post too short to identify is still read with every language's "of" words.
        #expect(engine.analyze("10 из 10").label == .positive)
        // Each rating of a review that rates several things is read: only the first one with a star word after it used to be.
        let several = engine.analyze("Smak 5 gwiazdek, obsługa 1 gwiazdka", languageHint: .pl).explanation.terms
        #expect(several.map(\.entry) == ["5/5", "1/5"], "\(several)")
        let rows = engine.analyze("Jedzenie ★★★★☆, dostawa ★☆☆☆☆", languageHint: .pl).explanation.terms
        #expect(rows.map(\.entry) == ["4/5", "1/5"], "\(rows)")
        #expect(engine.analyze("3 out of 5 stars, then 1 out of 5 stars for the refund", languageHint: .en).explanation.terms
            .map(\.surface) == ["3 out of 5 stars", "1 out of 5 stars"])
    }

    @Test func aDelayOnItsOwnIsAComplaint() throws {
        // Only "delayed" and phrases were listed, and a bare stem meets a lemma only when the lemma is that bare form.
        try expectLabels([
            ("Great, another delay.", .en, .negative), ("Delays again", .en, .negative), ("Опять задержка", .ru, .negative),
        ])
    }

    @Test func praiseAloneBeforeARepeatedComplaintIsIronic() throws {
        try expectLabels([
            ("Great, another delay.", .en, .negative), ("Perfect, as usual the courier is late.", .en, .negative),
            ("Super, znowu opóźnienie.", .pl, .negative), ("Brawo. Kolejny raz nie działa.", .pl, .negative),
            ("Отлично, опять задержка.", .ru, .negative), ("Minunat, din nou nu merge.", .ro, .negative),
            // Praise before good news, praise with content of its own, and thanks "again" keep their sign.
            ("Great, working again!", .en, .positive), ("Super, znowu działa!", .pl, .positive),
            ("Отлично, снова работает!", .ru, .positive), ("Great service, will order again.", .en, .positive),
            ("Thanks again for the quick fix!", .en, .positive),
        ])
        let engine = try #require(Self.engine)
        let opener = try #require(engine.analyze("Great, another delay.", languageHint: .en).explanation.terms.first)
        #expect(opener.effects == [.ironic(by: "another")])
        #expect(opener.finalValence == 0)
        // Romanian "iar" is "again" right before a negator or an auxiliary, and "and" before a subject.
        let iar = try #require(engine.analyze("Minunat, iar nu merge", languageHint: .ro).explanation.terms.first)
        #expect(iar.effects == [.ironic(by: "iar")], "\(iar)")
        #expect(!engine.analyze("Produsul e minunat, iar livrarea a fost rapidă", languageHint: .ro).explanation.terms
            .contains { $0.effects.contains { if case .ironic = $0 { true } else { false } } })
    }

    @Test func fondnessThatOpensASentenceAboutAComplaintIsSarcastic() throws {
        try expectLabels([
            ("Love waiting 2 hours on hold", .en, .negative), ("Love how my order is late again", .en, .negative),
            ("I love it when my flight gets cancelled", .en, .negative), ("Gotta love Comcast outages", .en, .negative),
            ("Uwielbiam, jak kurier rzuca paczkami", .pl, .negative), ("Kocham czekać godzinę na infolinii", .pl, .negative),
            // Fondness with no complaint in its clause, or a complaint in a later clause, is sincere.
            ("I love it when the barista remembers my name", .en, .positive), ("Love how fast the delivery was", .en, .positive),
            ("Обожаю, когда отменяют рейс", .ru, .negative),
            ("Kocham ten sklep", .pl, .positive), ("Обожаю, когда курьер приезжает вовремя", .ru, .positive),
        ])
        let engine = try #require(Self.engine)
        let love = try #require(engine.analyze("Love waiting 2 hours on hold", languageHint: .en).explanation.terms.first)
        #expect(love.effects == [.ironicFondness(about: "waiting")] && love.finalValence == 0, "\(love)")
        let mixed = try #require(engine.analyze("Love the camera, the battery is awful", languageHint: .en).explanation.terms.first)
        #expect(mixed.finalValence > 0, "a complaint in a later clause is a mixed review: \(mixed)")
        // "order" is also the noun: "my order is late again" was a repurchase.
        #expect(engine.analyze("My order is late again", languageHint: .en).intents.isEmpty)
        #expect(engine.analyze("I will definitely order from them again", languageHint: .en).intents.map(\.intent) == [.repurchase])
    }

    @Test func aProhibitionReproaches() throws {
        // The negation turned the forbidden misconduct into faint praise: "Don't lie to your customers" was positive.
        try expectLabels([
            ("Don't lie to your customers", .en, .negative), ("Don't be rude to people", .en, .negative),
            ("Nie kłamcie, to nieprawda", .pl, .negative), ("Nie bądźcie chamscy", .pl, .negative),
            ("Не врите клиентам", .ru, .negative), ("Не будьте такими наглыми", .ru, .negative),
            ("Nu mințiți clienții", .ro, .negative),
            // A statement with a subject, and a word of consolation, stay negated.
            ("I don't lie", .en, .positive), ("Nie kłamię", .pl, .positive), ("Don't be sad", .en, .positive),
            ("Nie martw się", .pl, .positive), ("Don't hesitate to contact us", .en, .neutral),
        ])
        let engine = try #require(Self.engine)
        let lie = try #require(engine.analyze("Don't lie to your customers", languageHint: .en).explanation.terms.first)
        #expect(lie.effects.first == .prohibited(by: "Don't"), "\(lie)")
    }

    @Test func aVerbOfEarningStatesAFact() throws {
        // "câștig" (a gain) was a lemma, so it met the verb too: what someone earns or which team won is news, not praise.
        try expectLabels([
            ("Cât câștigă un programator în București?", .ro, .neutral), ("Au câștigat meciul cu 2-1", .ro, .neutral),
            ("Am câștigat concursul!", .ro, .positive),
        ])
    }

    @Test func anAdverbOfRespectLeavesTheVerdictToItsAdjective() throws {
        // "calitativ" after an adjective is "quality-wise": "slab calitativ" is poor quality, not poor and good.
        try expectLabels([
            ("Căștile sunt slabe calitativ", .ro, .negative), ("Foarte bun calitativ, recomand", .ro, .positive),
            ("Produs calitativ, livrare rapidă", .ro, .positive),
        ])
    }

    @Test func thanksThatCloseAComplaintAreIronic() throws {
        try expectLabels([
            ("The new update broke everything, thanks a lot Spotify.", .en, .negative),
            ("Paczka zgnieciona. Dzięki InPost.", .pl, .negative), ("Опять списали комиссию, спасибо Сбер.", .ru, .negative),
            // Thanks for something, after praise or after a contrast keep their sign.
            ("Great service, thanks!", .en, .positive), ("Delivery was late but the courier was lovely, thanks!", .en, .positive),
            ("Спасибо за быстрый ответ, проблему решили.", .ru, .positive),
            // Congratulations close a complaint the same way; they keep their sign elsewhere.
            ("Package lost again. Congrats FedEx", .en, .negative), ("Paczka znowu nie dotarła. Brawo InPost", .pl, .negative),
            ("Coletul s-a pierdut iar. Felicitări Sameday", .ro, .negative),
            ("Great result today, congrats to the team!", .en, .positive), ("Well done, fixed in a day", .en, .positive),
        ])
        let engine = try #require(Self.engine)
        let terms = engine.analyze("Znowu awaria, dziękuję bardzo.", languageHint: .pl).explanation.terms
        #expect(terms.last?.effects == [.ironicThanks(after: "awaria")], "\(terms)")
        // Thanks for help after a problem are sincere: they keep their valence.
        let help = engine.analyze("Am avut o problemă, mulțumesc pentru ajutor.", languageHint: .ro).explanation.terms
        #expect(help.last?.finalValence ?? 0 > 0, "\(help)")
        // A bare negator is no complaint to be ironic about.
        #expect(!engine.analyze("Another night without the show... Thank the Gods.", languageHint: .en).explanation.terms
            .contains { $0.effects.contains { if case .ironicThanks = $0 { true } else { false } } })
    }

    @Test func aFaultPutRightIsOver() throws {
        // The noun of trouble used to count as a complaint beside its fix: "They fixed the problem fast" was negative, and
        // the negation of "didn't fix" passed the fix and turned the problem into faint praise.
        try expectLabels([
            ("They fixed the problem fast", .en, .positive), ("The issue was resolved within an hour", .en, .positive),
            ("Naprawili usterkę w jeden dzień", .pl, .positive), ("Problem z fakturą został rozwiązany", .pl, .positive),
            ("Проблема решена за 10 минут", .ru, .positive), ("Быстро решили мою проблему", .ru, .positive),
            ("Au remediat defectul în aceeași zi", .ro, .positive),
            // A negated fix, a fix asked for and a fix that is a complement leave the complaint.
            ("They didn't fix the problem", .en, .negative), ("The problem still hasn't been fixed", .en, .negative),
            ("Please fix the login issue", .en, .negative), ("Nie potrafią naprawić usterki", .pl, .negative),
            ("Czekam na naprawę usterki", .pl, .negative), ("Problem z naprawionym telefonem, dalej się zawiesza", .pl, .negative),
            ("Не могут решить проблему уже месяц", .ru, .negative), ("Nu pot rezolva problema", .ro, .negative),
            ("Problema nu a fost rezolvată", .ro, .negative),
        ])
        let engine = try #require(Self.engine)
        let fixed = engine.analyze("They fixed the problem", languageHint: .en).explanation.terms
        #expect(fixed.map(\.effects) == [[.remedied(by: "fixed")]], "\(fixed)")
        #expect(fixed.first?.finalValence == 1.0)
        // A fix with praise of its own says so already: the fault adds nothing.
        let naprawili = engine.analyze("Naprawili usterkę", languageHint: .pl).explanation.terms
        #expect(naprawili.last?.effects == [.remedied(by: "Naprawili")] && naprawili.last?.finalValence == 0, "\(naprawili)")
        let denied = engine.analyze("They didn't fix the problem", languageHint: .en).explanation.terms
        #expect(denied.first?.effects.first == .notRemedied(by: "fix"), "\(denied)")
    }

    @Test func anImperativeOfComplaintIsNotItsFuture() throws {
        // «верните деньги» was written as a lemma, so it met «вернёт деньги» (will refund) too, and a pleased customer
        // complained.
        try expectLabels([
            ("Не ожидала, что Тинькофф так быстро вернет деньги", .ru, .positive), ("Верните деньги, мошенники", .ru, .negative),
            ("Когда вернёте деньги?", .ru, .negative),
            // The present of breaking down and a question of how long to wait complain too.
            ("Se strică des", .ro, .negative), ("Nu se strică deloc, recomand", .ro, .positive),
            ("Cât să mai aștept după rambursare?", .ro, .negative),
        ])
        let engine = try #require(Self.engine)
        #expect(engine.analyze("Тинькофф быстро вернет деньги", languageHint: .ru).intents.isEmpty)
        // The same in English: "sort it out" (a demand) met "sorted it out", "fix this" met "fixed this".
        #expect(engine.analyze("Customer service actually listened and sorted it out", languageHint: .en).label == .positive)
        #expect(engine.analyze("They fixed this in a day", languageHint: .en).intents.isEmpty)
        #expect(engine.analyze("Sort it out, Vodafone", languageHint: .en).intents.map(\.intent) == [.complaint])
    }

    @Test func slangPraiseWithANegativeLiteralSenseIsReadByItsPhrase() throws {
        // "sick" and "insane" praise only in their phrases; bare, they keep the literal sense.
        try expectLabels([
            ("The new Pixel camera is sick", .en, .positive), ("Battery life is insane on this thing", .en, .positive),
            ("This song slaps", .en, .positive), ("The concert was fire", .en, .positive),
            ("I've been sick all week", .en, .negative), ("Insane prices for a basic phone", .en, .negative),
            ("The update is mid at best", .en, .negative), ("My phone is now a brick after the update", .en, .negative),
            ("He was fired yesterday", .en, .neutral),
        ])
    }

    @Test func colloquialPolishOfSocialPosts() throws {
        // From the colloquial audit: idioms whose words read the other way ("nie posiadam się z radości" denied joy,
        // "wyjebana w kosmos" was "don't care"), and look-alikes that stay neutral.
        try expectLabels([
            ("Ale się drą pod oknem, masakra", .pl, .negative), ("Obsługa zero ogaru", .pl, .negative),
            ("Nie posiadam się z radości, paczka już jest", .pl, .positive), ("Ta kurtka jest wyjebana w kosmos", .pl, .positive),
            ("Ten mecz mnie zachwycił", .pl, .positive), ("Mieszkam we Wrzeszczu od lat", .pl, .neutral),
        ])
    }

    @Test func newsVerbsAndTopicNounsAreNoVerdict() throws {
        // «провели» (held) was a complaint for its other sense (tricked), «база» (a base, a database) was praise for a
        // slang sense, and the verb «спамят» as a lemma met the noun «спам» at full strength.
        try expectLabels([
            ("Приставы провели рейд по должникам", .ru, .neutral), ("База мобильных номеров МТС", .ru, .neutral),
            ("Тарифы на роуминг в Европе", .ru, .neutral),
            ("Нас провели, деньги так и не вернули", .ru, .negative), ("Меня спамят каждый день", .ru, .negative),
        ])
        let engine = try #require(Self.engine)
        let spam = engine.analyze("Билайн предупреждает о спаме", languageHint: .ru).explanation.terms
        #expect(spam.map(\.baseValence) == [-1.0], "\(spam)")
    }

    @Test func aTrackedBrandOfSeveralWordsAfterThanksIsOneName() throws {
        // The name used to count as two words after the thanks, so the thanks stayed sincere; and "fan {brand}" took
        // the brand's own first word for a fan, making the complaint an attachment.
        let engine = try #require(Self.engine)
        for (text, language, brand) in [
            ("Coletul a ajuns distrus. Mersi Fan Courier", Language.ro, Brand(name: "Fan Courier")),
            ("Посылка пришла разбитая. Спасибо Почта России", .ru, Brand(name: "Почта России")),
            ("Paczka przyszła zgnieciona. Dzięki Poczta Polska", .pl, Brand(name: "Poczta Polska")),
        ] {
            let analysis = engine.analyze(text, languageHint: language, brands: [brand])
            #expect(analysis.explanation.terms.contains { $0.effects.contains { if case .ironicThanks = $0 { true } else { false } } },
                    "\(text): \(analysis.explanation.terms)")
            #expect(analysis.intents.isEmpty, "\(text): \(analysis.intents)")
            #expect(analysis.brands.first?.label == .negative, "\(text)")
        }
        let fan = engine.analyze("Sunt fan Fan Courier, mereu la timp", languageHint: .ro, brands: [Brand(name: "Fan Courier")])
        #expect(fan.intents.map(\.intent) == [.attachment], "\(fan.intents)")
    }

    @Test func tooShortToIdentifyIsStillRead() throws {
        let engine = try #require(Self.engine)
        let short = engine.analyze("Koszmarna.")
        #expect(short.language == .und)
        #expect(short.explanation.language == .pl)
        #expect(short.label == .negative)
        // A post confidently in another language is not read with one of ours.
        let german = engine.analyze("Das ist wirklich sehr gut und schnell geliefert, danke")
        #expect(german.language == .und)
        #expect(german.label == .neutral)
    }

    func negators(_ text: String, _ language: Language) throws -> [String: String] {
        var result: [String: String] = [:]
        for (surface, list) in try effects(text, language) {
            for effect in list { if case .negated(let word, _) = effect { result[surface] = word.lowercased() } }
        }
        return result
    }

    @Test func aNegationStopsAtTheFirstWordItNegates() throws {
        // VADER-style scopes flipped every sentiment word after the negator.
        #expect(try negators("I don't enjoy this awful service", .en) == ["enjoy": "don't"])
        #expect(try negators("Nu-mi place, e un magazin groaznic", .ro)["groaznic"] == nil)
    }

    @Test func aNegatorSpentOnAnIntentNegatesNothingElse() throws {
        let engine = try #require(Self.engine)
        for (text, language) in [("I don't recommend this awful shop", Language.en), ("Не рекомендую этот ужасный банк", .ru)] {
            let analysis = engine.analyze(text, languageHint: language)
            #expect(analysis.intents.map(\.intent) == [.warn], "\(text)")
            #expect(try negators(text, language).isEmpty, "\(text)")
            #expect(analysis.label == .negative)
        }
    }

    @Test func aSpentNegatorStillNegatesTheIntentsOwnWord() throws {
        // "nu îl recomand": the negator turns the intent into a warning and negates "recomand" itself; it used to
        // be spent on the intent alone, which left "recomand" positive.
        let engine = try #require(Self.engine)
        let analysis = engine.analyze("eMAG-ul nu îl recomand", languageHint: .ro, brands: [Brand(name: "eMAG")])
        #expect(analysis.intents.map(\.intent) == [.warn])
        #expect(analysis.label == .negative)
        #expect(analysis.brands.map(\.label) == [.negative])
    }

    @Test func aNegatorSkippedByAPatternGapTurnsTheIntentAround() throws {
        // "{brand} …3 =polecam" spans "Biedronkę, ja nie polecam": the "nie" before "polecam" makes it a warning.
        let engine = try #require(Self.engine)
        let cases: [(String, Language, Brand)] = [
            ("Wszyscy chwalą Biedronkę, ja nie polecam", .pl, Brand(name: "Biedronka")),
            ("Сбербанк я лично не рекомендую", .ru, Brand(name: "Сбербанк")),
            ("Orange, I do not recommend them", .en, Brand(name: "Orange")),
        ]
        for (text, language, brand) in cases {
            let analysis = engine.analyze(text, languageHint: language, brands: [brand])
            #expect(analysis.brands.first?.intents.map(\.intent) == [.warn], "\(text)")
            #expect(!analysis.intents.contains { $0.intent == .recommend }, "\(text)")
        }
        // Without a negator the same pattern still recommends.
        let praise = engine.analyze("Biedronkę szczerze wszystkim polecam", languageHint: .pl, brands: [Brand(name: "Biedronka")])
        #expect(praise.brands.first?.intents.map(\.intent) == [.recommend])
    }

    @Test func aNegationWithoutASentimentWordIsAMildComplaint() throws {
        let engine = try #require(Self.engine)
        let cases: [(String, Language)] = [
            ("Aplikacja nie pokazuje salda od rana", .pl), ("The app doesn't open since this morning", .en),
            ("Курьер так и не позвонил", .ru), ("Curierul nu a mai trecut pe la noi", .ro),
        ]
        for (text, language) in cases {
            let analysis = engine.analyze(text, languageHint: language)
            #expect(analysis.label == .negative, "\(text)")
            let unattached = analysis.explanation.terms.filter { $0.effects.contains(.unattachedNegation) }
            #expect(unattached.count == 1, "\(text)")
            #expect(unattached.first?.source.contains("negators.tsv") == true, "\(text)")
        }
        // A negation that reaches a sentiment word is only its flip, one spent on an intent adds nothing, and
        // negative concord ("nikt nie") counts once.
        let expected: [(String, Language, Int)] = [
            ("Nie jest dobrze", .pl, 0), ("I don't recommend them", .en, 0), ("Nikt nie odebrał telefonu", .pl, 1),
        ]
        for (text, language, count) in expected {
            let terms = engine.analyze(text, languageHint: language).explanation.terms
            #expect(terms.filter { $0.effects.contains(.unattachedNegation) }.count == count, "\(text)")
        }
    }

    @Test func anNWordBeforeANegatedPhraseIsOneNegation() throws {
        // "nu a sunat" and "nie pomógł" carry their own negator; "nimeni"/"nikt" before them must not flip them back.
        let engine = try #require(Self.engine)
        #expect(engine.analyze("Nimeni nu a sunat înapoi", languageHint: .ro).label == .negative)
        #expect(engine.analyze("Nikt nie pomógł", languageHint: .pl).label == .negative)
        #expect(engine.analyze("Никто ни разу не помог", languageHint: .ru).label == .negative)
    }

    @Test func aWithoutAfterANegatorUndoesIt() throws {
        // Two negations, one affirmation: the word after "bez"/"без"/"fără"/"without" keeps its own sign, the
        // explanation says why, and the negator is no complaint of its own.
        let engine = try #require(Self.engine)
        let cases: [(String, Language, SentimentLabel, String)] = [
            ("Не могу без любимой работы", .ru, .positive, "любимой"),
            ("Nie da się tego zjeść bez obrzydzenia", .pl, .negative, "obrzydzenia"),
            ("Nu se poate mânca fără greață", .ro, .negative, "greață"),
            ("It never goes without a headache", .en, .negative, "headache"),
        ]
        for (text, language, label, word) in cases {
            let analysis = engine.analyze(text, languageHint: language)
            #expect(analysis.label == label, "\(text)")
            let term = analysis.explanation.terms.first { $0.surface.lowercased() == word }
            let undone = term?.effects.contains { if case .negationUndone = $0 { return true }; return false }
            #expect(undone == true, "\(text)")
            #expect(!analysis.explanation.terms.contains { $0.effects.contains(.unattachedNegation) }, "\(text)")
        }
        // A negated "without" phrase is negated like any phrase: "it did not go without problems" had problems.
        try expectLabels([
            ("Не обошлось без проблем", .ru, .negative), ("Nie obyło się bez problemów", .pl, .negative),
            ("Nu a mers fără bătăi de cap", .ro, .negative), ("Работает без проблем", .ru, .positive),
            // English "no" is an n-word: with a negator it is one negation ("don't have no complaints").
            ("I don't have no complaints", .en, .positive),
        ])
    }

    @Test func aPrivativeAfterItsWordTurnsTheFlawIntoAQuality() throws {
        // English "-free" follows the flaw it denies: "lag-free" praises like "trouble-free". It turns only the word
        // right before it, and a comma between them breaks the pair.
        let engine = try #require(Self.engine)
        let analysis = engine.analyze("Six months in and the app is lag-free", languageHint: .en)
        #expect(analysis.label == .positive)
        let lag = analysis.explanation.terms.first { $0.surface.lowercased() == "lag" }
        #expect(lag?.effects.contains { if case .negated(let by, _) = $0 { return by == "free" }; return false } == true)
        try expectLabels([
            ("The screen is glare free", .en, .positive), ("Crash-free since the update", .en, .positive),
            ("It crashed, free or not", .en, .negative), ("Free shipping and free returns", .en, .positive),
        ])
    }

    @Test func anIdiomMatchesWithOrWithoutItsComma() throws {
        // Correlative idioms are written with a comma ("ни рыба, ни мясо"), and posts often drop it. Either way the
        // idiom is one term, not two n-words that negate nothing.
        let engine = try #require(Self.engine)
        for (text, language, entry) in [
            ("Телефон ни рыба, ни мясо", Language.ru, "ни рыба, ни мясо"), ("Телефон ни рыба ни мясо", .ru, "ни рыба, ни мясо"),
            ("Ten telefon to ni pies, ni wydra", .pl, "ni pies, ni wydra"), ("Obsługa? Nic dodać, nic ująć.", .pl, "nic dodać, nic ująć"),
            ("Serviciul e nici cal, nici măgar", .ro, "nici cal, nici măgar"), ("So far, so good with the new router", .en, "so far, so good"),
        ] {
            let terms = engine.analyze(text, languageHint: language).explanation.terms
            #expect(terms.map(\.entry) == [entry], "\(text)")
        }
        try expectLabels([
            ("Заказ неделю назад, ни ответа, ни привета", .ru, .negative), ("So far, so good", .en, .positive),
            ("Nic dodać, nic ująć", .pl, .positive),
        ])
        // A comma may follow the first word too: a polite refusal reads as one.
        try expectLabels([("Eurobank? Nie, dziękuję.", .pl, .negative), ("Нет, спасибо", .ru, .negative),
                          ("Thanks, but no thanks", .en, .negative), ("Thanks, great service", .en, .positive)])
        // The comma belongs to the idiom only where the idiom has one: "ni pies" alone is no idiom.
        #expect(engine.analyze("Ni pies, ale kot", languageHint: .pl).explanation.terms.allSatisfy { !$0.entry.contains(",") })
    }

    @Test func aDeniedOpinionNegatesPastItsCommaAndASurpriseNegatesNothing() throws {
        // "I don't think that X" denies X (neg-raising): the negator phrase spans the comma that Russian and Polish
        // spelling put before the complementizer. "Didn't expect X" in the past is a surprise: X keeps its sign,
        // with or without the comma.
        try expectLabels([
            ("Не думаю, что это хорошая идея", .ru, .negative), ("Не могу сказать, что доволен", .ru, .negative),
            ("Nie sądzę, że to dobry pomysł", .pl, .negative), ("Nie mogę powiedzieć, że jestem zadowolony", .pl, .negative),
            ("Nu pot să zic că sunt mulțumit", .ro, .negative), ("I don't think that the app is good", .en, .negative),
            ("Не ожидал что будет так хорошо", .ru, .positive), ("Не думал, что будет так плохо", .ru, .negative),
            ("Nie sądziłem że będzie tak dobrze", .pl, .positive), ("Nu credeam ca e asa de bun", .ro, .positive),
            ("I didn't expect it to be this good", .en, .positive),
        ])
    }

    @Test func aWordOfPraiseOpeningAReplyAddsNothing() throws {
        // "Dobra," "Хорошо," "Bună," first in a sentence and before a comma reply, agree or greet: the word is shown
        // in the explanation with no valence. Praise after the comma, a complementizer or a contrast keeps it.
        let engine = try #require(Self.engine)
        for (text, language) in [("Dobra, idę spać", Language.pl), ("Хорошо, завтра проверю", .ru),
                                 ("Okay, so I tried it", .en)] {
            let analysis = engine.analyze(text, languageHint: language)
            #expect(analysis.label == .neutral, "\(text)")
            #expect(analysis.explanation.terms.first?.effects == [.discourseMarker], "\(text)")
        }
        try expectLabels([
            ("Bună, am o problemă cu comanda", .ro, .negative), ("Dobrze, że już jest", .pl, .positive),
            ("Хорошо, что вернули деньги", .ru, .positive), ("Dobrze, dziękuję", .pl, .positive),
            ("Dobra.", .pl, .positive), ("Bardzo dobra, polecam", .pl, .positive), ("Dobra jakość, polecam", .pl, .positive),
            ("It's okay, I guess", .en, .positive),
        ])
        let contrasted = engine.analyze("Хорошо, но дорого", languageHint: .ru).explanation.terms.first
        #expect(contrasted?.effects.contains(.discourseMarker) == false)
    }

    @Test func aNegatorBeforeACommaAnswersAndNegatesNoIntent() throws {
        // "Nie, polecam" answers a question and recommends; "nie polecam" warns.
        let engine = try #require(Self.engine)
        for (text, language) in [("Nie, polecam", Language.pl), ("Нет, рекомендую", .ru), ("Nu, recomand", .ro)] {
            let intents = engine.analyze(text, languageHint: language).intents.map(\.intent)
            #expect(intents.contains(.recommend) && !intents.contains(.warn), "\(text)")
        }
        for (text, language) in [("Nie polecam", Language.pl), ("Nie, nie polecam", .pl), ("Не рекомендую", .ru), ("Nu recomand", .ro)] {
            #expect(engine.analyze(text, languageHint: language).intents.map(\.intent) == [.warn], "\(text)")
        }
    }

    @Test func notBeingAbleToDoWithoutIsAttachment() throws {
        let engine = try #require(Self.engine)
        let attached: [(String, Language)] = [
            ("Nie wyobrażam sobie życia bez Allegro", .pl), ("Nie mogę żyć bez tej kawy", .pl),
            ("Не представляю своей жизни без Сбера", .ru), ("Жить не могу без этого приложения", .ru),
            ("Nu pot trăi fără eMAG", .ro), ("Nu-mi imaginez ziua fără cafeaua lor", .ro),
            ("I can't imagine my life without Spotify", .en), ("Couldn't do without it", .en),
        ]
        for (text, language) in attached {
            let analysis = engine.analyze(text, languageHint: language)
            #expect(analysis.intents.contains { $0.intent == .attachment }, "\(text)")
            #expect(analysis.label == .positive, "\(text)")
        }
        // What cannot be done without a password or a fee is no attachment, and "not a day without" is as often a
        // day without a breakdown.
        let notAttached: [(String, Language)] = [
            ("Nie mogę się zalogować bez hasła", .pl), ("Не могу оплатить без комиссии", .ru),
            ("Ani dnia bez awarii", .pl), ("Ни дня без сбоев", .ru), ("Nicio zi fără probleme", .ro),
            ("I can't go a day without a crash", .en),
        ]
        for (text, language) in notAttached {
            let analysis = engine.analyze(text, languageHint: language)
            #expect(!analysis.intents.contains { $0.intent == .attachment }, "\(text)")
            #expect(analysis.label != .positive, "\(text)")
        }
    }

    @Test func anInvitationNotToMissIsARecommendation() throws {
        // The negator belongs to the invitation; only the imperative forms count ("didn't miss the bus" is no
        // invitation).
        try expectLabels([
            ("Don't miss out on the autumn sale", .en, .positive), ("Nie przegapcie promocji w Biedronce", .pl, .positive),
            ("Не пропустите распродажу", .ru, .positive), ("Nu ratați oferta eMAG", .ro, .positive),
        ])
        let engine = try #require(Self.engine)
        #expect(engine.analyze("I didn't miss the bus", languageHint: .en).label != .positive)
    }

    @Test func businessEventsAreBrandNews() throws {
        // A price cut or a launch is good news for the brand, a fine or a price rise bad news; the bare verbs
        // ("cut", "obniżyć", "снизить", "a reduce") carry no valence, only the event phrases do.
        try expectLabels([
            ("Vodafone rolls out 5G in Leeds", .en, .positive), ("The bank was fined for mis-selling", .en, .negative),
            ("Play obniżył ceny abonamentów", .pl, .positive), ("Operator podnosi ceny abonamentów", .pl, .negative),
            ("МТС снизил стоимость роуминга", .ru, .positive), ("У банка отозвали лицензию", .ru, .negative),
            ("Digi a redus prețurile", .ro, .positive), ("Operatorul a majorat tarifele", .ro, .negative),
            ("They cut the ribbon", .en, .neutral),
        ])
    }

    @Test func everydayComplaintsOfShortPosts() throws {
        // Device and app complaints in the words reviewers use, with and without diacritics.
        try expectLabels([
            ("Aplikacja ciagle sie wiesza", .pl, .negative), ("Ceny są kosmiczne", .pl, .negative),
            ("Батарея быстро садится", .ru, .negative), ("Отлично держит заряд", .ru, .positive),
            ("Prețurile sunt exagerate", .ro, .negative), ("Refund still pending", .en, .negative),
            ("Battery drains fast", .en, .negative),
            // Support that cannot be reached.
            ("Kontakt z obsługą praktycznie niemożliwy", .pl, .negative), ("Невозможно связаться с поддержкой", .ru, .negative),
            ("Impossible to reach anyone at support", .en, .negative), ("Nu se poate suna la call center", .ro, .negative),
            ("Nu poți da de ei la telefon", .ro, .negative),
            // Rhetorical questions of impatience.
            ("Seriously, how hard is it to deliver a parcel?", .en, .negative), ("Kiedy w końcu dostanę zwrot?", .pl, .negative),
            ("Сколько ещё ждать возврата?", .ru, .negative), ("Când în sfârșit primesc banii?", .ro, .negative),
            ("Kiedy w końcu przyjdzie? Nie mogę się doczekać!", .pl, .positive),
            // "Could be better" after a "not bad" is the verdict, in every language.
            ("Not bad, but could be better", .en, .negative), ("Nie jest źle, ale mogło być lepiej", .pl, .negative),
            ("Неплохо, но могло быть и лучше", .ru, .negative), ("Nu e rău, dar putea fi mai bine", .ro, .negative),
        ])
    }

    @Test func aWordsEverydaySenseWinsOverItsEvaluativeOne() throws {
        // A bargain is "a steal"; Polish "polecenia" is mostly "commands", the recommendation is "godny polecenia".
        try expectLabels([
            ("At that price it's a steal", .en, .positive), ("This coat was an absolute steal", .en, .positive),
            ("They steal your data", .en, .negative),
            ("Wykonuj polecenia przełożonego", .pl, .neutral), ("Ten sklep jest godny polecenia", .pl, .positive),
            // Romanian "eroină" is also heroin; Polish "niebo" is mostly the weather's sky.
            ("Poliția a confiscat trei kilograme de eroină", .ro, .neutral),
            ("Asistenta a fost o adevărată eroină", .ro, .positive),
            ("Niebo nad Warszawą zachmurzone od rana", .pl, .neutral), ("Ta pizza to niebo w gębie", .pl, .positive),
            // English "fire" is mostly literal; the slang praise is "is/was/so/straight fire".
            ("Rebels fire missiles at the border", .en, .neutral), ("That new burger is straight fire", .en, .positive),
            ("The concert was fire", .en, .positive),
            // From the native-speaker audits: "renewed" is mostly a subscription, "cooked" mostly food, OTP a password,
            // "had it with" also a food pairing; "na czas" also "for the time of", "z głową" also "z głowy".
            ("My subscription auto renewed without warning", .en, .negative), ("The steak was cooked to perfection", .en, .positive),
            ("Didn't receive the OTP again", .en, .negative), ("Ordered the ribs and had it with coleslaw", .en, .neutral),
            ("I've had it with this company", .en, .negative),
            ("Przyjdę na czas remontu", .pl, .neutral), ("Wypadło mi z głowy", .pl, .neutral),
            ("Цены неслабо выросли", .ru, .neutral), ("Справедливости ради, доставка пришла вовремя", .ru, .positive),
        ])
    }

    @Test func intensifiersAfterTheirWordAndIdiomsOfTheAudits() throws {
        // A postposed "strasznie" intensifies joy as readily as it says "terribly"; "bez ściemy" (no kidding) is no
        // negation of the "polecam" after it; "nu mă așteptam" (I didn't expect) does not flip the praise it introduces.
        try expectLabels([
            ("Cieszę się strasznie", .pl, .positive), ("Było strasznie", .pl, .negative), ("Bez ściemy polecam", .pl, .positive),
            ("Nu mă așteptam să fie atât de bun", .ro, .positive), ("Produs de calitate slabă", .ro, .negative),
            ("E un lăudăros", .ro, .negative), ("Вежливость на нуле", .ru, .negative),
        ])
    }

    @Test func neverWithADegreeWordComparesInsteadOfNegating() throws {
        // "Never been so happy" is praise and "nigdy nie widziałem takiego syfu" a complaint: the negation used to
        // flip both. A plain negator before a degree word still negates ("not so good").
        try expectLabels([
            ("I have never been so happy with a bank", .en, .positive), ("I have never been so disappointed", .en, .negative),
            ("Never been more satisfied", .en, .positive), ("It was not so good", .en, .negative),
            ("Nigdy nie byłem tak zadowolony", .pl, .positive), ("Nigdy nie widziałem takiego syfu", .pl, .negative),
            ("Nie był tak dobry", .pl, .negative), ("Ani razu nie byłem tak zadowolony", .pl, .positive),
            // "nigdy w życiu" is a never word, not a −2.3 phrase that outweighed the praise it opens.
            ("Nigdy w życiu nie jadłem tak dobrej pizzy", .pl, .positive), ("Nigdy w życiu nie widziałem takiego syfu", .pl, .negative),
            ("Nigdy w życiu!", .pl, .negative),
            ("Ни разу не был так доволен", .ru, .positive),
            ("Никогда не был так доволен", .ru, .positive), ("Никогда ещё не было так плохо", .ru, .negative),
            ("Не так хорошо", .ru, .negative),
            ("N-am fost niciodată atât de mulțumit", .ro, .positive), ("N-am fost niciodată mai mulțumit", .ro, .positive),
            ("Nu mai e bun", .ro, .negative), ("N-am fost niciodată așa fericit", .ro, .positive),
            ("I have never been this happy", .en, .positive), ("This is great", .en, .positive),
            // The tag question "nu e așa?" is no negation, but "nu e așa de bun" (not that good) is.
            ("Nu e așa de bun", .ro, .negative), ("E bun, nu e așa?", .ro, .positive),
            // Without "de" too (negators.tsv kind `tag`): it negates only before a word of its clause.
            ("Nu e așa bun", .ro, .negative), ("Nu-i așa bun cum credeam", .ro, .negative), ("E super, nu-i așa", .ro, .positive),
            ("Nu-i așa că e frumos?", .ro, .positive),
        ])
        let effects = try effects("Nigdy nie byłem tak zadowolony", .pl).values.flatMap { $0 }
        #expect(effects.contains(.emphaticComparison(by: "Nigdy … tak")))
    }

    @Test func aNegatedVerbOfFindingRanksAComparative() throws {
        // "You won't find a better bank" is the top mark, and the negation used to flip "better" into a complaint.
        // A negated verb of finding (comparison.tsv) before a comparative or a degree word ranks instead; any other
        // negation of a comparative still denies it, and so does the judging "find it better".
        try expectLabels([
            ("You won't find a better phone anywhere", .en, .positive), ("There is no better bank", .en, .positive),
            ("Couldn't ask for a better team", .en, .positive), ("You won't find a worse airline", .en, .negative),
            ("I didn't find it better than the old one", .en, .negative), ("I didn't find it so good", .en, .negative),
            ("It never gets better", .en, .negative), ("It is not better", .en, .negative),
            ("Nigdzie nie znajdziesz lepszego banku", .pl, .positive), ("Nie sądzę, że znajdziesz lepszy telefon", .pl, .positive),
            ("Nie spotkałem się z tak chamską obsługą", .pl, .negative), ("Nie znajdziesz gorszego operatora", .pl, .negative),
            ("Nie jest lepszy", .pl, .negative), ("Znalazłam w sklepie telefon i nie był tak dobry", .pl, .negative),
            ("Нигде не найдёте лучше сервиса", .ru, .positive), ("Не думаю, что найдёте лучше", .ru, .positive),
            ("Не видел такого хамства", .ru, .negative), ("Обслуживание не лучше", .ru, .negative),
            ("Nu găsești ceva mai bun la prețul ăsta", .ro, .positive), ("Nu există ceva mai bun", .ro, .positive),
            ("N-am văzut așa bătaie de joc", .ro, .negative), ("Nu e mai bun", .ro, .negative),
        ])
        let effects = try effects("You won't find a better phone", .en).values.flatMap { $0 }
        #expect(effects.contains(.emphaticComparison(by: "find … better")))
        // A find phrase ("found a") gives its role to its first word and leaves the rest free: "a keeper" stays whole.
        let keeper = try #require(Self.engine).analyze("You found a keeper", languageHint: .en)
        #expect(keeper.explanation.terms.map(\.entry) == ["a keeper"])
    }

    @Test func aComparativeBeforeItsNegatedVerbOfFindingIsRanked() throws {
        // Polish, Russian and Romanian put the comparative first: "lepszej obsługi nie znajdziesz" is the top mark, yet
        // the negator reached no word after it and read as a complaint of its own. An n-word after the verb is
        // concord, and a plain negator after it negates afresh.
        try expectLabels([
            ("Lepszej obsługi w Warszawie nie znajdziesz", .pl, .positive), ("Gorszego operatora nie znajdziesz", .pl, .negative),
            ("Taniej nigdzie nie znajdziecie", .pl, .positive),
            ("Лучше сервиса вы нигде не найдёте", .ru, .positive), ("Хуже банка не встречал", .ru, .negative),
            ("Дешевле не найдёте", .ru, .positive), ("Mai bun de atât nu găsești", .ro, .positive),
            ("Tak dobrej pizzy w Krakowie nie znajdziecie", .pl, .positive),
        ])
        let engine = try #require(Self.engine)
        let nowhere = engine.analyze("Lepszej obsługi nie znajdziesz nigdzie", languageHint: .pl).explanation.terms
        #expect(nowhere.map(\.entry) == ["lepszy"], "the n-word after the verb is concord")
        #expect(nowhere.first?.effects.contains(.emphaticComparison(by: "Lepszej … znajdziesz")) == true)
        let afresh = engine.analyze("Лучше банка не найти и обслуживание не плохое", languageHint: .ru).explanation.terms
        #expect(afresh.last?.effects.contains { if case .negated = $0 { true } else { false } } == true, "\(afresh)")
    }

    @Test func aNegatedVerbOfExistenceDeniesTheNounOfTroubleBeforeIt() throws {
        // Polish, Russian and Romanian put the noun of trouble first: "Opóźnień nie było" praises, yet the negation,
        // which reaches forward, met no word and read as a complaint beside a still negative noun. A negated verb of
        // existence or possession (absence.tsv `exist`), a negated verb of finding, or a predicate of absence closing
        // the clause now denies the nouns of trouble (absence.tsv `trouble`) before it.
        try expectLabels([
            ("Opóźnień nie było", .pl, .positive), ("Żadnych kłopotów z kurierem nie było", .pl, .positive),
            ("Awarii nie było ani razu", .pl, .positive), ("Problemów z bankiem nigdy nie miałem", .pl, .positive),
            ("Błędów w aplikacji nie zauważyłam", .pl, .positive), ("Kolejek nie ma", .pl, .positive),
            ("Usterek brak", .pl, .positive), ("Problemów zero", .pl, .positive),
            ("Проблем с оплатой не возникало", .ru, .positive), ("Очередей не было, обслужили быстро", .ru, .positive),
            ("Никаких ошибок не возникло", .ru, .positive), ("Поломок нет", .ru, .positive),
            ("Претензий к магазину не имею", .ru, .positive), ("Ошибок в заказе не нашёл", .ru, .positive),
            ("Probleme cu livrarea nu au fost", .ro, .positive), ("Reclamații nu am avut", .ro, .positive),
            ("Erori nu există", .ro, .positive), ("Cozi nu sunt, intri direct", .ro, .positive),
            ("Probleme n-am întâmpinat", .ro, .positive),
            // A booster that closes the predicate is "at all", not its complement.
            ("Problemów nie było w ogóle", .pl, .positive), ("Kolejek nie było zupełnie", .pl, .positive),
            ("Очередей не было вообще", .ru, .positive),
            // No negator, or one before the noun: the trouble stands.
            ("Problemy z kurierem były", .pl, .negative), ("Nie polecam, usterki były", .pl, .negative),
            ("Проблемы были, но их решили", .ru, .negative),
            // Only nouns of trouble are denied: an adjective before the verb keeps its sign.
            ("Obsługa fatalna nie było żadnej odpowiedzi", .pl, .negative), ("Paczki nie było", .pl, .negative),
            ("Ответа от поддержки нет", .ru, .negative),
            // A noun after a preposition is a complement, and an accusative is an object: neither is the noun denied.
            ("Odpowiedzi na reklamację nie było", .pl, .negative), ("Reklamację złożyłem odpowiedzi nie było", .pl, .negative),
            ("Ответа на претензию не было", .ru, .negative), ("Răspuns la reclamații n-am avut", .ro, .negative),
            // A word that completes the verb makes it a copula or an auxiliary; a definite noun is a subject.
            ("Problemy nie były rozwiązane", .pl, .negative), ("Проблемы не были решены", .ru, .negative),
            ("Очереди не было конца", .ru, .negative), ("Problemele nu au fost rezolvate", .ro, .negative),
            ("Problema nu am rezolvat-o", .ro, .negative),
            // "Without" after a negator still turns it back: no shortage of trouble.
            ("Problemów nie brak", .pl, .negative),
        ])
        let engine = try #require(Self.engine)
        let delays = engine.analyze("Opóźnień nie było", languageHint: .pl).explanation.terms
        #expect(delays.map(\.surface) == ["Opóźnień"], "the negator is spent on the noun, no complaint of its own")
        #expect(delays.first?.effects.contains(.negated(by: "nie było", scalar: -0.25)) == true, "\(delays)")
        let phrase = engine.analyze("Probleme cu livrarea nu au fost", languageHint: .ro).explanation.terms
        #expect(phrase.first?.effects.contains(.negated(by: "nu au fost", scalar: -0.25)) == true, "\(phrase)")
        // An n-word after the verb is concord; a plain negator after it negates afresh.
        let concord = engine.analyze("Opóźnień nie było żadnych", languageHint: .pl).explanation.terms
        #expect(concord.map(\.surface) == ["Opóźnień"], "\(concord)")
        // The complaint a trouble noun files is dropped once the noun is denied, as a negated complaint is.
        #expect(engine.analyze("Reklamacji w tym roku nie było", languageHint: .pl).intents.isEmpty)
        #expect(engine.analyze("Reclamații nu am avut", languageHint: .ro).intents.isEmpty)
        #expect(engine.analyze("Reklamację złożyłem", languageHint: .pl).intents.map(\.intent) == [.complaint])
    }

    @Test func aConjunctionEndsANegationThatPassedAWord() throws {
        // "Nie dzwoniłem do nich i jestem zadowolony" scored as a complaint: the negation of "dzwoniłem" ran past "i"
        // into the clause coordinated after it. A conjunction (discourse.tsv `and`) now ends a negation that has
        // passed a word, but not one that passed a degree word, where Russian «и» is a particle of emphasis.
        try expectLabels([
            ("Nie dzwoniłem do nich i jestem zadowolony", .pl, .positive), ("No queue and friendly staff", .en, .positive),
            ("Nu am sunat și sunt mulțumit", .ro, .positive), ("не такой уж и плохой банк", .ru, .positive),
            ("Nie lubię tego sklepu i nie polecam", .pl, .negative), ("The app doesn't crash and is fast", .en, .positive),
        ])
        let effects = try effects("No queue and friendly staff", .en)
        #expect(effects["No"] == [.unattachedNegation, .negativeWeight(1.5)])
        #expect(effects["friendly staff"] == [])
    }

    @Test func aPhraseOfPraiseEndingInABoosterGivesWayToTheWordAfterIt() throws {
        // "e super" (it's great) swallowed "super" as a booster: "Aplicația e super lentă" scored +2.5 − 2.4, neutral.
        try expectLabels([
            ("Aplicația e super lentă", .ro, .negative), ("Produsul e tare prost", .ro, .negative),
            ("Produsul e super bun", .ro, .positive), ("Produsul e super", .ro, .positive),
            ("Связь вернули, но не очень успешно", .ru, .negative),
        ])
        let effects = try effects("Aplicația e super lentă", .ro)
        #expect(effects["lentă"]?.contains(.modified(by: "super", amount: -0.35)) == true, "\(effects)")
    }

    @Test func aNegatedBoosterPhraseReachesItsWordAcrossAPronoun() throws {
        // "nie bardzo" (not really) and "не очень" scored as mild complaints of their own beside the word they negate:
        // "nie bardzo mi smakowało" was +0.15, "не очень мне понравилось" +0.13. «не совсем» was a diminisher, which
        // left "не совсем доволен" positive.
        try expectLabels([
            ("Nie bardzo mi smakowało", .pl, .negative), ("Nie bardzo mi się podoba ta aplikacja", .pl, .negative),
            ("Не очень мне понравилось обслуживание", .ru, .negative), ("Не совсем доволен доставкой", .ru, .negative),
            ("Не совсем плохо, жить можно", .ru, .positive), ("Nie bardzo", .pl, .negative), ("Не очень", .ru, .negative),
            // Praise ending in a booster still reaches only the next word: "e super" keeps its praise here.
            ("E super că e ieftin", .ro, .positive),
        ])
        let effects = try effects("Nie bardzo mi smakowało", .pl)
        #expect(effects["smakowało"]?.contains(.negated(by: "Nie", scalar: -0.74)) == true, "\(effects)")
    }

    @Test func aQuestionAskingForAdviceGivesNoPraise() throws {
        // "Can anyone recommend a good bank?" scored positive: "good" is what the writer looks for, not an opinion.
        // discourse.tsv `ask` marks the request; in a question, its praise counts 0, and a complaint still counts.
        try expectLabels([
            ("Can anyone recommend a good bank?", .en, .neutral), ("Is it worth buying?", .en, .neutral),
            ("Czy ktoś poleca dobry bank?", .pl, .neutral), ("Warto kupić?", .pl, .neutral),
            ("Подскажите хороший банк?", .ru, .neutral), ("Стоит ли брать этот тариф?", .ru, .neutral),
            ("Îmi recomandați o bancă bună?", .ro, .neutral), ("Merită?", .ro, .neutral),
            // A complaint in the question, an answer after it, and praise outside a question keep their sign.
            ("Any recommendations for a courier? DHL lost my parcel again", .en, .negative),
            ("Warto? Zdecydowanie, najlepszy zakup", .pl, .positive), ("Opłaca się!", .pl, .positive),
            ("Polecam! Kto jeszcze nie próbował?", .pl, .positive), ("Merită din plin", .ro, .positive),
        ])
        let effects = try effects("Can anyone recommend a good bank?", .en)
        #expect(effects["good"]?.contains { if case .askedFor = $0 { true } else { false } } == true, "\(effects)")
    }

    @Test func aNegationInAScheduleAnnouncesNoComplaint() throws {
        // "Sklep nie jest czynny w niedzielę" read as a complaint: an unattached negation. With a recurring time
        // (discourse.tsv `schedule`), or a day or date beside an opening-hours word (`day`, `hours`), it is an announcement.
        try expectLabels([
            ("Sklep nie jest czynny w niedzielę", .pl, .neutral), ("W niedziele nie pracujemy", .pl, .neutral),
            ("Sklep nieczynny 1 listopada", .pl, .neutral), ("W święta nie dowozimy", .pl, .neutral),
            ("Офис не работает в выходные", .ru, .neutral), ("В праздники отделение не работает", .ru, .neutral),
            ("По воскресеньям не доставляем", .ru, .neutral), ("1 января мы не доставляем", .ru, .neutral),
            ("Magazinul nu este deschis duminica", .ro, .neutral), ("Banca nu lucrează sâmbăta", .ro, .neutral),
            ("Nu livrăm în weekend", .ro, .neutral), ("Nu avem program de Crăciun", .ro, .neutral),
            ("The store is not open on Sundays", .en, .neutral), ("We don't deliver on public holidays", .en, .neutral),
        ])
    }

    @Test func aFailureOrAOneOffTimeStaysAComplaint() throws {
        // A single past day is an occasion, not a schedule, and a phrase of failure keeps its sign; a sentiment word keeps
        // its negation.
        try expectLabels([
            ("Aplikacja nie działa od niedzieli", .pl, .negative), ("Kurier nie przyjechał w sobotę", .pl, .negative),
            ("Kurier nie przyjechał w niedzielę", .pl, .negative), ("Bankomat nieczynny", .pl, .negative),
            ("W niedzielę obsługa nie była miła", .pl, .negative), ("Aplikacja nie działa w weekendy", .pl, .negative),
            ("Третий день не работает приложение", .ru, .negative), ("В субботу так и не привезли", .ru, .negative),
            ("Приложение не работает в воскресенье", .ru, .negative), ("По выходным персонал не вежливый", .ru, .negative),
            ("Nu merge aplicația de sâmbătă", .ro, .negative), ("Sâmbăta trecută nu a venit curierul", .ro, .negative),
            // Folded, the articled "duminica" (every Sunday) is the bare "duminică" (one Sunday): a day alone is no schedule.
            ("Curierul nu a venit duminică", .ro, .negative), ("Nu au răspuns duminică", .ro, .negative),
            ("The app hasn't worked since Sunday", .en, .negative), ("The app doesn't work on weekends", .en, .negative),
        ])
        // The word of closing is shown with the date that makes it a schedule; the negation adds no line.
        let closed = try effects("Sklep nieczynny 1 listopada", .pl)
        #expect(closed["nieczynny"]?.contains(.schedule(by: "listopada")) == true, "\(closed)")
        let engine = try #require(Self.engine)
        let terms = engine.analyze("W niedziele nie pracujemy", languageHint: .pl).explanation.terms
        #expect(!terms.contains { $0.effects.contains(.unattachedNegation) }, "\(terms)")
    }

    @Test func aCounterfactualTurnsThePraiseThatDidNotHappen() throws {
        // "Gdyby kurier przyjechał na czas, byłoby idealnie" scored +0.76: an unreal condition and its outcome are both
        // false, so the praise is a complaint. discourse.tsv `counterfactual` opens the condition; its praise turns when the
        // condition praises or the outcome is an evaluation (`would`), and a past conditional (`unreal`) turns it too.
        try expectLabels([
            ("Gdyby kurier przyjechał na czas, byłoby idealnie", .pl, .negative),
            ("Gdyby obsługa była milsza, dałabym 5 gwiazdek", .pl, .negative),
            ("Gdyby kurier się nie spóźnił, byłoby idealnie", .pl, .negative),
            ("Если бы доставка была быстрее, было бы отлично", .ru, .negative),
            ("Было бы идеально, если бы не курьер", .ru, .negative),
            ("Если бы курьер был вежливее, поставил бы 5 звёзд", .ru, .negative),
            ("Dacă livrarea ar fi fost mai rapidă, ar fi fost perfect", .ro, .negative),
            ("Ar fi fost perfect dacă nu întârzia", .ro, .negative),
            ("De-ar fi fost mai ieftin, l-aș fi luat", .ro, .negative),
            ("It would have been perfect if the delivery was on time", .en, .negative),
            ("Would have given 5 stars if the courier was polite", .en, .negative),
            ("If only it were cheaper", .en, .negative),
        ])
        let effects = try effects("Gdyby kurier przyjechał na czas, byłoby idealnie", .pl)
        #expect(effects["idealnie"]?.contains(.unrealised(by: "Gdyby", scalar: -0.5)) == true, "\(effects)")
    }

    @Test func aCounterfactualLeavesRealConditionsAndTheConditionalMood() throws {
        // A real "if" keeps its praise, and so does the conditional without an unreal "if" ("Would recommend!").
        try expectLabels([
            ("If you need a good bank, choose X", .en, .positive), ("Jeśli szukacie dobrej pizzy, polecam", .pl, .positive),
            ("Если нужен хороший банк — берите", .ru, .positive), ("Dacă vreți un telefon bun, luați Samsung", .ro, .positive),
            ("Would recommend!", .en, .positive), ("I'd buy again", .en, .positive), ("Poleciłbym każdemu", .pl, .positive),
            ("Рекомендовал бы", .ru, .positive), ("Aș recomanda oricui", .ro, .positive),
            ("This would be a great gift", .en, .positive), ("Byłby to idealny prezent", .pl, .positive),
            // A condition without praise before an act keeps it: choosing them again is praise.
            ("Gdybym miał wybierać jeszcze raz, wybrałbym ich ponownie, polecam", .pl, .positive),
            // A praised clause before a wish is real: only the wish turns.
            ("Obsługa super, gdyby jeszcze dostawa była szybsza", .pl, .positive),
        ])
    }

    @Test func aCounterfactualOfTheWritersPowerIsHyperbole() throws {
        // "If I could give 6 stars I would": the condition is the writer's power, not a quality (`could`); top praise.
        try expectLabels([
            ("Gdybym mógł, dałbym 6 gwiazdek", .pl, .positive), ("Gdybym mogła dałabym 6 gwiazdek", .pl, .positive),
            ("Если бы можно было, поставил бы 6 звёзд", .ru, .positive), ("Dacă aș putea, aș da 6 stele", .ro, .positive),
            ("If I could give 6 stars I would", .en, .positive), ("I would have given 6 stars if I could", .en, .positive),
            // Ten of ten is the scale itself: "2 out of 10 stars" is a low mark (ratings.tsv), only "6 stars" is hyperbole.
            ("Dałbym 2 na 10 gwiazdek", .pl, .negative), ("2 din 10 stele", .ro, .negative),
        ])
    }

    @Test func anIfNotSaysItsNounWasThereAndItsOutcomeAverted() throws {
        // "Gdyby nie X": X was there, and the outcome did not happen because of it. Its negator denies nothing; the
        // outcome turns whichever its sign; a complaint in the condition is the real trouble and stays one.
        try expectLabels([
            ("Gdyby nie obsługa, nie wróciłbym tu", .pl, .positive), ("Gdyby nie kurier, byłoby idealnie", .pl, .negative),
            ("Gdyby nie to opóźnienie, byłoby super", .pl, .negative), ("Gdyby nie było kolejki, byłoby super", .pl, .negative),
            ("Если бы не персонал, было бы ужасно", .ru, .positive), ("Если бы не курьер, было бы отлично", .ru, .negative),
            ("Dacă n-ar fi fost personalul, ar fi fost groaznic", .ro, .positive),
            ("Dacă nu era întârzierea, ar fi fost perfect", .ro, .negative),
            ("If it weren't for the courier, it would have been perfect", .en, .negative),
            ("If it wasn't for the staff, this place would be terrible", .en, .positive),
        ])
        let delay = try effects("Gdyby nie to opóźnienie, byłoby super", .pl)
        #expect(delay["opóźnienie"] == [.negativeWeight(1.5)], "\(delay)")
        // A past conditional without its condition rates a wish: its praise counts 0.
        let wish = try effects("It would have been nice to get a call", .en)
        #expect(wish["nice"]?.contains(.unrealised(by: "would have", scalar: 0)) == true, "\(wish)")
    }

    @Test func aNegatedCouldHaveBeenBetterIsTheTopMark() throws {
        // "mogło być lepiej" (could have been better) is a mild complaint; negated it is the top mark, and "couldn't
        // be more X" raises X whichever way it points.
        try expectLabels([
            ("Nie mogło być lepiej", .pl, .positive), ("Mogło być lepiej", .pl, .negative),
            ("Nu se putea mai bine", .ro, .positive), ("Se putea mai bine", .ro, .negative),
            ("Could not be more pleased", .en, .positive), ("You couldn't be more wrong", .en, .negative),
        ])
    }

    @Test func aNegatorSpentInsideAPhraseDoesNotTurnALaterRecommendation() throws {
        // The «не» of «не жалуюсь» (no complaints) turned the «рекомендую» after it into a warning.
        let engine = try #require(Self.engine)
        for (text, language) in [("не жалуюсь рекомендую всем", Language.ru), ("Nie narzekam polecam wszystkim", .pl),
                                 ("nu mă plâng recomand", .ro)] {
            #expect(engine.analyze(text, languageHint: language).intents.map(\.intent) == [.recommend], "\(text)")
        }
        #expect(engine.analyze("Nie polecam", languageHint: .pl).intents.map(\.intent) == [.warn])
    }

    @Test func aPronounAfterAPrepositionIsNoInterjection() throws {
        // Polish "o nie" (oh no) is also "o" + "nie" (them); "do kosza" (in the bin) is also a basketball shot.
        try expectLabels([
            ("Dbam o nie codziennie", .pl, .neutral), ("Proszę o nie", .pl, .neutral), ("O nie, znowu awaria", .pl, .negative),
            ("Rzucił do kosza i trafił", .pl, .neutral), ("Wyrzuciłem to do kosza", .pl, .negative),
            ("It is perfectly normal", .en, .neutral), ("It works perfectly", .en, .positive),
        ])
    }

    @Test func aPhraseOfLemmasDoesNotMeetTheCommonWordsTheyReduceTo() throws {
        // As lemmas, "jako tako" (so-so) met "jak tak" and «радуют скидками» met «ради скидки» (for a discount).
        try expectLabels([
            ("Jak tak dalej pójdzie, to zobaczymy", .pl, .neutral), ("Aplikacja działa jako tako", .pl, .negative),
        ])
        let engine = try #require(Self.engine)
        let entries = engine.analyze("Поеду туда ради скидки", languageHint: .ru).explanation.terms.map(\.entry)
        #expect(!entries.contains { $0.hasPrefix("раду") }, "\(entries)")
        #expect(engine.analyze("МТС радует скидками", languageHint: .ru).explanation.terms.map(\.entry).contains("раду* скидк*"))
        // Threats with the pronoun between the verb and "łeb", in either order.
        try expectLabels([("Łeb bym im oderwała", .pl, .negative), ("Oderwę mu łeb", .pl, .negative)])
    }

    @Test func polishSocialPostsAndPublicDebate() throws {
        // Anger idioms, cheering, scorn and news events; ordinary sentences with near-misses stay neutral.
        try expectLabels([
            ("Ciśnienie mi skoczyło po tej rozmowie z konsultantem", .pl, .negative), ("Mam tego po dziurki w nosie", .pl, .negative),
            ("Doigrał się w końcu", .pl, .negative), ("Zamiatają wszystko pod dywan", .pl, .negative),
            ("Pociąg wykoleił się pod Krakowem", .pl, .negative), ("Rosja wstrzymała dostawy gazu", .pl, .negative),
            ("Dajcie czadu na finale!", .pl, .positive), ("Stokrotne dzięki za życzenia!", .pl, .positive),
            ("Ta książka mnie wciągnęła bez reszty", .pl, .positive), ("Zna się na tym jak nikt inny", .pl, .positive),
            // An interjection of pain, anxiety in its phrases ("lęk" alone folds into "lek", a medicine), and the
            // bare genitive plural of an insult.
            ("Ała, uderzyłem się w kolano", .pl, .negative), ("Zmagam się ze stanami lękowymi", .pl, .negative),
            ("Kupiłam leki w aptece", .pl, .neutral),
            ("Zbiorowisko szmat w tym rządzie", .pl, .negative),
            ("Napastnik Legii podpisał nowy kontrakt", .pl, .neutral), ("Czytam bloga o gotowaniu", .pl, .neutral),
            ("Ujmując to krótko, spotkanie jest jutro o dziewiątej", .pl, .neutral),
            // Public debate, sport and economy; plain reports stay neutral.
            ("Kolejne niespełnione obietnice, kiełbasa wyborcza jak zawsze", .pl, .negative),
            ("Seria porażek i strefa spadkowa, trzeba zmienić trenera", .pl, .negative),
            ("Raty kredytów w górę, ledwo wiążemy koniec z końcem", .pl, .negative),
            ("Złote słowa, podpisuję się obiema rękami", .pl, .positive), ("Zakładnicy zostali uwolnieni", .pl, .positive),
            ("Inflacja spada, płace rosną, wreszcie dobre dane", .pl, .positive),
            ("NBP pozostawił stopy procentowe bez zmian", .pl, .neutral), ("Premier spotkał się z prezydentem", .pl, .neutral),
        ])
    }

    @Test func repurchaseWithWordsInBetween() throws {
        // "kupię tu jeszcze raz", "закажу здесь ещё", "will definitely order again": a word or two may sit inside.
        let engine = try #require(Self.engine)
        for (text, language) in [("Na pewno kupię tu jeszcze raz", Language.pl), ("Обязательно закажу здесь ещё", .ru),
                                 ("Will definitely order again", .en)] {
            #expect(engine.analyze(text, languageHint: language).intents.map(\.intent) == [.repurchase], "\(text)")
        }
        #expect(engine.analyze("Nie kupię tu jeszcze raz", languageHint: .pl).intents.map(\.intent) == [.churn])
    }

    @Test func everydayPhrasingsOfLoyaltyIntents() throws {
        // Our own short posts, written the way customers say these things.
        let engine = try #require(Self.engine)
        let cases: [(String, Language, Intent)] = [
            ("Kocham tę markę od lat", .pl, .attachment), ("Omijajcie ten sklep szerokim łukiem", .pl, .warn),
            ("Сижу на этом тарифе только из-за контракта", .ru, .lockin), ("Ухожу от них к другому оператору", .ru, .churn),
            ("Iubesc brandul ăsta de ani de zile", .ro, .attachment), ("Renunț la ei și trec la altă rețea", .ro, .churn),
            ("Only staying because of the contract", .en, .lockin), ("Been loyal to this brand for years", .en, .attachment),
            ("Cancelling and switching to another provider", .en, .churn),
        ]
        for (text, language, intent) in cases {
            #expect(engine.analyze(text, languageHint: language).intents.map(\.intent).contains(intent), "\(text)")
        }
    }

    @Test func recommendingAgainstIsAWarning() throws {
        // A recommendation followed by a negator or by a warning, in its clause, advises against.
        let engine = try #require(Self.engine)
        let against: [(String, Language, String)] = [
            ("Polecam nie kupować tutaj", .pl, "Polecam nie kupować"), ("Polecam omijać szerokim łukiem", .pl, "Polecam omijać szerokim łukiem"),
            ("Рекомендую не покупать", .ru, "Рекомендую не покупать"), ("Советую не брать этот тариф", .ru, "Советую не брать"),
            ("Vă recomand să nu cumpărați de aici", .ro, "Vă recomand să nu cumpărați"),
            ("Recomand să evitați acest magazin", .ro, "Recomand să evitați acest magazin"),
            ("I'd recommend not buying it", .en, "I'd recommend not buying"),
            ("I recommend staying away from this store", .en, "I recommend staying away"),
        ]
        for (text, language, evidence) in against {
            let analysis = engine.analyze(text, languageHint: language)
            #expect(analysis.intents == [IntentMatch(intent: .warn, evidence: evidence)], "\(text): \(analysis.intents)")
            #expect(analysis.label == .negative, "\(text)")
        }
        // A negator that opens a phrase of its own, "not only", or one after a comma leaves the recommendation alone.
        let still: [(String, Language)] = [
            ("Рекомендую не пожалеете", .ru), ("Polecam nie tylko ze względu na cenę", .pl), ("Polecam, nie zawiodłam się", .pl),
            ("Recomand, nu regret", .ro), ("I recommend it not only for the price", .en),
        ]
        for (text, language) in still {
            let analysis = engine.analyze(text, languageHint: language)
            #expect(analysis.intents.map(\.intent) == [.recommend], "\(text): \(analysis.intents)")
            #expect(analysis.label == .positive, "\(text)")
        }
    }

    @Test func intentNegationHasAWindowAndCountsSplitNegators() throws {
        let engine = try #require(Self.engine)
        // A negator far before an intent does not turn it around; "not gonna lie" is no negation at all.
        for text in ["Don't know why everyone complains so much I highly recommend them", "Not gonna lie I highly recommend them"] {
            #expect(engine.analyze(text, languageHint: .en).intents.map(\.intent) == [.recommend], "\(text)")
        }
        #expect(engine.analyze("I wouldn't say I'm a loyal customer", languageHint: .en).intents.isEmpty)
        // "nu-s", "nu-l": the tokenizer splits the hyphen, and the two tokens still negate the intent after them.
        for text in ["Nu-s mare fan al lor", "Nu-l ador deloc"] {
            #expect(!engine.analyze(text, languageHint: .ro).intents.contains { $0.intent == .attachment }, "\(text)")
        }
        #expect(engine.analyze("Nu-l recomand", languageHint: .ro).intents.map(\.intent) == [.warn])
        // One warning counts once, even when a longer pattern contains a shorter one of the same intent.
        let warning = engine.analyze("Не рекомендую этот ужасный банк", languageHint: .ru)
        #expect(warning.explanation.intentAdjustment == -1.5, "\(warning.explanation)")
    }

    @Test func wordsInsideAnIntentGiveWayToItsReading() throws {
        // "can't cancel" is lock-in; the negated "cancel" alone would read as mildly positive.
        let engine = try #require(Self.engine)
        let analysis = engine.analyze("Can't cancel my subscription, they keep charging me.", languageHint: .en)
        #expect(analysis.intents.map(\.intent) == [.lockin])
        #expect(analysis.label == .negative)
        let cancel = try #require(analysis.explanation.terms.first { $0.surface == "cancel" })
        #expect(cancel.finalValence == 0 && cancel.effects.contains(.yieldedTo(intent: .lockin)), "\(cancel)")
        #expect(analysis.explanation.intentAdjustment < 0)
        // Words that agree with the intent keep their value: a negated "polecam" in a warning.
        let warning = engine.analyze("Nie polecam tego sklepu", languageHint: .pl)
        #expect(warning.explanation.terms.allSatisfy { !$0.effects.contains(.yieldedTo(intent: .warn)) })
        #expect(warning.explanation.intentAdjustment == 0 && warning.label == .negative)
    }

    @Test func aSwitchBetweenTwoNamedBrandsSplitsItsClause() throws {
        // The brand left takes the churn and what was said before the switch; the brand switched to takes what
        // follows it, also inside the same clause.
        let engine = try #require(Self.engine)
        let cases: [(String, Language, Brand, Brand)] = [
            ("Przeszedłem z Orange do Play i jest super", .pl, Brand(name: "Orange"), Brand(name: "Play")),
            ("Orange was awful so I switched from Orange to Vodafone and it is great", .en, Brand(name: "Orange"), Brand(name: "Vodafone")),
            ("Перешёл из Сбера в Тинькофф, доволен как слон", .ru, Brand(name: "Сбербанк", aliases: ["Сбер"]), Brand(name: "Тинькофф")),
            ("Am schimbat Orange cu Digi, e mult mai bine", .ro, Brand(name: "Orange"), Brand(name: "Digi")),
        ]
        for (text, language, left, chosen) in cases {
            let analysis = engine.analyze(text, languageHint: language, brands: [left, chosen])
            let byName = Dictionary(analysis.brands.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
            #expect(byName[left.name]?.intents.map(\.intent) == [.churn], "\(text)")
            #expect(byName[left.name]?.label == .negative, "\(text)")
            #expect(byName[chosen.name]?.label == .positive, "\(text)")
        }
    }

    @Test func aBareSwitchIsAGainForTheBrandSwitchedTo() throws {
        // "Przeszedłem z Orange do Plusa" with nothing else said was churn for Orange and neutral for Plus, though
        // Plus won the customer. It takes half the loss as a gain, no intent, and what follows still decides.
        let engine = try #require(Self.engine)
        let cases: [(String, Language, Brand, Brand, SentimentLabel)] = [
            ("Przeszedłem z Orange do Plusa", .pl, Brand(name: "Orange"), Brand(name: "Plus", aliases: ["Plusa"]), .positive),
            ("Перешёл из Сбербанка в Тинькофф", .ru, Brand(name: "Сбербанк"), Brand(name: "Тинькофф"), .positive),
            ("Am trecut de la Orange la Vodafone", .ro, Brand(name: "Orange"), Brand(name: "Vodafone"), .positive),
            ("Switched from Verizon to T-Mobile", .en, Brand(name: "Verizon"), Brand(name: "T-Mobile"), .positive),
            ("Przeszedłem z Orange do Plusa i żałuję", .pl, Brand(name: "Orange"), Brand(name: "Plus", aliases: ["Plusa"]), .negative),
        ]
        for (text, language, left, chosen, verdict) in cases {
            let analysis = engine.analyze(text, languageHint: language, brands: [left, chosen])
            let byName = Dictionary(analysis.brands.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
            #expect(byName[left.name]?.intents.map(\.intent) == [.churn], "\(text)")
            #expect(byName[chosen.name]?.label == verdict, "\(text)")
            #expect(byName[chosen.name]?.intents.isEmpty == true, "\(text)")
        }
        // Without a hint, the Romanian switch is Romanian: "trecut" is in the language's word list.
        #expect(engine.analyze("Am trecut de la Orange la Vodafone").language == .ro)
    }

    @Test func brandNamesDoNotDecideTheLanguage() throws {
        // A brand name is often a word of another language: "Uber" (über) made a short English post German, so it
        // was `und`. The text around the brand names decides; the whole text still does when the rest is too short.
        let engine = try #require(Self.engine)
        let brands = [Brand(name: "Uber"), Brand(name: "Lidl"), Brand(name: "Orange")]
        #expect(engine.analyze("Uber driver was rude", brands: brands).language == .en)
        #expect(engine.analyze("Lidl ma super promocje", brands: brands).language == .pl)
        #expect(engine.analyze("Orange ist wirklich schlecht geworden", brands: brands).language == .und)
    }

    @Test func zeroValencePhrasesTakeNoBooster() throws {
        // "sounds like" is listed at 0.0 so that "like" is not read as the verb; "really" must not revive it.
        let engine = try #require(Self.engine)
        #expect(engine.analyze("really sounds like a plan", languageHint: .en).label == .neutral)
    }

    @Test func aBracketOpeningAWordIsNoFrown() throws {
        let engine = try #require(Self.engine)
        #expect(engine.analyze("new phone (iPhone 6", languageHint: .en).label == .neutral)
        #expect(engine.analyze("опять не работает (", languageHint: .ru).label == .negative)
    }

    @Test func aComparisonTurnsTheSentimentForTheBrandAfterThan() throws {
        let engine = try #require(Self.engine)
        let cases: [(String, Language, [Brand], [String: SentimentLabel])] = [
            ("W Lidlu taniej niż w Biedronce", .pl, [Brand(name: "Biedronka"), Brand(name: "Lidl")],
             ["Lidl": .positive, "Biedronka": .negative]),
            ("Тинькофф намного лучше, чем Сбербанк", .ru, [Brand(name: "Сбербанк"), Brand(name: "Тинькофф")],
             ["Тинькофф": .positive, "Сбербанк": .negative]),
            ("Orange is way worse than Vodafone", .en, [Brand(name: "Vodafone"), Brand(name: "Orange")],
             ["Orange": .negative, "Vodafone": .positive]),
            ("Altex e mai scump decât eMAG", .ro, [Brand(name: "eMAG"), Brand(name: "Altex")],
             ["Altex": .negative, "eMAG": .positive]),
            // One brand: nothing to compare it with, so "nothing better than Lidl" stays praise.
            ("Nie ma nic lepszego niż Lidl", .pl, [Brand(name: "Lidl")], ["Lidl": .positive]),
        ]
        for (text, language, brands, expected) in cases {
            let analysis = engine.analyze(text, languageHint: language, brands: brands)
            let labels = Dictionary(analysis.brands.map { ($0.name, $0.label) }, uniquingKeysWith: { first, _ in first })
            #expect(labels == expected, "\(text)")
        }
    }
}
