import BrandPulseAlerts
import BrandPulseCore
import BrandPulseNet
import BrandPulseSentiment
import BrandPulseStore
import BrandPulseStorePostgres
import BrandPulseStoreSQLite
import Foundation
import Logging

/// The parts a command needs, built from the config: engine, store, transport and alert sinks.
public struct Runtime: Sendable {
    public let config: Config
    public let engine: SentimentEngine
    public let store: any MentionStore
    public let transport: CurlTransport
    public let logger: Logger

    public init(config: Config, lexicons: URL, logger: Logger) throws {
        self.config = config
        self.logger = logger
        engine = try SentimentEngine.load(
            lexiconDirectory: lexicons,
            userLexicons: config.lexicons.mapValues { $0.map { URL(fileURLWithPath: $0) } })
        store = try Self.openStore(config.store)
        transport = CurlTransport(configuration: TransportConfiguration(
            concurrency: config.collect.concurrency, perHostLimit: config.collect.perHostLimit,
            connectTimeout: config.collect.connectTimeoutSeconds, totalTimeout: config.collect.timeoutSeconds,
            maxResponseBytes: config.collect.maxResponseBytes))
    }

    public static func openStore(_ store: StoreConfig) throws -> any MentionStore {
        switch store {
        case .sqlite(let path):
            return try SQLiteMentionStore(path: path)
        case .postgres(let url):
            return try PostgresMentionStore(url: url)
        }
    }

    public var collector: Collector { Collector(config: config, engine: engine, store: store, transport: transport, logger: logger) }

    public func alertSinks(stdout: @escaping @Sendable (String) -> Void) -> [any AlertSink] {
        config.alerts.sinks.map { sink -> any AlertSink in
            switch sink {
            case .stdout:
                return StdoutAlertSink(write: stdout)
            case .webhook(let url, let slack):
                return WebhookAlertSink(url: url, slack: slack, transport: transport)
            case .email(let smtp, let from, let to, let username, let passwordEnv):
                let password = passwordEnv.flatMap { ProcessInfo.processInfo.environment[$0] }
                return EmailAlertSink(smtpURL: smtp, from: from, to: to, username: username, password: password, transport: transport)
            }
        }
    }

    /// The newest day with data for `brand` in its time zone, or its today when the store is empty.
    public func latestDay(for brand: Brand) throws -> String {
        let calendar = DayCalendar(timeZone: brand.timeZone)
        return calendar.day(of: try store.latestMentionDate() ?? Date())
    }
}
