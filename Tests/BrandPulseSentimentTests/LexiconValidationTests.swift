import BrandPulseCore
import BrandPulseSentiment
import Foundation
import Testing

/// Validates the real lexicons in the repository; every problem is listed as `file:line: message`.
@Suite struct LexiconValidationTests {
    static let hasLexicons = FileManager.default.fileExists(atPath: Fixtures.repositoryLexicons.path)

    @Test(.enabled(if: hasLexicons, "needs the repository's lexicons/ directory"))
    func repositoryLexiconsHaveNoErrors() {
        let issues = LexiconCompiler.validate(directory: Fixtures.repositoryLexicons)
        for issue in issues where issue.severity == .error {
            Issue.record("\(issue)")
        }
    }

    @Test(.enabled(if: hasLexicons, "needs the repository's lexicons/ directory"))
    func repositoryLexiconsHaveNoWarnings() {
        // Duplicates and doubtful stems would load, but each one is a mistake a linguist should fix:
        // the shipped lexicons stay clean, so a new warning fails here with its file:line.
        let warnings = LexiconCompiler.validate(directory: Fixtures.repositoryLexicons).filter { $0.severity == .warning }
        #expect(warnings.isEmpty, "\(warnings.map(\.description).joined(separator: "\n"))")
    }

    @Test(.enabled(if: hasLexicons, "needs the repository's lexicons/ directory"))
    func repositoryLexiconsLoad() throws {
        let engine = try SentimentEngine.load(lexiconDirectory: Fixtures.repositoryLexicons)
        #expect(engine.analyze("ok", languageHint: .en).score.isFinite)
    }

