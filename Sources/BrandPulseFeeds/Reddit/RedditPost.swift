/// A Reddit listing child (`data.children[].data`) as found in the document.
struct RedditPost {
    var name: String?
    var id: String?
    var title: String?
    var selftext: String?
    var body: String?
    var permalink: String?
    var url: String?
    var createdUTC: Double?
    var author: String?
    var score: Int?
    var comments: Int?
    var subscribers: Int?
    var subreddit: String?

    init(_ d: JSONValue) {
        name = d["name"]?.string
        id = d["id"]?.string
        title = d["title"]?.string
        selftext = d["selftext"]?.string
        body = d["body"]?.string
        permalink = d["permalink"]?.string
        url = d["url"]?.string
        createdUTC = d["created_utc"]?.double
        author = d["author"]?.string
        score = d["score"]?.int ?? d["ups"]?.int
        comments = d["num_comments"]?.int
        subscribers = d["subreddit_subscribers"]?.int
        subreddit = d["subreddit"]?.string
    }
}
