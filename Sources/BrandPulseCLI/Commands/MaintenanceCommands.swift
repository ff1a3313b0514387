import ArgumentParser
import BrandPulse
import BrandPulseCore
import Foundation

extension BrandPulseCommand {
    struct Migrate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "migrate",
            abstract: "Create or upgrade the store's schema.",
            discussion: "  brandpulse migrate --config brandpulse.yaml"
        )

        @OptionGroup var options: GlobalOptions

        func run() async throws {
            _ = options.makeLogger()
            let store = try Runtime.openStore(try options.loadConfig().store)
            try store.migrate()
            Console.write("schema up to date\n")
        }
    }

    struct Prune: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "prune",
            abstract: "Delete mentions older than a given age, to keep a long-running store bounded.",
            discussion: "  brandpulse prune --config brandpulse.yaml --older-than 180d"
        )

        @OptionGroup var options: GlobalOptions

        @Option(help: ArgumentHelp("Age: a number of days, such as 90d.", valueName: "age"))
        var olderThan: String

        func validate() throws {
            guard days != nil else { throw ValidationError("bad --older-than '\(olderThan)': use a number of days such as 90d") }
        }

        var days: Int? {
            let digits = olderThan.hasSuffix("d") ? String(olderThan.dropLast()) : olderThan
            return Int(digits).flatMap { $0 > 0 ? $0 : nil }
        }

        func run() async throws {
            _ = options.makeLogger()
            let store = try Runtime.openStore(try options.loadConfig().store)
            let cutoff = Date().addingTimeInterval(-Double(days ?? 0) * 86_400)
            let removed = try store.prune(olderThan: cutoff)
            Console.write("removed \(removed) mentions older than \(days ?? 0) days\n")
        }
    }
}
