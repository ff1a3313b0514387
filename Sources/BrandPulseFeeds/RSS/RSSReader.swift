/// Reads RSS 0.9x/2.0 element trees into `RSSChannel`; `RDFReader` reuses its item rules for RSS 1.0.
enum RSSReader {
    /// Namespaces under which the core RSS element names appear.
    static let coreNamespaces: [String] = [
        XMLNamespace.none, XMLNamespace.rss10, XMLNamespace.rss090, XMLNamespace.rssUserland, XMLNamespace.rssUserland091,
    ]

    static func read(_ root: XMLElement) -> RSSChannel {
        var channel = RSSChannel()
        var language = root.lang
        if root.name == "channel" { readChannelFields(root, into: &channel) } // RSS 0.9x without <rss>
        for element in root.elements {
            if element.name == "channel" {
                readChannelFields(element, into: &channel)
                language = language ?? element.lang
                for child in element.elements where child.name == "item" && isCore(child) {
                    channel.items.append(readItem(child))
                }
            } else if element.name == "item" && isCore(element) {
                channel.items.append(readItem(element))
            }
        }
        if channel.language == nil { channel.language = language }
        return channel
    }

    @inline(__always) static func isCore(_ e: XMLElement) -> Bool { coreNamespaces.contains(e.namespace) }

    static func text(of e: XMLElement, _ markup: RawText.Markup) -> RawText {
        if e.hasElementChildren { return RawText(e.innerMarkup(), markup == .plain ? .plain : .html) }
        return RawText(e.text, markup)
    }

    static func readChannelFields(_ channel: XMLElement, into out: inout RSSChannel) {
        for e in channel.elements {
            switch (e.namespace, e.name) {
            case (_, "title") where isCore(e): if out.title == nil { out.title = text(of: e, .sniff) }
            case (XMLNamespace.dc, "title"): if out.title == nil { out.title = text(of: e, .sniff) }
            case (_, "link") where isCore(e):
                if out.link == nil { out.link = e.text; out.linkBase = e.base }
            case (XMLNamespace.atom10, "link"):
                let rel = e.attribute("rel") ?? "alternate"
                if out.link == nil, rel == "alternate", let href = e.attribute("href") { out.link = href; out.linkBase = e.base }
            case (_, "language") where isCore(e), (XMLNamespace.dc, "language"):
                if out.language == nil { out.language = EntryRules.nonEmpty(e.text) }
            default: break
            }
        }
    }

    static func readItem(_ item: XMLElement) -> RSSItem {
        var out = RSSItem()
        out.language = item.attribute("lang", XMLNamespace.xml)
        for e in item.elements {
            let core = isCore(e)
            switch e.name {
            case "title" where core || e.namespace == XMLNamespace.dc:
                if out.title == nil || core { out.title = text(of: e, .sniff) }
            case "link" where core:
                if out.link == nil { out.link = e.text; out.linkBase = e.base }
            case "link" where e.namespace == XMLNamespace.atom10:
                let rel = e.attribute("rel") ?? "alternate"
                if out.link == nil, rel == "alternate", let href = e.attribute("href") { out.link = href; out.linkBase = e.base }
            case "guid" where core:
                out.guid = e.text
                out.guidBase = e.base
                let permaLink = e.attribute("isPermaLink")?.trimmingASCIIWhitespace().lowercased()
                out.guidIsPermaLink = permaLink != "false"
                out.guidIsDeclaredPermaLink = permaLink == "true"
            case "description" where core:
                if out.description == nil { out.description = text(of: e, .html) }
            case "description" where e.namespace == XMLNamespace.dc:
                if out.description == nil { out.description = text(of: e, .sniff) }
            case "encoded" where e.namespace == XMLNamespace.content:
                out.content = text(of: e, .html)
            case "body" where e.namespace == XMLNamespace.xhtml || core:
                if out.content == nil { out.content = RawText(e.innerMarkup(), .html) }
            case "summary" where core:
                if out.content == nil { out.content = text(of: e, .html) }
            case "tags" where core:
                out.categories += e.text.split(separator: ",").map(String.init)
            case "fullitem" where core:
                if out.content == nil { out.content = text(of: e, .html) }
            case "pubDate" where core:
                out.pubDate = e.text
            case "issued" where e.namespace == XMLNamespace.dcterms, "published" where e.namespace == XMLNamespace.atom10:
                if out.issued == nil { out.issued = e.text }
            case "date" where e.namespace == XMLNamespace.dc:
                if out.dcDate == nil { out.dcDate = e.text }
            case "modified" where e.namespace == XMLNamespace.dcterms, "updated" where e.namespace == XMLNamespace.atom10:
                if out.modified == nil { out.modified = e.text }
            case "creator" where e.namespace == XMLNamespace.dc, "author" where e.namespace == XMLNamespace.dc:
                if out.creator == nil { out.creator = e.text }
            case "author" where core:
                if out.author == nil { out.author = e.child("name", XMLNamespace.none)?.text ?? e.text }
            case "language" where e.namespace == XMLNamespace.dc:
                out.language = e.text
            case "category" where core, "subject" where e.namespace == XMLNamespace.dc:
                out.categories.append(e.text)
            default:
                break
            }
        }
        return out
    }
}
