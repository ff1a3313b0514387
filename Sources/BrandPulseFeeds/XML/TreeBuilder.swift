import CLibXML2

/// The per-parse state behind the C callbacks. Lives only for one `XMLTreeParser.parse` call on one thread.
final class TreeBuilder {
    let limits: FeedLimits
    let documentURL: String?
    var entrySink: XMLEntrySink?
    var context: xmlParserCtxtPtr?
    @exclusivity(unchecked) var root: XMLElement?
    @exclusivity(unchecked) var stack: [XMLElement] = []
    @exclusivity(unchecked) var pending: [UInt8] = []
    /// A small direct-mapped cache of names by address (see `name(_:)`).
    @exclusivity(unchecked) var nameSlots = [NameSlot](repeating: NameSlot(), count: 512)
    var entityLookups = 0
    var entityBytes = 0
    var entityLimitExceeded = false
    var depthExceeded = false
    var depthLine: Int?
    var diagnostics: [String] = []
    var firstError: (message: String, line: Int, column: Int)?

    var stopped: Bool { entityLimitExceeded || depthExceeded }

    init(limits: FeedLimits, documentURL: String?) {
        self.limits = limits
        self.documentURL = documentURL
        stack.reserveCapacity(64)
        pending.reserveCapacity(4096)
    }

    @inline(__always)
    static func borrow(_ ctx: UnsafeMutableRawPointer?, _ body: (TreeBuilder) -> Void) {
        guard let p = bp_ctxt_private(ctx) else { return }
        Unmanaged<TreeBuilder>.fromOpaque(p)._withUnsafeGuaranteedRef(body)
    }

    static func from(_ ctx: UnsafeMutableRawPointer?) -> TreeBuilder? {
        bp_ctxt_private(ctx).map { Unmanaged<TreeBuilder>.fromOpaque($0).takeUnretainedValue() }
    }

    /// Strings for libxml2's names, cached by address: the parser interns names, namespace URIs and
    /// prefixes in its dictionary (xmlDictLookup), which lives as long as the parse.
    @inline(__always) func name(_ p: UnsafePointer<xmlChar>) -> String {
        let address = UInt(bitPattern: p)
        let index = Int((address >> 3 ^ address >> 12) & 511)
        if nameSlots[index].address == address, let cached = nameSlots[index].name { return cached }
        let s = String(cString: p)
        nameSlots[index] = NameSlot(address: address, name: s)
        return s
    }


    func flushText() {
        guard !pending.isEmpty else { return }
        if let parent = stack.last {
            // Whitespace-only runs (the indentation between elements) all collapse to one space later,
            // so they share one small string instead of each being validated and stored.
            let blank = pending.allSatisfy { $0 == 32 || $0 == 10 || $0 == 9 || $0 == 13 }
            parent.appendText(blank ? " " : String(decoding: pending, as: UTF8.self))
        }
        pending.removeAll(keepingCapacity: true)
    }

    // Inside an XHTML element (Atom `type="xhtml"` content's div, RSS `xhtml:body`) only text matters:
    // the descendants are not built as elements but rendered into the container's text as they come,
    // by the contract's HTML rules (block elements as spaces, script and style dropped).
    @exclusivity(unchecked) private var flattened: [Sanitizer.TagKind] = []
    private var skippedText = 0

    private func startFlattened(_ localname: UnsafePointer<xmlChar>) {
        var length = 0
        while localname[length] != 0 { length += 1 }
        let kind = Sanitizer.tagKind(UnsafeBufferPointer(start: localname, count: length), 0, length)
        flattened.append(kind)
        if kind == .rawText { skippedText += 1 } else if kind == .block && skippedText == 0 { pending.append(32) }
    }

    private func endFlattened() {
        guard let kind = flattened.popLast() else { return }
        if kind == .rawText { skippedText -= 1 } else if kind == .block && skippedText == 0 { pending.append(32) }
    }

