/// Where the fields of an entry live in an arbitrary JSON document.
///
/// Paths are dotted (`data.items`, `user.name`, `stats.likes`); a numeric segment indexes an array
/// (`authors.0.name`). `items` locates the array of entries; the others are relative to one entry.
public struct JSONFieldMapping: Sendable, Codable, Hashable {
    public var items: String
    public var id: String?
    public var title: String?
    public var text: String?
    public var author: String?
    public var date: String?
    public var url: String?
    public var likes: String?
    public var reposts: String?
    public var comments: String?
    public var followers: String?

    public init(items: String, id: String? = nil, title: String? = nil, text: String? = nil, author: String? = nil,
                date: String? = nil, url: String? = nil, likes: String? = nil, reposts: String? = nil,
                comments: String? = nil, followers: String? = nil) {
        self.items = items
        self.id = id
        self.title = title
        self.text = text
        self.author = author
        self.date = date
        self.url = url
        self.likes = likes
        self.reposts = reposts
        self.comments = comments
        self.followers = followers
    }
}
