/// A Hacker News Algolia search hit as found in the document.
struct HackerNewsHit {
    var objectID: String?
    var title: String?
    var storyTitle: String?
    var storyText: String?
    var commentText: String?
    var url: String?
    var createdAt: String?
    var createdAtI: Double?
    var author: String?
    var points: Int?
    var comments: Int?
    var tags: [String] = []

    init(_ h: JSONValue) {
        objectID = h["objectID"]?.string
        title = h["title"]?.string
        storyTitle = h["story_title"]?.string
        storyText = h["story_text"]?.string
        commentText = h["comment_text"]?.string
        url = h["url"]?.string
        createdAt = h["created_at"]?.string
        createdAtI = h["created_at_i"]?.double
        author = h["author"]?.string
        points = h["points"]?.int
        comments = h["num_comments"]?.int
        tags = (h["_tags"]?.array ?? []).compactMap(\.string).filter { !$0.hasPrefix("author_") && !$0.hasPrefix("story_") }
    }
}
