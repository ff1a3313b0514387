import BrandPulseCore
import Foundation

/// Any JSON document, read through a user's `JSONFieldMapping`.
enum GenericJSONAdapter {
    static func feed(_ doc: JSONValue, mapping: JSONFieldMapping) throws(FeedError) -> ParsedFeed {
        guard let found = doc.value(at: mapping.items) else {
            throw FeedError(.badMapping("no value at items path \"\(mapping.items)\""))
        }
        guard let items = found.array else {
            throw FeedError(.badMapping("the value at \"\(mapping.items)\" is not an array"))
        }
        return ParsedFeed(entries: items.map { entry($0, mapping) })
    }

    static func entry(_ item: JSONValue, _ m: JSONFieldMapping) -> FeedEntry {
        func string(_ path: String?) -> String? { path.flatMap { item.value(at: $0)?.string } }
        func int(_ path: String?) -> Int? { path.flatMap { item.value(at: $0)?.int } }
        let link = EntryRules.nonEmpty(string(m.url))
        let text = string(m.text).flatMap { Sanitizer.looksLikeHTML($0) ? Sanitizer.htmlToText($0) : Sanitizer.plainText($0) }
        var published: Date?
        if let path = m.date, let value = item.value(at: path) {
            if case .number = value, let seconds = value.double {
                published = Date(timeIntervalSince1970: seconds > 1e11 ? seconds / 1000 : seconds)
            } else {
                published = FeedDate.parse(value.string)
            }
        }
        let metrics = EngagementMetrics(followers: int(m.followers), likes: int(m.likes), reposts: int(m.reposts), comments: int(m.comments))
        return FeedEntry(
            id: EntryRules.nonEmpty(string(m.id)) ?? link,
            title: string(m.title).flatMap(Sanitizer.plainText),
            link: link,
            published: published,
            author: string(m.author).flatMap(Sanitizer.plainText),
            summary: text,
            content: text,
            metrics: metrics.isEmpty ? nil : metrics
        )
    }
}
