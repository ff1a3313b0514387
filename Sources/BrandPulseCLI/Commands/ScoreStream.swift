import BrandPulseCore
import BrandPulseSentiment
import Dispatch
import Foundation

/// Scores a JSONL stream, one output line per input line, in input order.
///
/// The input is read in blocks of whole lines (up to `blockBytes`, or whatever a pipe has ready), so memory
/// stays bounded for any input size and a slow producer (`tail -f … | brandpulse score --input -`) gets its
/// scores as its lines arrive. Each block is split into one contiguous chunk per core and scored in parallel;
/// the engine is an immutable value shared by all of them.
struct ScoreStream: Sendable {
    let engine: SentimentEngine
    let brands: [Brand]
    let hint: Language?
    let explain: Bool
    let format: BrandPulseCommand.Score.OutputFormat

    static let blockBytes = 4 << 20
    /// Larger than a pipe's buffer (64 KiB), so a short read means the producer has nothing more for now.
    static let readBytes = 256 << 10

    func run(path: String) throws {
        let descriptor = path == "-" ? STDIN_FILENO : open(path, O_RDONLY)
        guard descriptor >= 0 else { throw BrandPulseError.usage("\(path): cannot read the input file: \(String(cString: strerror(errno)))") }
        defer { if descriptor != STDIN_FILENO { close(descriptor) } }
        var pending: [UInt8] = []
        var linesBefore = 0
        // One scratch per worker for the whole run: its memos stay warm from block to block.
        let scratches = WorkerScratches(count: ProcessInfo.processInfo.activeProcessorCount)
        var buffer = [UInt8](repeating: 0, count: Self.readBytes)
        var atEnd = false
        while !atEnd {
            // Fill a block, or stop early when the producer has nothing more ready.
            while pending.count < Self.blockBytes {
                let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                if count < 0 {
                    if errno == EINTR { continue }
                    throw BrandPulseError.usage("\(path): cannot read the input file: \(String(cString: strerror(errno)))")
                }
                if count == 0 { atEnd = true; break }
                pending.append(contentsOf: buffer[0..<count])
                if count < buffer.count { break }
            }
            // Whole lines only; at the end, the last line may lack its newline.
            let end = atEnd ? pending.count : (pending.lastIndex(of: 0x0A)).map { $0 + 1 } ?? 0
            guard end > 0 else { continue }
            linesBefore = try score(pending[0..<end], linesBefore: linesBefore, path: path, scratches: scratches)
            pending.removeFirst(end)
        }
    }

