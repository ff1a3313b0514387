import BrandPulseCore
import BrandPulseFeeds
import BrandPulseSignals
import Foundation
import Yams

/// Reads the YAML config into typed values. An unknown key or a bad value is an error that names
/// the file, the line and the key path, so a typo never silently falls back to a default.
public struct ConfigLoader: Sendable {
    public init() {}

    public func load(path: String) throws -> Config {
        let absolute = Self.absolute(path, base: FileManager.default.currentDirectoryPath)
        guard let data = FileManager.default.contents(atPath: absolute) else {
            throw ConfigError(file: path, "cannot read the config file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(file: path, "the config file is not UTF-8")
        }
        return try parse(text, file: path, baseDirectory: URL(fileURLWithPath: absolute).deletingLastPathComponent().path)
    }

    public func parse(_ yaml: String, file: String, baseDirectory: String) throws -> Config {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            throw Self.syntaxError(error, file: file)
        }
        guard let root else { throw ConfigError(file: file, line: 1, "the config is empty") }
        let reader = NodeReader(file: file)
        let top = try reader.mapping(root, path: "", allowed: [
            "output", "store", "brands", "sources", "collect", "alerts", "digest", "signals", "lexicons",
        ])

        let output = try top["output"].map { try reader.string($0, path: "output") } ?? "brandpulse-out"
        let outputDirectory = Self.absolute(output, base: baseDirectory)

        var store = StoreConfig.sqlite(Self.absolute("brandpulse.sqlite", base: outputDirectory))
        if let node = top["store"] {
            let fields = try reader.mapping(node, path: "store", allowed: ["sqlite", "postgres"])
            if let sqlite = fields["sqlite"], let postgres = fields["postgres"] {
                _ = postgres
                throw reader.error(sqlite, path: "store", "give either sqlite or postgres, not both")
            }
            if let sqlite = fields["sqlite"] {
                store = .sqlite(Self.absolute(try reader.string(sqlite, path: "store.sqlite"), base: outputDirectory))
            } else if let postgres = fields["postgres"] {
                let url = try reader.string(postgres, path: "store.postgres")
                guard url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") else {
                    throw reader.error(postgres, path: "store.postgres", "expected a postgres:// URL, got \"\(url)\"")
                }
                store = .postgres(url)
            }
        }

        guard let brandsNode = top["brands"] else {
            throw ConfigError(file: file, line: root.mark?.line, key: "brands", "missing: list at least one brand to track")
        }
        let brands = try reader.sequence(brandsNode, path: "brands").enumerated().map { index, node in
            try readBrand(node, path: "brands[\(index)]", reader: reader)
        }
        try validateBrands(brands, node: brandsNode, reader: reader)

        let sources = try (top["sources"].map { try reader.sequence($0, path: "sources") } ?? []).enumerated().map { index, node in
            try readSource(node, path: "sources[\(index)]", reader: reader, baseDirectory: baseDirectory)
        }
        var seenSources = Set<String>()
        if let sourcesNode = top["sources"] {
            let nodes = try reader.sequence(sourcesNode, path: "sources")
            for (index, source) in sources.enumerated() where !seenSources.insert(source.name).inserted {
                throw reader.error(nodes[index], path: "sources[\(index)].name", "duplicate source name \"\(source.name)\"")
            }
        }

        let collect = try top["collect"].map { try readCollect($0, reader: reader) } ?? CollectConfig()
        let alerts = try top["alerts"].map { try readAlerts($0, reader: reader) } ?? AlertConfig()
        let digest = try top["digest"].map { try readDigest($0, reader: reader) } ?? DigestConfig()
        let signals = try top["signals"].map { try readSignals($0, reader: reader) } ?? SignalParameters()
        var lexicons: [Language: [String]] = [:]
        if let node = top["lexicons"] {
            for (key, value) in try reader.mapping(node, path: "lexicons", allowed: Language.scored.map(\.rawValue)) {
                let language = Language(rawValue: key) ?? .und
                lexicons[language] = try reader.strings(value, path: "lexicons.\(key)").map { Self.absolute($0, base: baseDirectory) }
            }
        }

