import BrandPulse
import Foundation

/// Command line of `brandpulse-bench`.
struct BenchOptions {
    var smoke = false
    var jsonPath: String?
    var only: [String] = []
    var brandpulse: String?
    var shared: String?
    var work: String?
    var lexicons: String?

    static let usage = """
        usage: brandpulse-bench [--smoke] [--json FILE] [--only NAME…] [--brandpulse PATH] [--shared DIR]
                                [--work DIR] [--lexicons DIR]

        Prints one line per figure, `name value unit`; bars and progress go to stderr as `# …` lines.
          --smoke          every figure at a tiny size (seconds in total); bars are not asserted
          --json FILE      also write every figure as JSON (default .build/bench/results[-smoke].json)
          --only NAME…     only these groups (or figure-name prefixes): \(BenchSuite.groups.joined(separator: ", "))
          --brandpulse P   the brandpulse binary for the process figures (default: next to this program)
          --shared DIR     the shared folder with tools/perf/gen_feeds.py (default: ../shared, found upwards)
          --work DIR       scratch folder for generated feeds, stores and configs (default .build/bench-work)
          --lexicons DIR   the lexicons folder (default: found like brandpulse finds it)
        """

    static func parse(_ arguments: [String]) throws -> BenchOptions {
        var options = BenchOptions()
        var index = 0
        func value(_ flag: String) throws -> String {
            index += 1
            guard index < arguments.count else { throw ChildProcessError(description: "\(flag) needs a value") }
            return arguments[index]
        }
        while index < arguments.count {
            let argument = arguments[index]
            switch argument {
            case "--smoke": options.smoke = true
            case "--json": options.jsonPath = try value(argument)
            case "--brandpulse": options.brandpulse = try value(argument)
            case "--shared": options.shared = try value(argument)
            case "--work": options.work = try value(argument)
            case "--lexicons": options.lexicons = try value(argument)
            case "--only":
                while index + 1 < arguments.count, !arguments[index + 1].hasPrefix("--") {
                    index += 1
                    options.only += arguments[index].split(separator: ",").map(String.init)
                }
                if options.only.isEmpty { throw ChildProcessError(description: "--only needs at least one name") }
            case "-h", "--help":
                print(usage)
                exit(0)
            default:
                throw ChildProcessError(description: "unknown argument \(argument)\n\(usage)")
            }
            index += 1
        }
        return options
    }

    /// True when `group` is selected by --only (a group name, or a prefix of a figure name in it).
    func selects(_ group: String) -> Bool {
        only.isEmpty || only.contains { $0 == group || $0.hasPrefix(group + ".") || group.hasPrefix($0) }
    }
}

/// Paths and sizes every figure shares.
struct BenchContext: Sendable {
    var smoke: Bool
    var lexicons: URL
    /// The brandpulse executable, or nil when it was not found (process figures are skipped).
    var brandpulse: String?
    /// tools/perf/gen_feeds.py, or nil.
    var genFeeds: String?
    var work: URL

    /// The shared folder (../shared), found beside tools/perf/gen_feeds.py, or nil.
    var shared: URL? {
        genFeeds.map { URL(fileURLWithPath: $0).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent() }
    }
    var results: BenchResults

    /// Picks the smoke or full size.
    func size(_ full: Int, smoke tiny: Int) -> Int { smoke ? tiny : full }

    static func make(_ options: BenchOptions, results: BenchResults) throws -> BenchContext {
        let fm = FileManager.default
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var brandpulse = options.brandpulse
        if brandpulse == nil {
            let sibling = executable.deletingLastPathComponent().appendingPathComponent("brandpulse").path
            if fm.isExecutableFile(atPath: sibling) { brandpulse = sibling }
        }
        var genFeeds: String?
        var candidates: [String] = []
        if let shared = options.shared { candidates.append(shared) }
        var directory = URL(fileURLWithPath: fm.currentDirectoryPath)
        for _ in 0..<4 {
            candidates.append(directory.appendingPathComponent("shared").path)
            candidates.append(directory.appendingPathComponent("../shared").standardizedFileURL.path)
            directory.deleteLastPathComponent()
        }
        for candidate in candidates where fm.fileExists(atPath: candidate + "/tools/perf/gen_feeds.py") {
            genFeeds = candidate + "/tools/perf/gen_feeds.py"
            break
        }
        let work = URL(fileURLWithPath: options.work ?? fm.currentDirectoryPath + "/.build/bench-work").standardizedFileURL
        try fm.createDirectory(at: work, withIntermediateDirectories: true)
        let lexicons = try LexiconLocator.locate(explicit: options.lexicons)
        return BenchContext(smoke: options.smoke, lexicons: lexicons, brandpulse: brandpulse, genFeeds: genFeeds,
                            work: work, results: results)
    }

    /// Environment for brandpulse child processes: they find the same lexicons.
    var childEnvironment: [String: String] { ["BRANDPULSE_LEXICONS": lexicons.path, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"] }
}

/// The machine the figures were taken on.
enum MachineInfo {
    static var cpuModel: String {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return "unknown" }
        for line in text.split(separator: "\n") where line.hasPrefix("model name") {
            return line.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? "unknown"
        }
        return "unknown"
    }

    static var environment: [String: String] {
        [
            "nproc": "\(ProcessInfo.processInfo.activeProcessorCount)",
            "cpu": cpuModel,
            "os": ProcessInfo.processInfo.operatingSystemVersionString,
            "memory_gib": String(format: "%.1f", Double(ProcessInfo.processInfo.physicalMemory) / 1_073_741_824),
        ]
    }
}
