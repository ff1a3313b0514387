import BrandPulseCore
import BrandPulseSentiment
import Testing

/// Random and degenerate inputs must never trap, and scores stay in range.
@Suite struct RobustnessTests {
    static let pieces: [String] = [
        "a", "Z", "ł", "ș", "ţ", "ё", "Я", "й", "и\u{306}", "e\u{301}", "😍", "👍🏽", "❤️", "🇵🇱", "👨‍👩‍👧", ")", "(", ")))", "(((",
        ":)", ":-(", "xD", "#", "@", "-", "'", "’", "!", "?", "...", "…", ",", ".", " ", "  ", "\n", "\t", "&amp;", "&lt;3",
        "&#x1F600;", "\\u2019", "\\u12", "http://x.y/z", "www.", "nie", "не", "nu", "n-", "not", "but", "ale", "но", "dar",
        "polecam", "świetny", "ужасно", "excelent", "great", "Lidl", "Lidla", "eMAG-ul", "Orange'a", "ab*", "=", "{brand}",
        "\u{0}", "\u{FEFF}", "\u{200D}", "\u{FE0F}", "9", "3,5", "🏻", "ǅ", "İ", "ß",
    ]

    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state
        }
    }

    @Test func randomInputsNeverTrap() {
        let engine = Fixtures.engine
        let brands = [Brand(name: "Lidl", competitors: ["eMAG"]), Brand(name: "eMAG", aliases: ["eMAG.ro"]), Brand(name: "Orange", exclusions: ["orange juice"])]
        var generator = Generator(state: 42)
        for _ in 0..<1500 {
            let count = Int.random(in: 0...30, using: &generator)
            var text = ""
            for _ in 0..<count { text += Self.pieces.randomElement(using: &generator) ?? "" }
            let hint = Language.allCases.randomElement(using: &generator)
            let analysis = engine.analyze(text, languageHint: hint, brands: brands)
            #expect(analysis.score >= -1 && analysis.score <= 1)
            #expect(analysis.score.isFinite)
            for brand in analysis.brands { #expect(brand.score >= -1 && brand.score <= 1) }
            _ = analysis.explanation.rendered()
        }
    }

    @Test(arguments: ["", " ", "!!!", "(((((", ")", "#", "@", "…", "\u{306}", String(repeating: "ą", count: 5000),
                      String(repeating: "nie ", count: 2000), String(repeating: "😍", count: 500)])
    func degenerateInputs(_ text: String) {
        let analysis = Fixtures.engine.analyze(text, languageHint: .pl, brands: [Brand(name: "Biedronka")])
        #expect(analysis.score.isFinite)
    }
}
