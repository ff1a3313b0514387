/// Namespace URIs the readers know.
enum XMLNamespace {
    static let none = ""
    static let atom10 = "http://www.w3.org/2005/Atom"
    static let atom03 = "http://purl.org/atom/ns#"
    static let rss10 = "http://purl.org/rss/1.0/"
    static let rss090 = "http://my.netscape.com/rdf/simple/0.9/"
    static let rssUserland = "http://backend.userland.com/rss2"
    static let rssUserland091 = "http://backend.userland.com/rss"
    static let rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    static let dc = "http://purl.org/dc/elements/1.1/"
    static let dcterms = "http://purl.org/dc/terms/"
    static let content = "http://purl.org/rss/1.0/modules/content/"
    static let xhtml = "http://www.w3.org/1999/xhtml"
    static let xml = "http://www.w3.org/XML/1998/namespace"

    /// Namespaces for prefixes a sloppy feed uses without declaring them.
    static func forUndeclaredPrefix(_ prefix: String) -> String? {
        switch prefix {
        case "dc": return dc
        case "dcterms": return dcterms
        case "content": return content
        case "atom": return atom10
        case "rdf": return rdf
        case "xhtml": return xhtml
        case "xml": return xml
        default: return nil
        }
    }
}

/// One attribute of an element.
struct XMLAttribute {
    var name: String
    var namespace: String
    var prefix: String?
    var value: String
}

/// A child of an element: text or an element, in document order.
enum XMLChild {
    case text(String)
    case element(XMLElement)
}

/// A light element tree built from the SAX2 events; the format readers walk it.
final class XMLElement {
    let name: String
    let namespace: String
    let prefix: String?
    let attributes: [XMLAttribute]
    /// The xml:base in effect for this element, resolved against its ancestors and the document URL.
    let base: String?
    /// The xml:lang in effect for this element.
    let lang: String?
    let line: Int
    /// Children in document order; empty for a leaf, whose text is in `leafText` (no array for most elements).
    @exclusivity(unchecked) private(set) var children: [XMLChild] = []
    @exclusivity(unchecked) private var leafText: String?

    func appendText(_ text: String) {
        if children.isEmpty {
            leafText = leafText.map { $0 + text } ?? text
        } else {
            children.append(.text(text))
        }
    }

    func appendElement(_ element: XMLElement) {
        if let leafText {
            children.append(.text(leafText))
            self.leafText = nil
        }
        children.append(.element(element))
    }

    /// Detaches `element` when it is the last child (an entry the streaming reader has consumed).
    func removeLastChild(ifItIs element: XMLElement) {
        if case .element(let last)? = children.last, last === element { children.removeLast() }
    }

    /// All children, including a leaf's text as one text child.
    private var nodes: [XMLChild] {
        if children.isEmpty, let leafText { return [.text(leafText)] }
        return children
    }

    init(name: String, namespace: String, prefix: String?, attributes: [XMLAttribute], base: String?, lang: String?, line: Int) {
        self.name = name
        self.namespace = namespace
        self.prefix = prefix
        self.attributes = attributes
        self.base = base
        self.lang = lang
        self.line = line
    }

    /// Element children only.
    var elements: some Sequence<XMLElement> {
        children.lazy.compactMap { if case .element(let e) = $0 { return e } else { return nil } }
    }

    /// The first child element with that name, in any of the given namespaces.
    func child(_ name: String, _ namespaces: [String]) -> XMLElement? {
        for case .element(let e) in children where e.name == name && namespaces.contains(e.namespace) { return e }
        return nil
    }

    func child(_ name: String, _ namespace: String) -> XMLElement? {
        for case .element(let e) in children where e.name == name && e.namespace == namespace { return e }
        return nil
    }

    func attribute(_ name: String, _ namespace: String = XMLNamespace.none) -> String? {
        for a in attributes where a.name == name && a.namespace == namespace { return a.value }
        return nil
    }

    /// Concatenated character data of the element itself and of all its descendants.
    var text: String {
        if children.isEmpty { return leafText ?? "" }
        if children.count == 1, case .text(let t) = children[0] { return t }
        var out = ""
        appendText(to: &out)
        return out
    }

    private func appendText(to out: inout String) {
        if children.isEmpty { out += leafText ?? ""; return }
        for child in children {
            switch child {
            case .text(let t): out += t
            case .element(let e): e.appendText(to: &out)
            }
        }
    }

    var hasElementChildren: Bool {
        children.contains { if case .element = $0 { return true } else { return false } }
    }

    /// The content as HTML source: child elements become tags again and text is kept as it is, since
    /// an element with children in an HTML-typed field (RSS `description`, Atom `type="html"`) is HTML
    /// that was not escaped.
    func innerMarkup() -> String {
        var out = ""
        appendMarkup(to: &out)
        return out
    }

    private func appendMarkup(to out: inout String) {
        for child in nodes {
            switch child {
            case .text(let t):
                out += t
            case .element(let e):
                out += "<" + e.name
                for a in e.attributes {
                    out += " " + (a.prefix.map { $0 + ":" } ?? "") + a.name + "=\"" + XMLElement.escape(a.value) + "\""
                }
                out += ">"
                e.appendMarkup(to: &out)
                out += "</" + e.name + ">"
            }
        }
    }

    /// The plain text of inline XHTML, rendered straight from the tree by the contract's HTML rules
    /// (script and style dropped, block elements as whitespace); the text nodes are literal.
    func renderedText() -> String {
        var out: [UInt8] = []
        appendRendered(to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    private func appendRendered(to out: inout [UInt8]) {
        if children.isEmpty {
            if let leafText { out.append(contentsOf: leafText.utf8) }
            return
        }
        for child in children {
            switch child {
            case .text(let t): out.append(contentsOf: t.utf8)
            case .element(let e):
                switch Sanitizer.tagKind(of: e.name) {
                case .rawText: continue
                case .block:
                    out.append(32)
                    e.appendRendered(to: &out)
                    out.append(32)
                case .inline:
                    e.appendRendered(to: &out)
                }
            }
        }
    }

    static func escape(_ s: String) -> String {
        guard s.utf8.contains(where: { $0 == 38 || $0 == 60 || $0 == 62 || $0 == 34 }) else { return s }
        var out = ""
        for ch in s.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }
}
