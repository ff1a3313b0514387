import BrandPulseTestSupport
import Foundation
import Testing

/// `brandpulse --help` is what a new user reads first, and scripts call the subcommands by name: the names it
/// lists are the README's, in the README's order. Each command spells its name out (ArgumentParser would
/// otherwise derive it from the type at every start), so a typo there would rename a command.
@Suite struct HelpTests {
    @Test func helpListsTheReadmesCommands() throws {
        let result = try CLIProcess.run(["--help"])
        #expect(result.status == 0, "\(result.stderr)")
        let subcommands = try #require(result.stdout.range(of: "SUBCOMMANDS:"))
        // The section ends at its first blank line; a command's line starts with two spaces and its name, a wrapped
        // abstract with more.
        let section = result.stdout[subcommands.upperBound...].split(separator: "\n", omittingEmptySubsequences: false)
            .dropFirst().prefix { !$0.isEmpty }
        let listed = section.compactMap { line -> String? in
            guard line.hasPrefix("  "), !line.hasPrefix("   ") else { return nil }
            return line.split(separator: " ").first.map(String.init)
        }

        let readme = try String(contentsOf: RepositoryPaths.root().appendingPathComponent("README.md"), encoding: .utf8)
        let table = try #require(readme.range(of: "| command | what it does |"))
        var documented: [String] = []
        for line in readme[table.upperBound...].split(separator: "\n").dropFirst() {
            guard line.hasPrefix("| `") else { break }
            documented.append(String(line.dropFirst(3).prefix { $0 != "`" }))
        }
        #expect(!documented.isEmpty)
        #expect(listed == documented)
    }
}
