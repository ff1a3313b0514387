import BrandPulseCore
import BrandPulseSentiment
import Dispatch
import Foundation

/// Scores a JSONL stream, one output line per input line, in input order. The lines are split
/// into one contiguous chunk per core and scored in parallel; the engine is an immutable value
/// shared by all of them.
struct ScoreStream: Sendable {
    let engine: SentimentEngine
    let brands: [Brand]
    let hint: Language?
    let explain: Bool
    let format: BrandPulseCommand.Score.OutputFormat

    func run(path: String) throws {
        let bytes: [UInt8]
        if path == "-" {
            bytes = Array(FileHandle.standardInput.readDataToEndOfFile())
        } else {
            guard let contents = FileBytes.read(path) else { throw BrandPulseError.usage("\(path): cannot read the input file") }
            bytes = contents
        }
        var ranges: [Range<Int>] = []
        var start = 0
        for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
            ranges.append(start..<offset)
            start = offset + 1
        }
        if start < bytes.count { ranges.append(start..<bytes.count) }
        let lines = ranges

        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, lines.count / 256 + 1))
        let results = ChunkResults(count: workers)
        let chunk = (lines.count + workers - 1) / max(1, workers)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let range = (worker * chunk)..<min(lines.count, (worker + 1) * chunk)
            results.store(worker, score(lines[range], in: bytes, path: path))
        }
        for worker in 0..<workers {
            switch results.result(worker) {
            case .success(let output): Console.write(output)
            case .failure(let error): throw error
            case nil: break
            }
        }
    }

    private func score(_ lines: ArraySlice<Range<Int>>, in bytes: [UInt8], path: String) -> Result<String, BrandPulseError> {
        var output = ""
        output.reserveCapacity(lines.count * 120)
        for (position, range) in zip(lines.indices, lines) {
            let line = bytes[range]
            guard line.contains(where: { $0 != 0x20 && $0 != 0x0D && $0 != 0x09 }) else { continue }
            let lineNumber = position + 1
            guard let record = JSONLineReader.read(line) ?? Self.slowRead(line) else {
                return .failure(.usage("\(path):\(lineNumber): not a JSON object"))
            }
            guard let text = record.text else {
                return .failure(.usage("\(path):\(lineNumber): missing string field \"text\""))
            }
            let id = record.id ?? String(lineNumber)
            let analysis = engine.analyze(text, languageHint: hint, brands: brands, detail: explain ? .full : .scores)
            if format == .jsonl {
                output += ScoreJSON.line(id: id, analysis, explain: explain)
                output += "\n"
            } else {
                output += "\(id)\t\(analysis.language.rawValue)\t\(analysis.label.rawValue)\t\(ScoreJSON.number(analysis.score))\n"
            }
        }
        return .success(output)
    }

    /// Foundation's parser, for lines the fast reader declines (nested values, unusual spacing).
    private static func slowRead(_ line: ArraySlice<UInt8>) -> JSONLineReader.Record? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] else { return nil }
        return JSONLineReader.Record(id: object["id"].map { "\($0)" }, text: object["text"] as? String)
    }
}

/// Per-worker results, written once by each worker and read after all have finished.
final class ChunkResults: @unchecked Sendable {
    // Invariant: slot i is written only by worker i, under the lock; reads happen after concurrentPerform returns.
    private let lock = NSLock()
    private var slots: [Result<String, BrandPulseError>?]

    init(count: Int) {
        slots = Array(repeating: nil, count: count)
    }

    func store(_ index: Int, _ result: Result<String, BrandPulseError>) {
        lock.lock()
        slots[index] = result
        lock.unlock()
    }

    func result(_ index: Int) -> Result<String, BrandPulseError>? {
        lock.lock()
        defer { lock.unlock() }
        return slots[index]
    }
}

/// The `score --format jsonl` line: a stable contract used by scripts outside the project.
enum ScoreJSON {
    static func line(id: String?, _ a: TextAnalysis, explain: Bool) -> String {
        var out = "{"
        if let id { out += "\"id\":" + quoted(id) + "," }
        out += "\"lang\":\"\(a.language.rawValue)\",\"lang_confidence\":\(number(a.languageConfidence)),"
        out += "\"label\":\"\(a.label.rawValue)\",\"score\":\(number(a.score)),"
        out += "\"intents\":[" + uniqueIntents(a.intents.map(\.intent)).map { "\"\($0.rawValue)\"" }.joined(separator: ",") + "]"
        if !a.brands.isEmpty {
            out += ",\"brands\":[" + a.brands.map { b in
                "{\"name\":\(quoted(b.name)),\"matched\":\(quoted(b.matched)),\"score\":\(number(b.score)),"
                    + "\"label\":\"\(b.label.rawValue)\",\"intents\":["
                    + uniqueIntents(b.intents.map(\.intent)).map { "\"\($0.rawValue)\"" }.joined(separator: ",") + "]}"
            }.joined(separator: ",") + "]"
        }
        if explain, let data = try? explanationEncoder.encode(a.explanation), let json = String(data: data, encoding: .utf8) {
            out += ",\"explanation\":" + json
        }
        return out + "}"
    }

    /// Sorted keys: without them the key order changes from run to run, and two runs' outputs cannot be diffed.
    static var explanationEncoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }

    static func uniqueIntents(_ intents: [Intent]) -> [Intent] {
        var seen = Set<Intent>()
        return intents.filter { seen.insert($0).inserted }
    }

    /// `x` with four decimals, as `String(format: "%.4f")` prints it, without the formatter's cost (it was a
    /// tenth of the `score` command's time). Scores and confidences lie in −1…1; huge values take the formatter.
    static func number(_ x: Double) -> String {
        guard x.isFinite else { return "0" }
        let magnitude = abs(x)
        guard magnitude < 1e12 else { return String(format: "%.4f", x) }
        let scaled = Int((magnitude * 10_000).rounded(.toNearestOrEven))
        let fraction = scaled % 10_000
        var out = x.sign == .minus ? "-" : ""
        out += String(scaled / 10_000)
        out.unicodeScalars.append(".")
        var unit = 1_000
        while unit > 0 {
            out.unicodeScalars.append(Unicode.Scalar(UInt8(0x30 + fraction / unit % 10)))
            unit /= 10
        }
        return out
    }

    static func quoted(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}

/// The human-readable `score "text"` report.
enum ScoreReport {
    static func render(text: String, _ a: TextAnalysis) -> String {
        var out = "text:     \(text)\n"
        out += "language: \(a.language.rawValue) (confidence \(String(format: "%.2f", a.languageConfidence)))\n"
        out += "score:    \(String(format: "%+.3f", a.score)) → \(a.label.rawValue)\n"
        if !a.intents.isEmpty {
            out += "intents:  " + a.intents.map { "\($0.intent.rawValue) (\"\($0.evidence)\")" }.joined(separator: ", ") + "\n"
        }
        for brand in a.brands {
            out += "brand:    \(brand.name) as \"\(brand.matched)\": \(String(format: "%+.3f", brand.score)) → \(brand.label.rawValue)"
            if !brand.intents.isEmpty { out += ", intents " + brand.intents.map(\.intent.rawValue).joined(separator: ", ") }
            out += "\n"
        }
        out += "\nwhy:\n" + a.explanation.rendered() + "\n"
        return out
    }
}
