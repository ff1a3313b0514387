import Foundation

/// Engagement figures that a source reports for a post.
public struct EngagementMetrics: Sendable, Hashable, Codable {
    public var followers: Int?
    public var likes: Int?
    public var reposts: Int?
    public var comments: Int?

    public init(followers: Int? = nil, likes: Int? = nil, reposts: Int? = nil, comments: Int? = nil) {
        self.followers = followers
        self.likes = likes
        self.reposts = reposts
        self.comments = comments
    }

    public var isEmpty: Bool { followers == nil && likes == nil && reposts == nil && comments == nil }
}

/// One item of any feed format, normalized: plain text, absolute links, UTC dates.
public struct FeedEntry: Sendable, Hashable, Codable {
    /// guid, Atom id, rdf:about, JSON id; falls back to the link. Opaque.
    public var id: String?
    public var title: String?
    /// Absolute URL.
    public var link: String?
    public var published: Date?
    public var updated: Date?
    /// Display name.
    public var author: String?
    public var summary: String?
    public var content: String?
    public var categories: [String]
    /// A language the item itself declares (Mastodon's `language`, for instance).
    public var language: String?
    public var metrics: EngagementMetrics?

    public init(
        id: String? = nil, title: String? = nil, link: String? = nil,
        published: Date? = nil, updated: Date? = nil, author: String? = nil,
        summary: String? = nil, content: String? = nil, categories: [String] = [],
        language: String? = nil, metrics: EngagementMetrics? = nil
    ) {
        self.id = id
        self.title = title
        self.link = link
        self.published = published
        self.updated = updated
        self.author = author
        self.summary = summary
        self.content = content
        self.categories = categories
        self.language = language
        self.metrics = metrics
    }
}

/// The feed-level fields plus its entries.
public struct ParsedFeed: Sendable, Hashable, Codable {
    public var title: String?
    public var link: String?
    public var language: String?
    public var entries: [FeedEntry]
    /// Problems the parser recovered from (like feedparser's "bozo" flag); empty for a clean feed.
    public var diagnostics: [String]

    public init(title: String? = nil, link: String? = nil, language: String? = nil,
                entries: [FeedEntry] = [], diagnostics: [String] = []) {
        self.title = title
        self.link = link
        self.language = language
        self.entries = entries
        self.diagnostics = diagnostics
    }
}
