import BrandPulseCore
import BrandPulseReports
import BrandPulseSignals
import BrandPulseStore
import BrandPulseTestSupport
import Foundation
import Testing

@Suite struct DigestRendererTests {
    static func record(_ id: Int64, _ text: String, _ score: Double, _ label: SentimentLabel, _ intents: [Intent], author: String) -> BrandMentionRecord {
        BrandMentionRecord(
            mentionID: id, brand: "eMAG", source: "ro-recenzii", url: "https://example.ro/p/\(id)", title: nil, text: text,
            author: author, language: .ro, publishedAt: Date(timeIntervalSince1970: 1_793_000_000), score: score,
            label: label, intents: intents, evidence: [], hashtags: ["emag"], metrics: EngagementMetrics())
    }

    static var digest: Digest {
        let signals = LoyaltySignals()
        let today = [
            record(1, "Comanda anulată după 5 zile, nu mai comand de pe eMAG <niciodată>", -0.82, .negative, [.churn, .warn], author: "andrei"),
            record(2, "Livrare rapidă, recomand!", 0.71, .positive, [.recommend], author: "maria"),
            record(3, "Aștept de o săptămână un retur", -0.55, .negative, [.complaint], author: "ion"),
        ]
        let week = today + [record(4, "Super prețuri", 0.6, .positive, [], author: "ana")]
        var series: [DailyPoint] = []
        for i in 0..<28 {
            let net: Double = Double(i % 5) * 10 - 20
            let nps: Double = Double(i % 7) * 5 - 15
            let cli: Double = 50 + Double(i % 3)
            series.append(DailyPoint(day: String(format: "2026-10-%02d", i + 3), volume: 3 + i % 4, positive: 1 + i % 2,
                                     negative: 1 + i % 3, netSentiment: net, nps: nps, cli: cli))
        }
        return Digest(
            brand: "eMAG", day: "2026-10-30", timeZone: "Europe/Bucharest",
            today: signals.signals(brand: "eMAG", mentions: today, competitorVolume: 1),
            previousDay: signals.signals(brand: "eMAG", mentions: Array(today.prefix(1))),
            trailingWeek: signals.signals(brand: "eMAG", mentions: week),
            series: series,
            alerts: [DigestAlert(severity: "high", summary: "21 negative mentions vs 2.1 expected")],
            topPositive: [QuotedMention(today[1])], topNegative: [QuotedMention(today[0]), QuotedMention(today[2])],
            risingTerms: [RisingTerm(term: "#blackfriday", count: 9, baseline: 0.3)],
            advocates: AuthorRanking(signals: signals).rank(today).advocates,
            detractors: AuthorRanking(signals: signals).rank(today).detractors,
            sources: ["ro-recenzii": 2, "mastodon-emag": 1], languages: ["ro": 3],
            sourceHealth: [
                SourceHealth(source: "ro-recenzii", status: .ok, mentions: 2, detail: nil),
                SourceHealth(source: "reddit-romania", status: .throttled, mentions: 0, detail: "HTTP 429 since 09:00"),
            ],
            competitors: ["Altex"])
    }

    @Test(arguments: DigestFormat.allCases)
    func matchesGoldenFile(format: DigestFormat) throws {
        #expect(try GoldenFile.mismatch(format.render(Self.digest), file: "digest-emag.\(format.fileExtension)") == nil)
    }

    @Test func htmlIsSelfContainedAndEscaped() {
        let html = DigestFormat.html.render(Self.digest)
        #expect(html.contains("<svg"))
        #expect(html.contains("<style>"))
        #expect(!html.contains("<script"))
        #expect(!html.contains("src=\"http"))
        #expect(html.contains("&lt;niciodată&gt;"))
        #expect(html.contains("name=\"viewport\""))
        #expect(html.contains("reddit-romania"))
    }

    @Test func textSaysWhenSourcesAreMissing() {
        let text = DigestFormat.text.render(Self.digest)
        #expect(text.contains("reddit-romania: throttled (HTTP 429 since 09:00)"))
        #expect(text.contains("mention-based proxy"))
    }
}
