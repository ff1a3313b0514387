/// RFC 3986 §5.2 reference resolution, by hand (Foundation's URL is slow and rejects much of what feeds contain).
enum URLResolver {
    /// `reference` made absolute against `base`; the reference itself when there is no usable base.
    static func resolve(_ reference: String, against base: String?) -> String {
        let ref = trimmed(reference)
        guard let base, !base.isEmpty else { return ref }
        if scheme(of: ref) != nil { return ref }
        guard let b = Parts(base), let scheme = b.scheme else { return ref }
        let schemePart = scheme + ":"
        if ref.hasPrefix("//") { return schemePart + ref }
        let authority = b.authority.map { "//" + $0 } ?? ""
        if ref.isEmpty { return schemePart + authority + b.path + (b.query.map { "?" + $0 } ?? "") }
        if ref.hasPrefix("#") { return schemePart + authority + b.path + (b.query.map { "?" + $0 } ?? "") + ref }
        if ref.hasPrefix("?") { return schemePart + authority + b.path + ref }
        var (path, rest) = splitPath(ref)
        if path.hasPrefix("/") {
            path = removeDotSegments(path)
        } else {
            let merged: String
            if b.authority != nil && b.path.isEmpty {
                merged = "/" + path
            } else if let slash = b.path.lastIndex(of: "/") {
                merged = b.path[...slash] + path
            } else {
                merged = path
            }
            path = removeDotSegments(merged)
        }
        return schemePart + authority + path + rest
    }

    static func trimmed(_ s: String) -> String {
        guard let first = s.utf8.first, let last = s.utf8.last, first <= 32 || last <= 32 else { return s }
        return String(s.drop(while: { $0.isWhitespace }).reversed().drop(while: { $0.isWhitespace }).reversed())
    }

    /// The scheme when `s` starts with one (`http:`), else nil.
    static func scheme(of s: String) -> String? {
        var end = s.utf8.startIndex
        var first = true
        for c in s.utf8 {
            if c == UInt8(ascii: ":") { return first ? nil : String(s[..<end]) }
            let letter = (c | 0x20) >= 97 && (c | 0x20) <= 122
            let other = (c >= 48 && c <= 57) || c == UInt8(ascii: "+") || c == UInt8(ascii: "-") || c == UInt8(ascii: ".")
            if !(letter || (!first && other)) { return nil }
            first = false
            end = s.utf8.index(after: end)
        }
        return nil
    }

    /// True when `s` is an absolute URL with a scheme and something after it.
    static func looksLikeURL(_ s: String) -> Bool {
        guard let scheme = scheme(of: s)?.lowercased() else { return false }
        return ["http", "https", "ftp", "file", "mailto", "news", "gopher", "feed"].contains(scheme) || s.contains("://")
    }

    private static func splitPath(_ s: String) -> (String, String) {
        if let i = s.firstIndex(where: { $0 == "?" || $0 == "#" }) { return (String(s[..<i]), String(s[i...])) }
        return (s, "")
    }

    private struct Parts {
        var scheme: String?
        var authority: String?
        var path: String
        var query: String?

        init?(_ s: String) {
            var rest = Substring(s)
            if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
            if let scheme = URLResolver.scheme(of: String(rest)) {
                self.scheme = scheme
                rest = rest.dropFirst(scheme.count + 1)
            }
            if rest.hasPrefix("//") {
                rest = rest.dropFirst(2)
                let end = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
                authority = String(rest[..<end])
                rest = rest[end...]
            }
            if let q = rest.firstIndex(of: "?") {
                query = String(rest[rest.index(after: q)...])
                rest = rest[..<q]
            }
            path = String(rest)
        }
    }

    static func removeDotSegments(_ path: String) -> String {
        guard path.contains(".") else { return path }
        var output: [Substring] = []
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        for (k, seg) in segments.enumerated() {
            let last = k == segments.count - 1
            if seg == "." {
                if last { output.append("") }
            } else if seg == ".." {
                if output.count > 1 { output.removeLast() }
                if last { output.append("") }
            } else {
                output.append(seg)
            }
        }
        var joined = output.joined(separator: "/")
        if path.hasPrefix("/") && !joined.hasPrefix("/") { joined = "/" + joined }
        return joined
    }
}
