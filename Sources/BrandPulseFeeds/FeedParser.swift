import BrandPulseCore

/// Parses a feed document of any supported format into the normalized `ParsedFeed`.
///
/// Formats: RSS 0.9x/2.0, RSS 1.0 (RDF), Atom 0.3/1.0, JSON Feed 1.0/1.1, Mastodon statuses, Reddit
/// listings, Hacker News (Algolia) search results, and any JSON through a `JSONFieldMapping`.
/// Each format has a reader that produces its raw structure and an adapter that turns it into
/// `FeedEntry` values (plain text, absolute links, UTC dates), following the normalization contract
/// of the conformance corpus. XML goes through libxml2's SAX2 push parser in recovery mode, with no
/// network, no external entities and bounded entity expansion, size and depth (`FeedLimits`).
///
/// Recoverable problems (ill-formed XML that libxml2 recovered, a wrong encoding declaration) are
/// listed in `ParsedFeed.diagnostics` and the entries found are kept; only a document that cannot be
/// used at all throws.
public struct FeedParser: Sendable {
    public var limits: FeedLimits

    public init(limits: FeedLimits = FeedLimits()) {
        self.limits = limits
    }

    /// Parses one document. Throws only when the document is unusable: too large, not a feed, not
    /// well-formed beyond recovery, or over an expansion or nesting limit.
    /// - Parameters:
    ///   - data: the document as fetched.
    ///   - format: the format, or `.auto` to detect it.
    ///   - documentURL: where the document came from; relative links resolve against it.
    ///   - contentType: the HTTP Content-Type, whose charset is honoured.
    ///   - mapping: how to read a `.json` document (and an `.auto` one of unknown shape).
    public func parse(_ data: [UInt8], format: FeedFormat = .auto, documentURL: String? = nil,
                      contentType: String? = nil, mapping: JSONFieldMapping? = nil) throws(FeedError) -> ParsedFeed {
        guard data.count <= limits.maxBytes else { throw FeedError(.tooLarge(limit: limits.maxBytes)) }
        switch FormatDetector.syntax(of: data, format: format) {
        case .json: return try JSONSource.parse(data, format: format, mapping: mapping, limits: limits)
        case .xml: return try XMLSource.parse(data, documentURL: documentURL, contentType: contentType, limits: limits)
        }
    }
}
