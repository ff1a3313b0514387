import ArgumentParser
import BrandPulse
import BrandPulseCore
import BrandPulseSentiment
import Foundation

extension BrandPulseCommand {
    struct Score: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "score",
            abstract: "Score texts: language, sentiment, loyalty intents and per-brand verdicts.",
            discussion: """
                One text, explained term by term:
                  brandpulse score "Nie polecam, obsługa fatalna"
                  brandpulse score --brand Biedronka --brand Lidl "W Lidlu taniej niż w Biedronce, ale Biedronka bliżej"

                Many texts, as JSONL ({"id": "...", "text": "..."} per line; - reads stdin, and lines from a pipe are \
                scored as they arrive):
                  brandpulse score --input posts.jsonl --format jsonl
                  brandpulse score --input - --format jsonl --brand "Сбербанк=Сбер,Sberbank" < posts.jsonl

                Each output line has id, lang (en|ro|ru|pl|und), lang_confidence, label \
                (positive|neutral|negative), score (−1…1), intents, and with --brand a brands list with \
                name, matched, score, label and intents per brand the text mentions.
                """
        )

        @Argument(help: "A text to score and explain (instead of --input).")
        var text: String?

        @Option(name: .shortAndLong, help: ArgumentHelp("A JSONL file of {\"id\",\"text\"} objects; - for stdin.", valueName: "file"))
        var input: String?

        @Option(help: "Output format: jsonl or text.")
        var format: OutputFormat = .text

        @Option(help: ArgumentHelp("A brand to score separately: NAME or \"NAME=alias1,alias2\". Repeatable.", valueName: "brand"))
        var brand: [String] = []

        @Option(help: ArgumentHelp("Expected language (en, ro, ru, pl): biases identification on short texts.", valueName: "lang"))
        var lang: String?

        @Flag(help: "Add each contributing term with its weight and the effect of negators and modifiers.")
        var explain = false

        @Option(help: ArgumentHelp("The lexicons folder (default: found next to the program, or $BRANDPULSE_LEXICONS).", valueName: "path"))
        var lexicons: String?

        enum OutputFormat: String, ExpressibleByArgument, CaseIterable { case jsonl, text }

        func validate() throws {
            if text == nil && input == nil { throw ValidationError("give a text to score, or --input FILE") }
            if text != nil && input != nil { throw ValidationError("give either a text or --input, not both") }
            if let lang, Language(rawValue: lang) == nil || lang == "und" {
                throw ValidationError("unknown language '\(lang)': use en, ro, ru or pl")
            }
            for spec in brand where BrandSpec.parse(spec) == nil {
                throw ValidationError("bad --brand '\(spec)': use NAME or NAME=alias1,alias2")
            }
        }

        func run() throws {
            let engine = try SentimentEngine.load(lexiconDirectory: try LexiconLocator.locate(explicit: lexicons))
            engine.keepUntilExit()
            let brands = brand.compactMap(BrandSpec.parse)
            let hint = lang.flatMap(Language.init(rawValue:))
            if let text {
                let analysis = engine.analyze(text, languageHint: hint, brands: brands)
                if format == .jsonl {
                    Console.write(ScoreJSON.line(id: nil, analysis, explain: explain) + "\n")
                } else {
                    Console.write(ScoreReport.render(text: text, analysis))
                }
                return
            }
            try ScoreStream(engine: engine, brands: brands, hint: hint, explain: explain, format: format)
                .run(path: input ?? "-")
        }
    }
}

/// `NAME` or `NAME=alias1,alias2` from the command line.
enum BrandSpec {
    static func parse(_ spec: String) -> Brand? {
        let parts = spec.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        guard let name = parts.first, !name.isEmpty else { return nil }
        let aliases = parts.count > 1 ? parts[1].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } : []
        return Brand(name: name, aliases: aliases)
    }
}
