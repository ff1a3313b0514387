import CLibXML2

/// Takes entry elements off the tree as soon as they end, so that a large feed never exists as one
/// big tree: the element is read into a raw entry and freed.
protocol XMLEntrySink: AnyObject {
    /// Returns true when it consumed `element` (which is then detached from its parent).
    func consume(_ element: XMLElement, root: XMLElement, depth: Int) -> Bool
}

/// What the libxml2 pass produced: the root element, or nothing, plus the problems it met.
struct XMLParseResult {
    var root: XMLElement?
    var diagnostics: [String]
    var firstError: (message: String, line: Int, column: Int)?
}

/// Builds an `XMLElement` tree with libxml2's SAX2 push parser in recovery mode.
///
/// One parser context per parse, with its own structured error handler; no network, no external
/// entities (a global loader refuses them all), no entity substitution option, and limits on
/// entity expansions and nesting depth checked in the callbacks.
enum XMLTreeParser {
    /// libxml2's process-wide setup, done once.
    private static let initialized: Bool = {
        xmlInitParser()
        bp_install_external_entity_guard()
        return true
    }()

    /// Parses `bytes` as they come out of `preprocessor`, in chunks.
    static func parse(_ bytes: [UInt8], preprocessor: inout XMLPreprocessor, documentURL: String?, limits: FeedLimits,
                      entrySink: XMLEntrySink? = nil) throws(FeedError) -> XMLParseResult {
        _ = initialized
        bp_silence_generic_errors()
        let state = TreeBuilder(limits: limits, documentURL: documentURL)
        state.entrySink = entrySink
        var sax = xmlSAXHandler()
        sax.initialized = bp_sax2_magic()
        // The callbacks borrow the builder without retaining it: `run` keeps it alive for the whole parse.
        sax.startElementNs = { ctx, localname, prefix, uri, _, _, attributeCount, _, attributes in
            TreeBuilder.borrow(ctx) { $0.startElement(localname, prefix, uri, Int(attributeCount), attributes) }
        }
        sax.endElementNs = { ctx, _, _, _ in TreeBuilder.borrow(ctx) { $0.endElement() } }
        sax.characters = { ctx, ch, len in TreeBuilder.borrow(ctx) { $0.characters(ch, Int(len)) } }
        sax.ignorableWhitespace = sax.characters
        sax.cdataBlock = sax.characters
        sax.serror = { ctx, error in
            guard let ctx, let error else { return }
            TreeBuilder.from(ctx)?.record(error.pointee)
        }
        // The DTD machinery stays libxml2's own (it needs the context as user data), except the
        // entity lookup, which counts expansions and never hands out an external entity.
        sax.startDocument = xmlSAX2StartDocument
        sax.internalSubset = xmlSAX2InternalSubset
        sax.entityDecl = xmlSAX2EntityDecl
        sax.isStandalone = xmlSAX2IsStandalone
        sax.hasInternalSubset = xmlSAX2HasInternalSubset
        sax.hasExternalSubset = xmlSAX2HasExternalSubset
        sax.getParameterEntity = xmlSAX2GetParameterEntity
        sax.resolveEntity = { _, _, _ in nil }
        sax.getEntity = { ctx, name in
            guard let builder = TreeBuilder.from(ctx) else { return nil }
            builder.entityLookups += 1
            if builder.entityLookups > builder.limits.maxEntityExpansions {
                builder.entityLimitExceeded = true
                xmlStopParser(ctx?.assumingMemoryBound(to: xmlParserCtxt.self))
                return nil
            }
            guard let entity = xmlSAX2GetEntity(ctx, name) else { return nil }
            switch entity.pointee.etype {
            case XML_INTERNAL_GENERAL_ENTITY, XML_INTERNAL_PREDEFINED_ENTITY:
                // Few references to one large entity (the "quadratic blowup") also count, by volume.
                builder.entityBytes += Int(entity.pointee.length)
                if builder.entityBytes > builder.limits.maxBytes {
                    builder.entityLimitExceeded = true
                    xmlStopParser(ctx?.assumingMemoryBound(to: xmlParserCtxt.self))
                    return nil
                }
                return entity
            default:
                return nil // external entities are never expanded
            }
        }

        guard let ctxt = xmlCreatePushParserCtxt(&sax, nil, nil, 0, nil) else {
            throw FeedError(.parserUnavailable)
        }
        return try run(ctxt, bytes: bytes, preprocessor: &preprocessor, state: state)
    }

    /// Runs the push parser over the whole document. Recovery works there (not in xmlTextReader), and
    /// unlike a static memory buffer it keeps discarding parsed input, so large feeds need no XML_PARSE_HUGE.
    private static func run(_ ctxt: xmlParserCtxtPtr, bytes: [UInt8], preprocessor: inout XMLPreprocessor,
                            state: TreeBuilder) throws(FeedError) -> XMLParseResult {
        let options = Int32(XML_PARSE_RECOVER.rawValue | XML_PARSE_NONET.rawValue | XML_PARSE_IGNORE_ENC.rawValue
            | XML_PARSE_NOCDATA.rawValue)
        xmlCtxtUseOptions(ctxt, options)
        let unmanaged = Unmanaged.passRetained(state)
        bp_ctxt_set_private(ctxt, unmanaged.toOpaque())
        state.context = ctxt
        defer {
            if let doc = bp_ctxt_doc(ctxt) { xmlFreeDoc(doc); bp_ctxt_clear_doc(ctxt) }
            xmlFreeParserCtxt(ctxt)
            unmanaged.release()
        }
        // Small segments are gathered into a staging buffer; large runs go to libxml2 directly.
        let chunk = 1 << 18
        var staging: [UInt8] = []
        staging.reserveCapacity(chunk)
        func push(_ segment: UnsafeBufferPointer<UInt8>) {
            var offset = 0
            guard let start = segment.baseAddress else { return }
            while offset < segment.count && !state.stopped {
                let size = min(chunk, segment.count - offset)
                let base = UnsafeRawPointer(start + offset).assumingMemoryBound(to: CChar.self)
                _ = xmlParseChunk(ctxt, base, Int32(size), 0)
                offset += size
            }
        }
        preprocessor.process(bytes) { segment in
            if staging.count + segment.count > chunk {
                staging.withUnsafeBufferPointer { push($0) }
                staging.removeAll(keepingCapacity: true)
            }
            if segment.count >= chunk { push(segment) } else { staging.append(contentsOf: segment) }
        }
        staging.withUnsafeBufferPointer { push($0) }
        if !state.stopped { _ = xmlParseChunk(ctxt, nil, 0, 1) }
        state.finish()
        if state.entityLimitExceeded { throw FeedError(.entityExpansionLimit(references: state.limits.maxEntityExpansions, bytes: state.limits.maxBytes)) }
        if state.depthExceeded { throw FeedError(.nestingTooDeep(state.limits.maxDepth), line: state.depthLine) }
        return XMLParseResult(root: state.root, diagnostics: state.diagnostics, firstError: state.firstError)
    }
}
