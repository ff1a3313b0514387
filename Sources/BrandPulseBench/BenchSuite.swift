import Foundation

/// `brandpulse-bench`: the performance figures of BrandPulse, one line each (see BENCHMARKS.md).
@main
enum BenchSuite {
    /// Group names, in running order; --only takes these or figure-name prefixes.
    static let groups = ["lexicon", "score", "langid", "parse", "fetch", "ingest", "pg-ingest", "aggregate", "export", "e2e"]

    static func main() async {
        let options: BenchOptions
        do {
            options = try BenchOptions.parse(Array(CommandLine.arguments.dropFirst()))
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            exit(2)
        }
        let results = BenchResults(smoke: options.smoke)
        let context: BenchContext
        do {
            context = try BenchContext.make(options, results: results)
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            exit(2)
        }
        let startedAt = Date()
        let start = Stopwatch.now()
        Log.info("brandpulse-bench \(options.smoke ? "smoke" : "full") run; work folder \(context.work.path)")
        Log.info("machine: \(MachineInfo.environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))")

        for group in groups where options.selects(group) {
            let groupStart = Stopwatch.now()
            do {
                switch group {
                case "lexicon": try ScoringBench.lexiconLoad(context)
                case "score": try ScoringBench.scoring(context)
                case "langid": try ScoringBench.languageIdentification(context)
                case "parse": try ParseBench.run(context)
                case "fetch": try await FetchBench.run(context)
                case "ingest": try StoreBench.ingest(context)
                case "pg-ingest": try StoreBench.postgresIngest(context)
                case "aggregate": try StoreBench.aggregate(context)
                case "export": try StoreBench.export(context)
                case "e2e": try EndToEndBench.run(context)
                default: break
                }
            } catch {
                results.fail(group, error)
            }
            Log.info("\(group) done in \(Figure.format(Stopwatch.seconds(since: groupStart))) s")
        }

        let seconds = Stopwatch.seconds(since: start)
        let jsonPath = options.jsonPath ?? FileManager.default.currentDirectoryPath
            + "/.build/bench/results\(options.smoke ? "-smoke" : "").json"
        do {
            try results.writeJSON(to: jsonPath, environment: MachineInfo.environment, startedAt: startedAt, seconds: seconds)
            Log.info("wrote \(jsonPath)")
        } catch {
            results.fail("json", error)
        }
        let failedBars = results.figures.filter { $0.pass == false }.map(\.name)
        Log.info("\(results.figures.count) figures in \(Figure.format(seconds)) s; "
                 + (options.smoke ? "bars not asserted (smoke)" : "bars failed: \(failedBars.isEmpty ? "none" : failedBars.joined(separator: ", "))"))
        if !results.errors.isEmpty {
            Log.info("errors: \(results.errors.keys.sorted().joined(separator: ", "))")
            exit(1)
        }
    }
}
