import BrandPulseCore
import BrandPulseMatching
import BrandPulseSentiment
import BrandPulseText
import Foundation

/// Lexicon load, scoring and language identification: pure CPU work in this process.
enum ScoringBench {
    /// `lexicon.load_ms`: SentimentEngine.load of the shipped lexicons (four languages, emoji, langid profiles),
    /// compiled from the files; `lexicon.cached_load_ms`: the same from the compiled-lexicon cache.
    static func lexiconLoad(_ context: BenchContext) throws {
        let reps = context.size(7, smoke: 1)
        var times: [Double] = []
        for _ in 0..<reps {
            times.append(try Stopwatch.time { _ = try SentimentEngine.load(lexiconDirectory: context.lexicons, cache: nil) })
        }
        context.results.record("lexicon.load_ms", median(times) * 1000, "ms",
                               note: "median of \(reps) SentimentEngine.load calls compiling the files (no cache); CPU and file reads (page cache)")
        let cacheDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("brandpulse-bench-cache-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: cacheDirectory) }
        let cache = LexiconCache(directory: cacheDirectory)
        _ = try SentimentEngine.load(lexiconDirectory: context.lexicons, cache: cache)
        var cachedTimes: [Double] = []
        for _ in 0..<reps {
            cachedTimes.append(try Stopwatch.time { _ = try SentimentEngine.load(lexiconDirectory: context.lexicons, cache: cache) })
        }
        context.results.record("lexicon.cached_load_ms", median(cachedTimes) * 1000, "ms",
                               note: "median of \(reps) loads from the compiled-lexicon cache (key: hash of every lexicon file; image read and checked)")
        let langid = context.lexicons.appendingPathComponent("langid")
        var langTimes: [Double] = []
        for _ in 0..<reps {
            langTimes.append(try Stopwatch.time { _ = try LanguageIdentifier.load(from: langid) })
        }
        context.results.record("lexicon.langid_load_ms", median(langTimes) * 1000, "ms",
                               note: "median of \(reps) LanguageIdentifier.load calls (part of lexicon.load_ms)")
    }

    /// `score.*`: SentimentEngine.analyze on generated posts, one thread (= per core), best of several passes.
    static func scoring(_ context: BenchContext) throws {
        let engine = try SentimentEngine.load(lexiconDirectory: context.lexicons)
        var generator = PostGenerator(seed: 42)
        let posts = generator.posts(context.size(20_000, smoke: 400))
        let texts = posts.map(\.text)
        let reps = context.size(3, smoke: 1)
        let averageLength = Double(texts.reduce(0) { $0 + $1.count }) / Double(max(1, texts.count))
        var sink = 0.0

        // Warm-up: first-touch page faults and lazily built tables.
        for text in texts.prefix(200) { sink += engine.analyze(text).score }

        let plain = best(reps) { for text in texts { sink += engine.analyze(text).score } }
        context.results.record("score.posts_per_sec_per_core", Double(texts.count) / plain, "posts/s",
                               note: "\(texts.count) posts (en/ro/ru/pl, \(Int(averageLength)) chars average), analyze(_:) without brands, 1 thread, best of \(reps)")

        let scoresOnly = best(reps) { for text in texts { sink += engine.analyze(text, detail: .scores).score } }
        context.results.record("score.scores_only.posts_per_sec_per_core", Double(texts.count) / scoresOnly, "posts/s",
                               note: "analyze(_:detail: .scores): the verdicts without the term list")

        let scratch = AnalysisScratch()
        let streamed = best(reps) { for text in texts { sink += engine.analyze(text, detail: .scores, scratch: scratch).score } }
        context.results.record("score.stream.posts_per_sec_per_core", Double(texts.count) / streamed, "posts/s",
                               note: "analyze(_:detail: .scores, scratch:) with one reused AnalysisScratch, as `brandpulse score` calls it per thread")

        // The same on real posts: the human-labelled dev sets of ../shared (never shipped). Their vocabulary repeats far
        // less than the generated posts' does, so the per-thread memos help less.
        let devTexts = devSetTexts(context)
        if !devTexts.isEmpty {
            let count = context.size(20_000, smoke: 400)
            let texts = (0..<count).map { devTexts[$0 % devTexts.count] }
            let devScratch = AnalysisScratch()
            for text in texts.prefix(200) { sink += engine.analyze(text, detail: .scores, scratch: devScratch).score }
            let t = best(reps) { for text in texts { sink += engine.analyze(text, detail: .scores, scratch: devScratch).score } }
            context.results.record("score.stream.dev_texts.posts_per_sec_per_core", Double(texts.count) / t, "posts/s",
                                   note: "as score.stream, on \(texts.count) texts cycled from the \(devTexts.count) of ../shared/eval/sentiment")
        } else {
            Log.info("score.stream.dev_texts: skipped, ../shared/eval/sentiment not found (pass --shared DIR)")
        }

        for language in PostGenerator.languages {
            let subset = posts.filter { $0.language == language }.map(\.text)
            let t = best(reps) { for text in subset { sink += engine.analyze(text).score } }
            context.results.record("score.\(language.rawValue).posts_per_sec", Double(subset.count) / t, "posts/s")
        }

        // As the collector calls it: brands passed per call (a BrandMatcher is built for each text).
        let brands = PostGenerator.brands
        let withBrands = best(reps) {
            for text in texts { sink += engine.analyze(text, languageHint: nil, brands: brands).score }
        }
        context.results.record("score.with_brands.posts_per_sec_per_core", Double(texts.count) / withBrands, "posts/s",
                               note: "analyze(_:languageHint:brands:) with \(brands.count) brands, as Collector.score calls it")

        let matcher = BrandMatcher(brands: brands)
        let prebuilt = best(reps) {
            for text in texts { sink += engine.analyze(text, languageHint: nil, matcher: matcher).score }
        }
        context.results.record("score.prebuilt_matcher.posts_per_sec_per_core", Double(texts.count) / prebuilt, "posts/s",
                               note: "analyze(_:languageHint:matcher:) with one BrandMatcher built up front")

        // Every core: the engine is an immutable value shared by the threads.
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let allCores = best(reps) {
            let chunk = (texts.count + cores - 1) / cores
            let partial = SumBox(count: cores)
            DispatchQueue.concurrentPerform(iterations: cores) { worker in
                var local = 0.0
                for text in texts[min(texts.count, worker * chunk)..<min(texts.count, (worker + 1) * chunk)] {
                    local += engine.analyze(text).score
                }
                partial.set(worker, local)
            }
            sink += partial.total
        }
        context.results.record("score.posts_per_sec_all_cores", Double(texts.count) / allCores, "posts/s",
                               note: "\(cores) threads sharing one engine")
        if sink.isNaN { Log.info("unexpected NaN score sum") }
    }

    /// The texts of every ../shared/eval/sentiment/*.tsv (fourth column), or none without the shared folder.
    static func devSetTexts(_ context: BenchContext) -> [String] {
        guard let directory = context.shared?.appendingPathComponent("eval/sentiment"),
              let files = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return [] }
        var texts: [String] = []
        for file in files.sorted() where file.hasSuffix(".tsv") {
            guard let content = try? String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8) else { continue }
            for line in content.split(separator: "\n").dropFirst() {
                let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
                if fields.count >= 4 { texts.append(String(fields[3])) }
            }
        }
        return texts
    }

    /// `langid.*`: LanguageIdentifier.identify without a hint on the same generated posts.
    static func languageIdentification(_ context: BenchContext) throws {
        let identifier = try LanguageIdentifier.load(from: context.lexicons.appendingPathComponent("langid"))
        var generator = PostGenerator(seed: 7)
        let posts = generator.posts(context.size(40_000, smoke: 400))
        let reps = context.size(3, smoke: 1)
        var correct = 0
        for post in posts where identifier.identify(post.text).language == post.language { correct += 1 }
        var sink = 0.0
        let t = best(reps) { for post in posts { sink += identifier.identify(post.text).confidence } }
        let bytes = posts.reduce(0) { $0 + $1.text.utf8.count }
        context.results.record("langid.texts_per_sec_per_core", Double(posts.count) / t, "texts/s",
                               note: "\(posts.count) posts, identify(_:hint: nil), 1 thread, best of \(reps)")
        context.results.record("langid.mb_per_sec", Double(bytes) / 1e6 / t, "MB/s")
        context.results.record("langid.agreement", Double(correct) / Double(max(1, posts.count)) * 100, "%",
                               note: "share of generated posts identified as the language they were generated in (sanity check, not an accuracy figure)")
        if sink.isNaN { Log.info("unexpected NaN") }
    }

    static func best(_ reps: Int, _ body: () -> Void) -> Double {
        var fastest = Double.infinity
        for _ in 0..<max(1, reps) { fastest = min(fastest, Stopwatch.time(body)) }
        return fastest
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return .nan }
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }
}

/// Per-thread partial sums of the all-cores pass.
final class SumBox: @unchecked Sendable {
    // Invariant: each worker writes only its own slot, and the total is read after concurrentPerform returns.
    // A raw buffer, not an array property, so concurrent writes to distinct slots are not exclusive accesses.
    private let slots: UnsafeMutablePointer<Double>
    private let count: Int

    init(count: Int) {
        self.count = count
        slots = .allocate(capacity: count)
        slots.initialize(repeating: 0, count: count)
    }

    deinit { slots.deallocate() }

    func set(_ index: Int, _ value: Double) { slots[index] = value }

    var total: Double { (0..<count).reduce(0) { $0 + slots[$1] } }
}