        return Config(
            file: file, outputDirectory: outputDirectory, store: store, brands: brands,
            sources: sources + generatedTagSources(brands: brands, collect: collect, existing: Set(sources.map(\.name))),
            collect: collect, alerts: alerts, digest: digest, signals: signals, lexicons: lexicons
        )
    }

    // MARK: - Sections

    private func readBrand(_ node: Node, path: String, reader: NodeReader) throws -> Brand {
        let fields = try reader.mapping(node, path: path, allowed: [
            "name", "aliases", "hashtags", "exclude", "competitors", "languages", "timezone",
        ])
        guard let nameNode = fields["name"] else { throw reader.error(node, path: path + ".name", "missing: every brand needs a name") }
        let name = try reader.string(nameNode, path: path + ".name")
        guard !name.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw reader.error(nameNode, path: path + ".name", "the brand name is empty")
        }
        let languages = try fields["languages"].map { node in
            try reader.strings(node, path: path + ".languages").map { code -> Language in
                guard let language = Language(rawValue: code.lowercased()), language != .und else {
                    throw reader.error(node, path: path + ".languages", "unknown language \"\(code)\": use en, ro, ru or pl")
                }
                return language
            }
        } ?? []
        var timeZone = "UTC"
        if let zoneNode = fields["timezone"] {
            timeZone = try reader.string(zoneNode, path: path + ".timezone")
            guard TimeZone(identifier: timeZone) != nil else {
                throw reader.error(zoneNode, path: path + ".timezone", "unknown time zone \"\(timeZone)\": use an IANA name such as Europe/Warsaw")
            }
        }
        return Brand(
            name: name,
            aliases: try fields["aliases"].map { try reader.strings($0, path: path + ".aliases") } ?? [],
            hashtags: try fields["hashtags"].map { try reader.strings($0, path: path + ".hashtags") }?
                .map { $0.hasPrefix("#") ? String($0.dropFirst()) : $0 } ?? [],
            exclusions: try fields["exclude"].map { try reader.strings($0, path: path + ".exclude") } ?? [],
            competitors: try fields["competitors"].map { try reader.strings($0, path: path + ".competitors") } ?? [],
            languages: languages,
            timeZone: timeZone
        )
    }

    private func validateBrands(_ brands: [Brand], node: Node, reader: NodeReader) throws {
        let items = try reader.sequence(node, path: "brands")
        var names = Set<String>()
        for (index, brand) in brands.enumerated() {
            guard names.insert(brand.name.lowercased()).inserted else {
                throw reader.error(items[index], path: "brands[\(index)].name", "duplicate brand \"\(brand.name)\"")
            }
        }
        for (index, brand) in brands.enumerated() {
            for competitor in brand.competitors where !names.contains(competitor.lowercased()) {
                throw reader.error(items[index], path: "brands[\(index)].competitors",
                                   "\"\(competitor)\" is not a configured brand: add it under brands so its mentions are counted")
            }
        }
    }

    private func readSource(_ node: Node, path: String, reader: NodeReader, baseDirectory: String) throws -> SourceConfig {
        let fields = try reader.mapping(node, path: path, allowed: ["name", "type", "url", "path", "language", "mapping"])
        let locationNode = fields["url"] ?? fields["path"]
        guard let locationNode else { throw reader.error(node, path: path, "missing: give the source a url or a path") }
        let location = try reader.string(locationNode, path: path + (fields["url"] != nil ? ".url" : ".path"))
        let url = Self.resolveURL(location, base: baseDirectory)
        let name = try fields["name"].map { try reader.string($0, path: path + ".name") } ?? location
        var format = FeedFormat.auto
        if let typeNode = fields["type"] {
            let type = try reader.string(typeNode, path: path + ".type")
            guard let parsed = FeedFormat(rawValue: type.lowercased()) else {
                throw reader.error(typeNode, path: path + ".type",
                                   "unknown source type \"\(type)\": use one of \(FeedFormat.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            format = parsed
        }
        var language: Language?
        if let languageNode = fields["language"] {
            let code = try reader.string(languageNode, path: path + ".language")
            guard let parsed = Language(rawValue: code.lowercased()), parsed != .und else {
                throw reader.error(languageNode, path: path + ".language", "unknown language \"\(code)\": use en, ro, ru or pl")
            }
            language = parsed
        }
        var mapping: JSONFieldMapping?
        if let mappingNode = fields["mapping"] {
            let m = try reader.mapping(mappingNode, path: path + ".mapping", allowed: [
                "items", "id", "title", "text", "author", "date", "url", "likes", "reposts", "comments", "followers",
            ])
            func field(_ key: String) throws -> String? { try m[key].map { try reader.string($0, path: path + ".mapping." + key) } }
            guard let items = try field("items") else {
                throw reader.error(mappingNode, path: path + ".mapping.items", "missing: the path to the list of items, such as data.items")
            }
            mapping = JSONFieldMapping(
                items: items, id: try field("id"), title: try field("title"), text: try field("text"),
                author: try field("author"), date: try field("date"), url: try field("url"), likes: try field("likes"),
                reposts: try field("reposts"), comments: try field("comments"), followers: try field("followers"))
        }
        if format == .json && mapping == nil {
            throw reader.error(node, path: path + ".mapping", "a json source needs a mapping of its fields (items, id, text, …)")
        }
        return SourceConfig(name: name, format: format, url: url, language: language, mapping: mapping)
    }

    private func readCollect(_ node: Node, reader: NodeReader) throws -> CollectConfig {
        let fields = try reader.mapping(node, path: "collect", allowed: [
            "concurrency", "per_host", "timeout", "connect_timeout", "max_bytes", "retries", "mastodon_instances", "tag_feeds",
        ])
        var collect = CollectConfig()
        if let n = fields["concurrency"] { collect.concurrency = try reader.int(n, path: "collect.concurrency", in: 1...512) }
        if let n = fields["per_host"] { collect.perHostLimit = try reader.int(n, path: "collect.per_host", in: 1...64) }
        if let n = fields["timeout"] { collect.timeoutSeconds = try reader.double(n, path: "collect.timeout", in: 0.1...600) }
        if let n = fields["connect_timeout"] { collect.connectTimeoutSeconds = try reader.double(n, path: "collect.connect_timeout", in: 0.1...120) }
        if let n = fields["max_bytes"] { collect.maxResponseBytes = try reader.int(n, path: "collect.max_bytes", in: 1024...(1 << 31)) }
        if let n = fields["retries"] { collect.retries = try reader.int(n, path: "collect.retries", in: 0...10) }
        if let n = fields["mastodon_instances"] {
            collect.mastodonInstances = try reader.strings(n, path: "collect.mastodon_instances")
        }
        if let n = fields["tag_feeds"] {
            collect.tagFeeds = try reader.strings(n, path: "collect.tag_feeds")
            for template in collect.tagFeeds where !template.contains("{tag}") {
                throw reader.error(n, path: "collect.tag_feeds", "\"\(template)\" has no {tag} placeholder")
            }
        }
        return collect
    }

    private func readAlerts(_ node: Node, reader: NodeReader) throws -> AlertConfig {
        let fields = try reader.mapping(node, path: "alerts", allowed: [
            "min_count", "significance", "min_negative_share_rise", "cooldown_hours", "window_days", "sinks",
        ])
        var alerts = AlertConfig()
        if let n = fields["min_count"] { alerts.minimumCount = try reader.int(n, path: "alerts.min_count", in: 1...100_000) }
        if let n = fields["significance"] { alerts.significance = try reader.double(n, path: "alerts.significance", in: 1e-12...0.5) }
        if let n = fields["min_negative_share_rise"] {
            alerts.minimumShareRise = try reader.double(n, path: "alerts.min_negative_share_rise", in: 0...1)
        }
        if let n = fields["cooldown_hours"] { alerts.cooldownHours = try reader.double(n, path: "alerts.cooldown_hours", in: 0...24 * 30) }
        if let n = fields["window_days"] { alerts.windowDays = try reader.int(n, path: "alerts.window_days", in: 7...365) }
        if let n = fields["sinks"] {
            alerts.sinks = try reader.sequence(n, path: "alerts.sinks").enumerated().map { index, sinkNode in
                try readSink(sinkNode, path: "alerts.sinks[\(index)]", reader: reader)
            }
        }
        return alerts
    }

    private func readSink(_ node: Node, path: String, reader: NodeReader) throws -> SinkConfig {
        let fields = try reader.mapping(node, path: path, allowed: [
            "type", "url", "slack", "smtp", "from", "to", "username", "password_env",
        ])
        guard let typeNode = fields["type"] else { throw reader.error(node, path: path + ".type", "missing: stdout, webhook or email") }
        switch try reader.string(typeNode, path: path + ".type") {
        case "stdout":
            return .stdout
        case "webhook":
            guard let urlNode = fields["url"] else { throw reader.error(node, path: path + ".url", "missing: the webhook URL") }
            let slack = try fields["slack"].map { try reader.bool($0, path: path + ".slack") } ?? false
            return .webhook(url: try reader.string(urlNode, path: path + ".url"), slack: slack)
        case "email":
            guard let smtp = fields["smtp"], let from = fields["from"], let to = fields["to"] else {
                throw reader.error(node, path: path, "an email sink needs smtp (smtp://host:port), from and to")
            }
            return .email(
                smtpURL: try reader.string(smtp, path: path + ".smtp"), from: try reader.string(from, path: path + ".from"),
                to: try reader.strings(to, path: path + ".to"),
                username: try fields["username"].map { try reader.string($0, path: path + ".username") },
                passwordEnv: try fields["password_env"].map { try reader.string($0, path: path + ".password_env") })
        case let other:
            throw reader.error(typeNode, path: path + ".type", "unknown sink \"\(other)\": use stdout, webhook or email")
        }
    }

    private func readDigest(_ node: Node, reader: NodeReader) throws -> DigestConfig {
        let fields = try reader.mapping(node, path: "digest", allowed: ["formats", "top_mentions"])
        var digest = DigestConfig()
        if let n = fields["formats"] {
            digest.formats = try reader.strings(n, path: "digest.formats")
            for format in digest.formats where !["text", "md", "html"].contains(format) {
                throw reader.error(n, path: "digest.formats", "unknown format \"\(format)\": use text, md or html")
            }
        }
        if let n = fields["top_mentions"] { digest.topMentions = try reader.int(n, path: "digest.top_mentions", in: 1...50) }
        return digest
    }

    private func readSignals(_ node: Node, reader: NodeReader) throws -> SignalParameters {
        let fields = try reader.mapping(node, path: "signals", allowed: [
            "promoter_threshold", "detractor_threshold", "min_count", "cli_prior",
        ])
        var signals = SignalParameters()
        if let n = fields["promoter_threshold"] { signals.promoterThreshold = try reader.double(n, path: "signals.promoter_threshold", in: 0...1) }
        if let n = fields["detractor_threshold"] { signals.detractorThreshold = try reader.double(n, path: "signals.detractor_threshold", in: -1...0) }
        if let n = fields["min_count"] { signals.minimumCount = try reader.int(n, path: "signals.min_count", in: 1...10_000) }
        if let n = fields["cli_prior"] { signals.cliPrior = try reader.double(n, path: "signals.cli_prior", in: 0...1000) }
        return signals
    }

    /// Mastodon tag timelines and tag feeds for every brand hashtag on every configured instance or site.
    private func generatedTagSources(brands: [Brand], collect: CollectConfig, existing: Set<String>) -> [SourceConfig] {
        var generated: [SourceConfig] = []
        for template in collect.tagFeeds {
            for brand in brands {
                for tag in brand.hashtags {
                    let encoded = tag.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? tag
                    let url = template.replacingOccurrences(of: "{tag}", with: encoded)
                    let name = "tag-feed:\(URL(string: url)?.host ?? template):#\(tag)"
                    guard !existing.contains(name), !generated.contains(where: { $0.name == name }) else { continue }
                    generated.append(SourceConfig(
                        name: name, format: .auto, url: url,
                        language: brand.languages.count == 1 ? brand.languages[0] : nil, isGenerated: true))
                }
            }
        }
        for instance in collect.mastodonInstances {
            let host = instance.hasPrefix("http") ? instance : "https://" + instance
            for brand in brands {
                for tag in brand.hashtags {
                    let name = "mastodon:\(URL(string: host)?.host ?? instance):#\(tag)"
                    guard !existing.contains(name) else { continue }
                    let encoded = tag.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? tag
                    generated.append(SourceConfig(
                        name: name, format: .mastodon, url: "\(host)/api/v1/timelines/tag/\(encoded)?limit=40",
                        language: brand.languages.count == 1 ? brand.languages[0] : nil, isGenerated: true))
                }
            }
        }
        return generated
    }

    // MARK: - Paths

    static func absolute(_ path: String, base: String) -> String {
        if path.hasPrefix("/") { return path }
        if path.hasPrefix("~/") { return NSString(string: path).expandingTildeInPath }
        return URL(fileURLWithPath: base).appendingPathComponent(path).standardizedFileURL.path
    }

    /// http(s):// and file:// stay as they are; a bare path becomes a file:// URL.
    static func resolveURL(_ location: String, base: String) -> String {
        let lower = location.lowercased()
        if lower.hasPrefix("http://") || lower.hasPrefix("https://") || lower.hasPrefix("file://") { return location }
        return URL(fileURLWithPath: absolute(location, base: base)).absoluteString
    }

    static func syntaxError(_ error: YamlError, file: String) -> ConfigError {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _):
            let what = [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
            return ConfigError(file: file, line: mark.line, column: mark.column, "YAML syntax error: \(what)")
        default:
            return ConfigError(file: file, "YAML error: \(error)")
        }
    }
}

