import ArgumentParser
import BrandPulse
import BrandPulseCore
import Foundation

extension BrandPulseCommand {
    struct Alerts: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "alerts",
            abstract: "Check each brand for a negative spike and send alerts to the configured sinks.",
            discussion: """
                An alert needs a minimum count, a significant rise over the brand's own baseline, and a \
                rise in the negative share. It is sent once per brand and day; a worsening incident sends \
                an update. For cron:
                  brandpulse alerts --config brandpulse.yaml --exit-code || echo "alert fired"
                """
        )

        @OptionGroup var options: GlobalOptions

        @Option(help: ArgumentHelp("The day to check, in each brand's time zone: YYYY-MM-DD, today or yesterday.", valueName: "day"))
        var date: DayArgument?

        @Option(help: "Check only this brand.")
        var brand: String?

        @Flag(help: "Exit with status 4 when an alert fired (for cron and scripts).")
        var exitCode = false

        @Flag(help: "Print each brand's assessment, even without an alert.")
        var explain = false

        func run() async throws {
            let logger = options.makeLogger()
            let config = try options.loadConfig()
            let runtime = try options.runtime(config: config, logger: logger)
            let fired = try await AlertRun.perform(runtime, date: date, brand: brand, explain: explain)
            if exitCode && fired { throw ExitCode(ExitStatus.alertFired.rawValue) }
        }
    }
}

enum AlertRun {
    /// Returns whether any alert was sent; failed sinks are reported and end the run with status 3.
    static func perform(_ runtime: Runtime, date: DayArgument?, brand: String?, explain: Bool, latestDay: Bool = false) async throws -> Bool {
        var fired = false
        var failures = 0
        for brandConfig in runtime.config.brands where brand.map({ $0.caseInsensitiveCompare(brandConfig.name) == .orderedSame }) ?? true {
            let day = latestDay ? try runtime.latestDay(for: brandConfig) : (date ?? DayArgument(argument: "today")!).resolve(in: brandConfig.timeZone)
            let evaluator = AlertEvaluator(config: runtime.config, store: runtime.store,
                                           sinks: runtime.alertSinks(stdout: { Console.write($0) }), logger: runtime.logger)
            for decision in try await evaluator.evaluate(day: day, brandName: brandConfig.name) {
                if !decision.delivered.isEmpty { fired = true }
                failures += decision.failed.count
                if explain {
                    let a = decision.assessment
                    var line = "\(decision.brand) \(a.day): \(a.negative)/\(a.total) negative, expected \(String(format: "%.1f", a.expected)), "
                    line += "p=\(String(format: "%.2g", a.pValue)): \(a.reason)"
                    if let suppressed = decision.suppressed { line += " (\(suppressed))" }
                    Console.error(line)
                }
            }
        }
        if failures > 0 { throw ExitCode(ExitStatus.partialFailure.rawValue) }
        return fired
    }
}
