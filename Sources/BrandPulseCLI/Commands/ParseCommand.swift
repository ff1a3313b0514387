import ArgumentParser
import BrandPulse
import BrandPulseCore
import BrandPulseFeeds
import BrandPulseNet
import Foundation

extension BrandPulseCommand {
    struct Parse: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "parse",
            abstract: "Parse one feed (RSS, Atom, RDF, JSON Feed, Mastodon, Reddit, HN) into normalized JSON.",
            discussion: """
                Prints {"feed": {title, link, language}, "items": [{id, title, link, published, updated, \
                author, summary, content, categories}]}: plain text, absolute links, UTC dates.
                  brandpulse parse feeds/pl/forum-zakupy.xml --format json
                  brandpulse parse saved.xml --url https://example.com/feed.xml --format json
                  brandpulse parse https://mastodon.social/api/v1/timelines/tag/biedronka --type mastodon
                """
        )

        @Argument(help: "A feed file, a file:// URL or an http(s):// URL.")
        var source: String

        @Option(help: ArgumentHelp("The address the file was fetched from, so relative links resolve.", valueName: "url"))
        var url: String?

        @Option(help: "Output format (json).")
        var format: String = "json"

        @Option(help: ArgumentHelp("The source type when it cannot be detected: \(FeedFormat.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "type"))
        var type: String = "auto"

        func validate() throws {
            guard format == "json" else { throw ValidationError("unknown format '\(format)': use json") }
            guard FeedFormat(rawValue: type) != nil else { throw ValidationError("unknown type '\(type)'") }
        }

        func run() async throws {
            let lower = source.lowercased()
            var bytes: [UInt8]
            var documentURL = url
            var contentType: String?
            if lower.hasPrefix("http://") || lower.hasPrefix("https://") || lower.hasPrefix("file://") {
                let transport = CurlTransport()
                let response = try await transport.fetch(HTTPRequest(url: source), retry: RetryPolicy())
                bytes = response.body
                documentURL = documentURL ?? response.effectiveURL
                contentType = response.contentType
            } else {
                guard let data = FileBytes.read(source) else { throw BrandPulseError.usage("\(source): cannot read the file") }
                bytes = data
            }
            let parsed = try FeedParser().parse(bytes, format: FeedFormat(rawValue: type) ?? .auto, documentURL: documentURL,
                                                contentType: contentType)
            for diagnostic in parsed.diagnostics { Console.error("warning: \(source): \(diagnostic)") }
            var output = parsed.conformanceJSON()
            output.append(UInt8(ascii: "\n"))
            FileHandle.standardOutput.write(Data(output))
            // Freeing a 10,000-item feed entry by entry costs more than the process exit does.
            Foundation.exit(0)
        }
    }
}

/// Reads a whole file straight into a byte array, without an intermediate `Data` copy.
enum FileBytes {
    static func read(_ path: String) -> [UInt8]? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        guard fseek(file, 0, SEEK_END) == 0 else { return nil }
        let size = ftell(file)
        guard size >= 0, fseek(file, 0, SEEK_SET) == 0 else { return nil }
        var failed = false
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            count = size > 0 ? fread(buffer.baseAddress, 1, size, file) : 0
            failed = count != size
        }
        return failed ? nil : bytes
    }
}
