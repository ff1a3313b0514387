import BrandPulseCore
@testable import BrandPulseFeeds
import Foundation
import Testing

@Suite struct JSONSourceTests {
    @Test func jsonFeedUsesAuthorsContentHTMLAndNumericIds() throws {
        let feed = try Fixture("jsonfeed/version_1_1.json").parse()
        #expect(feed.title == "Dacia news")
        #expect(feed.link == "https://dacia.example/")
        let first = try #require(feed.entries.first)
        #expect(first.id == "42")
        #expect(first.content == "Merge perfect în Iași & Cluj.")
        #expect(first.author == "Redacția")
        #expect(first.categories == ["auto", "electric"])
        #expect(feed.entries[1].link == "https://other.example/b")
        #expect(feed.entries[1].content == "Plain <b> text")
        #expect(feed.entries[1].author == "Mihai Ionescu")
    }

    @Test func mastodonStatusesCarryMetricsAndBoostedOriginals() throws {
        let feed = try Fixture("mastodon/tag_timeline.json").parse()
        #expect(feed.entries.count == 2)
        let first = try #require(feed.entries.first)
        #expect(first.content == "The #Acme app is great! Highly recommended.")
        #expect(first.author == "Kate M")
        #expect(first.language == "en")
        #expect(first.categories == ["acme"])
        #expect(first.metrics == EngagementMetrics(followers: 1200, likes: 10, reposts: 3, comments: 2))
        #expect(feed.entries[1].id == "99")
        #expect(feed.entries[1].language == "ro")
    }

    @Test func redditListingLinksToThePermalink() throws {
        let feed = try Fixture("reddit/listing.json").parse()
        let post = try #require(feed.entries.first)
        #expect(post.id == "t3_abc123")
        #expect(post.link == "https://www.reddit.com/r/poland/comments/abc123/allegro_refund/")
        #expect(post.summary == "Still waiting & annoyed.")
        #expect(post.metrics == EngagementMetrics(followers: 250000, likes: 57, comments: 12))
        #expect(post.published.map(FeedDate.iso) == "2025-11-03T08:55:00Z")
    }

    @Test func hackerNewsHitWithoutURLLinksToTheItem() throws {
        let feed = try Fixture("hackernews/search.json").parse()
        #expect(feed.entries.map(\.link) == ["https://brandpulse.example/", "https://news.ycombinator.com/item?id=4101"])
        #expect(feed.entries[1].content == "Three weeks & counting. Anyone else?")
        #expect(feed.entries[0].metrics?.likes == 120)
        #expect(feed.entries[1].published.map(FeedDate.iso) == "2025-11-03T13:00:00Z")
    }

    @Test func genericMappingFollowsDottedPaths() throws {
        let fixture = Fixture("json/generic_mapping.json")
        let feed = try fixture.parse()
        let first = try #require(feed.entries.first)
        #expect(first.id == "7")
        #expect(first.title == "Kropla launches in Warsaw")
        #expect(first.content == "Świetna woda, polecam!")
        #expect(first.author == "Zofia W")
        #expect(first.link == "https://api.example/p/7")
        #expect(first.metrics == EngagementMetrics(followers: 830, likes: 14, reposts: 2, comments: 5))
        #expect(first.published.map(FeedDate.iso) == "2025-11-03T08:55:00Z")
        #expect(feed.entries[1].content == "HTML body")
        #expect(feed.entries[1].metrics == nil)
    }

    @Test func genericMappingThatMissesSaysWhy() {
        let mapping = JSONFieldMapping(items: "data.rows")
        let error = #expect(throws: FeedError.self) {
            try FeedParser().parse(Fixture("json/generic_mapping.json").bytes, format: .json, mapping: mapping)
        }
        #expect(error?.message.contains("data.rows") == true)
    }

    @Test(arguments: FeedFormat.allCases)
    func explicitFormatNeverTraps(_ format: FeedFormat) {
        for name in ["mastodon/tag_timeline.json", "reddit/listing.json", "languages/english_rss.xml"] {
            _ = try? FeedParser().parse(Fixture(name).bytes, format: format, mapping: JSONFieldMapping(items: "x"))
        }
    }
}
