import BrandPulseCore
import Foundation

/// Reddit listings → the normalized model.
enum RedditAdapter {
    static func feed(_ doc: JSONValue) -> ParsedFeed {
        // A comments page is an array of two listings; a search or subreddit page is one.
        let listings = doc.array ?? [doc]
        var entries: [FeedEntry] = []
        for listing in listings {
            for child in listing.value(at: "data.children")?.array ?? [] {
                guard let data = child["data"], data.isObject else { continue }
                entries.append(entry(RedditPost(data)))
            }
        }
        return ParsedFeed(title: nil, link: nil, language: nil, entries: entries)
    }

    static func entry(_ p: RedditPost) -> FeedEntry {
        let link = EntryRules.nonEmpty(p.permalink).map { $0.hasPrefix("http") ? $0 : "https://www.reddit.com" + $0 }
            ?? EntryRules.nonEmpty(p.url)
        // Reddit's JSON escapes "&", "<" and ">" in titles and Markdown bodies as HTML references.
        let text = p.selftext.flatMap(Sanitizer.decodedText) ?? p.body.flatMap(Sanitizer.decodedText)
        return FeedEntry(
            id: EntryRules.nonEmpty(p.name) ?? EntryRules.nonEmpty(p.id) ?? link,
            title: p.title.flatMap(Sanitizer.decodedText),
            link: link,
            published: p.createdUTC.map { Date(timeIntervalSince1970: $0) },
            author: p.author.flatMap(Sanitizer.plainText),
            summary: text,
            content: text,
            categories: p.subreddit.flatMap(Sanitizer.plainText).map { [$0] } ?? [],
            metrics: EngagementMetrics(followers: p.subscribers, likes: p.score, comments: p.comments)
        )
    }
}
