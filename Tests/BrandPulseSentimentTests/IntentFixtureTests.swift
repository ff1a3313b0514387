import BrandPulseCore
import BrandPulseSentiment
import Foundation
import Testing

/// Every post in Fixtures/intents/<lang>.tsv reports exactly its expected intents with the shipped lexicons.
/// The posts are our linguists' own: per intent, everyday wordings that must match, and controls that must not
/// ("recommended dosage", "scrisoare recomandată", «вернусь через 5 минут»).
@Suite(.enabled(if: LexiconValidationTests.hasLexicons, "needs the repository's lexicons/ directory"))
struct IntentFixtureTests {
    struct Post: Sendable, CustomTestStringConvertible {
        var language: Language
        var line: Int
        var text: String
        var intents: Set<Intent>
        var testDescription: String { "\(language.rawValue):\(line) \(text)" }
    }

    static func posts(_ language: Language) -> [Post] {
        let url = Fixtures.directory.appendingPathComponent("intents").appendingPathComponent("\(language.rawValue).tsv")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        return LexiconReader.records(in: text).compactMap { record in
            guard record.fields.count == 2 else { return nil }
            let names = record.fields[1] == "-" ? [] : record.fields[1].split(separator: ",")
            let intents = names.compactMap { Intent(rawValue: $0.trimmingCharacters(in: .whitespaces)) }
            guard intents.count == names.count else { return nil }
            return Post(language: language, line: record.line, text: record.fields[0], intents: Set(intents))
        }
    }

    @Test(arguments: [Language.en, .pl, .ro, .ru])
    func fixturePostsReportTheirIntents(_ language: Language) throws {
        let posts = Self.posts(language)
        try #require(!posts.isEmpty, "no Fixtures/intents/\(language.rawValue).tsv")
        let engine = try #require(ShippedLexiconTests.engine)
        var wrong: [String] = []
        for post in posts {
            let found = Set(engine.analyze(post.text, languageHint: language).intents.map(\.intent))
            if found != post.intents {
                wrong.append("\(post.testDescription): expected \(post.intents.map(\.rawValue).sorted()), got \(found.map(\.rawValue).sorted())")
            }
        }
        #expect(wrong.isEmpty, "\(wrong.count) of \(posts.count) posts:\n\(wrong.joined(separator: "\n"))")
    }

    @Test func everyFixtureLineIsWellFormed() throws {
        // A typo in an intent name would silently drop the line above; here it fails.
        for language in [Language.en, .pl, .ro, .ru] {
            let url = Fixtures.directory.appendingPathComponent("intents").appendingPathComponent("\(language.rawValue).tsv")
            guard let text = try? String(contentsOf: url, encoding: .utf8) else { continue }
            let records = LexiconReader.records(in: text)
            #expect(Self.posts(language).count == records.count, "\(language.rawValue).tsv has malformed lines")
        }
    }
}
