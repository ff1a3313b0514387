import ArgumentParser
import BrandPulse
import BrandPulseCore
import Foundation
import Logging

/// The `brandpulse` command.
struct BrandPulseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "brandpulse",
        abstract: "Social-media sentiment and brand-loyalty monitor for Polish, Romanian, Russian and English.",
        discussion: """
            BrandPulse collects mentions of your brands from feeds and hashtag timelines, scores them \
            (sentiment and loyalty intents, per brand), stores them, alerts on negative spikes, and writes \
            daily digests and CSV exports.

            Start here:
              brandpulse demo
                  the bundled offline demo, written into ./brandpulse-demo
              brandpulse run --config brandpulse.yaml
                  the daily job: collect, score, store, alert, digest, export
              brandpulse score "Nie polecam, obsługa fatalna"
                  one text's score, explained term by term

            Exit codes: 0 ok · 1 fatal (store failure, full disk) · 2 usage or config error · \
            3 finished but some sources failed · 4 an alert fired (alerts --exit-code).
            """,
        version: "0.1.0",
        subcommands: [
            Run.self, Demo.self, Collect.self, Score.self, Parse.self, Digest.self, Alerts.self, Export.self,
            Sources.self, Lexicons.self, Migrate.self, Prune.self,
        ]
    )
}

/// Options every command that reads a config shares.
struct GlobalOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: "The YAML config file.")
    var config: String = "brandpulse.yaml"

    @Option(help: ArgumentHelp("The lexicons folder (default: found next to the program, or $BRANDPULSE_LEXICONS).", valueName: "path"))
    var lexicons: String?

    @Flag(name: .shortAndLong, help: "Log more, including the causes of errors.")
    var verbose = false

    @Flag(name: .shortAndLong, help: "Log only errors.")
    var quiet = false

    func makeLogger() -> Logger {
        LoggingSetup.bootstrap(level: verbose ? .debug : quiet ? .error : .warning)
        return Logger(label: "brandpulse")
    }

    func loadConfig() throws -> Config {
        try ConfigLoader().load(path: config)
    }

    func runtime(config: Config, logger: Logger) throws -> Runtime {
        try Runtime(config: config, lexicons: try LexiconLocator.locate(explicit: lexicons), logger: logger)
    }
}

enum LoggingSetup {
    static func bootstrap(level: Logger.Level) {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
}

/// Writes to standard error; used for progress and one-line errors.
enum Console {
    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }

    /// A one-line progress display, only when a person is watching.
    static func progress(_ label: String) -> (@Sendable (Int, Int) -> Void)? {
        guard stderrIsTerminal else { return nil }
        return { done, total in
            let line = "\r\(label) \(done)/\(total)" + (done == total ? "\n" : "")
            FileHandle.standardError.write(Data(line.utf8))
        }
    }

    static func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    static func write(bytes: [UInt8]) {
        FileHandle.standardOutput.write(Data(bytes))
    }
}

/// `today`, `yesterday` or `YYYY-MM-DD`, resolved in a brand's time zone.
struct DayArgument: ExpressibleByArgument, Sendable {
    var text: String

    init?(argument: String) {
        let lower = argument.lowercased()
        if lower == "today" || lower == "yesterday" {
            text = lower
            return
        }
        guard DayCalendar(timeZone: "UTC").start(of: argument) != nil else { return nil }
        text = argument
    }

    func resolve(in timeZone: String, now: Date = Date()) -> String {
        let calendar = DayCalendar(timeZone: timeZone)
        switch text {
        case "today": return calendar.day(of: now)
        case "yesterday": return calendar.adding(-1, to: calendar.day(of: now)) ?? calendar.day(of: now)
        default: return text
        }
    }
}

extension BrandPulseError {
    static func usage(_ message: String, hint: String? = nil) -> BrandPulseError {
        BrandPulseError(message, hint: hint, exitStatus: .usage)
    }
}
