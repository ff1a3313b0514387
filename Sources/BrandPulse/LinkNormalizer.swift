import Foundation

/// The cross-source identity of a link: scheme and host lower-cased, fragment and tracking parameters
/// (utm_*, fbclid, gclid, …) removed, so the same article shared from two feeds is stored once.
public enum LinkNormalizer {
    static let trackingParameters: Set<String> = [
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "mc_cid", "mc_eid", "igshid",
        "_hsenc", "_hsmi", "mkt_tok", "ref_src", "ref_url", "si", "s_cid", "cmpid", "spm",
    ]

    public static func normalize(_ link: String) -> String {
        var text = link.trimmingCharacters(in: .whitespacesAndNewlines)
        if let hash = text.firstIndex(of: "#") { text = String(text[..<hash]) }
        var query: Substring?
        if let mark = text.firstIndex(of: "?") {
            query = text[text.index(after: mark)...]
            text = String(text[..<mark])
        }
        if let schemeEnd = text.range(of: "://") {
            let scheme = text[..<schemeEnd.lowerBound].lowercased()
            let rest = text[schemeEnd.upperBound...]
            let hostEnd = rest.firstIndex(of: "/") ?? rest.endIndex
            var host = rest[..<hostEnd].lowercased()
            if host.hasPrefix("www.") { host.removeFirst(4) }
            if scheme == "http" && host.hasSuffix(":80") { host.removeLast(3) }
            if scheme == "https" && host.hasSuffix(":443") { host.removeLast(4) }
            var path = String(rest[hostEnd...])
            if path.count > 1 && path.hasSuffix("/") { path.removeLast() }
            // http and https of one page are the same mention.
            let normalizedScheme = scheme == "http" ? "https" : scheme
            text = normalizedScheme + "://" + host + path
        }
        if let query {
            let kept = query.split(separator: "&").filter { pair in
                let name = pair.split(separator: "=", maxSplits: 1).first.map { $0.lowercased() } ?? ""
                return !name.hasPrefix("utm_") && !trackingParameters.contains(name)
            }.sorted()
            if !kept.isEmpty { text += "?" + kept.joined(separator: "&") }
        }
        return text
    }
}
