import BrandPulseTestSupport
import Foundation
import Testing

/// `brandpulse lexicons`: the validator for people who edit lexicons without a Swift toolchain.
@Suite struct LexiconsCommandTests {
    let directory = RepositoryPaths.temporaryDirectory("lexicons-command")

    @Test func shippedLexiconsAreClean() throws {
        let result = try CLIProcess.run(["lexicons", "--strict"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains("0 errors, 0 warnings"), "\(result.stderr)")
    }

    @Test func aConfigsUserLexiconIsCheckedLineByLine() throws {
        let user = directory.appendingPathComponent("brand.tsv")
        try Data("świetna obsługa\t2.5\nfatalna infolinia\t-2,5\n".utf8).write(to: user)
        let config = directory.appendingPathComponent("brandpulse.yaml")
        try Data("""
            output: out
            brands:
              - name: Acme
            lexicons:
              pl: [\(user.path)]

            """.utf8).write(to: config)
        let result = try CLIProcess.run(["lexicons", "--config", config.path])
        #expect(result.status == 2)
        #expect(result.stdout.contains("\(user.path):2: error: valence '-2,5' uses a decimal comma; write -2.5"), "\(result.stdout)")
        #expect(result.stderr.contains("1 error, 0 warnings"), "\(result.stderr)")
    }

    @Test func warningsAloneFailOnlyWhenStrict() throws {
        // A folder whose only problem is a stem catching a listed common word.
        let lexicons = directory.appendingPathComponent("lexicons")
        try FileManager.default.copyItem(at: RepositoryPaths.root().appendingPathComponent("lexicons"), to: lexicons)
        let polish = lexicons.appendingPathComponent("pl")
        let sentiment = polish.appendingPathComponent("sentiment.tsv")
        let lines = try String(contentsOf: sentiment, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).count
        try FileHandle(forWritingTo: sentiment).appendingLine("drog*\t-1.0")
        try FileHandle(forWritingTo: polish.appendingPathComponent("common.tsv")).appendingLine("drogą")
        let expected = "pl/sentiment.tsv:\(lines): warning: 'drog*' also catches the common word 'drogą'"

        let lenient = try CLIProcess.run(["lexicons", "--lexicons", lexicons.path])
        #expect(lenient.status == 0, "\(lenient.stderr)")
        #expect(lenient.stdout.contains(expected), "\(lenient.stdout)")
        #expect(lenient.stderr.contains("0 errors, 1 warning"), "\(lenient.stderr)")
        let strict = try CLIProcess.run(["lexicons", "--strict", "--lexicons", lexicons.path])
        #expect(strict.status == 2)
    }

    @Test func aNamedFolderIsTheOneChecked() throws {
        // A folder without en/sentiment.tsv (one's own Polish lexicons, or a typo) fell back to the shipped lexicons,
        // which then reported "0 errors" for files nobody had checked.
        let own = directory.appendingPathComponent("own")
        let polish = own.appendingPathComponent("pl")
        try FileManager.default.createDirectory(at: polish, withIntermediateDirectories: true)
        try Data("fatalna infolinia\t-2,5\n".utf8).write(to: polish.appendingPathComponent("sentiment.tsv"))
        let checked = try CLIProcess.run(["lexicons", "--lexicons", own.path])
        #expect(checked.status == 2, "\(checked.stderr)")
        #expect(checked.stdout.contains("pl/sentiment.tsv:1: error: valence '-2,5' uses a decimal comma"), "\(checked.stdout)")
        let missing = try CLIProcess.run(["score", "--lexicons", directory.appendingPathComponent("nope").path, "ok"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("nope (--lexicons) does not exist"), "\(missing.stderr)")
    }
}

private extension FileHandle {
    func appendingLine(_ line: String) throws {
        defer { try? close() }
        try seekToEnd()
        try write(contentsOf: Data((line + "\n").utf8))
    }
}
