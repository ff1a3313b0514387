import BrandPulseCore
import BrandPulseFeeds
import BrandPulseMatching
import BrandPulseNet
import BrandPulseSentiment
import BrandPulseStore
import Foundation
import Logging

/// A subset of the sources for one of several collector processes: source `s` belongs to shard
/// `index` of `count` when a stable hash of its name modulo `count` equals `index`.
public struct Shard: Sendable, Hashable {
    public var index: Int
    public var count: Int

    public init(index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    public func contains(_ sourceName: String) -> Bool {
        count <= 1 || Int(StableHash.fnv1a(sourceName) % UInt64(count)) == index
    }
}

enum StableHash {
    static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }
}

/// One source's result: entries scored and ready to store, or the reason it failed. Never thrown,
/// so one broken feed cannot cancel the others.
struct SourceOutcome: Sendable {
    var source: SourceConfig
    var state: SourceState
    var mentions: [ScoredMention]
    var entries: Int
    var withoutBrand: Int
    var warnings: [String]
    var error: String?
    var notModified: Bool
    var backingOff: Bool
}

/// Fetches, parses, scores and stores every source, a bounded number at a time.
public struct Collector: Sendable {
    public let config: Config
    public let engine: SentimentEngine
    public let store: any MentionStore
    public let transport: CurlTransport
    public var logger: Logger
    public var now: @Sendable () -> Date
    /// Per-thread working memory for scoring: a feed's entries are scored with one borrowed scratch.
    let scratches = ScratchPool()

    public init(config: Config, engine: SentimentEngine, store: any MentionStore, transport: CurlTransport,
                logger: Logger, now: @escaping @Sendable () -> Date = Date.init) {
        self.config = config
        self.engine = engine
        self.store = store
        self.transport = transport
        self.logger = logger
        self.now = now
    }

    /// Runs every source in `shard`. Only a store failure throws; source failures are in the summary.
    public func collect(shard: Shard = Shard(index: 0, count: 1), ignoreBackoff: Bool = false,
                        progress: (@Sendable (Int, Int) -> Void)? = nil) async throws -> RunSummary {
        let started = Date()
        let store = self.store
        let storeQueue = BlockingExecutor(label: "brandpulse.store")
        let states = Dictionary(try await storeQueue.run { try store.sourceStates() }.map { ($0.name, $0) }, uniquingKeysWith: { $1 })
        let sources = config.sources.filter { shard.contains($0.name) }
        var summary = RunSummary()
        let limit = max(1, config.collect.concurrency)
        var storeError: Error?

        await withTaskGroup(of: SourceOutcome.self) { group in
            var iterator = sources.makeIterator()
            func addNext() {
                guard let source = iterator.next() else { return }
                let state = states[source.name] ?? SourceState(name: source.name, url: source.url)
                group.addTask { await self.run(source, state: state, ignoreBackoff: ignoreBackoff) }
            }
            for _ in 0..<limit { addNext() }
            var done = 0
            for await outcome in group {
                done += 1
                progress?(done, sources.count)
                if storeError == nil {
                    do {
                        try await record(outcome, into: &summary, storeQueue: storeQueue)
                    } catch {
                        storeError = error
                        group.cancelAll()
                    }
                }
                addNext()
            }
        }
        if let storeError { throw storeError }
        summary.seconds = Date().timeIntervalSince(started)
        return summary
    }

