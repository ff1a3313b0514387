import BrandPulseCore
import Foundation

/// Hacker News Algolia search results → the normalized model.
enum HackerNewsAdapter {
    static func feed(_ doc: JSONValue) -> ParsedFeed {
        let hits = (doc["hits"]?.array ?? []).filter(\.isObject).map(HackerNewsHit.init)
        return ParsedFeed(entries: hits.map(entry))
    }

    static func entry(_ h: HackerNewsHit) -> FeedEntry {
        let id = EntryRules.nonEmpty(h.objectID)
        let link = EntryRules.nonEmpty(h.url) ?? id.map { "https://news.ycombinator.com/item?id=" + $0 }
        // story_text and comment_text are HTML
        let text = h.storyText.flatMap(Sanitizer.htmlToText) ?? h.commentText.flatMap(Sanitizer.htmlToText)
        return FeedEntry(
            id: id ?? link,
            title: h.title.flatMap(Sanitizer.plainText) ?? h.storyTitle.flatMap(Sanitizer.plainText),
            link: link,
            published: FeedDate.parse(h.createdAt) ?? h.createdAtI.map { Date(timeIntervalSince1970: $0) },
            author: h.author.flatMap(Sanitizer.plainText),
            summary: text,
            content: text,
            categories: h.tags,
            metrics: EngagementMetrics(likes: h.points, comments: h.comments)
        )
    }
}
