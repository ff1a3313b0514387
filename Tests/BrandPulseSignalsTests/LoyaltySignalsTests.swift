import BrandPulseCore
import BrandPulseSignals
import BrandPulseStore
import Foundation
import Testing

func row(_ id: Int64, _ score: Double, _ label: SentimentLabel, _ intents: [Intent] = [], author: String? = nil) -> BrandMentionRecord {
    BrandMentionRecord(
        mentionID: id, brand: "Biedronka", source: "s", url: nil, title: nil, text: "t\(id)", author: author, language: .pl,
        publishedAt: Date(timeIntervalSince1970: 0), score: score, label: label, intents: intents, evidence: [],
        hashtags: [], metrics: EngagementMetrics())
}

@Suite struct LoyaltySignalsTests {
    let signals = LoyaltySignals(parameters: SignalParameters(promoterThreshold: 0.5, detractorThreshold: -0.3, minimumCount: 5, cliPrior: 4))

    // Ten mentions, worked by hand:
    //  promoters: #1 (recommend), #2 (score 0.8), #3 (repurchase, 0.6) → 3
    //  detractors: #4 (warn), #5 (churn), #6 (score −0.7), #7 (complaint, 0.1) → 4
    //  passives: #8 (positive 0.2, no intent) → 1
    //  not respondents: #9, #10 (neutral, no intent)
    var fixture: [BrandMentionRecord] {
        [
            row(1, 0.3, .positive, [.recommend], author: "ala"), row(2, 0.8, .positive, author: "ala"),
            row(3, 0.6, .positive, [.repurchase], author: "bartek"), row(4, -0.4, .negative, [.warn], author: "celina"),
            row(5, -0.2, .negative, [.churn], author: "celina"), row(6, -0.7, .negative, author: "darek"),
            row(7, 0.1, .neutral, [.complaint], author: "ewa"), row(8, 0.2, .positive, author: "franek"),
            row(9, 0, .neutral), row(10, 0, .neutral, [], author: "gosia"),
        ]
    }

    @Test func volumeAndNetSentiment() {
        let s = signals.signals(brand: "Biedronka", mentions: fixture)
        #expect(s.volume == 10)
        #expect((s.positive, s.neutral, s.negative) == (4, 3, 3))
        // (4 − 3) / (4 + 3) × 100
        #expect(abs((s.netSentiment ?? 0) - 100.0 / 7.0) < 1e-9)
        #expect(s.opinionated == 8)
    }

    @Test func npsByMentions() {
        let s = signals.signals(brand: "Biedronka", mentions: fixture)
        #expect(s.nps.promoters == 3)
        #expect(s.nps.detractors == 4)
        #expect(s.nps.passives == 1)
        // (3 − 4) / 8 × 100
        #expect(s.nps.score == -12.5)
    }

    @Test func npsByAuthorsCountsEachAuthorOnce() {
        let s = signals.signals(brand: "Biedronka", mentions: fixture)
        // ala: mean 0.55 + recommend → promoter; bartek: promoter; celina: warn+churn → detractor;
        // darek: −0.7 → detractor; ewa: complaint → detractor; franek: passive; gosia and the anonymous #9: none.
        #expect(s.npsByAuthor.promoters == 2)
        #expect(s.npsByAuthor.detractors == 3)
        #expect(s.npsByAuthor.passives == 1)
        #expect(s.authors == 8)
    }

    @Test func cliSubIndicesAreSmoothedTowardFifty() {
        let s = signals.signals(brand: "Biedronka", mentions: fixture)
        // recommend: (1 + 2) / (1 + 1 + 4) × 100 = 50; buy again: (1 + 2) / (1 + 1 + 4) = 50
        // stay: 100 − (1 + 2) / (8 + 4) × 100 = 75
        #expect(abs(s.cli.recommend - 50) < 1e-9)
        #expect(abs(s.cli.buyAgain - 50) < 1e-9)
        #expect(abs(s.cli.stay - 75) < 1e-9)
        #expect(abs(s.cli.index - 175.0 / 3) < 1e-9)
        let empty = signals.signals(brand: "Biedronka", mentions: [])
        #expect(empty.cli.recommend == 50)
        #expect(empty.netSentiment == nil)
        #expect(empty.nps.score == nil)
    }

    @Test func secureAndForcedLoyaltyShares() {
        let s = signals.signals(brand: "Biedronka", mentions: fixture + [
            row(11, 0.5, .positive, [.attachment], author: "hania"), row(12, -0.1, .neutral, [.lockin], author: "igor"),
            row(13, -0.1, .neutral, [.lockin], author: "igor"),
        ])
        // secure: ala (recommend, all non-negative) and bartek (repurchase) of 10 authors.
        #expect(s.secureShare == 2.0 / 10.0)
        // lockin 2 / (2 + attachment 1)
        #expect(s.forcedLoyaltyShare == 2.0 / 3.0)
    }

    @Test func shareOfVoiceAndLowData() {
        let s = signals.signals(brand: "Biedronka", mentions: Array(fixture.prefix(3)), competitorVolume: 9)
        #expect(s.shareOfVoice == 0.25)
        #expect(s.lowData)
        #expect(!signals.signals(brand: "Biedronka", mentions: fixture).lowData)
    }

    @Test func advocatesAndDetractorsAreRanked() {
        let ranking = AuthorRanking(signals: signals).rank(fixture)
        #expect(ranking.advocates.map(\.author) == ["ala", "bartek"])
        #expect(ranking.advocates.first?.count == 2)
        #expect(ranking.detractors.map(\.author) == ["celina", "darek", "ewa"])
    }
}
