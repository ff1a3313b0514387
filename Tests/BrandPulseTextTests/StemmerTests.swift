import BrandPulseCore
import BrandPulseText
import Testing

@Suite struct StemmerTests {
    struct Paradigm: Sendable, CustomTestStringConvertible {
        let language: Language
        let forms: [String]
        var testDescription: String { "\(language.rawValue): \(forms.joined(separator: ", "))" }
    }

    @Test(arguments: [
        Paradigm(language: .pl, forms: ["fatalny", "fatalna", "fatalnego", "fatalnie", "fatalnych"]),
        Paradigm(language: .pl, forms: ["beznadziejny", "beznadziejna", "beznadziejnie"]),
        Paradigm(language: .ru, forms: ["ужасный", "ужасная", "ужасно", "ужасного", "ужасные"]),
        Paradigm(language: .ru, forms: ["отличный", "отлично", "отличную"]),
        Paradigm(language: .ro, forms: ["excelent", "excelentă", "excelente", "excelentul", "excelentului"]),
        Paradigm(language: .ro, forms: ["mulțumit", "mulțumită", "multumiti"]),
        Paradigm(language: .en, forms: ["love", "loved", "loving", "loves"]),
        Paradigm(language: .en, forms: ["disappoint", "disappointed", "disappointing"]),
    ])
    func paradigmSharesOneStem(_ paradigm: Paradigm) {
        let stemmer = Stemmer(language: paradigm.language)
        let stems = Set(paradigm.forms.map { stemmer.stem($0) })
        #expect(stems.count == 1, "stems: \(stems.sorted())")
    }

    @Test func shortWordsAreNotStemmed() {
        #expect(Stemmer(language: .pl).stem("nie") == "nie")
        #expect(Stemmer(language: .ru).stem("не") == "не")
        #expect(Stemmer(language: .ro).stem("bun") == "bun")
    }

    @Test func stemmingIsDeterministicAndAPrefix() {
        let stemmer = Stemmer(language: .ru)
        let word = "замечательного"
        #expect(stemmer.stem(word) == stemmer.stem(word))
        #expect(word.hasPrefix(stemmer.stem(word)))
    }
}
