/// Reads RSS 1.0 and RSS 0.90 (`rdf:RDF`) element trees into `RSSChannel`: the same item
/// fields as RSS, with `rdf:about` as the id.
enum RDFReader {
    /// RSS 1.0 / 0.90: `rdf:RDF` holds the channel and the items side by side.
    static func read(_ root: XMLElement) -> RSSChannel {
        var channel = RSSChannel()
        for element in root.elements {
            switch element.name {
            case "channel": RSSReader.readChannelFields(element, into: &channel)
            case "item":
                channel.items.append(readItem(element))
            default: break
            }
        }
        if channel.language == nil { channel.language = root.lang }
        return channel
    }

    static func readItem(_ element: XMLElement) -> RSSItem {
        var item = RSSReader.readItem(element)
        item.about = element.attribute("about", XMLNamespace.rdf) ?? element.attribute("about")
        return item
    }
}
