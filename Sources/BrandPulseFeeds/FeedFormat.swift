/// The feed formats the parser reads. `auto` detects the format from the bytes and the content type.
public enum FeedFormat: String, Sendable, Codable, CaseIterable {
    case auto, rss, atom, rdf, jsonfeed, mastodon, reddit, hackernews, json
}
