/// An RSS 0.9x/1.0/2.0 item as found in the document: raw strings, nothing resolved or decoded.
struct RSSItem {
    var title: RawText?
    var link: String?
    var linkBase: String?
    var guid: String?
    var guidIsPermaLink = true
    var guidIsDeclaredPermaLink = false
    var guidBase: String?
    var about: String?
    var description: RawText?
    var content: RawText?
    var pubDate: String?
    var issued: String?
    var dcDate: String?
    var modified: String?
    var creator: String?
    var author: String?
    var categories: [String] = []
    /// `dc:language` or the item's own xml:lang.
    var language: String?
}

/// An RSS channel and its items.
struct RSSChannel {
    var title: RawText?
    var link: String?
    var linkBase: String?
    var language: String?
    var items: [RSSItem] = []
}