    @Test func brokenLexiconReportsEveryProblemWithItsLine() {
        let broken = Fixtures.lexicons.appendingPathComponent("broken")
        let messages = LexiconCompiler.validate(directory: broken).map(\.description)
        let expected = [
            "pl/sentiment.tsv:2: valence '1,5' uses a decimal comma; write 1.5",
            "pl/sentiment.tsv:3: valence 5.0 is outside -4.0...4.0",
            "pl/sentiment.tsv:5: duplicate after folding of pl/sentiment.tsv:4",
            "pl/sentiment.tsv:6: stem 'ab*' is shorter than 4 letters; it catches too many words",
            "pl/sentiment.tsv:7: expected 2 or 3 columns (term, valence, [tags]), got 1 (columns must be separated by a TAB)",
            "pl/sentiment.tsv:8: 'męczyć' also catches the common word 'meczu'; write it as =exact or a longer stem, or shield the word",
            // A stem catches a listed word that begins with it ("drogą", a road); "drogowskazy" is shielded.
            "pl/sentiment.tsv:9: 'drog*' also catches the common word 'drogą'; write it as =exact or a longer stem, or shield the word",
            // A contrast word as a lemma ("lecz", but) met "leczy" (treats): role words are checked too.
            "pl/contrast.tsv:2: 'lecz' also catches the common word 'leczy'; write it as =exact or a longer stem, or shield the word",
            // A comma inside an expression stands between two words, never at its end; with or without it, the
            // expression is the same one.
            "pl/sentiment.tsv:12: a comma stands between two words of an expression ('ni pies, ni wydra')",
            "pl/sentiment.tsv:14: duplicate after folding of pl/sentiment.tsv:13",
            "pl/intents.tsv:2: bad pattern syntax: unclosed '(' in '(polecam'",
            "pl/intents.tsv:3: unknown intent 'adore'; expected one of recommend, warn, repurchase, churn, complaint, attachment, lockin, or none",
            // Sentence anchors go at the ends of a pattern.
            "pl/intents.tsv:4: bad pattern syntax: '^' (sentence start) must come first",
            "pl/intents.tsv:5: bad pattern syntax: '$' (sentence end) must come last",
            "pl/intents.tsv:6: bad pattern syntax: empty alternative in 'wrócę|wrócimy|'",
            "pl/intents.tsv:7: bad pattern syntax: more than 64 patterns from the alternatives; split the line",
            // `degree` is the one kind a modifier may carry; `never` is a negator kind like `nword`.
            "pl/modifiers.tsv:4: unknown kind 'super'; the third column is empty or 'degree'",
            "pl/negators.tsv:4: unknown kind 'sometimes'; expected one of absent, breaker, negator, never, nword, postposed, privative, tag",
            "pl/discourse.tsv:2: unknown kind 'maybe'; expected one of again, and, ask, console, could, counterfactual, day, fault, fond, hours, if, marker, once, remedied, remedy, reproach, schedule, thanks, that, unreal, would",
            "pl/comparison.tsv:2: unknown kind 'better'; expected one of comparative, find",
            "pl/absence.tsv:2: unknown kind 'noun'; expected one of exist, preposition, trouble",
            // A word keeps its first role; a second one from another file was dropped without a word (Polish "ze", a
            // preposition in absence.tsv, is "że" folded, discourse.tsv's `that`).
            "pl/absence.tsv:3: '=było' already has a role from pl/discourse.tsv:3; a word has one role, so this line is ignored",
        ]
        for line in expected { #expect(messages.contains(line), "missing: \(line)\nall: \(messages)") }
        #expect(!messages.contains { $0.hasPrefix("pl/modifiers.tsv:3") || $0.hasPrefix("pl/negators.tsv:3") })
        #expect(!messages.contains { $0.hasPrefix("pl/sentiment.tsv:11") }, "a comma may follow the first word: 'nie, dziękuję'")
        #expect(!messages.contains { $0.contains("drogowskazy") }, "a valence-0 stem shields the word")
        // A problem in one alternative is reported once, not once per variant.
        #expect(messages.filter { $0 == "pl/intents.tsv:8: stem 'ab*' is shorter than 4 letters; it catches too many words" }.count == 1)
    }

    @Test func brokenRatingsReportEveryProblemWithItsLine() {
        let messages = LexiconCompiler.validate(directory: Fixtures.lexicons.appendingPathComponent("broken-ratings")).map(\.description)
        let expected = [
            "ratings.tsv:3: a scale row is N/5 (N = 0…5) or N/10 (N = 0…10), got '11/10'",
            "ratings.tsv:4: valence 9.0 is outside -4.0...4.0",
            "ratings.tsv:5: unknown kind 'rank': use scale, of, star, after, before, filled or empty",
            "ratings.tsv:6: unknown language 'de': use en, ro, ru or pl",
            "ratings.tsv:7: an entry of kind 'after' is one word",
            "ratings.tsv:8: a word list entry has no valence column",
            // A scale without a row leaves such ratings unscored: said once per missing row.
            "ratings.tsv:0: the scale has no row for 5/5: such ratings are not scored",
        ]
        for line in expected { #expect(messages.contains(line), "missing: \(line)\nall: \(messages)") }
        #expect(!messages.contains { $0.hasPrefix("ratings.tsv:2:") })
    }

    @Test func loadThrowsAUserFacingErrorWithTheLocation() {
        let broken = Fixtures.lexicons.appendingPathComponent("broken")
        do {
            _ = try SentimentEngine.load(lexiconDirectory: broken)
            Issue.record("expected an error")
        } catch let error as LexiconError {
            #expect(error.location == InputLocation(file: "pl/sentiment.tsv", line: 2))
            #expect(error.exitStatus == .usage)
            #expect(error.description.hasPrefix("pl/sentiment.tsv:2: valence '1,5' uses a decimal comma"))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }
}

@Suite struct LexiconReaderTests {
    @Test func readsFieldsCommentsAndLineNumbers() {
        let text = "\u{FEFF}# term\tvalence\nsuper\t2.0\r\n\n   \n  # indented comment\n dobry \t 1.5 \u{A0}\t# why\nzły\t-2.0\t\t\n=ok\t0.5\tslang, abbr"
        let records = LexiconReader.records(in: text)
        #expect(records == [
            LexiconRecord(line: 2, fields: ["super", "2.0"]),
            LexiconRecord(line: 6, fields: ["dobry", "1.5"]),
            LexiconRecord(line: 7, fields: ["zły", "-2.0"]),
            LexiconRecord(line: 8, fields: ["=ok", "0.5", "slang, abbr"]),
        ])
    }

    @Test func emptyAndCommentOnlyFilesHaveNoRecords() {
        #expect(LexiconReader.records(in: "").isEmpty)
        #expect(LexiconReader.records(in: "# only\n\n").isEmpty)
    }
}
