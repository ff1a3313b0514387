import ArgumentParser
import BrandPulse
import BrandPulseCore
import Foundation

extension BrandPulseCommand {
    struct Collect: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "collect",
            abstract: "Fetch every source, score the new mentions and store them.",
            discussion: """
                Re-running is safe: mentions already stored are skipped, and unchanged feeds cost a 304.
                  brandpulse collect --config brandpulse.yaml
                  brandpulse collect --config team.yaml --shard 0/3 --json
                (the first of three collector machines sharing a PostgreSQL store)
                Exit code 3 when some sources failed (the others are stored).
                """
        )

        @OptionGroup var options: GlobalOptions
        @OptionGroup var collectOptions: CollectOptions

        func run() async throws {
            let logger = options.makeLogger()
            let config = try options.loadConfig()
            let runtime = try options.runtime(config: config, logger: logger)
            let summary = try await collectOptions.collect(runtime)
            if summary.sourcesFailed > 0 { throw ExitCode(ExitStatus.partialFailure.rawValue) }
        }
    }
}

/// Options shared by `collect` and `run`.
struct CollectOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Run only shard I of N of the sources (I from 0), for several collector machines.", valueName: "I/N"))
    var shard: String?

    @Flag(help: "Print the run summary as JSON.")
    var json = false

    @Flag(help: "Fetch sources that are backing off after failures too.")
    var force = false

    func validate() throws { _ = try parsedShard() }

    func parsedShard() throws -> Shard {
        guard let shard else { return Shard(index: 0, count: 1) }
        let parts = shard.split(separator: "/").compactMap { Int($0) }
        guard parts.count == 2, parts[1] >= 1, (0..<parts[1]).contains(parts[0]) else {
            throw ValidationError("bad --shard '\(shard)': use I/N with 0 ≤ I < N, e.g. 0/3")
        }
        return Shard(index: parts[0], count: parts[1])
    }

    var settings: CollectSettings {
        get throws { CollectSettings(shard: try parsedShard(), json: json, force: force) }
    }

    func collect(_ runtime: Runtime) async throws -> RunSummary {
        try await settings.collect(runtime)
    }
}

/// What `collect` and `run` need to know to collect; plain values, so `demo` can make one.
struct CollectSettings {
    var shard = Shard(index: 0, count: 1)
    var json = false
    var force = false

    func collect(_ runtime: Runtime) async throws -> RunSummary {
        let summary = try await runtime.collector.collect(
            shard: shard, ignoreBackoff: force, progress: Console.progress("collecting sources"))
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            Console.write(String(decoding: try encoder.encode(summary), as: UTF8.self) + "\n")
        } else {
            Console.write(summary.text + "\n")
        }
        return summary
    }
}
