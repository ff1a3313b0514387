import BrandPulse
import BrandPulseCore
import BrandPulseReports
import BrandPulseStore
import BrandPulseStoreSQLite
import BrandPulseTestSupport
import Foundation
import Testing

/// The CSV exports byte for byte (BOM, `;`, CRLF and decimal commas count), from a small fixed store.
@Suite struct ExportGoldenTests {
    static func fixture() throws -> (Config, SQLiteMentionStore) {
        let directory = RepositoryPaths.temporaryDirectory("export-golden")
        let config = try ConfigLoader().parse("""
            brands:
              - name: Сбербанк
                competitors: [Тинькофф]
                timezone: Europe/Moscow
              - name: Тинькофф
                timezone: Europe/Moscow
            """, file: "golden.yaml", baseDirectory: directory.path)
        let store = try SQLiteMentionStore(path: directory.appendingPathComponent("golden.sqlite").path)
        let base = Date(timeIntervalSince1970: 1_793_257_200) // 2026-10-29T05:00:00Z, 08:00 in Moscow
        let posts: [(String, String, Double, SentimentLabel, [Intent], String, Int)] = [
            ("Сбербанк", "Сбербанк опять списал комиссию; поддержка молчит", -0.71, .negative, [.complaint], "ivan_p", 0),
            ("Сбербанк", "=СберСпасибо начислили, удобно", 0.55, .positive, [], "olga", 1),
            ("Сбербанк", "Ушёл из Сбера в Тинькофф, \"проще\" и быстрее", -0.42, .negative, [.churn], "max", 2),
            ("Тинькофф", "Ушёл из Сбера в Тинькофф, \"проще\" и быстрее", 0.61, .positive, [.attachment], "max", 2),
            ("Сбербанк", "Отделение на Тверской закрыто на ремонт", 0, .neutral, [], "news", 26),
        ]
        var batch: [ScoredMention] = []
        for (index, post) in posts.enumerated() where index != 3 {
            let published = base.addingTimeInterval(Double(post.6) * 3600)
            var verdicts = [BrandVerdict(brand: post.0, matched: post.0, score: post.2, label: post.3, intents: post.4)]
            if index == 2 {
                let other = posts[3]
                verdicts.append(BrandVerdict(brand: other.0, matched: "Тинькофф", score: other.2, label: other.3, intents: other.4))
            }
            batch.append(ScoredMention(mention: StoredMention(
                source: "vk", entryKey: "\(index)", dedupKey: "link:https://vk.example/\(index)", url: "https://vk.example/\(index)",
                title: nil, text: post.1, author: post.5, language: .ru, publishedAt: published, fetchedAt: published,
                metrics: EngagementMetrics(likes: index), hashtags: ["сбер"]), verdicts: verdicts))
        }
        _ = try store.ingest(batch, sourceState: nil)
        return (config, store)
    }

    func export(_ dialect: CSVDialect, daily: Bool) throws -> String {
        let (config, store) = try Self.fixture()
        var bytes: [UInt8] = []
        var writer = CSVWriter(dialect: dialect) { bytes += $0 }
        let exporter = Exporter(config: config, store: store)
        if daily {
            try exporter.exportDaily(from: "2026-10-29", to: "2026-10-30", brand: nil, writer: &writer)
        } else {
            try exporter.exportMentions(from: "2026-10-29", to: "2026-10-30", brand: nil, writer: &writer)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test func mentionsExcel() throws {
        #expect(try GoldenFile.mismatch(try export(.excel, daily: false), file: "mentions-excel.csv") == nil)
    }

    @Test func mentionsStandard() throws {
        #expect(try GoldenFile.mismatch(try export(.standard, daily: false), file: "mentions-standard.csv") == nil)
    }

    @Test func dailyExcel() throws {
        #expect(try GoldenFile.mismatch(try export(.excel, daily: true), file: "daily-excel.csv") == nil)
    }
}