    /// Scores the lines of one block and writes their output; returns the line count so far. A bad line stops
    /// the run after every line before it has been written.
    private func score(_ block: ArraySlice<UInt8>, linesBefore: Int, path: String, scratches: WorkerScratches) throws -> Int {
        let lines = Self.lineRanges(block)

        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, lines.count / 256 + 1))
        let results = ChunkResults(count: workers)
        let chunk = (lines.count + workers - 1) / max(1, workers)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let range = (worker * chunk)..<min(lines.count, (worker + 1) * chunk)
            results.store(worker, score(lines[range], in: block, linesBefore: linesBefore, path: path, scratch: scratches[worker]))
        }
        for worker in 0..<workers {
            guard let result = results.result(worker) else { continue }
            Console.write(bytes: result.output)
            if let error = result.error { throw error }
        }
        return linesBefore + lines.count
    }

    /// The lines of a block (without their newlines), in the block's indices. The one serial scan over every
    /// byte while the workers wait, so it goes through libc's vectorized memchr.
    static func lineRanges(_ block: ArraySlice<UInt8>) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(block.count / 128 + 1)
        block.withUnsafeBufferPointer { bytes in
            guard let base = bytes.baseAddress else { return }
            var start = 0
            while start < bytes.count, let hit = memchr(base + start, 0x0A, bytes.count - start) {
                let end = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                ranges.append(block.startIndex + start..<block.startIndex + end)
                start = end + 1
            }
            if start < bytes.count { ranges.append(block.startIndex + start..<block.endIndex) }
        }
        return ranges
    }

    private func score(_ lines: ArraySlice<Range<Int>>, in bytes: ArraySlice<UInt8>, linesBefore: Int, path: String,
                       scratch: AnalysisScratch) -> ChunkResult {
        var output: [UInt8] = []
        output.reserveCapacity(lines.count * 120)
        let detail: AnalysisDetail = explain ? .full : .scores
        for (position, range) in zip(lines.indices, lines) {
            let line = bytes[range]
            guard line.contains(where: { $0 != 0x20 && $0 != 0x0D && $0 != 0x09 }) else { continue }
            let lineNumber = linesBefore + position + 1
            guard let record = JSONLineReader.read(line) ?? Self.slowRead(line) else {
                return ChunkResult(output: output, error: .usage("\(path):\(lineNumber): not a JSON object"))
            }
            guard let text = record.text else {
                return ChunkResult(output: output, error: .usage("\(path):\(lineNumber): missing string field \"text\""))
            }
            let id = record.id ?? String(lineNumber)
            let analysis = engine.analyze(text, languageHint: hint, brands: brands, detail: detail, scratch: scratch)
            if format == .jsonl {
                ScoreJSON.append(id: id, analysis, explain: explain, to: &output)
                output.append(0x0A)
            } else {
                output.append(contentsOf: "\(id)\t\(analysis.language.rawValue)\t\(analysis.label.rawValue)\t\(ScoreJSON.number(analysis.score))\n".utf8)
            }
        }
        return ChunkResult(output: output, error: nil)
    }

    /// Foundation's parser, for lines the fast reader declines (nested values, unusual spacing).
    private static func slowRead(_ line: ArraySlice<UInt8>) -> JSONLineReader.Record? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] else { return nil }
        return JSONLineReader.Record(id: object["id"].map { "\($0)" }, text: object["text"] as? String)
    }
}

/// One worker's output, and the error that stopped it (after the lines it had already scored).
struct ChunkResult: Sendable {
    var output: [UInt8]
    var error: BrandPulseError?
}

/// Each worker's scratch, kept for the whole run.
final class WorkerScratches: @unchecked Sendable {
    // Invariant: during a block, worker i alone uses scratch i; blocks are scored one after another.
    private let scratches: [AnalysisScratch]

    init(count: Int) {
        scratches = (0..<max(1, count)).map { _ in AnalysisScratch() }
    }

    subscript(worker: Int) -> AnalysisScratch { scratches[worker % scratches.count] }
}

/// Per-worker results, written once by each worker and read after all have finished.
final class ChunkResults: @unchecked Sendable {
    // Invariant: slot i is written only by worker i, under the lock; reads happen after concurrentPerform returns.
    private let lock = NSLock()
    private var slots: [ChunkResult?]

    init(count: Int) {
        slots = Array(repeating: nil, count: count)
    }

    func store(_ index: Int, _ result: ChunkResult) {
        lock.lock()
        slots[index] = result
        lock.unlock()
    }

    func result(_ index: Int) -> ChunkResult? {
        lock.lock()
        defer { lock.unlock() }
        return slots[index]
    }
}

