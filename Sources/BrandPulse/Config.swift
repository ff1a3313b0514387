import BrandPulseCore
import BrandPulseFeeds
import BrandPulseSignals
import Foundation

/// The whole configuration of a BrandPulse installation, read from one YAML file.
public struct Config: Sendable {
    /// The config file itself; relative paths resolve against its folder.
    public var file: String
    /// Where digests, CSV exports and the default SQLite file go.
    public var outputDirectory: String
    public var store: StoreConfig
    public var brands: [Brand]
    public var sources: [SourceConfig]
    public var collect: CollectConfig
    public var alerts: AlertConfig
    public var digest: DigestConfig
    public var signals: SignalParameters
    /// User lexicon files that override the built-in entries, per language.
    public var lexicons: [Language: [String]]

    public func brand(named name: String) -> Brand? {
        brands.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }
    }
}

public enum StoreConfig: Sendable, Hashable {
    /// An absolute path.
    case sqlite(String)
    case postgres(String)
}

/// One place where mentions come from.
public struct SourceConfig: Sendable, Hashable {
    public var name: String
    public var format: FeedFormat
    /// Absolute: http(s):// or file://.
    public var url: String
    public var language: Language?
    public var mapping: JSONFieldMapping?
    /// Generated from a brand's hashtags rather than written in the config.
    public var isGenerated: Bool

    public init(name: String, format: FeedFormat, url: String, language: Language? = nil,
                mapping: JSONFieldMapping? = nil, isGenerated: Bool = false) {
        self.name = name
        self.format = format
        self.url = url
        self.language = language
        self.mapping = mapping
        self.isGenerated = isGenerated
    }
}

public struct CollectConfig: Sendable, Hashable {
    public var concurrency: Int = 32
    public var perHostLimit: Int = 4
    public var timeoutSeconds: Double = 30
    public var connectTimeoutSeconds: Double = 10
    public var maxResponseBytes: Int = 32 << 20
    public var retries: Int = 3
    /// Mastodon instances whose tag timelines are polled for every brand hashtag.
    public var mastodonInstances: [String] = []
    /// URL templates with `{tag}` for sites that publish a feed per tag ("https://example.com/tag/{tag}/feed").
    public var tagFeeds: [String] = []

    public init() {}
}

public struct AlertConfig: Sendable, Hashable {
    public var minimumCount: Int = 8
    public var significance: Double = 0.001
    public var minimumShareRise: Double = 0.15
    public var cooldownHours: Double = 24
    public var windowDays: Int = 28
    public var sinks: [SinkConfig] = [.stdout]

    public init() {}
}

public enum SinkConfig: Sendable, Hashable {
    case stdout
    /// `slack: true` sends Slack's `{"text": …}` payload instead of the full JSON.
    case webhook(url: String, slack: Bool)
    case email(smtpURL: String, from: String, to: [String], username: String?, passwordEnv: String?)

    public var name: String {
        switch self {
        case .stdout: return "stdout"
        case .webhook(let url, _): return "webhook:\(url)"
        case .email(_, _, let to, _, _): return "email:\(to.joined(separator: ","))"
        }
    }
}

public struct DigestConfig: Sendable, Hashable {
    public var formats: [String] = ["text", "md", "html"]
    public var topMentions: Int = 5

    public init() {}
}
