import BrandPulseCore

/// Mastodon statuses → the normalized model.
enum MastodonAdapter {
    static func feed(_ doc: JSONValue) -> ParsedFeed {
        let statuses = doc.array ?? doc["statuses"]?.array ?? []
        return ParsedFeed(entries: statuses.filter(\.isObject).map { entry(MastodonStatus($0)) })
    }

    static func entry(_ s: MastodonStatus) -> FeedEntry {
        let text = s.contentHTML.flatMap(Sanitizer.htmlToText)
        let link = EntryRules.nonEmpty(s.url) ?? EntryRules.nonEmpty(s.uri)
        return FeedEntry(
            id: EntryRules.nonEmpty(s.id) ?? link,
            title: s.spoilerText.flatMap(Sanitizer.plainText),
            link: link,
            published: FeedDate.parse(s.createdAt),
            updated: FeedDate.parse(s.editedAt),
            author: s.displayName.flatMap(Sanitizer.plainText) ?? s.acct.flatMap(Sanitizer.plainText),
            summary: text,
            content: text,
            categories: s.tags.compactMap(Sanitizer.plainText),
            language: EntryRules.language(s.language),
            metrics: EngagementMetrics(followers: s.followers, likes: s.favourites, reposts: s.reblogs, comments: s.replies)
        )
    }
}
