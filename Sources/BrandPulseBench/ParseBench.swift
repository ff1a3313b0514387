import BrandPulseFeeds
import Foundation

/// Feed parsing: in-process FeedParser throughput, and the real `brandpulse parse` process beside
/// `xmllint --stream --noout` (libxml2's streaming floor) and `python3 -m json.tool` on the same files.
enum ParseBench {
    static func run(_ context: BenchContext) throws {
        guard let genFeeds = context.genFeeds else {
            Log.info("parse: skipped, tools/perf/gen_feeds.py not found (pass --shared DIR)")
            return
        }
        let items = context.size(10_000, smoke: 200)
        let reps = context.size(7, smoke: 1)
        let directory = context.work.appendingPathComponent("feeds-\(items)")
        let files: [(kind: String, path: String)] = [
            ("rss", directory.appendingPathComponent("feed-rss2-\(items).xml").path),
            ("atom", directory.appendingPathComponent("feed-atom-\(items).xml").path),
            ("json", directory.appendingPathComponent("feed-\(items).json").path),
        ]
        if !files.allSatisfy({ FileManager.default.fileExists(atPath: $0.path) }) {
            let outcome = try ChildProcess.run(["python3", genFeeds, "--items", "\(items)", "--seed", "1", "--out", directory.path])
            guard outcome.succeeded else { throw ChildProcessError(description: "gen_feeds.py failed: \(outcome.stderrTail)") }
        }

        let xmllint = ChildProcess.which("xmllint")
        if xmllint == nil { Log.info("parse: xmllint not found (apt-get install libxml2-utils); its ratios are skipped") }
        if let brandpulse = context.brandpulse {
            let tiny = directory.appendingPathComponent("tiny.xml").path
            try Data("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title><item><title>x</title></item></channel></rss>\n".utf8)
                .write(to: URL(fileURLWithPath: tiny))
            let startup = try ChildProcess.fastest([brandpulse, "parse", tiny, "--format", "json"], reps: reps,
                                                   environment: context.childEnvironment)
            context.results.record("parse.process_startup_ms", startup.seconds * 1000, "ms",
                                   note: "brandpulse parse on a one-item feed: the fixed cost inside every process figure")
        } else {
            Log.info("parse: brandpulse binary not found (pass --brandpulse PATH); process figures are skipped")
        }

        for (kind, path) in files {
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
            let parser = FeedParser()
            var entries = 0
            var fastest = Double.infinity
            for _ in 0..<reps {
                let t = try Stopwatch.time { entries = try parser.parse(bytes).entries.count }
                fastest = min(fastest, t)
            }
            if entries != items { Log.info("parse.\(kind): \(entries) entries parsed of \(items)") }
            context.results.record("parse.\(kind).items_per_sec", Double(entries) / fastest, "items/s",
                                   note: "in-process FeedParser.parse, \(items) items, \(String(format: "%.1f", Double(bytes.count) / 1e6)) MB, best of \(reps)")
            context.results.record("parse.\(kind).mb_per_sec", Double(bytes.count) / 1e6 / fastest, "MB/s")

            guard let brandpulse = context.brandpulse else { continue }
            // Project and peers run in turn within each repetition, so a load change on a shared machine
            // hits both sides of a ratio alike; the fastest run of each is kept.
            let peerFile = kind == "json" ? files[0].path : path
            var project: ChildOutcome?, stream: ChildOutcome?, tool: ChildOutcome?
            func faster(_ a: ChildOutcome?, _ b: ChildOutcome) -> ChildOutcome { a.map { $0.seconds <= b.seconds ? $0 : b } ?? b }
            for _ in 0..<reps {
                project = faster(project, try ChildProcess.fastest([brandpulse, "parse", path, "--format", "json"], reps: 1,
                                                                   environment: context.childEnvironment))
                if let xmllint { stream = faster(stream, try ChildProcess.fastest([xmllint, "--stream", "--noout", peerFile], reps: 1)) }
                if kind == "json" { tool = faster(tool, try ChildProcess.fastest(["python3", "-m", "json.tool", path], reps: 1)) }
            }
            guard let project else { continue }
            context.results.record("parse.\(kind).process_ms", project.seconds * 1000, "ms",
                                   note: "`brandpulse parse FILE --format json` > /dev/null, best of \(reps); peak RSS \(Int(project.maxRSSMegabytes)) MB")
            if kind == "json", let tool {
                context.results.record("parse.json.json_tool_ms", tool.seconds * 1000, "ms")
                context.results.record("parse.json.vs_json_tool", project.seconds / tool.seconds, "x",
                                       bar: Bar(comparison: .atMost, limit: 3),
                                       note: "brandpulse parse time / python3 -m json.tool time on the same file")
            }
            if let stream {
                // For JSON the xmllint run is libxml2's streaming pass over the RSS file of the same items.
                context.results.record("parse.\(kind).xmllint_stream_ms", stream.seconds * 1000, "ms",
                                       note: kind == "json" ? "xmllint --stream on the RSS file with the same items" : nil)
                context.results.record("parse.\(kind).vs_xmllint", project.seconds / stream.seconds, "x",
                                       bar: kind == "json" ? nil : Bar(comparison: .atMost, limit: 3),
                                       note: "brandpulse parse time / xmllint --stream --noout time")
            }
        }
    }
}
