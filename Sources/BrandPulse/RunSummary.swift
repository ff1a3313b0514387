import Foundation

/// What a collect run did, printed at its end and, with `--json`, machine-readable.
public struct RunSummary: Sendable, Codable {
    public struct SourceReport: Sendable, Codable {
        public var name: String
        public var status: String
        public var entries: Int
        public var inserted: Int
        public var duplicates: Int
        public var error: String?
        public var warnings: [String]
    }

    public var sourcesOK = 0
    public var sourcesNotModified = 0
    public var sourcesFailed = 0
    public var sourcesBackingOff = 0
    public var entriesSeen = 0
    public var entriesWithoutBrand = 0
    public var mentionsInserted = 0
    public var duplicatesSkipped = 0
    public var seconds = 0.0
    public var sources: [SourceReport] = []

    public init() {}

    public var text: String {
        var out = String(format: "collected in %.2fs: ", seconds)
        out += "\(sourcesOK) sources ok, \(sourcesNotModified) unchanged, \(sourcesFailed) failed"
        if sourcesBackingOff > 0 { out += ", \(sourcesBackingOff) backing off" }
        out += "; \(entriesSeen) entries, \(mentionsInserted) new mentions, \(duplicatesSkipped) duplicates skipped"
        out += ", \(entriesWithoutBrand) without a tracked brand"
        for source in sources where source.error != nil {
            out += "\n  failed: \(source.name): \(source.error ?? "")"
        }
        return out
    }
}
