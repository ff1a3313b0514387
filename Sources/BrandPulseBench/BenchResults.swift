import Foundation

/// A threshold from the issues that a figure must meet in a full run.
struct Bar: Sendable, Codable {
    enum Comparison: String, Sendable, Codable { case lessThan = "<", atMost = "<=", atLeast = ">=" }
    var comparison: Comparison
    var limit: Double

    func holds(_ value: Double) -> Bool {
        switch comparison {
        case .lessThan: return value < limit
        case .atMost: return value <= limit
        case .atLeast: return value >= limit
        }
    }

    var text: String { "\(comparison.rawValue) \(Figure.format(limit))" }
}

/// One measured number: `name value unit`, optionally with the bar it is held to.
struct Figure: Sendable, Codable {
    var name: String
    var value: Double
    var unit: String
    var bar: Bar?
    /// nil in smoke runs (sizes too small for the bar to mean anything) and without a bar.
    var pass: Bool?
    /// How the figure was taken (sizes, repetitions, what bounds it).
    var note: String?

    static func format(_ value: Double) -> String {
        if value.isNaN || value.isInfinite { return "\(value)" }
        let magnitude = abs(value)
        if magnitude >= 1000 { return String(format: "%.0f", value) }
        if magnitude >= 100 { return String(format: "%.1f", value) }
        if magnitude >= 1 { return String(format: "%.2f", value) }
        return String(format: "%.3f", value)
    }
}

/// Collects the figures of a run, prints each as it comes and writes them all as JSON at the end.
final class BenchResults: @unchecked Sendable {
    // Invariant: used from one task at a time (the figures run one after another), guarded by `lock` anyway.
    private let lock = NSLock()
    private(set) var figures: [Figure] = []
    private(set) var errors: [String: String] = [:]
    let smoke: Bool

    init(smoke: Bool) {
        self.smoke = smoke
    }

    func record(_ name: String, _ value: Double, _ unit: String, bar: Bar? = nil, note: String? = nil) {
        var figure = Figure(name: name, value: value, unit: unit, bar: bar, pass: nil, note: note)
        if let bar, !smoke { figure.pass = bar.holds(value) }
        lock.lock()
        figures.append(figure)
        lock.unlock()
        print("\(name) \(Figure.format(value)) \(unit)")
        fflush(nil)
        if let bar {
            let verdict = smoke ? "not asserted (smoke)" : (figure.pass == true ? "PASS" : "FAIL")
            Log.info("bar \(name) \(bar.text) \(unit): \(verdict)")
        }
    }

    func fail(_ group: String, _ error: Error) {
        lock.lock()
        errors[group] = "\(error)"
        lock.unlock()
        Log.info("error in \(group): \(error)")
    }

    func writeJSON(to path: String, environment: [String: String], startedAt: Date, seconds: Double) throws {
        struct Document: Codable {
            var date: String
            var seconds: Double
            var smoke: Bool
            var environment: [String: String]
            var figures: [Figure]
            var errors: [String: String]
        }
        let formatter = ISO8601DateFormatter()
        let document = Document(date: formatter.string(from: startedAt), seconds: seconds, smoke: smoke,
                                environment: environment, figures: figures, errors: errors)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try encoder.encode(document).write(to: url)
    }
}

/// Progress and bar verdicts go to stderr so that stdout holds only `name value unit` lines.
enum Log {
    static func info(_ message: String) {
        FileHandle.standardError.write(Data("# \(message)\n".utf8))
    }
}

/// Wall-clock timing with the monotonic clock.
enum Stopwatch {
    static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

    static func seconds(since start: UInt64) -> Double { Double(now() - start) / 1e9 }

    static func time(_ body: () throws -> Void) rethrows -> Double {
        let start = now()
        try body()
        return seconds(since: start)
    }

    static func time(_ body: () async throws -> Void) async rethrows -> Double {
        let start = now()
        try await body()
        return seconds(since: start)
    }
}
