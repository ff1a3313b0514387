import BrandPulseCore

/// A PostgreSQL store failure, reworded for the user: which server (never the password), what happened,
/// and what to do. One line; `detail` keeps libpq's own words for `--verbose`.
public struct PostgresStoreError: UserFacingError, Sendable {
    /// What kind of failure, so that callers and tests need not read the message.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        fileprivate enum Base: String {
            case connectionFailed = "connection failed"
            case connectionLost = "connection lost"
            case queryFailed = "query failed"
            case invalidURL = "invalid URL"
            case unexpectedResult = "unexpected result"
        }

        fileprivate let base: Base

        /// The server could not be reached or refused the login.
        public static let connectionFailed = Code(base: .connectionFailed)
        /// The connection broke and reconnecting did not help.
        public static let connectionLost = Code(base: .connectionLost)
        /// The server rejected a statement; the transaction rolled back.
        public static let queryFailed = Code(base: .queryFailed)
        /// The store URL could not be parsed.
        public static let invalidURL = Code(base: .invalidURL)
        /// The server answered with something the store does not understand.
        public static let unexpectedResult = Code(base: .unexpectedResult)

        public var description: String { base.rawValue }
    }

    public let code: Code
    /// The server as `postgres://user@host:port/db`, without the password.
    public let server: String
    public let message: String
    /// SQLSTATE of a server error ("23505"), when there is one.
    public let sqlState: String?
    /// libpq's full message, for `--verbose`.
    public let detail: String?

    public var location: InputLocation? { nil }
    public var exitStatus: ExitStatus { .fatal }

    init(code: Code, server: String, message: String, sqlState: String? = nil, detail: String? = nil) {
        self.code = code
        self.server = server
        self.message = message
        self.sqlState = sqlState
        self.detail = detail
    }

    /// A failed connection attempt, from libpq's `PQerrorMessage`.
    static func connectionFailed(server: String, libpqMessage: String) -> PostgresStoreError {
        let lowered = libpqMessage.lowercased()
        let advice: String
        if lowered.contains("connection refused") {
            advice = "connection refused — is the server running?"
        } else if lowered.contains("password authentication failed") || lowered.contains("no password supplied") {
            advice = "password authentication failed — check the user and password in the URL"
        } else if lowered.contains("does not exist") && lowered.contains("database") {
            advice = "the database does not exist — create it (createdb) or fix the URL"
        } else if lowered.contains("does not exist") && lowered.contains("role") {
            advice = "the role does not exist — create it (CREATE ROLE … LOGIN) or fix the URL"
        } else if lowered.contains("could not translate host name") || lowered.contains("name or service not known") {
            advice = "unknown host — check the host name in the URL"
        } else if lowered.contains("timeout expired") || lowered.contains("timed out") {
            advice = "timed out — check the host, the port and any firewall"
        } else if lowered.contains("no pg_hba.conf entry") {
            advice = "the server does not accept this client — add a line for it to pg_hba.conf"
        } else if lowered.contains("too many clients") || lowered.contains("remaining connection slots") {
            advice = "the server has too many connections — raise max_connections or run fewer collectors"
        } else if lowered.contains("the database system is starting up") || lowered.contains("shutting down") {
            advice = "the server is starting up or shutting down — try again in a moment"
        } else {
            advice = firstLine(of: libpqMessage) + " — check the URL and that the server is running"
        }
        return PostgresStoreError(
            code: .connectionFailed, server: server, message: "cannot connect to \(server): \(advice)",
            detail: libpqMessage.trimmingWhitespace()
        )
    }

    /// A statement the server rejected.
    static func queryFailed(server: String, sqlState: String?, primary: String, libpqMessage: String) -> PostgresStoreError {
        let text: String
        switch sqlState {
        case "53100":
            text = "the server's disk is full: the last batch was rolled back and stored data is intact; free space and re-run"
        case "53200":
            text = "the server is out of memory: the last batch was rolled back; try again or use smaller batches"
        case "42501":
            text = "permission denied (\(primary)): grant the role rights on the BrandPulse tables"
        case "25006":
            text = "the server is read-only (a standby?): point the URL at the primary"
        default:
            text = "\(primary)\(sqlState.map { " (SQLSTATE \($0))" } ?? ""): the transaction was rolled back"
        }
        return PostgresStoreError(
            code: .queryFailed, server: server, message: "PostgreSQL error on \(server): \(text)",
            sqlState: sqlState, detail: libpqMessage.trimmingWhitespace()
        )
    }

    /// The connection broke and could not be re-established.
    static func connectionLost(server: String, libpqMessage: String) -> PostgresStoreError {
        PostgresStoreError(
            code: .connectionLost, server: server,
            message: "lost the connection to \(server) and could not reconnect: \(firstLine(of: libpqMessage))"
                + " — is the server running? The last batch was rolled back; re-run",
            detail: libpqMessage.trimmingWhitespace()
        )
    }

    static func unexpectedResult(server: String, _ what: String) -> PostgresStoreError {
        PostgresStoreError(
            code: .unexpectedResult, server: server,
            message: "unexpected answer from \(server): \(what) — is this a BrandPulse database?"
        )
    }

    private static func firstLine(of text: String) -> String {
        let line = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        let trimmed = line.trimmingWhitespace()
        return trimmed.isEmpty ? "unknown error" : trimmed
    }
}

extension String {
    fileprivate func trimmingWhitespace() -> String {
        var view = Substring(self)
        while let first = view.first, first.isWhitespace { view.removeFirst() }
        while let last = view.last, last.isWhitespace { view.removeLast() }
        return String(view)
    }
}
