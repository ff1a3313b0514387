import Foundation

/// Markdown, for chat tools and issue trackers.
struct MarkdownDigestRenderer {
    func render(_ digest: Digest) -> String {
        var out = "# \(escape(digest.brand)): \(digest.day)\n\n"
        out += "_Time zone \(digest.timeZone). NPS figures are a mention-based proxy, not a survey._\n\n"
        if let note = digest.lowDataNote { out += "> **\(note)**\n\n" }
        let unhealthy = digest.unhealthySources
        if !unhealthy.isEmpty {
            out += "> ⚠️ Mentions may be missing: " + unhealthy.map { "\(escape($0.source)) \($0.status.rawValue)" }.joined(separator: ", ") + "\n\n"
        }
        out += "| Signal | Value | vs day | vs 7-day |\n|---|---:|---:|---:|\n"
        for row in Headline.rows(for: digest) {
            out += "| \(row.name)\(row.lowData ? " (low data)" : "") | \(row.value) | \(row.deltaDay) | \(row.deltaWeek) |\n"
        }
        let t = digest.today
        out += "\n\(t.positive) positive · \(t.neutral) neutral · \(t.negative) negative · \(t.authors) authors\n"
        out += "\n## Alerts\n\n" + (digest.alerts.isEmpty ? "None.\n" : digest.alerts.map { "- **\($0.severity)**: \(escape($0.summary))\n" }.joined())
        out += list("Top negative mentions", digest.topNegative.map(quote))
        out += list("Top positive mentions", digest.topPositive.map(quote))
        out += list("Rising hashtags and terms", digest.risingTerms.map { "`\($0.term)` \($0.count) (usual \(String(format: "%.1f", $0.baseline)))" })
        out += list("Intents", digest.intentSummary.map { "\($0.0): \($0.1)" })
        out += list("Advocates (28 days)", digest.advocates.map { "\(escape($0.author)): \($0.count) of \($0.mentions)" })
        out += list("Detractors (28 days)", digest.detractors.map { "\(escape($0.author)): \($0.count) of \($0.mentions)" })
        out += list("Sources", digest.sortedCounts(digest.sources).map { "\(escape($0.0)): \($0.1)" })
        out += list("Languages", digest.sortedCounts(digest.languages).map { "\($0.0): \($0.1)" })
        out += list("Source health", digest.sourceHealth.map { "\(escape($0.source)): \($0.status.rawValue)" + ($0.detail.map { " (\(escape($0)))" } ?? "") })
        return out
    }

    private func quote(_ m: QuotedMention) -> String {
        var line = "\(String(format: "%+.2f", m.score)) \(escape(oneLine(m.text)))"
        if let author = m.author { line += " — \(escape(author))" }
        if let url = m.url { line += " ([link](\(url)))" }
        return line
    }

    private func list(_ title: String, _ items: [String]) -> String {
        "\n## \(title)\n\n" + (items.isEmpty ? "None.\n" : items.map { "- \($0)\n" }.joined())
    }

    private func escape(_ s: String) -> String {
        var out = ""
        for ch in s {
            if "\\`*_[]<>|#".contains(ch) { out.append("\\") }
            out.append(ch)
        }
        return out
    }
}
