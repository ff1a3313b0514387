import ArgumentParser
import BrandPulse
import BrandPulseCore
import BrandPulseReports
import Foundation

extension BrandPulseCommand {
    struct Digest: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "digest",
            abstract: "Write a brand's daily digest: loyalty signals, alerts, top mentions, source health.",
            discussion: """
                  brandpulse digest --config brandpulse.yaml --brand Biedronka --date yesterday --format md
                  brandpulse digest --config brandpulse.yaml --brand eMAG --format html --out emag.html
                """
        )

        @OptionGroup var options: GlobalOptions

        @Option(help: "The brand, as named in the config.")
        var brand: String

        @Option(help: ArgumentHelp("The day, in the brand's time zone: YYYY-MM-DD, today or yesterday.", valueName: "day"))
        var date: DayArgument = DayArgument(argument: "today")!

        @Option(help: "text, md or html.")
        var format: DigestFormat = .text

        @Option(help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
        var out: String?

        func run() async throws {
            let logger = options.makeLogger()
            let config = try options.loadConfig()
            guard let brandConfig = config.brand(named: brand) else {
                throw BrandPulseError.usage("unknown brand '\(brand)': the config has \(config.brands.map(\.name).joined(separator: ", "))")
            }
            let store = try Runtime.openStore(config.store)
            _ = logger
            let digest = try DigestBuilder(config: config, store: store).build(brand: brandConfig, day: date.resolve(in: brandConfig.timeZone))
            try OutputFile.write(format.render(digest), to: out)
        }
    }
}

extension DigestFormat: ExpressibleByArgument {}

/// Writes a report to a file (creating folders) or to standard output.
enum OutputFile {
    static func write(_ text: String, to path: String?) throws {
        guard let path else {
            Console.write(text)
            return
        }
        try write(Data(text.utf8), to: path)
    }

    static func write(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url, options: .atomic)
        } catch {
            throw BrandPulseError("\(path): cannot write: \((error as NSError).localizedDescription)", exitStatus: .fatal)
        }
    }
}