/// Typed access to YAML nodes with errors that carry the node's line and the key path.
struct NodeReader {
    let file: String

    func error(_ node: Node, path: String, _ message: String) -> ConfigError {
        ConfigError(file: file, line: node.mark?.line, key: path.isEmpty ? nil : path, message)
    }

    func mapping(_ node: Node, path: String, allowed: [String]) throws -> [String: Node] {
        guard case .mapping(let mapping) = node else {
            throw error(node, path: path, "expected a mapping of keys, got \(describe(node))")
        }
        var result: [String: Node] = [:]
        for (keyNode, value) in mapping {
            guard let key = keyNode.string else { throw error(keyNode, path: path, "keys must be strings") }
            let keyPath = path.isEmpty ? key : path + "." + key
            guard allowed.contains(key) else {
                throw error(keyNode, path: keyPath, "unknown key; expected one of: \(allowed.joined(separator: ", "))")
            }
            guard result.updateValue(value, forKey: key) == nil else {
                throw error(keyNode, path: keyPath, "duplicate key")
            }
        }
        return result
    }

    func sequence(_ node: Node, path: String) throws -> [Node] {
        guard case .sequence(let sequence) = node else { throw error(node, path: path, "expected a list, got \(describe(node))") }
        return Array(sequence)
    }

