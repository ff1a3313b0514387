import BrandPulseCore

/// XML documents: decode, clean references, build the tree, read and adapt.
enum XMLSource {
    static func parse(_ data: [UInt8], documentURL: String?, contentType: String?, limits: FeedLimits) throws(FeedError) -> ParsedFeed {
        let (utf8, note) = Transcoder.toUTF8(data, contentType: contentType)
        guard utf8.contains(where: { $0 > 32 }) else { throw FeedError(.empty) }
        var preprocessor = XMLPreprocessor()
        var collector = EntryCollector()
        var result = try XMLTreeParser.parse(utf8, preprocessor: &preprocessor, documentURL: documentURL, limits: limits, entrySink: collector)
        if result.firstError != nil {
            // libxml2 drops named references after an error; parse again with all of them numeric.
            preprocessor.rewritePredefined = true
            collector = EntryCollector()
            result = try XMLTreeParser.parse(utf8, preprocessor: &preprocessor, documentURL: documentURL, limits: limits, entrySink: collector)
        }
        var entries = collector.finish()
        guard let root = result.root else {
            let first = result.firstError
            throw FeedError(.notWellFormed(first?.message ?? "no root element"), line: first?.line, column: first?.column)
        }
        var feed: ParsedFeed
        switch FormatDetector.xmlFormat(root: root) {
        case .rss?: feed = RSSAdapter.feed(RSSReader.read(root))
        case .rdf?: feed = RSSAdapter.feed(RDFReader.read(root))
        case .atom?:
            let atom = AtomReader.read(root)
            feed = AtomAdapter.feed(atom)
            // RFC 4287 §4.2.1: entries without an author take the feed's, which may come after them.
            if let feedAuthor = atom.authorName.flatMap(Sanitizer.plainText) {
                for k in entries.indices where entries[k].author == nil { entries[k].author = feedAuthor }
            }
        default: throw FeedError(.notAFeed("root element <\(root.name)>"), line: root.line)
        }
        // Entries read while parsing come first; the tree holds only what the streaming pass left.
        if !entries.isEmpty {
            entries.append(contentsOf: feed.entries)
            feed.entries = entries
        }
        if let note { feed.diagnostics.append(note) }
        feed.diagnostics += result.diagnostics
        return feed
    }
}
