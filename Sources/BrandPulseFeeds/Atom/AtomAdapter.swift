import BrandPulseCore

/// Atom raw structures → the normalized model.
enum AtomAdapter {
    static func feed(_ feed: AtomFeed) -> ParsedFeed {
        let feedAuthor = feed.authorName.flatMap(Sanitizer.plainText)
        return ParsedFeed(
            title: feed.title?.normalized,
            link: feed.link,
            language: EntryRules.language(feed.language),
            entries: feed.entries.map { entry($0, feedAuthor: feedAuthor) }
        )
    }

    static func entry(_ e: AtomEntry, feedAuthor: String?) -> FeedEntry {
        let content = e.content?.normalized
        return FeedEntry(
            id: EntryRules.nonEmpty(e.id) ?? e.link,
            title: e.title?.normalized,
            link: e.link,
            published: FeedDate.parse(e.published),
            updated: FeedDate.parse(e.updated),
            // RFC 4287 §4.2.1: an entry without an author takes the source's, then the feed's.
            author: e.authorName.flatMap(Sanitizer.plainText) ?? e.sourceAuthorName.flatMap(Sanitizer.plainText) ?? feedAuthor,
            summary: e.summary?.normalized ?? content,
            content: content,
            categories: e.categories.compactMap(Sanitizer.plainText),
            language: EntryRules.language(e.language)
        )
    }
}
