/// A Mastodon status (`/api/v1/timelines/tag/NAME`, `/api/v1/accounts/ID/statuses`) as found in the document.
struct MastodonStatus {
    var id: String?
    var url: String?
    var uri: String?
    var createdAt: String?
    var editedAt: String?
    var contentHTML: String?
    var spoilerText: String?
    var displayName: String?
    var acct: String?
    var followers: Int?
    var favourites: Int?
    var reblogs: Int?
    var replies: Int?
    var language: String?
    var tags: [String] = []

    init(_ s: JSONValue) {
        // A boost carries the boosted status; the original is what was said.
        let status = s["reblog"].flatMap { $0.isObject ? $0 : nil } ?? s
        id = status["id"]?.string
        url = status["url"]?.string
        uri = status["uri"]?.string
        createdAt = status["created_at"]?.string
        editedAt = status["edited_at"]?.string
        contentHTML = status["content"]?.string
        spoilerText = status["spoiler_text"]?.string
        displayName = status["account"]?["display_name"]?.string
        acct = status["account"]?["acct"]?.string
        followers = status["account"]?["followers_count"]?.int
        favourites = status["favourites_count"]?.int
        reblogs = status["reblogs_count"]?.int
        replies = status["replies_count"]?.int
        language = status["language"]?.string
        tags = (status["tags"]?.array ?? []).compactMap { $0["name"]?.string ?? $0.string }
    }
}