    func startElement(_ localname: UnsafePointer<xmlChar>?, _ prefix: UnsafePointer<xmlChar>?, _ uri: UnsafePointer<xmlChar>?,
                      _ attributeCount: Int, _ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?) {
        guard let localname else { return }
        if stack.count + flattened.count >= limits.maxDepth {
            depthExceeded = true
            depthLine = context.map { Int(xmlSAX2GetLineNumber($0)) }
            xmlStopParser(context)
            return
        }
        if !flattened.isEmpty || stack.last?.namespace == XMLNamespace.xhtml {
            startFlattened(localname)
            return
        }
        flushText()
        if stack.count >= limits.maxDepth {
            depthExceeded = true
            depthLine = context.map { Int(xmlSAX2GetLineNumber($0)) }
            xmlStopParser(context)
            return
        }
        let prefixString = prefix.map(name)
        let namespace = uri.map(name) ?? prefixString.flatMap(XMLNamespace.forUndeclaredPrefix) ?? (prefixString.map { $0 + ":" } ?? "")
        let parent = stack.last
        var base = parent?.base ?? documentURL
        var lang = parent?.lang
        var attrs: [XMLAttribute] = []
        if attributeCount > 0, let attributes {
            attrs.reserveCapacity(attributeCount)
            for k in 0..<attributeCount {
                guard let attrName = attributes[k * 5] else { continue }
                let attrPrefix = attributes[k * 5 + 1].map(name)
                let attrURI = attributes[k * 5 + 2].map(name) ?? attrPrefix.flatMap(XMLNamespace.forUndeclaredPrefix) ?? ""
                var value = ""
                if let start = attributes[k * 5 + 3], let end = attributes[k * 5 + 4] {
                    value = String(decoding: UnsafeBufferPointer(start: start, count: end - start), as: UTF8.self)
                    // Without entity substitution libxml2 hands back "&" as "&#38;" in attribute values.
                    if value.utf8.contains(UInt8(ascii: "&")) { value = value.replacingOccurrences(of: "&#38;", with: "&") }
                }
                let attribute = XMLAttribute(name: name(attrName), namespace: attrURI, prefix: attrPrefix, value: value)
                if attrURI == XMLNamespace.xml {
                    if attribute.name == "base" { base = URLResolver.resolve(value, against: base) }
                    else if attribute.name == "lang" { lang = value }
                }
                attrs.append(attribute)
            }
        }
        let line = context.map { Int(xmlSAX2GetLineNumber($0)) } ?? 0
        let element = XMLElement(name: name(localname), namespace: namespace, prefix: prefixString,
                                 attributes: attrs, base: base, lang: lang, line: line)
        if let parent {
            parent.appendElement(element)
        } else if root == nil {
            root = element
        } else {
            return // a second root in a recovered document: ignore it
        }
        stack.append(element)
    }

    func endElement() {
        if !flattened.isEmpty {
            endFlattened()
            return
        }
        flushText()
        guard let element = stack.popLast() else { return }
        if let entrySink, let root, let parent = stack.last, entrySink.consume(element, root: root, depth: stack.count + 1) {
            parent.removeLastChild(ifItIs: element)
        }
    }

    func characters(_ ch: UnsafePointer<xmlChar>?, _ len: Int) {
        guard let ch, len > 0, !stack.isEmpty, skippedText == 0 else { return }
        pending.append(contentsOf: UnsafeBufferPointer(start: ch, count: len))
    }

    func finish() {
        flushText()
    }

    func record(_ error: xmlError) {
        if error.code == XML_ERR_ENTITY_LOOP.rawValue { entityLimitExceeded = true }
        if error.level == XML_ERR_WARNING { return }
        let message = error.message.map { String(cString: $0) }?.trimmingTrailingNewline ?? "error \(error.code)"
        if message.hasPrefix("Excessive depth") { depthExceeded = true; depthLine = Int(error.line) }
        if message.contains("amplification") { entityLimitExceeded = true }
        if firstError == nil { firstError = (message, Int(error.line), Int(error.int2)) }
        if diagnostics.count < 20 {
            diagnostics.append("\(error.line):\(error.int2): \(message)")
        }
    }
}

struct NameSlot {
    var address: UInt = 0
    var name: String?
}

extension String {
    fileprivate var trimmingTrailingNewline: String {
        var s = self
        while s.last == "\n" || s.last == "\r" { s.removeLast() }
        return s
    }
}
