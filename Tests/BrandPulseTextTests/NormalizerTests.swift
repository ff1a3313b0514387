import BrandPulseText
import Testing

@Suite struct NormalizerTests {
    struct FoldCase: Sendable, CustomTestStringConvertible {
        let input: String
        let expected: String
        var testDescription: String { input }
    }

    @Test(arguments: [
        FoldCase(input: "Świetny", expected: "swietny"),
        FoldCase(input: "ŁÓDŹ żółć", expected: "lodz zolc"),
        FoldCase(input: "proastă însă", expected: "proasta insa"),
        FoldCase(input: "ș ş Ș Ş", expected: "s s s s"),
        FoldCase(input: "ț ţ", expected: "t t"),
        FoldCase(input: "Ещё ЁЖИК", expected: "еще ежик"),
        FoldCase(input: "Пятёрочка", expected: "пятерочка"),
        FoldCase(input: "Café Ñandú", expected: "cafe nandu"),
        FoldCase(input: "don't", expected: "dont"),
        FoldCase(input: "don’t", expected: "dont"),
    ])
    func foldsCaseAndDiacritics(_ example: FoldCase) {
        #expect(Normalizer.fold(example.input) == example.expected)
    }

    @Test func decomposedInputIsComposedFirst() {
        // "й" written as и + combining breve must stay й, not become и.
        #expect(Normalizer.fold("и\u{306}") == "й")
        #expect(Normalizer.fold("s\u{326}") == "s")
    }

    @Test(arguments: [("suuuper", 1, "super"), ("оооочень", 1, "очень"), ("goooood", 2, "good"), ("cool", 1, "cool"), ("noooo", 2, "noo")])
    func squeezesElongation(_ input: String, _ keep: Int, _ expected: String) {
        #expect(Normalizer.squeeze(input, keep: keep) == expected)
    }

    @Test func detectsElongation() {
        #expect(Normalizer.isElongated(Array("suuuper".utf8)))
        #expect(Normalizer.isElongated(Array("оооочень".utf8)))
        #expect(!Normalizer.isElongated(Array("cool".utf8)))
    }
}

@Suite struct CharacterReferenceTests {
    @Test(arguments: [
        ("I &lt;3 it &amp; more", "I <3 it & more"),
        ("it\\u2019s ok", "it’s ok"),
        ("&#39;quoted&#x27;", "'quoted'"),
        ("&unknown; stays", "&unknown; stays"),
        ("&laquo;МТС&raquo; &hellip;", "«МТС» …"),
    ])
    func decodes(_ input: String, _ expected: String) {
        #expect((Normalizer.decodingCharacterReferences(input) ?? input) == expected)
    }

    @Test func plainTextIsLeftAlone() {
        #expect(Normalizer.decodingCharacterReferences("nothing to decode") == nil)
    }
}
