import Foundation

/// Reads Atom 1.0 and Atom 0.3 element trees into `AtomFeed`.
enum AtomReader {
    static func read(_ root: XMLElement) -> AtomFeed {
        let ns = root.namespace
        var feed = AtomFeed()
        feed.language = root.lang
        for e in root.elements {
            guard isAtom(e, ns) else {
                if e.namespace == XMLNamespace.dc, e.name == "language", feed.language == nil { feed.language = e.text }
                continue
            }
            switch e.name {
            case "title": feed.title = textConstruct(e)
            case "link": if feed.link == nil, let href = alternateLink(e) { feed.link = href }
            case "author": if feed.authorName == nil { feed.authorName = e.child("name", [ns, XMLNamespace.atom10, XMLNamespace.atom03])?.text }
            case "entry": feed.entries.append(readEntry(e, ns))
            default: break
            }
        }
        return feed
    }

    private static func isAtom(_ e: XMLElement, _ ns: String) -> Bool {
        e.namespace == ns || e.namespace == XMLNamespace.atom10 || e.namespace == XMLNamespace.atom03
    }

    /// The href of a `rel="alternate"` (or rel-less) link, made absolute.
    static func alternateLink(_ e: XMLElement) -> String? {
        let rel = e.attribute("rel")?.trimmingASCIIWhitespace().lowercased() ?? "alternate"
        guard rel == "alternate" || rel.isEmpty else { return nil }
        // Some feeds put the URL in the content instead of href.
        guard let href = e.attribute("href") ?? EntryRules.nonEmpty(e.text) else { return nil }
        return URLResolver.resolve(href, against: e.base)
    }

    static func readEntry(_ entry: XMLElement, _ ns: String) -> AtomEntry {
        var out = AtomEntry()
        out.language = entry.attribute("lang", XMLNamespace.xml)
        for e in entry.elements {
            guard isAtom(e, ns) else {
                switch (e.namespace, e.name) {
                case (XMLNamespace.dc, "subject"): out.categories.append(e.text)
                case (XMLNamespace.dc, "creator"): if out.authorName == nil { out.authorName = e.text }
                case (XMLNamespace.dcterms, "issued"): if out.published == nil { out.published = e.text }
                case (XMLNamespace.dcterms, "modified"), (XMLNamespace.dc, "date"): if out.updated == nil { out.updated = e.text }
                default: break
                }
                continue
            }
            switch e.name {
            case "id": out.id = e.text
            case "title": out.title = textConstruct(e)
            case "link": if out.link == nil, let href = alternateLink(e) { out.link = href }
            case "published", "issued": if out.published == nil { out.published = e.text }
            case "updated", "modified": if out.updated == nil { out.updated = e.text }
            case "author": if out.authorName == nil { out.authorName = e.child("name", [ns, XMLNamespace.atom10, XMLNamespace.atom03])?.text }
            case "source":
                if let author = e.child("author", [ns, XMLNamespace.atom10]) {
                    out.sourceAuthorName = author.child("name", [ns, XMLNamespace.atom10])?.text
                }
            case "summary": out.summary = textConstruct(e)
            case "content":
                if out.content == nil { out.content = textConstruct(e) }
                if out.language == nil { out.language = e.attribute("lang", XMLNamespace.xml) }
            case "category": if let term = e.attribute("term") { out.categories.append(term) }
            default: break
            }
        }
        return out
    }

    /// An Atom text construct: `type` text/html/xhtml (1.0) or a MIME type with `mode` (0.3).
    static func textConstruct(_ e: XMLElement) -> RawText {
        let type = e.attribute("type")?.trimmingASCIIWhitespace().lowercased() ?? "text"
        let mode = e.attribute("mode")?.lowercased()
        let isXHTML = type == "xhtml" || type == "application/xhtml+xml"
        let isHTML = type == "html" || type == "text/html"
        if isXHTML {
            // inline XHTML: its text is text, so escaped markup in it stays visible
            return RawText(e.renderedText(), .plain)
        }
        if (isHTML || mode == "xml") && e.hasElementChildren {
            return RawText(e.innerMarkup(), .html)
        }
        if mode == "base64" || (!isHTML && !isXHTML && type != "text" && !type.hasPrefix("text/") && !type.hasSuffix("xml")) {
            let compact = e.text.filter { !$0.isWhitespace }
            if let data = Data(base64Encoded: compact), let decoded = String(data: data, encoding: .utf8) {
                return RawText(decoded, isHTML ? .html : .plain)
            }
        }
        return RawText(e.text, isHTML ? .html : .plain)
    }
}
