import Foundation

/// A connection URL as given (`postgres://user:pass@host:port/db`), and the same without secrets
/// for messages and logs.
struct PostgresURL: Sendable {
    /// What libpq receives: the URL unchanged (libpq parses URIs and `key=value` strings itself).
    let connectionString: String
    /// `postgres://user@host:port/db`: no password, no query parameters (they may hold one).
    let redacted: String

    init(_ string: String) {
        connectionString = string
        redacted = Self.redact(string)
    }

    private static func redact(_ string: String) -> String {
        let lowered = string.lowercased()
        if lowered.hasPrefix("postgres://") || lowered.hasPrefix("postgresql://") {
            guard var components = URLComponents(string: string) else {
                // Unparsable by Foundation: keep the scheme and the part after the last "@".
                let scheme = lowered.hasPrefix("postgresql://") ? "postgresql://" : "postgres://"
                let rest = string.dropFirst(scheme.count)
                let host = rest.split(separator: "@").last.map(String.init) ?? ""
                return scheme + (host.split(separator: "?").first.map(String.init) ?? "")
            }
            components.password = nil
            components.query = nil
            components.fragment = nil
            return components.string ?? "postgres://"
        }
        // A `key=value` conninfo string: drop the password pair.
        return string.split(separator: " ")
            .filter { !$0.lowercased().hasPrefix("password=") }
            .joined(separator: " ")
    }
}
