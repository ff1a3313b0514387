import Foundation

/// Paths in the repository, resolved from a test file's `#filePath`.
public enum RepositoryPaths {
    /// The repository root: Tests/<Target>/<file>.swift is three levels below it.
    public static func root(from filePath: String = #filePath) -> URL {
        URL(fileURLWithPath: filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// `../shared` beside the repository, when CI or a developer has it.
    public static func shared(from filePath: String = #filePath) -> URL? {
        let url = root(from: filePath).deletingLastPathComponent().appendingPathComponent("shared")
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }

    /// A fresh temporary folder.
    public static func temporaryDirectory(_ prefix: String = "brandpulse-test") -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
