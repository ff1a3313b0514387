@testable import BrandPulse
import BrandPulseCore
import BrandPulseStore
import BrandPulseStoreSQLite
import BrandPulseTestSupport
import Foundation
import Testing

/// A brand's history puts every mention in the day its team sees, across midnight and a DST change, and reads
/// back the intents, evidence and hashtags it was stored with.
@Suite struct BrandHistoryTests {
    @Test func mentionsFallInTheirLocalDayAcrossADSTChange() throws {
        let directory = RepositoryPaths.temporaryDirectory("brandpulse-history")
        let store = try SQLiteMentionStore(path: directory.appendingPathComponent("history.sqlite").path)
        let brand = Brand(name: "Biedronka", timeZone: "Europe/Warsaw")
        let calendar = DayCalendar(timeZone: brand.timeZone)
        // Warsaw leaves summer time at 01:00 UTC on 2026-10-25: that day has 25 hours.
        let instants: [TimeInterval] = [
            1_792_792_799, // 2026-10-23 23:59:59 local (21:59:59Z)
            1_792_792_800, // 2026-10-24 00:00 local
            1_792_879_199, // 2026-10-24 23:59:59 local (21:59:59Z)
            1_792_879_200, // 2026-10-25 00:00 local, still summer time
            1_792_890_000, // 2026-10-25 01:00Z: the clocks have gone back, 02:00 local
            1_792_969_199, // 2026-10-25 23:59:59 local, now UTC+1 (22:59:59Z)
            1_792_969_200, // 2026-10-26 00:00 local
        ]
        var batch: [ScoredMention] = []
        for (index, instant) in instants.enumerated() {
            let date = Date(timeIntervalSince1970: instant)
            batch.append(ScoredMention(
                mention: StoredMention(source: "feed", entryKey: "\(index)", dedupKey: "key:\(index)", url: nil, title: nil,
                                       text: "Biedronka post \(index)", author: "a\(index)", language: .pl, publishedAt: date,
                                       fetchedAt: date, hashtags: ["biedronka", "zakupy"]),
                verdicts: [BrandVerdict(brand: "Biedronka", matched: "Biedronka", score: -0.5, label: .negative,
                                        intents: [.complaint, .warn], evidence: ["nie polecam", "kolejka"])]))
        }
        _ = try store.ingest(batch, sourceState: nil)

        let history = try BrandHistory(brand: brand, endingAt: "2026-10-26", count: 4, store: store)
        #expect(history.days == ["2026-10-23", "2026-10-24", "2026-10-25", "2026-10-26"])
        var seen = 0
        for day in history.days {
            for row in history.mentions(on: day) {
                #expect(calendar.day(of: row.publishedAt) == day, "\(row.text)")
                #expect(row.intents == [.complaint, .warn] && row.evidence == ["nie polecam", "kolejka"])
                #expect(row.hashtags == ["biedronka", "zakupy"])
                seen += 1
            }
        }
        #expect(seen == instants.count)
        #expect(history.mentions(on: "2026-10-25").count == 3, "the 25-hour day holds its three mentions")
    }
}
