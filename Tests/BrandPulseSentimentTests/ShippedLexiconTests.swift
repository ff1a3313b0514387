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
}
