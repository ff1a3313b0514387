import BrandPulse
import BrandPulseCore
import BrandPulseTestSupport
import Foundation
import Testing

@Suite struct ConfigLoaderTests {
    let loader = ConfigLoader()

    func parse(_ yaml: String) throws -> Config {
        try loader.parse(yaml, file: "brandpulse.yaml", baseDirectory: "/srv/bp")
    }

    static let valid = """
        output: out
        brands:
          - name: Biedronka
            aliases: [Biedra]
            hashtags: ["#biedronka"]
            exclude: [biedronka w kropki]
            competitors: [Lidl]
            languages: [pl]
            timezone: Europe/Warsaw
          - name: Lidl
        sources:
          - name: forum
            type: rss
            url: feeds/forum.xml
            language: pl
          - name: api
            type: json
            url: https://api.example.com/x
            mapping: {items: data.items, id: id, text: body}
        collect:
          concurrency: 8
          mastodon_instances: [mastodon.social]
          tag_feeds: ["https://blog.example.pl/tag/{tag}/feed/"]
        alerts:
          min_count: 5
          sinks:
            - type: stdout
            - type: webhook
              url: https://hooks.example.com/x
              slack: true
        """

    @Test func readsEverySection() throws {
        let config = try parse(Self.valid)
        #expect(config.outputDirectory == "/srv/bp/out")
        #expect(config.store == .sqlite("/srv/bp/out/brandpulse.sqlite"))
        #expect(config.brands.map(\.name) == ["Biedronka", "Lidl"])
        #expect(config.brands[0].hashtags == ["biedronka"])
        #expect(config.brands[0].timeZone == "Europe/Warsaw")
        #expect(config.brands[1].timeZone == "UTC")
        #expect(config.sources[0].url == "file:///srv/bp/feeds/forum.xml")
        #expect(config.sources[0].language == .pl)
        #expect(config.sources[1].mapping?.items == "data.items")
        #expect(config.collect.concurrency == 8)
        #expect(config.alerts.minimumCount == 5)
        #expect(config.alerts.sinks == [.stdout, .webhook(url: "https://hooks.example.com/x", slack: true)])
        // Tag timelines generated from the brand hashtag.
        #expect(config.sources.contains { $0.url == "https://mastodon.social/api/v1/timelines/tag/biedronka?limit=40" && $0.isGenerated })
        #expect(config.sources.contains { $0.url == "https://blog.example.pl/tag/biedronka/feed/" && $0.format == .auto })
    }

    struct BadCase: Sendable, CustomStringConvertible {
        var yaml: String
        var line: Int
        var key: String
        var fragment: String
        var description: String { key }
    }

    static let badCases: [BadCase] = [
        BadCase(yaml: "brands:\n  - name: A\n    colour: red\n", line: 3, key: "brands[0].colour", fragment: "unknown key"),
        BadCase(yaml: "brands:\n  - name: A\n    timezone: Warsaw\n", line: 3, key: "brands[0].timezone", fragment: "unknown time zone"),
        BadCase(yaml: "brands:\n  - name: A\n    languages: [de]\n", line: 3, key: "brands[0].languages", fragment: "unknown language"),
        BadCase(yaml: "brands:\n  - name: A\n    aliases: 42\n", line: 3, key: "brands[0].aliases", fragment: "\"42\""),
        BadCase(yaml: "brands:\n  - name: A\n    competitors: [B]\n", line: 2, key: "brands[0].competitors", fragment: "not a configured brand"),
        BadCase(yaml: "brands:\n  - name: A\nsources:\n  - url: x.xml\n    type: atomz\n", line: 5, key: "sources[0].type", fragment: "unknown source type"),
        BadCase(yaml: "brands:\n  - name: A\ncollect:\n  concurrency: 0\n", line: 4, key: "collect.concurrency", fragment: "out of range"),
        BadCase(yaml: "brands:\n  - name: A\nalerts:\n  sinks:\n    - type: pager\n", line: 5, key: "alerts.sinks[0].type", fragment: "unknown sink"),
        BadCase(yaml: "brands:\n  - name: A\n  - name: a\n", line: 3, key: "brands[1].name", fragment: "duplicate brand"),
        BadCase(yaml: "brands:\n  - name: A\nstore:\n  postgres: mysql://x\n", line: 4, key: "store.postgres", fragment: "postgres://"),
        BadCase(yaml: "brands:\n  - name: A\ncollect:\n  tag_feeds: [https://x/tag/]\n", line: 4, key: "collect.tag_feeds", fragment: "{tag}"),
    ]

    @Test(arguments: badCases)
    func badValuesNameFileLineAndKey(_ bad: BadCase) throws {
        let error = #expect(throws: ConfigError.self) { try parse(bad.yaml) }
        #expect(error?.location?.file == "brandpulse.yaml")
        #expect(error?.location?.line == bad.line)
        #expect(error?.location?.key == bad.key)
        #expect(error?.message.contains(bad.fragment) == true, "\(error?.message ?? "")")
        #expect(error?.exitStatus == .usage)
        #expect(error?.description.contains("\n") == false)
    }

    @Test func yamlSyntaxErrorHasALine() {
        let error = #expect(throws: ConfigError.self) { try parse("brands:\n  - name: [unclosed\n") }
        #expect(error?.location?.line != nil)
        #expect(error?.message.hasPrefix("YAML syntax error") == true)
    }

    @Test func missingBrandsIsAnError() {
        let error = #expect(throws: ConfigError.self) { try parse("output: x\n") }
        #expect(error?.location?.key == "brands")
    }

    @Test func bundledDemoConfigLoads() throws {
        let path = RepositoryPaths.root().appendingPathComponent("feeds/demo.yaml").path
        let config = try loader.load(path: path)
        #expect(config.brands.count == 9)
        #expect(config.sources.count >= 10)
        #expect(config.sources.allSatisfy { $0.url.hasPrefix("file://") })
    }
}
