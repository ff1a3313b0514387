import Foundation

/// The digest layouts: plain text for e-mail, Markdown for chat, HTML for the browser and phones.
public enum DigestFormat: String, Sendable, CaseIterable, Codable {
    case text, md, html

    public var fileExtension: String {
        switch self {
        case .text: return "txt"
        case .md: return "md"
        case .html: return "html"
        }
    }

    public func render(_ digest: Digest) -> String {
        switch self {
        case .text: return TextDigestRenderer().render(digest)
        case .md: return MarkdownDigestRenderer().render(digest)
        case .html: return HTMLDigestRenderer().render(digest)
        }
    }
}

extension Digest {
    /// Brand-level facts every layout states in its first lines.
    var lowDataNote: String? {
        today.lowData ? "Low data: fewer opinionated mentions than the configured minimum; read the signals as indications." : nil
    }

    var unhealthySources: [SourceHealth] { sourceHealth.filter { $0.status != .ok } }

    func sortedCounts(_ counts: [String: Int]) -> [(String, Int)] {
        counts.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { ($0.key, $0.value) }
    }

    var intentSummary: [(String, Int)] {
        today.intentCounts.sorted { ($1.value, $0.key.rawValue) < ($0.value, $1.key.rawValue) }.map { ($0.key.rawValue, $0.value) }
    }
}

func oneLine(_ text: String, limit: Int = 220) -> String {
    let flat = text.split(whereSeparator: { $0.isNewline }).joined(separator: " ")
    return flat.count > limit ? String(flat.prefix(limit - 1)) + "…" : flat
}
