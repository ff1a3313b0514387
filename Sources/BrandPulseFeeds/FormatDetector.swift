/// Decides which reader a document goes to.
enum FormatDetector {
    enum Syntax { case xml, json }

    /// JSON when the format says so or the first significant byte opens a JSON value.
    static func syntax(of data: [UInt8], format: FeedFormat) -> Syntax {
        switch format {
        case .rss, .atom, .rdf: return .xml
        case .jsonfeed, .mastodon, .reddit, .hackernews, .json: return .json
        case .auto:
            var i = data.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
            while i < data.count, data[i] == 32 || data[i] == 9 || data[i] == 10 || data[i] == 13 { i += 1 }
            guard i < data.count else { return .xml }
            return data[i] == UInt8(ascii: "{") || data[i] == UInt8(ascii: "[") ? .json : .xml
        }
    }

    /// The XML format from the root element.
    static func xmlFormat(root: XMLElement) -> FeedFormat? {
        switch (root.namespace, root.name) {
        case (_, "rss"), (_, "channel"): return .rss
        case (_, "feed"): return .atom
        case (XMLNamespace.rdf, "RDF"), (_, "RDF"): return .rdf
        default: return nil
        }
    }

    /// The JSON format from the document's shape; nil when it has no known shape.
    static func jsonFormat(_ doc: JSONValue) -> FeedFormat? {
        if let version = doc["version"]?.string, version.contains("jsonfeed.org") { return .jsonfeed }
        if doc["hits"]?.array != nil { return .hackernews }
        if doc.value(at: "data.children")?.array != nil { return .reddit }
        if let array = doc.array {
            guard let first = array.first(where: \.isObject) else { return .mastodon }
            if first.value(at: "data.children") != nil { return .reddit }
            if first["account"] != nil, first["content"] != nil { return .mastodon }
            return nil
        }
        if doc["items"]?.array != nil, doc["home_page_url"] != nil || doc["feed_url"] != nil || doc["title"] != nil { return .jsonfeed }
        return nil
    }
}
