import ArgumentParser
import BrandPulse
import BrandPulseCore
import BrandPulseStore
import Foundation

extension BrandPulseCommand {
    struct Sources: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sources",
            abstract: "List the configured sources with their fetch state: last success, errors, backoff.",
            discussion: """
                  brandpulse sources --config brandpulse.yaml
                  brandpulse sources --config brandpulse.yaml --json
                """
        )

        @OptionGroup var options: GlobalOptions

        @Flag(help: "Print JSON.")
        var json = false

        func run() async throws {
            _ = options.makeLogger()
            let config = try options.loadConfig()
            let states = Dictionary(try Runtime.openStore(config.store).sourceStates().map { ($0.name, $0) }, uniquingKeysWith: { $1 })
            let rows = config.sources.map { source in
                SourceRow(source: source, state: states[source.name])
            }
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                encoder.dateEncodingStrategy = .iso8601
                Console.write(String(decoding: try encoder.encode(rows), as: UTF8.self) + "\n")
                return
            }
            for row in rows {
                Console.write("\(row.name)  [\(row.type)]  \(row.status)\n    \(row.url)\n")
                if let detail = row.detail { Console.write("    \(detail)\n") }
            }
        }
    }
}

struct SourceRow: Encodable {
    var name: String
    var type: String
    var url: String
    var status: String
    var detail: String?
    var state: SourceState?

    init(source: SourceConfig, state: SourceState?) {
        name = source.name
        type = source.format.rawValue
        url = source.url
        self.state = state
        guard let state else {
            status = "never fetched"
            return
        }
        let formatter = ISO8601DateFormatter()
        if state.isFailing {
            status = "failing (\(state.consecutiveFailures)×)"
            var detail = "last error: \(state.lastError ?? "?")"
            if let next = state.nextRetryAt { detail += "; next retry \(formatter.string(from: next))" }
            self.detail = detail
        } else {
            status = "ok"
            if let success = state.lastSuccessAt {
                detail = "last success \(formatter.string(from: success)), \(state.lastEntryCount) entries"
            }
        }
    }
}
