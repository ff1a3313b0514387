import BrandPulseText
import Testing

@Suite struct TokenizerTests {
    let tokenizer = Tokenizer(emoticons: [":)", ":(", ":-)", "<3", "xD", "^_^", "(╥﹏╥)"])

    func kinds(_ text: String) -> [TokenKind] { tokenizer.tokenize(text).tokens.map(\.kind) }
    func keys(_ text: String) -> [String] {
        let t = tokenizer.tokenize(text)
        return t.tokens.map { t.key($0) }
    }

    @Test func classifiesTokenKinds() {
        let text = tokenizer.tokenize("Hej @Biedronka, zobacz https://t.co/x1 #PromocjaŚwiąteczna 😍 :) 42 zł!!!")
        #expect(text.tokens.map(\.kind) == [.word, .handle, .punctuation, .word, .url, .hashtag, .emoji, .emoticon, .number, .word, .punctuation])
        #expect(text.key(text.tokens[1]) == "biedronka")
        #expect(text.key(text.tokens[5]) == "promocjaswiateczna")
        #expect(text.tokens.last?.count == 3)
        #expect(text.exclamationCount == 3)
    }

    @Test func englishCliticsStayOutOfTheKey() {
        // "he'll" once read as "hell" and "we'll" as "well"; other apostrophes keep the word whole.
        #expect(keys("He'll call, we’ll see, it's McDonald's, I'm in, you've won, I'd go") ==
                ["he", "call", ",", "we", "see", ",", "it", "mcdonald", ",", "i", "in", ",", "you", "won", ",", "i", "go"])
        #expect(keys("don't can't Orange'a O'Neil") == ["dont", "cant", "orangea", "oneil"])
        let orange = tokenizer.tokenize("Orange'a")
        #expect(orange.tokens.first?.apostropheOffset == 6)
    }

    @Test func rangesPointIntoTheOriginalText() {
        let text = tokenizer.tokenize("Zażółć gęślą jaźń")
        #expect(text.tokens.map { String(text.surface($0)) } == ["Zażółć", "gęślą", "jaźń"])
        #expect(text.tokens.map { text.key($0) } == ["zazolc", "gesla", "jazn"])
    }

    @Test func bracketRunsBecomeOneEmoticonWithCount() {
        let text = tokenizer.tokenize("Отличный банк))) а этот(((")
        let emoticons = text.tokens.filter { $0.kind == .emoticon }
        #expect(emoticons.map { text.key($0) } == [")", "("])
        #expect(emoticons.map(\.count) == [3, 3])
    }

    @Test func aListMarkerBracketIsNoSmile() {
        // "1)", "b)", "в)" number a list; "Спасибо)" and "ok))" still smile.
        for text in ["Zalety: 1) cena 2) dostawa", "Opcje: a) zwrot b) wymiana", "Варианты: а) возврат б) обмен", "12) koniec"] {
            #expect(!tokenizer.tokenize(text).tokens.contains { $0.kind == .emoticon }, "\(text)")
        }
        for text in ["Спасибо)", "ok))", "i ja też)", "Класс 5))"] {
            #expect(tokenizer.tokenize(text).tokens.contains { $0.kind == .emoticon }, "\(text)")
        }
    }

    @Test func stretchedUnderscoreMouthsAreOneEmoticon() {
        let text = tokenizer.tokenize("nie zdążę ^______^ a ten snake_case_name zostaje")
        let emoticons = text.tokens.filter { $0.kind == .emoticon }
        #expect(emoticons.map { text.key($0) } == ["^_^"])
        #expect(emoticons.map { String(text.surface($0)) } == ["^______^"])
        #expect(text.tokens.contains { $0.kind == .word && text.key($0).hasPrefix("snake") })
    }

    @Test func ordinaryBracketsStayPunctuation() {
        let text = tokenizer.tokenize("Sklep (ten na rogu) jest ok)")
        let emoticons = text.tokens.filter { $0.kind == .emoticon }
        #expect(emoticons.count == 1)
        #expect(emoticons.first?.count == 1)
    }

    @Test func aLoneBracketBeforeAWordOpensABracket() {
        // A cut-off post "(iPhone 6" never closes its bracket; a frown stands apart from the next word.
        #expect(kinds("nowy telefon (iPhone 6") == [.word, .word, .punctuation, .word, .number])
        #expect(kinds("znowu nie działa (") == [.word, .word, .word, .emoticon])
    }

    @Test func recognisesEmoticonsAndKaomoji() {
        #expect(kinds("super :-) xD (╥﹏╥) ^_^ <3") == [.word, .emoticon, .emoticon, .emoticon, .emoticon, .emoticon])
        // Letters after an emoticon make a word ("xDupa"); repeats of its last character do not ("xDDD").
        #expect(kinds("xDupa") == [.word])
        let laugh = tokenizer.tokenize("xDDD :)))) XD")
        #expect(laugh.tokens.map { laugh.key($0) } == ["xd", ":)", "xd"])
        #expect(laugh.tokens.map(\.count) == [3, 4, 1])
    }

    @Test func brokenURLsAreNotFrowns() {
        let tokenizer = Tokenizer(emoticons: [":/", ":)"])
        #expect(!tokenizer.tokenize("RT nice… http:/").tokens.contains { $0.kind == .emoticon })
        #expect(!tokenizer.tokenize("see htt://x").tokens.contains { $0.kind == .emoticon })
        #expect(tokenizer.tokenize("meh :/").tokens.last?.kind == .emoticon)
    }

    @Test func emojiKeysDropVariationSelectorsAndSkinTones() {
        let a = tokenizer.tokenize("👍🏽")
        let b = tokenizer.tokenize("👍")
        #expect(a.tokens.count == 1)
        #expect(a.key(a.tokens[0]) == b.key(b.tokens[0]))
        let heart = tokenizer.tokenize("❤️")
        #expect(heart.tokens.map(\.kind) == [.emoji])
    }

    @Test func romanianCliticsAndHyphens() {
        #expect(keys("n-am primit") == ["n-", "am", "primit"])
        #expect(keys("mi-a plăcut") == ["mi-", "a", "placut"])
        let text = tokenizer.tokenize("eMAG-ul")
        #expect(text.tokens.map { text.key($0) } == ["emag", "ul"])
        #expect(text.tokens[1].flags.contains(.afterHyphen))
        #expect(text.tokens[0].flags.contains(.innerCapital))
    }

    @Test func apostrophesStayInsideWords() {
        let text = tokenizer.tokenize("Orange'a don't")
        #expect(text.tokens.map { text.key($0) } == ["orangea", "dont"])
        #expect(text.tokens[0].apostropheOffset == 6)
    }

    @Test func capsAndElongationFlags() {
        let text = tokenizer.tokenize("This is SUPER and suuuper")
        #expect(text.tokens[2].flags.contains(.allCaps))
        #expect(text.tokens[4].flags.contains(.elongated))
        #expect(!text.isAllCaps)
        #expect(tokenizer.tokenize("ALL CAPS TEXT HERE").isAllCaps)
    }

    @Test func questionAndExclamationRuns() {
        let text = tokenizer.tokenize("Serio??? Tak!!")
        #expect(text.questionCount == 3)
        #expect(text.exclamationCount == 2)
        #expect(text.tokens.map { text.key($0) } == ["serio", "?", "tak", "!"])
    }

    @Test func unicodeHashtags() {
        #expect(keys("#Пятёрочка #nierecomand #BestService") == ["пятерочка", "nierecomand", "bestservice"])
    }
}
