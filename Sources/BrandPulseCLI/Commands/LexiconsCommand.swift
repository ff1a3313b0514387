import ArgumentParser
import BrandPulse
import BrandPulseCore
import BrandPulseSentiment
import Foundation

extension BrandPulseCommand {
    /// The validator the test suite runs, for linguists and brand teams who edit lexicons without a Swift toolchain.
    struct Lexicons: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "lexicons",
            abstract: "Check the lexicons and your own lexicon files; list every problem as file:line.",
            discussion: """
                Errors stop the lexicons from loading. Warnings load but are probably mistakes: duplicates, \
                stems that are too short, stems, lemmas or negators that catch a common word \
                (<lang>/common.tsv), terms whose valence a negator or contrast word overrides.

                  brandpulse lexicons
                  brandpulse lexicons --config brandpulse.yaml   also your own lexicon files
                  brandpulse lexicons --strict                   exit 2 on warnings too

                Exit codes: 0 clean (or warnings only), 2 errors (or warnings with --strict).
                """
        )

        @Option(name: .shortAndLong, help: "A YAML config whose `lexicons:` files are checked too.")
        var config: String?

        @Option(help: ArgumentHelp("The lexicons folder (default: found next to the program, or $BRANDPULSE_LEXICONS).", valueName: "path"))
        var lexicons: String?

        @Flag(help: "Treat warnings as errors.")
        var strict = false

        func run() throws {
            let directory = try LexiconLocator.locate(explicit: lexicons)
            var userLexicons: [Language: [URL]] = [:]
            if let config {
                userLexicons = try ConfigLoader().load(path: config).lexicons.mapValues { $0.map { URL(fileURLWithPath: $0) } }
            }
            let issues = LexiconCompiler.validate(directory: directory, userLexicons: userLexicons)
            for issue in issues { Console.write("\(issue.file):\(issue.line): \(issue.severity.rawValue): \(issue.message)\n") }
            let errors = issues.filter { $0.severity == .error }.count
            let warnings = issues.count - errors
            Console.error("\(directory.path): \(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")")
            if errors > 0 || (strict && warnings > 0) { throw ExitCode(ExitStatus.usage.rawValue) }
        }
    }
}
