import BrandPulseCore
import BrandPulseFeeds
import Foundation
import Testing

/// A test document under `Fixtures/<kind>/<behaviour>.<ext>`, found from this file's path.
struct Fixture: CustomTestStringConvertible, Sendable {
    /// `kind/behaviour.ext`
    let name: String

    static let directory: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures")

    var url: URL { Fixture.directory.appendingPathComponent(name) }
    var bytes: [UInt8] { (try? [UInt8](Data(contentsOf: url))) ?? [] }
    var goldenURL: URL { url.deletingPathExtension().appendingPathExtension("expected.json") }
    var testDescription: String { name }

    init(_ name: String) { self.name = name }

    /// Every fixture of the given kinds (all kinds when empty), sorted, excluding golden files.
    static func all(_ kinds: [String] = []) -> [Fixture] {
        let fm = FileManager.default
        guard let walker = fm.enumerator(at: directory, includingPropertiesForKeys: nil) else { return [] }
        var found: [Fixture] = []
        for case let file as URL in walker {
            let ext = file.pathExtension
            guard ext == "xml" || ext == "json", !file.lastPathComponent.hasSuffix(".expected.json") else { continue }
            let relative = String(file.path.dropFirst(directory.path.count + 1))
            let kind = relative.split(separator: "/").first.map(String.init) ?? ""
            if kinds.isEmpty || kinds.contains(kind) { found.append(Fixture(relative)) }
        }
        return found.sorted { $0.name < $1.name }
    }

    /// Parse options some fixtures need: the URL they were "fetched" from, a JSON mapping.
    var documentURL: String? {
        name == "xml_base/rss_relative_links_document_url.xml" ? "https://news.example/feeds/rss.xml" : nil
    }

    var mapping: JSONFieldMapping? {
        guard name.hasPrefix("json/") else { return nil }
        return JSONFieldMapping(items: "data.items", id: "uid", title: "headline", text: "body.text", author: "user.name",
                                date: "ts", url: "link", likes: "stats.likes", reposts: "stats.shares",
                                comments: "stats.replies", followers: "user.followers")
    }

    func parse(_ parser: FeedParser = FeedParser()) throws(FeedError) -> ParsedFeed {
        try parser.parse(bytes, documentURL: documentURL, mapping: mapping)
    }

    /// The first line(s) of the fixture, which say what it tests.
    var statedPurpose: String? {
        let raw = Array(bytes.prefix(1200))
        let head: String
        if raw.starts(with: [0xFF, 0xFE]) {
            let units = stride(from: 2, to: raw.count - 1, by: 2).map { UInt16(raw[$0]) | UInt16(raw[$0 + 1]) << 8 }
            head = String(decoding: units, as: UTF16.self)
        } else {
            head = String(decoding: raw, as: UTF8.self)
        }
        guard let range = head.range(of: "Tests:") else { return nil }
        return String(head[range.lowerBound...].prefix { $0 != "\n" })
    }
}
