import ArgumentParser
import BrandPulse
import BrandPulseCore
import BrandPulseReports
import Foundation

extension BrandPulseCommand {
    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Export mentions or daily loyalty signals as CSV (streamed, Excel-ready with --excel).",
            discussion: """
                  brandpulse export mentions --config brandpulse.yaml --from 2026-10-01 --to 2026-10-31 --out october.csv
                  brandpulse export daily --config brandpulse.yaml --from 2026-10-01 --to 2026-10-31 --brand eMAG --excel

                RFC 4180, UTF-8. --excel writes a BOM, ';' delimiters, CRLF line ends and decimal commas, \
                which Excel in Polish, Romanian and Russian locales opens correctly; it is the default when \
                LANG is pl, ro or ru. Cells starting with = + - @ are escaped against formula injection.
                """
        )

        enum Kind: String, ExpressibleByArgument, CaseIterable { case mentions, daily }

        @Argument(help: "mentions or daily.")
        var kind: Kind

        @OptionGroup var options: GlobalOptions

        @Option(help: ArgumentHelp("First day, YYYY-MM-DD.", valueName: "day"))
        var from: String

        @Option(help: ArgumentHelp("Last day, YYYY-MM-DD (inclusive).", valueName: "day"))
        var to: String

        @Option(help: "Only this brand.")
        var brand: String?

        @Flag(inversion: .prefixedNo, help: "Excel dialect: BOM, ';', CRLF, decimal comma.")
        var excel: Bool?

        @Option(help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
        var out: String?

        func validate() throws {
            let calendar = DayCalendar(timeZone: "UTC")
            guard let start = calendar.start(of: from) else { throw ValidationError("bad --from '\(from)': use YYYY-MM-DD") }
            guard let end = calendar.start(of: to) else { throw ValidationError("bad --to '\(to)': use YYYY-MM-DD") }
            guard start <= end else { throw ValidationError("--from must not be after --to") }
        }

        func run() async throws {
            _ = options.makeLogger()
            let config = try options.loadConfig()
            if let brand, config.brand(named: brand) == nil {
                throw BrandPulseError.usage("unknown brand '\(brand)'")
            }
            let exporter = Exporter(config: config, store: try Runtime.openStore(config.store))
            let dialect = (excel ?? CSVLocale.prefersExcel) ? CSVDialect.excel : CSVDialect.standard
            try CSVOutput.write(to: out, dialect: dialect) { writer in
                switch kind {
                case .mentions: try exporter.exportMentions(from: from, to: to, brand: brand, writer: &writer)
                case .daily: try exporter.exportDaily(from: from, to: to, brand: brand, writer: &writer)
                }
            }
        }
    }
}

enum CSVLocale {
    /// Excel in these locales expects ';' and decimal commas.
    static var prefersExcel: Bool {
        let environment = ProcessInfo.processInfo.environment
        let locale = (environment["LC_ALL"] ?? environment["LC_NUMERIC"] ?? environment["LANG"] ?? "").lowercased()
        return ["pl", "ro", "ru"].contains(where: { locale.hasPrefix($0) })
    }
}

/// Streams CSV to a file (written to a temporary name, then moved into place) or to stdout.
enum CSVOutput {
    static func write(to path: String?, dialect: CSVDialect, _ body: (inout CSVWriter) throws -> Void) throws {
        guard let path else {
            var writer = CSVWriter(dialect: dialect) { FileHandle.standardOutput.write(Data($0)) }
            try body(&writer)
            return
        }
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).partial")
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
                throw BrandPulseError("\(path): cannot create \(temporary.lastPathComponent) beside it", exitStatus: .fatal)
            }
            let handle = try FileHandle(forWritingTo: temporary)
            defer { try? handle.close() }
            var writer = CSVWriter(dialect: dialect) { try handle.write(contentsOf: Data($0)) }
            try body(&writer)
            try handle.synchronize()
            _ = try? FileManager.default.removeItem(at: url)
            try FileManager.default.moveItem(at: temporary, to: url)
        } catch let error as UserFacingError {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw BrandPulseError("\(path): cannot write the CSV: \((error as NSError).localizedDescription)", exitStatus: .fatal)
        }
    }
}