    private func record(_ outcome: SourceOutcome, into summary: inout RunSummary, storeQueue: BlockingExecutor) async throws {
        let store = self.store
        var report = RunSummary.SourceReport(
            name: outcome.source.name, status: "ok", entries: outcome.entries, inserted: 0, duplicates: 0,
            error: outcome.error, warnings: outcome.warnings)
        if outcome.backingOff {
            summary.sourcesBackingOff += 1
            report.status = "backing-off"
        } else if let error = outcome.error {
            summary.sourcesFailed += 1
            report.status = "failed"
            logger.warning("\(outcome.source.name): \(error)")
            let state = outcome.state
            try await storeQueue.run { try store.saveSourceState(state) }
        } else {
            // One transaction per source: its mentions and its new fetch state land together or not at all.
            let mentions = outcome.mentions, state = outcome.state
            let result = try await storeQueue.run { try store.ingest(mentions, sourceState: state) }
            report.inserted = result.inserted
            report.duplicates = result.duplicates
            summary.mentionsInserted += result.inserted
            summary.duplicatesSkipped += result.duplicates
            if outcome.notModified {
                summary.sourcesNotModified += 1
                report.status = "not-modified"
            } else {
                summary.sourcesOK += 1
            }
            for warning in outcome.warnings { logger.info("\(outcome.source.name): \(warning)") }
        }
        summary.entriesSeen += outcome.entries
        summary.entriesWithoutBrand += outcome.withoutBrand
        summary.sources.append(report)
    }

    private func run(_ source: SourceConfig, state previous: SourceState, ignoreBackoff: Bool) async -> SourceOutcome {
        let started = now()
        var state = previous
        state.url = source.url
        var outcome = SourceOutcome(source: source, state: state, mentions: [], entries: 0, withoutBrand: 0,
                                    warnings: [], error: nil, notModified: false, backingOff: false)
        if !ignoreBackoff, let next = previous.nextRetryAt, next > started {
            outcome.backingOff = true
            return outcome
        }
        state.lastAttemptAt = started
        // A changed URL invalidates the cache validators of the old one.
        let sameURL = previous.url == source.url
        let request = HTTPRequest(url: source.url, etag: sameURL ? previous.etag : nil,
                                  lastModified: sameURL ? previous.lastModified : nil)
        let retry = RetryPolicy(maxAttempts: max(1, config.collect.retries + 1))
        do {
            let response = try await transport.fetch(request, retry: retry)
            state.lastStatus = response.status
            if response.isNotModified {
                outcome.notModified = true
                state.lastEntryCount = 0
            } else {
                let parsed = try FeedParser().parse(
                    response.body, format: source.format, documentURL: response.effectiveURL,
                    contentType: response.contentType, mapping: source.mapping)
                outcome.warnings = parsed.diagnostics
                outcome.entries = parsed.entries.count
                state.lastEntryCount = parsed.entries.count
                state.etag = response.etag
                state.lastModified = response.lastModified
                scratches.withScratch { scratch in
                    for entry in parsed.entries {
                        if let scored = score(entry, from: source, fetchedAt: started, scratch: scratch) {
                            outcome.mentions.append(scored)
                        } else {
                            outcome.withoutBrand += 1
                        }
                    }
                }
            }
            state.lastSuccessAt = started
            state.lastError = nil
            state.consecutiveFailures = 0
            state.nextRetryAt = nil
        } catch let error as TransportError {
            fail(&state, message: error.message, status: error.status, retryAfter: error.retryAfter, at: started)
        } catch let error as FeedError {
            fail(&state, message: error.description, status: state.lastStatus, retryAfter: nil, at: started)
        } catch {
            fail(&state, message: "\(error)", status: nil, retryAfter: nil, at: started)
        }
        outcome.error = state.lastError
        outcome.state = state
        return outcome
    }

    private func fail(_ state: inout SourceState, message: String, status: Int?, retryAfter: Double?, at time: Date) {
        state.lastError = message
        state.lastStatus = status
        state.consecutiveFailures += 1
        // Back off between runs too: 5 min, 10, 20 … capped at 6 h, or what the server asked for.
        let backoff = retryAfter ?? min(6 * 3600, 300 * pow(2, Double(state.consecutiveFailures - 1)))
        state.nextRetryAt = time.addingTimeInterval(backoff)
    }

