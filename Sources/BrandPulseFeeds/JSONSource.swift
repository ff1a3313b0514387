import BrandPulseCore

/// JSON documents: parse, pick the shape, adapt.
enum JSONSource {
    static func parse(_ data: [UInt8], format: FeedFormat, mapping: JSONFieldMapping?, limits: FeedLimits) throws(FeedError) -> ParsedFeed {
        var bytes = data
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        let doc: JSONValue
        do {
            doc = try JSONReader.parse(bytes, maxDepth: limits.maxDepth)
        } catch {
            let line = bytes.prefix(error.offset).reduce(1) { $0 + ($1 == 10 ? 1 : 0) }
            throw FeedError(.invalidJSON(error.message), line: line)
        }
        var resolved = format
        if resolved == .auto {
            if mapping != nil { resolved = .json }
            else if let shape = FormatDetector.jsonFormat(doc) { resolved = shape }
            else { throw FeedError(.mappingRequired) }
        }
        switch resolved {
        case .jsonfeed: return JSONFeedAdapter.feed(doc)
        case .mastodon: return MastodonAdapter.feed(doc)
        case .reddit: return RedditAdapter.feed(doc)
        case .hackernews: return HackerNewsAdapter.feed(doc)
        default:
            guard let mapping else { throw FeedError(.mappingRequired) }
            return try GenericJSONAdapter.feed(doc, mapping: mapping)
        }
    }
}
