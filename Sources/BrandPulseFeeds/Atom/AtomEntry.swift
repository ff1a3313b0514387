/// An Atom 0.3/1.0 entry as found in the document.
struct AtomEntry {
    var id: String?
    var title: RawText?
    /// The alternate link, resolved against the xml:base in effect on the link element.
    var link: String?
    var published: String?
    var updated: String?
    var authorName: String?
    var sourceAuthorName: String?
    var summary: RawText?
    var content: RawText?
    var categories: [String] = []
    /// The entry's own xml:lang (or its content's), not the one it inherits.
    var language: String?
}

/// An Atom feed and its entries.
struct AtomFeed {
    var title: RawText?
    var link: String?
    var language: String?
    var authorName: String?
    var entries: [AtomEntry] = []
}
