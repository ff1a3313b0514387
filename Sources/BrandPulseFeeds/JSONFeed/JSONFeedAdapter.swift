import BrandPulseCore

/// JSON Feed items → the normalized model.
enum JSONFeedAdapter {
    static func feed(_ doc: JSONValue) -> ParsedFeed {
        let raw = JSONFeedReader.read(doc)
        let feedAuthor = raw.author.flatMap(Sanitizer.plainText)
        return ParsedFeed(
            title: raw.title.flatMap(Sanitizer.plainText),
            link: EntryRules.nonEmpty(raw.homePage),
            language: EntryRules.language(raw.language),
            entries: raw.items.map { item in
                let content = item.contentHTML.map { Sanitizer.htmlToText($0) } ?? item.contentText.flatMap(Sanitizer.plainText)
                let link = EntryRules.nonEmpty(item.url) ?? EntryRules.nonEmpty(item.externalURL)
                return FeedEntry(
                    id: EntryRules.nonEmpty(item.id) ?? link,
                    title: item.title.flatMap(Sanitizer.plainText),
                    link: link,
                    published: FeedDate.parse(item.datePublished),
                    updated: FeedDate.parse(item.dateModified),
                    author: item.authorName.flatMap(Sanitizer.plainText) ?? feedAuthor,
                    summary: item.summary.flatMap(Sanitizer.plainText),
                    content: content,
                    categories: item.tags.compactMap(Sanitizer.plainText),
                    language: EntryRules.language(item.language)
                )
            }
        )
    }
}
