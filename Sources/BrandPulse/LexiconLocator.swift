import BrandPulseCore
import Foundation

/// Finds the `lexicons/` folder: an explicit path, `$BRANDPULSE_LEXICONS`, next to the executable
/// (and up from `.build/<config>/`), an installed share folder, or the working directory.
public enum LexiconLocator {
    public static func locate(explicit: String? = nil, executablePath: String = CommandLine.arguments.first ?? "",
                              environment: [String: String] = ProcessInfo.processInfo.environment) throws -> URL {
        // A folder the user named is the one used: a typo must not fall back to the bundled lexicons without a word. It
        // may hold some languages only, as a folder of one's own lexicons being checked does.
        if let explicit { return try named(explicit, by: "--lexicons") }
        if let variable = environment["BRANDPULSE_LEXICONS"], !variable.isEmpty { return try named(variable, by: "BRANDPULSE_LEXICONS") }
        var candidates: [String] = []
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

    static func named(_ path: String, by source: String) throws -> URL {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw BrandPulseError("the lexicons folder \(path) (\(source)) does not exist", hint: "pass the folder that holds en/, pl/, ro/ and ru/",
                                  exitStatus: .usage)
        }
        return URL(fileURLWithPath: path)
    }
}
