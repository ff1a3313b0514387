import ArgumentParser
import BrandPulse
import BrandPulseCore
import BrandPulseReports
import Foundation

extension BrandPulseCommand {
    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run",
            abstract: "The main job: collect, score, store, check alerts, write digests and CSV exports.",
            discussion: """
                Writes into the config's output folder:
                  digests/<brand>-<day>.{txt,md,html}   one per brand and configured format
                  exports/mentions-<from>-<to>.csv      the last 28 days of mentions
                  exports/daily-<from>-<to>.csv         the last 28 days of daily loyalty signals
                  run-summary.json                      what the run did
                Example, for cron:
                  brandpulse run --config brandpulse.yaml --date today
                Exit code 3 when some sources failed (everything else still ran).
                """
        )

        @OptionGroup var options: GlobalOptions
        @OptionGroup var collectOptions: CollectOptions

        @Option(help: ArgumentHelp("The day for alerts and digests, in each brand's time zone: YYYY-MM-DD, today, yesterday.", valueName: "day"))
        var date: DayArgument = DayArgument(argument: "today")!

        @Option(help: ArgumentHelp("Output folder (overrides the config's output).", valueName: "dir"))
        var out: String?

        func run() async throws {
            let logger = options.makeLogger()
            var config = try options.loadConfig()
            if let out { config.outputDirectory = URL(fileURLWithPath: out).standardizedFileURL.path }
            let runtime = try options.runtime(config: config, logger: logger)
            try await MainJob(runtime: runtime, collect: try collectOptions.settings, day: .fixed(date)).perform()
        }
    }

    struct Demo: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "demo",
            abstract: "Run the main job on the bundled offline demo (feeds/demo.yaml) into ./brandpulse-demo.",
            discussion: """
                Nine brands in four languages over 30 days of sample feeds (RSS, Atom, JSON Feed, Mastodon \
                JSON), read through file:// URLs, with a negative storm for eMAG on the last day. Digests \
                and alerts are for the newest day in the data.
                  brandpulse demo
                  brandpulse demo --out /tmp/demo
                Open brandpulse-demo/digests/*.html in a browser afterwards.
                """
        )

        @Option(help: ArgumentHelp("Output folder.", valueName: "dir"))
        var out: String = "brandpulse-demo"

        @Option(help: ArgumentHelp("The demo config (default: feeds/demo.yaml next to the program).", valueName: "file"))
        var config: String?

        @Option(help: ArgumentHelp("The lexicons folder.", valueName: "path"))
        var lexicons: String?

        @Flag(name: .shortAndLong, help: "Log more.")
        var verbose = false

        func run() async throws {
            LoggingSetup.bootstrap(level: verbose ? .debug : .warning)
            let lexiconsURL = try LexiconLocator.locate(explicit: lexicons)
            let configPath = config ?? lexiconsURL.deletingLastPathComponent().appendingPathComponent("feeds/demo.yaml").path
            var loaded = try ConfigLoader().load(path: configPath)
            let outDirectory = URL(fileURLWithPath: out).standardizedFileURL.path
            loaded.outputDirectory = outDirectory
            if case .sqlite(let path) = loaded.store {
                loaded.store = .sqlite(outDirectory + "/" + URL(fileURLWithPath: path).lastPathComponent)
            }
            let runtime = try Runtime(config: loaded, lexicons: lexiconsURL, logger: .init(label: "brandpulse"))
            try await MainJob(runtime: runtime, collect: CollectSettings(), day: .latestInData).perform()
            Console.write("\nDemo output in \(outDirectory)/ — open digests/*.html in a browser.\n")
        }
    }
}

/// collect → alerts → digests → exports, shared by `run` and `demo`.
struct MainJob {
    enum DaySelection {
        case fixed(DayArgument)
        /// The newest day with data: the demo's data lies in the past.
        case latestInData
    }

    let runtime: Runtime
    let collect: CollectSettings
    let day: DaySelection

    func perform() async throws {
        let config = runtime.config
        let summary = try await collect.collect(runtime)

        var alertsFailed = false
        do {
            switch day {
            case .fixed(let argument):
                _ = try await AlertRun.perform(runtime, date: argument, brand: nil, explain: false)
            case .latestInData:
                _ = try await AlertRun.perform(runtime, date: nil, brand: nil, explain: false, latestDay: true)
            }
        } catch let exit as ExitCode where exit.rawValue == ExitStatus.partialFailure.rawValue {
            alertsFailed = true
        }

        let output = URL(fileURLWithPath: config.outputDirectory)
        let builder = DigestBuilder(config: config, store: runtime.store)
        var written: [String] = []
        var earliest: String?, latest: String?
        for brand in config.brands {
            let brandDay: String
            switch day {
            case .fixed(let argument): brandDay = argument.resolve(in: brand.timeZone)
            case .latestInData: brandDay = try runtime.latestDay(for: brand)
            }
            earliest = min(earliest ?? brandDay, brandDay)
            latest = max(latest ?? brandDay, brandDay)
            let digest = try builder.build(brand: brand, day: brandDay)
            for name in config.digest.formats {
                guard let format = DigestFormat(rawValue: name) else { continue }
                let path = output.appendingPathComponent("digests/\(Self.slug(brand.name))-\(brandDay).\(format.fileExtension)").path
                try OutputFile.write(format.render(digest), to: path)
                written.append(path)
            }
        }

        if let latest, let earliest {
            let utc = DayCalendar(timeZone: "UTC")
            let from = utc.adding(-27, to: earliest) ?? earliest
            // Trends and dashboards read these instead of every mention.
            try DailyAggregator(config: config, store: runtime.store).store(from: from, to: latest)
            let exporter = Exporter(config: config, store: runtime.store)
            let dialect = CSVLocale.prefersExcel ? CSVDialect.excel : CSVDialect.standard
            let mentionsPath = output.appendingPathComponent("exports/mentions-\(from)-\(latest).csv").path
            try CSVOutput.write(to: mentionsPath, dialect: dialect) {
                try exporter.exportMentions(from: from, to: latest, brand: nil, writer: &$0)
            }
            let dailyPath = output.appendingPathComponent("exports/daily-\(from)-\(latest).csv").path
            try CSVOutput.write(to: dailyPath, dialect: dialect) {
                try exporter.exportDaily(from: from, to: latest, brand: nil, writer: &$0)
            }
            written += [mentionsPath, dailyPath]
        }

        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try OutputFile.write(try encoder.encode(summary), to: output.appendingPathComponent("run-summary.json").path)
        Console.write("wrote \(written.count) files:\n" + written.map { "  \($0)\n" }.joined())
        if summary.sourcesFailed > 0 || alertsFailed { throw ExitCode(ExitStatus.partialFailure.rawValue) }
    }

    /// A file-name-safe form of a brand name; letters of any script are kept ("Сбербанк").
    static func slug(_ name: String) -> String {
        var out = ""
        for ch in name.lowercased() {
            if ch.isLetter || ch.isNumber { out.append(ch) } else if !out.hasSuffix("-") { out.append("-") }
        }
        return out.trimmingCharacters(in: CharacterSet(charactersIn: "-"))
    }
}
