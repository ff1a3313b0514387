import BrandPulseCore

/// A JSON Feed 1.0/1.1 item as found in the document.
struct JSONFeedItem {
    var id: String?
    var url: String?
    var externalURL: String?
    var title: String?
    var summary: String?
    var contentHTML: String?
    var contentText: String?
    var datePublished: String?
    var dateModified: String?
    var authorName: String?
    var tags: [String] = []
    var language: String?
}

/// Reads JSON Feed (https://jsonfeed.org/version/1.1) documents.
enum JSONFeedReader {
    static func read(_ doc: JSONValue) -> (title: String?, homePage: String?, language: String?, author: String?, items: [JSONFeedItem]) {
        let items = (doc["items"]?.array ?? []).filter(\.isObject).map { item -> JSONFeedItem in
            var out = JSONFeedItem()
            out.id = item["id"]?.string
            out.url = item["url"]?.string
            out.externalURL = item["external_url"]?.string
            out.title = item["title"]?.string
            out.summary = item["summary"]?.string
            out.contentHTML = item["content_html"]?.string
            out.contentText = item["content_text"]?.string
            out.datePublished = item["date_published"]?.string
            out.dateModified = item["date_modified"]?.string
            out.authorName = authorName(item)
            out.tags = (item["tags"]?.array ?? []).compactMap(\.string)
            out.language = item["language"]?.string
            return out
        }
        return (doc["title"]?.string, doc["home_page_url"]?.string, doc["language"]?.string, authorName(doc), items)
    }

    /// `authors[].name` (1.1), then `author.name` (1.0).
    static func authorName(_ object: JSONValue) -> String? {
        for author in object["authors"]?.array ?? [] {
            if let name = author["name"]?.string, Sanitizer.plainText(name) != nil { return name }
        }
        return object["author"]?["name"]?.string
    }
}