    /// Turns a feed entry into a stored, scored mention, or nil when it names no tracked brand.
    func score(_ entry: FeedEntry, from source: SourceConfig, fetchedAt: Date, scratch: AnalysisScratch? = nil) -> ScoredMention? {
        let text = MentionText.compose(entry)
        guard !text.isEmpty else { return nil }
        let hint = entry.language.flatMap { Language(rawValue: String($0.prefix(2)).lowercased()) } ?? source.language
        let analysis = engine.analyze(text, languageHint: hint, brands: config.brands, scratch: scratch)
        guard !analysis.brands.isEmpty else { return nil }

        let normalizedLink = entry.link.map(LinkNormalizer.normalize)
        let entryKey = entry.id ?? normalizedLink ?? "text:\(StableHash.fnv1a(text))"
        let dedupKey = normalizedLink.map { "link:" + $0 } ?? "entry:\(source.name):\(entryKey)"
        let nearDuplicate = NearDuplicateKey(text)
        // Short texts ("Polecam!") are said independently by many people; only longer ones are reposts.
        let textKey = nearDuplicate.normalized.count >= 32 ? String(nearDuplicate.hash, radix: 16) : nil

        let mention = StoredMention(
            source: source.name, entryKey: entryKey, dedupKey: dedupKey, textKey: textKey, url: entry.link,
            title: entry.title, text: text, author: entry.author, language: analysis.language,
            publishedAt: entry.published ?? entry.updated ?? fetchedAt, fetchedAt: fetchedAt,
            metrics: entry.metrics ?? EngagementMetrics(),
            hashtags: Self.hashtags(analysis.hashtags + entry.categories)
        )
        let evidence = Self.evidence(of: analysis)
        let verdicts = analysis.brands.map { brand in
            BrandVerdict(
                brand: brand.name, matched: brand.matched, score: brand.score, label: brand.label,
                intents: Array(Set(brand.intents.map(\.intent))).sorted(),
                evidence: evidence + brand.intents.map { $0.evidence.lowercased() }.filter { !evidence.contains($0) })
        }
        return ScoredMention(mention: mention, verdicts: verdicts)
    }

    /// The words behind a verdict, for alerts and rising terms: scored terms that moved it (the phrases of the
    /// intents are added per brand). A bare negator that only counted as a mild complaint ("nu", "nie") says
    /// nothing to a brand team, so it is left out.
    static func evidence(of analysis: TextAnalysis) -> [String] {
        var evidence: [String] = []
        for term in analysis.explanation.terms where abs(term.finalValence) >= 0.5 && !term.effects.contains(.unattachedNegation) {
            let word = term.surface.lowercased()
            if !evidence.contains(word) { evidence.append(word) }
        }
        return evidence
    }
}

extension Collector {
    /// Lower-cased, without "#", each once: a feed's categories and the text's hashtags are one list.
    static func hashtags(_ tags: [String]) -> [String] {
        var seen = Set<String>()
        return tags.map { tag in
            var t = Substring(tag.lowercased())
            while t.first == "#" { t = t.dropFirst() }
            return String(t)
        }.filter { !$0.isEmpty && !$0.contains(" ") && seen.insert($0).inserted }
    }
}

/// The text of a mention as scored and shown: the title, then the body when it adds anything.
enum MentionText {
    static func compose(_ entry: FeedEntry) -> String {
        let body = entry.content ?? entry.summary ?? ""
        let title = entry.title ?? ""
        if title.isEmpty { return body }
        if body.isEmpty || body.hasPrefix(title) { return body.isEmpty ? title : body }
        // Mastodon and tweets bridged to RSS repeat the body as the title, cut short with an ellipsis.
        let stem = title.hasSuffix("…") || title.hasSuffix("...") ? String(title.prefix(max(0, title.count - 3))) : title
        if body.hasPrefix(stem) { return body }
        let separator = title.last.map { ".!?".contains($0) } ?? false ? " " : ". "
        return title + separator + body
    }
}