    func string(_ node: Node, path: String) throws -> String {
        guard case .scalar(let scalar) = node else { throw error(node, path: path, "expected a string, got \(describe(node))") }
        return scalar.string
    }

    func strings(_ node: Node, path: String) throws -> [String] {
        guard case .sequence = node else { throw error(node, path: path, "expected a list of strings, got \(describe(node))") }
        return try sequence(node, path: path).map { item in
            guard case .scalar(let scalar) = item else {
                throw error(item, path: path, "expected a list of strings, got \(describe(item)) in it")
            }
            return scalar.string
        }
    }

    func int(_ node: Node, path: String, in range: ClosedRange<Int>) throws -> Int {
        guard case .scalar = node, let value = node.int else { throw error(node, path: path, "expected a whole number, got \(describe(node))") }
        guard range.contains(value) else {
            throw error(node, path: path, "\(value) is out of range \(range.lowerBound)…\(range.upperBound)")
        }
        return value
    }

    func double(_ node: Node, path: String, in range: ClosedRange<Double>) throws -> Double {
        guard case .scalar = node, let value = node.float else { throw error(node, path: path, "expected a number, got \(describe(node))") }
        guard range.contains(value) else {
            throw error(node, path: path, "\(value) is out of range \(range.lowerBound)…\(range.upperBound)")
        }
        return value
    }

    func bool(_ node: Node, path: String) throws -> Bool {
        guard case .scalar = node, let value = node.bool else { throw error(node, path: path, "expected true or false, got \(describe(node))") }
        return value
    }

    private func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar): return "\"\(scalar.string)\""
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        }
    }
}
