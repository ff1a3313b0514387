import BrandPulseCore
import Foundation

/// Finds the `lexicons/` folder: an explicit path, `$BRANDPULSE_LEXICONS`, next to the executable
/// (and up from `.build/<config>/`), an installed share folder, or the working directory.
public enum LexiconLocator {
    public static func locate(explicit: String? = nil, executablePath: String = CommandLine.arguments.first ?? "") throws -> URL {
        var candidates: [String] = []
        if let explicit { candidates.append(explicit) }
        if let environment = ProcessInfo.processInfo.environment["BRANDPULSE_LEXICONS"] { candidates.append(environment) }
        var directory = URL(fileURLWithPath: executablePath).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<5 {
            candidates.append(directory.appendingPathComponent("lexicons").path)
            directory.deleteLastPathComponent()
        }
        candidates.append(FileManager.default.currentDirectoryPath + "/lexicons")
        candidates += ["/usr/local/share/brandpulse/lexicons", "/usr/share/brandpulse/lexicons"]
        for candidate in candidates where FileManager.default.fileExists(atPath: candidate + "/en/sentiment.tsv") {
            return URL(fileURLWithPath: candidate)
        }
        throw BrandPulseError(
            "cannot find the lexicons folder", hint: "pass --lexicons PATH or set BRANDPULSE_LEXICONS", exitStatus: .usage)
    }
}
