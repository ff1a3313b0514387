import BrandPulseCore

/// A document that cannot be used as a feed. Recoverable problems go to `ParsedFeed.diagnostics` instead.
public struct FeedError: UserFacingError, Sendable, Equatable {
    enum Reason: Sendable, Equatable {
        case tooLarge(limit: Int)
        case empty
        case notWellFormed(String)
        case notAFeed(String)
        case entityExpansionLimit(references: Int, bytes: Int)
        case nestingTooDeep(Int)
        case invalidJSON(String)
        case mappingRequired
        case badMapping(String)
        case parserUnavailable
    }

    let reason: Reason
    public var location: InputLocation?

    init(_ reason: Reason, file: String? = nil, line: Int? = nil, column: Int? = nil) {
        self.reason = reason
        if file != nil || line != nil {
            location = InputLocation(file: file, line: line, column: column)
        }
    }

    public var message: String {
        switch reason {
        case .tooLarge(let limit): return "document exceeds \(FeedError.size(limit))"
        case .empty: return "empty document"
        case .notWellFormed(let detail): return "not well-formed XML: \(detail)"
        case .notAFeed(let what): return "not a feed: \(what)"
        case .entityExpansionLimit(let references, let bytes):
            return "XML entity expansion limit exceeded (at most \(references) references and \(FeedError.size(bytes)) of expanded text)"
        case .nestingTooDeep(let limit): return "XML nesting deeper than \(limit) levels"
        case .invalidJSON(let detail): return "not valid JSON: \(detail)"
        case .mappingRequired: return "not a feed: JSON of an unknown shape"
        case .badMapping(let detail): return "JSON field mapping does not fit the document: \(detail)"
        case .parserUnavailable: return "the XML parser could not be created"
        }
    }

    public var hint: String? {
        switch reason {
        case .tooLarge: return "raise FeedLimits.maxBytes if the source is trusted"
        case .mappingRequired: return "give the source a JSON field mapping (items, id, title, text, ...)"
        case .notAFeed: return "check that the URL points at the feed and not at a web page"
        default: return nil
        }
    }

    public var exitStatus: ExitStatus { .partialFailure }

    /// The same error, located in `file`.
    public func located(in file: String) -> FeedError {
        var copy = self
        copy.location = InputLocation(file: file, line: location?.line, column: location?.column, key: location?.key)
        return copy
    }

    static func size(_ bytes: Int) -> String {
        if bytes >= 1 << 20 && bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
        if bytes >= 1 << 10 && bytes % (1 << 10) == 0 { return "\(bytes >> 10) KiB" }
        return "\(bytes) bytes"
    }
}
