import Foundation

/// Plain text, for e-mail bodies and terminals.
struct TextDigestRenderer {
    func render(_ digest: Digest) -> String {
        var out = "BrandPulse digest: \(digest.brand), \(digest.day) (\(digest.timeZone))\n"
        out += String(repeating: "=", count: 60) + "\n"
        if let note = digest.lowDataNote { out += note + "\n" }
        out += "\nHeadline (value, vs previous day, vs 7-day mean)\n"
        for row in Headline.rows(for: digest) {
            out += "  \(pad(row.name, 22)) \(pad(row.value, 7)) \(pad(row.deltaDay, 6)) \(row.deltaWeek)\(row.lowData ? "  (low data)" : "")\n"
        }
        let t = digest.today
        out += "  Mentions: \(t.positive) positive, \(t.neutral) neutral, \(t.negative) negative;"
        out += " NPS respondents \(t.nps.respondents) (\(t.nps.promoters) promoters, \(t.nps.detractors) detractors)\n"
        out += "  The NPS figures are a mention-based proxy, not a survey.\n"

        out += "\nAlerts\n"
        out += digest.alerts.isEmpty ? "  none\n" : digest.alerts.map { "  [\($0.severity)] \($0.summary)\n" }.joined()
        out += section("Top negative mentions", digest.topNegative.map(quote))
        out += section("Top positive mentions", digest.topPositive.map(quote))
        out += section("Rising hashtags and terms", digest.risingTerms.map {
            "\($0.term): \($0.count) (usual \(String(format: "%.1f", $0.baseline)))"
        })
        out += section("Intents", digest.intentSummary.map { "\($0.0): \($0.1)" })
        out += section("Advocates (28 days)", digest.advocates.map { "\($0.author): \($0.count) promoting of \($0.mentions)" })
        out += section("Detractors (28 days)", digest.detractors.map { "\($0.author): \($0.count) detracting of \($0.mentions)" })
        out += section("Sources", digest.sortedCounts(digest.sources).map { "\($0.0): \($0.1)" })
        out += section("Languages", digest.sortedCounts(digest.languages).map { "\($0.0): \($0.1)" })
        out += section("Source health", digest.sourceHealth.map { health in
            "\(health.source): \(health.status.rawValue)" + (health.detail.map { " (\($0))" } ?? "")
        })
        return out
    }

    private func quote(_ m: QuotedMention) -> String {
        var line = "[\(String(format: "%+.2f", m.score))] \(oneLine(m.text))"
        if let author = m.author { line += " (\(author))" }
        if let url = m.url { line += "\n    \(url)" }
        return line
    }

    private func section(_ title: String, _ lines: [String]) -> String {
        "\n\(title)\n" + (lines.isEmpty ? "  none\n" : lines.map { "  - \($0)\n" }.joined())
    }

    private func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s : s + String(repeating: " ", count: width - s.count)
    }
}
