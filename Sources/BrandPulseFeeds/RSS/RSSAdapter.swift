import BrandPulseCore

/// RSS (and RDF) raw structures → the normalized model.
enum RSSAdapter {
    static func feed(_ channel: RSSChannel) -> ParsedFeed {
        ParsedFeed(
            title: channel.title?.normalized,
            link: channel.link.flatMap(EntryRules.nonEmpty).map { URLResolver.resolve($0, against: channel.linkBase) },
            language: EntryRules.language(channel.language),
            entries: channel.items.map(entry)
        )
    }

    static func entry(_ item: RSSItem) -> FeedEntry {
        var link = item.link.flatMap(EntryRules.nonEmpty).map { URLResolver.resolve($0, against: item.linkBase) }
        let guid = item.guid.flatMap(EntryRules.nonEmpty)
        if link == nil, let guid, item.guidIsPermaLink, item.guidIsDeclaredPermaLink || URLResolver.looksLikeURL(guid) {
            link = URLResolver.resolve(guid, against: item.guidBase)
        }
        let content = item.content?.normalized
        let author = EntryRules.rssAuthorName(item.creator) ?? EntryRules.rssAuthorName(item.author)
        return FeedEntry(
            id: guid ?? item.about.flatMap(EntryRules.nonEmpty) ?? link,
            title: item.title?.normalized,
            link: link,
            published: FeedDate.parse(item.pubDate) ?? FeedDate.parse(item.issued),
            updated: FeedDate.parse(item.dcDate) ?? FeedDate.parse(item.modified),
            author: author,
            summary: item.description?.normalized ?? content,
            content: content,
            categories: item.categories.compactMap(Sanitizer.plainText),
            language: EntryRules.language(item.language)
        )
    }
}
