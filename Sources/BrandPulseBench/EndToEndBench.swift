import BrandPulseCore
import Foundation

/// `brandpulse run` over a generated config: 200 local feed files (RSS, Atom and JSON Feed in turn)
/// holding 100,000 mentions of the tracked brands, into a fresh output folder.
enum EndToEndBench {
    static func run(_ context: BenchContext) throws {
        guard let brandpulse = context.brandpulse else {
            Log.info("e2e: brandpulse binary not found; skipped")
            return
        }
        let sources = context.size(200, smoke: 4)
        let perSource = context.size(500, smoke: 25)
        let folder = context.work.appendingPathComponent("e2e-\(sources)x\(perSource)")
        let feeds = folder.appendingPathComponent("feeds")
        let output = folder.appendingPathComponent("out")
        try? FileManager.default.removeItem(at: output)
        try FileManager.default.createDirectory(at: feeds, withIntermediateDirectories: true)
        let config = folder.appendingPathComponent("brandpulse.yaml")
        var yaml = "output: \(output.path)\nbrands:\n"
        for brand in PostGenerator.brands {
            yaml += "  - name: \(brand.name)\n    competitors: [\(brand.competitors.joined(separator: ", "))]\n"
            yaml += "    languages: [\(brand.languages.map(\.rawValue).joined(separator: ", "))]\n    timezone: UTC\n"
        }
        yaml += "sources:\n"
        let formats = ["rss", "atom", "jsonfeed"]
        for index in 0..<sources {
            let format = formats[index % formats.count]
            let file = feeds.appendingPathComponent("source-\(index).\(format == "jsonfeed" ? "json" : "xml")")
            if !FileManager.default.fileExists(atPath: file.path) {
                try FeedWriter.write(format: format, source: index, items: perSource, to: file)
            }
            yaml += "  - name: source-\(index)\n    type: \(format)\n    path: \(file.path)\n"
        }
        yaml += "alerts:\n  sinks:\n    - type: stdout\n"
        try yaml.write(to: config, atomically: true, encoding: .utf8)

        let outcome = try ChildProcess.run([brandpulse, "run", "--config", config.path, "--date", StoreBench.lastDay, "--quiet"],
                                           environment: context.childEnvironment)
        // Exit 3 means some sources (or alert sinks) failed but everything else ran.
        guard outcome.status == 0 || outcome.status == 3 else {
            throw ChildProcessError(description: "brandpulse run exited \(outcome.status): \(outcome.stderrTail)")
        }
        var inserted = 0
        if let data = FileManager.default.contents(atPath: output.appendingPathComponent("run-summary.json").path),
           let summary = try? JSONSerialization.jsonObject(with: data) as? [String: Any] {
            inserted = summary["mentionsInserted"] as? Int ?? 0
            let failed = summary["sourcesFailed"] as? Int ?? 0
            if failed > 0 { Log.info("e2e: \(failed) sources failed") }
        }
        let total = sources * perSource
        if inserted != total { Log.info("e2e: \(inserted) mentions stored of \(total) generated") }
        context.results.record("e2e.seconds", outcome.seconds, "s",
                               note: "`brandpulse run` over \(sources) local feeds, \(total) posts: collect, score, store, alerts, digests, exports; exit \(outcome.status)")
        context.results.record("e2e.cpu_seconds", outcome.userSeconds + outcome.systemSeconds, "s",
                               note: "user + system CPU of the run process: steadier than wall time on a busy machine")
        context.results.record("e2e.mentions_per_sec", Double(inserted) / outcome.seconds, "mentions/s",
                               note: "\(inserted) mentions stored; CPU time \(Figure.format(outcome.userSeconds + outcome.systemSeconds)) s")
        context.results.record("e2e.peak_rss_mb", outcome.maxRSSMegabytes, "MB", bar: Bar(comparison: .lessThan, limit: 500),
                               note: "VmHWM of the run process, polled from /proc (ru_maxrss after posix_spawn inherits the parent's peak)")
    }
}

/// Writes one generated feed in RSS 2.0, Atom 1.0 or JSON Feed 1.1; every item names a tracked brand.
enum FeedWriter {
    static func write(format: String, source: Int, items: Int, to url: URL) throws {
        var posts = PostGenerator(seed: UInt64(1_000 + source))
        let end = Calendar.utc.date(from: DateComponents(year: 2026, month: 10, day: 31)) ?? Date()
        let rfc822 = DateFormatter()
        rfc822.locale = Locale(identifier: "en_US_POSIX")
        rfc822.timeZone = TimeZone(identifier: "UTC")
        rfc822.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        let iso = ISO8601DateFormatter()
        var out = ""
        switch format {
        case "rss": out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>source \(source)</title><link>https://social.example/\(source)</link>\n"
        case "atom": out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>source \(source)</title><id>urn:bench:\(source)</id><updated>2026-10-30T23:00:00Z</updated>\n"
        default: out = "{\"version\": \"https://jsonfeed.org/version/1.1\", \"title\": \"source \(source)\", \"items\": [\n"
        }
        for item in 0..<items {
            let post = posts.next()
            let date = end.addingTimeInterval(-Double(posts.int(1..<(27 * 86_400))))
            let link = "https://social.example/\(source)/p/\(item)"
            let author = "user\(posts.int(0..<5_000))"
            switch format {
            case "rss":
                out += "<item><guid>\(link)</guid><link>\(link)</link><author>\(author)</author><pubDate>\(rfc822.string(from: date))</pubDate><description>\(xml(post.text))</description></item>\n"
            case "atom":
                out += "<entry><id>\(link)</id><link href=\"\(link)\"/><author><name>\(author)</name></author><updated>\(iso.string(from: date))</updated><content type=\"text\">\(xml(post.text))</content></entry>\n"
            default:
                let text = String(decoding: try JSONEncoder().encode(post.text), as: UTF8.self)
                out += (item > 0 ? ",\n" : "") + "{\"id\": \"\(link)\", \"url\": \"\(link)\", \"authors\": [{\"name\": \"\(author)\"}], \"date_published\": \"\(iso.string(from: date))\", \"content_text\": \(text)}"
            }
        }
        switch format {
        case "rss": out += "</channel></rss>\n"
        case "atom": out += "</feed>\n"
        default: out += "\n]}\n"
        }
        try out.write(to: url, atomically: true, encoding: .utf8)
    }

    static func xml(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
