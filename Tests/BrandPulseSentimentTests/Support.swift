import BrandPulseSentiment
import Foundation

enum Fixtures {
    /// Tests/BrandPulseSentimentTests/Fixtures
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static let lexicons = directory.appendingPathComponent("lexicons")
    /// The repository root is three levels up from this file.
    static let repositoryLexicons = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("lexicons")

    static let engine: SentimentEngine = {
        do {
            return try SentimentEngine.load(lexiconDirectory: lexicons)
        } catch {
            preconditionFailure("fixture lexicons must load: \(error)")
        }
    }()
}