/// The `score --format jsonl` line: a stable contract used by scripts outside the project. Written as bytes
/// straight into the output buffer: building it from interpolated strings was a tenth of the command's time.
enum ScoreJSON {
    static func line(id: String?, _ a: TextAnalysis, explain: Bool) -> String {
        var out: [UInt8] = []
        append(id: id, a, explain: explain, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    static func append(id: String?, _ a: TextAnalysis, explain: Bool, to out: inout [UInt8]) {
        var object = ObjectWriter(&out)
        if let id { object.string("id", id, &out) }
        object.string("lang", a.language.rawValue, &out)
        object.number("lang_confidence", a.languageConfidence, &out)
        object.string("label", a.label.rawValue, &out)
        object.number("score", a.score, &out)
        object.intents("intents", a.intents, &out)
        if !a.brands.isEmpty {
            object.key("brands", &out)
            out.append(UInt8(ascii: "["))
            for (index, b) in a.brands.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                var brand = ObjectWriter(&out)
                brand.string("name", b.name, &out)
                brand.string("matched", b.matched, &out)
                brand.number("score", b.score, &out)
                brand.string("label", b.label.rawValue, &out)
                brand.intents("intents", b.intents, &out)
                ObjectWriter.close(&out)
            }
            out.append(UInt8(ascii: "]"))
        }
        if explain, let data = try? explanationEncoder.encode(a.explanation) {
            object.key("explanation", &out)
            out.append(contentsOf: data)
        }
        ObjectWriter.close(&out)
    }

    /// Writes one JSON object's fields, in order, into the caller's bytes (passed along, so never copied).
    struct ObjectWriter {
        private var first = true

        init(_ out: inout [UInt8]) {
            out.append(UInt8(ascii: "{"))
        }

        static func close(_ out: inout [UInt8]) {
            out.append(UInt8(ascii: "}"))
        }

        /// `name` is one of ours: plain ASCII that needs no escaping.
        mutating func key(_ name: StaticString, _ out: inout [UInt8]) {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            out.append(UInt8(ascii: "\""))
            name.withUTF8Buffer { out.append(contentsOf: $0) }
            out.append(UInt8(ascii: "\""))
            out.append(UInt8(ascii: ":"))
        }

        mutating func string(_ name: StaticString, _ value: String, _ out: inout [UInt8]) {
            key(name, &out)
            ScoreJSON.quoted(value, &out)
        }

        mutating func number(_ name: StaticString, _ value: Double, _ out: inout [UInt8]) {
            key(name, &out)
            ScoreJSON.number(value, &out)
        }

        /// Each intent once, in the order found.
        mutating func intents(_ name: StaticString, _ matches: [IntentMatch], _ out: inout [UInt8]) {
            key(name, &out)
            out.append(UInt8(ascii: "["))
            var written = 0
            for (index, match) in matches.enumerated() where !matches[..<index].contains(where: { $0.intent == match.intent }) {
                if written > 0 { out.append(UInt8(ascii: ",")) }
                ScoreJSON.quoted(match.intent.rawValue, &out)
                written += 1
            }
            out.append(UInt8(ascii: "]"))
        }
    }

    /// Sorted keys: without them the key order changes from run to run, and two runs' outputs cannot be diffed.
    static var explanationEncoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }

    /// `x` with four decimals, as `String(format: "%.4f")` prints it, without the formatter's cost. Scores and
    /// confidences lie in −1…1; huge values take the formatter.
    static func number(_ x: Double) -> String {
        var out: [UInt8] = []
        number(x, &out)
        return String(decoding: out, as: UTF8.self)
    }

    static func number(_ x: Double, _ out: inout [UInt8]) {
        guard x.isFinite else { out.append(UInt8(ascii: "0")); return }
        let magnitude = abs(x)
        guard magnitude < 1e12 else { out.append(contentsOf: String(format: "%.4f", x).utf8); return }
        let scaled = Int((magnitude * 10_000).rounded(.toNearestOrEven))
        let fraction = scaled % 10_000
        if x.sign == .minus { out.append(UInt8(ascii: "-")) }
        let whole = scaled / 10_000
        if whole < 10 { out.append(UInt8(0x30 + whole)) } else { out.append(contentsOf: String(whole).utf8) }
        out.append(UInt8(ascii: "."))
        var unit = 1_000
        while unit > 0 {
            out.append(UInt8(0x30 + fraction / unit % 10))
            unit /= 10
        }
    }

    static let hexDigits = Array("0123456789abcdef".utf8)

    static func quoted(_ s: String, _ out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in s.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [0x5C, 0x22])
            case UInt8(ascii: "\\"): out.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0..<0x20:
                out.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0xF)]])
            default:
                out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
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
