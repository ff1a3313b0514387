import Foundation

/// Byte-for-byte comparison with a test target's `Golden/` folder, so a BOM, a `;` or a CRLF counts.
/// `BRANDPULSE_RECORD_GOLDEN=1` re-records the files instead. Returns why it differs, or nil.
public enum GoldenFile {
    public static func mismatch(_ actual: String, file: String, sourceFile: String = #filePath) throws -> String? {
        let url = URL(fileURLWithPath: sourceFile).deletingLastPathComponent().appendingPathComponent("Golden/\(file)")
        if ProcessInfo.processInfo.environment["BRANDPULSE_RECORD_GOLDEN"] == "1" {
            try Data(actual.utf8).write(to: url)
            return nil
        }
        guard let expected = FileManager.default.contents(atPath: url.path) else {
            return "missing golden file \(file); run with BRANDPULSE_RECORD_GOLDEN=1"
        }
        return Data(actual.utf8) == expected ? nil : "differs from Golden/\(file); re-record with BRANDPULSE_RECORD_GOLDEN=1 if intended"
    }
}
