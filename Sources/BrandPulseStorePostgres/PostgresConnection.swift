import CLibPQ
import Foundation

/// One libpq connection (`PGconn`), used by one thread at a time, that reconnects and reruns
/// the work when the server goes away.
///
/// Every libpq call here blocks. The `MentionStore` protocol is synchronous, so callers keep it off
/// Swift's cooperative pool (a `Thread` or a `DispatchQueue`, as ARCHITECTURE.md asks).
///
/// `@unchecked Sendable` invariant: `handle`, the `PGconn` it points to and every `PGresult` made from
/// it are touched only while `lock` is held, inside `withSession`. The `PostgresSession` handed to the
/// body is valid only during that call and is never stored (it is not `Sendable`, so it cannot
/// escape to another task). `server` and `url` are immutable.
final class PostgresConnection: @unchecked Sendable {
    let url: PostgresURL
    var server: String { url.redacted }

    private let lock = NSLock()
    /// Never nil; PQreset revives it in place after a lost connection.
    private let handle: OpaquePointer

    /// Connection attempts after a lost connection, and the pause before each.
    private static let reconnectDelays: [Double] = [0.25, 1, 2]
    /// Reruns after a deadlock or a serialization failure between concurrent collectors.
    private static let maximumConflictRetries = 8

    /// Connects, or throws a `PostgresStoreError` that names the server and says what to do.
    init(url: PostgresURL) throws {
        self.url = url
        handle = try Self.connect(url)
    }

    deinit {
        PQfinish(handle)
    }

    /// Runs `body` with exclusive use of the connection, inside one transaction when `transaction`
    /// is true. If the connection breaks, it reconnects and reruns `body` (up to three times); on a
    /// deadlock or serialization failure it rolls back and reruns it. So `body` must be safe to
    /// rerun: it should do nothing but database work and return what it read.
    ///
    /// One ambiguity remains, as with any client: if the connection breaks after the server committed
    /// but before the reply arrived, the rerun finds its rows stored and reports them as duplicates.
    /// The data stays right; only that batch's `IngestResult` undercounts.
    func withSession<T>(transaction: Bool, _ body: (PostgresSession) throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        var reconnects = 0
        var conflicts = 0
        while true {
            do {
                let session = try connectedSession()
                if transaction { try session.execute("BEGIN") }
                let value = try body(session)
                if transaction { try session.execute("COMMIT") }
                return value
            } catch let failure as PostgresFailure {
                let connectionBroken = PQstatus(handle) != CONNECTION_OK
                if !connectionBroken, transaction {
                    PQclear(PQexec(handle, "ROLLBACK"))
                }
                if connectionBroken || failure.isConnectionFailure {
                    if reconnects < Self.reconnectDelays.count {
                        Thread.sleep(forTimeInterval: Self.reconnectDelays[reconnects])
                        reconnects += 1
                        continue
                    }
                    throw failure.userFacing(server: server, connectionBroken: true)
                }
                if failure.isTransientConflict, conflicts < Self.maximumConflictRetries {
                    conflicts += 1
                    // A short random pause so that the two sides of a deadlock do not collide again.
                    Thread.sleep(forTimeInterval: Double.random(in: 0.005...0.05) * Double(conflicts))
                    continue
                }
                throw failure.userFacing(server: server, connectionBroken: false)
            } catch {
                if transaction, PQstatus(handle) == CONNECTION_OK {
                    PQclear(PQexec(handle, "ROLLBACK"))
                }
                throw error
            }
        }
    }

    /// The session on a working connection: resets a broken one first.
    private func connectedSession() throws -> PostgresSession {
        if PQstatus(handle) != CONNECTION_OK {
            PQreset(handle)
            if PQstatus(handle) != CONNECTION_OK {
                throw PostgresFailure(connectionMessage: Self.errorMessage(handle))
            }
        }
        return PostgresSession(handle: handle)
    }

    // MARK: - Connecting

    private static func connect(_ url: PostgresURL) throws -> OpaquePointer {
        do {
            return try open(url)
        } catch let failure as PostgresFailure {
            throw failure.userFacing(server: url.redacted, connectionBroken: true)
        }
    }

    /// Opens a connection; libpq parses the URL. Defaults come first so that the URL's own
    /// `?connect_timeout=` or `?application_name=` override them.
    private static func open(_ url: PostgresURL) throws -> OpaquePointer {
        let options: [(String, String)] = [
            ("connect_timeout", "10"),
            ("application_name", "brandpulse"),
            ("client_encoding", "UTF8"),
            // Notice a dead server or network within about a minute instead of waiting forever.
            ("keepalives_idle", "30"),
            ("keepalives_interval", "10"),
            ("keepalives_count", "3"),
            ("tcp_user_timeout", "60000"),
            ("dbname", url.connectionString),
        ]
        let keywords = options.map { strdup($0.0) }
        let values = options.map { strdup($0.1) }
        defer {
            keywords.forEach { free($0) }
            values.forEach { free($0) }
        }
        var keywordPointers = keywords.map { UnsafePointer<CChar>($0) } + [nil]
        var valuePointers = values.map { UnsafePointer<CChar>($0) } + [nil]
        guard let connection = PQconnectdbParams(&keywordPointers, &valuePointers, 1) else {
            throw PostgresFailure(connectionMessage: "out of memory")
        }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = errorMessage(connection)
            PQfinish(connection)
            throw PostgresFailure(connectionMessage: message)
        }
        // libpq prints server notices ("relation already exists, skipping") on stderr by default;
        // a library must not. The processor is kept across PQreset.
        PQsetNoticeProcessor(connection, { _, _ in }, nil)
        return connection
    }

    fileprivate static func errorMessage(_ handle: OpaquePointer) -> String {
        PQerrorMessage(handle).map { String(cString: $0) } ?? "unknown error"
    }
}

/// The connection while `PostgresConnection.withSession` holds its lock. Not `Sendable`, and never
/// stored: it must not outlive the call it was handed to.
struct PostgresSession {
    fileprivate let handle: OpaquePointer

    fileprivate init(handle: OpaquePointer) {
        self.handle = handle
    }

    /// Runs one statement with parameters sent separately from the SQL (`PQexecParams`), in text format.
    @discardableResult
    func execute(_ sql: String, _ parameters: PostgresParameters = PostgresParameters()) throws -> PostgresResult {
        let result = parameters.withArguments { types, values, count in
            PQexecParams(handle, sql, count, types, values, nil, nil, 0)
        }
        return try check(result)
    }

    private func check(_ pointer: OpaquePointer?) throws -> PostgresResult {
        guard let pointer else {
            throw PostgresFailure(connectionMessage: PostgresConnection.errorMessage(handle))
        }
        let result = PostgresResult(pointer)
        switch PQresultStatus(pointer) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK:
            return result
        default:
            let field: (Int32) -> String? = { code in PQresultErrorField(pointer, code).map { String(cString: $0) } }
            let message = PQresultErrorMessage(pointer).map { String(cString: $0) } ?? ""
            throw PostgresFailure(
                sqlState: field(Int32(UInt8(ascii: "C"))),
                primary: field(Int32(UInt8(ascii: "M"))) ?? message,
                message: message.isEmpty ? PostgresConnection.errorMessage(handle) : message
            )
        }
    }
}

/// What went wrong inside a session, before it is known whether a retry will help.
struct PostgresFailure: Error {
    var sqlState: String?
    var primary: String
    var message: String
    /// No result at all, or the connection could not be opened.
    var isConnectionFailure: Bool

    init(sqlState: String?, primary: String, message: String) {
        self.sqlState = sqlState
        self.primary = primary
        self.message = message
        // Class 08: connection exception; 57P01-03: the server is shutting down or restarting.
        isConnectionFailure = sqlState.map { $0.hasPrefix("08") || ["57P01", "57P02", "57P03"].contains($0) } ?? false
    }

    init(connectionMessage: String) {
        sqlState = nil
        primary = connectionMessage
        message = connectionMessage
        isConnectionFailure = true
    }

    /// Deadlock or serialization failure: rolling back and running again is the documented remedy.
    var isTransientConflict: Bool { sqlState == "40P01" || sqlState == "40001" }

    func userFacing(server: String, connectionBroken: Bool) -> PostgresStoreError {
        if connectionBroken || isConnectionFailure {
            return .connectionFailed(server: server, libpqMessage: message)
        }
        return .queryFailed(server: server, sqlState: sqlState, primary: primary, libpqMessage: message)
    }
}

/// Parameters for `PQexecParams`, in text format with explicit types, packed in one buffer.
struct PostgresParameters {
    // PostgreSQL type OIDs (pg_type.dat).
    private static let textOID: Oid = 25
    private static let float8OID: Oid = 701
    private static let int8OID: Oid = 20

    private var bytes: [UInt8] = []
    /// Offset of each value in `bytes`, or -1 for NULL.
    private var offsets: [Int] = []
    private var types: [Oid] = []

    init() {}

    init(reservingCapacity count: Int) {
        offsets.reserveCapacity(count)
        types.reserveCapacity(count)
        bytes.reserveCapacity(count * 16)
    }

    var count: Int { offsets.count }

    mutating func append(_ value: String?) {
        guard let value else { return appendNull(Self.textOID) }
        offsets.append(bytes.count)
        types.append(Self.textOID)
        let utf8 = value.utf8
        if utf8.contains(0) {
            // PostgreSQL text cannot hold NUL, and libpq would cut the value there.
            bytes.append(contentsOf: utf8.lazy.filter { $0 != 0 })
        } else {
            bytes.append(contentsOf: utf8)
        }
        bytes.append(0)
    }

    mutating func append(_ value: Double?) {
        guard let value else { return appendNull(Self.float8OID) }
        let text: String
        if value.isNaN {
            text = "NaN"
        } else if value.isInfinite {
            text = value < 0 ? "-Infinity" : "Infinity"
        } else {
            // Swift prints the shortest text that reads back as the same Double.
            text = value.description
        }
        appendRaw(text, type: Self.float8OID)
    }

    mutating func append(_ value: Int?) {
        guard let value else { return appendNull(Self.int8OID) }
        appendRaw(String(value), type: Self.int8OID)
    }

    mutating func append(_ value: Int64) {
        appendRaw(String(value), type: Self.int8OID)
    }

    /// Appends a one-dimensional array (`text[]`, `float8[]`, `int8[]`) in PostgreSQL's text form,
    /// `{"a","b",NULL}`, for `unnest($1::text[], …)`: one parameter per column instead of one per value.
    mutating func appendArray<Element>(
        of kind: PostgresArrayWriter.Kind, _ elements: some Sequence<Element>,
        _ write: (inout PostgresArrayWriter, Element) -> Void
    ) {
        var writer = PostgresArrayWriter(bytes: bytes)
        bytes = []  // hand the storage over without copying
        offsets.append(writer.bytes.count)
        types.append(kind.rawValue)
        writer.bytes.append(UInt8(ascii: "{"))
        var first = true
        for element in elements {
            if !first { writer.bytes.append(UInt8(ascii: ",")) }
            first = false
            write(&writer, element)
        }
        writer.bytes.append(UInt8(ascii: "}"))
        writer.bytes.append(0)
        bytes = writer.bytes
    }

    private mutating func appendRaw(_ text: String, type: Oid) {
        offsets.append(bytes.count)
        types.append(type)
        bytes.append(contentsOf: text.utf8)
        bytes.append(0)
    }

    private mutating func appendNull(_ type: Oid) {
        offsets.append(-1)
        types.append(type)
    }

    func withArguments<R>(
        _ body: (UnsafePointer<Oid>?, UnsafePointer<UnsafePointer<CChar>?>?, Int32) -> R
    ) -> R {
        bytes.withUnsafeBufferPointer { buffer in
            let base = buffer.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) }
            let pointers: [UnsafePointer<CChar>?] = offsets.map { offset in
                guard offset >= 0, let base else { return nil }
                return base + offset
            }
            return types.withUnsafeBufferPointer { types in
                pointers.withUnsafeBufferPointer { values in
                    body(types.baseAddress, values.baseAddress, Int32(offsets.count))
                }
            }
        }
    }
}

/// Writes the elements of one array parameter; see `PostgresParameters.appendArray`.
struct PostgresArrayWriter {
    /// The array type's OID (pg_type.dat); the SQL casts the parameter to the same type.
    enum Kind: Oid {
        case text = 1009  // text[]
        case float8 = 1022  // float8[]
        case int8 = 1016  // int8[]
    }

    fileprivate var bytes: [UInt8]

    private static let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")
    private static let null: [UInt8] = Array("NULL".utf8)

    mutating func append(_ value: String?) {
        guard let value else { return bytes.append(contentsOf: Self.null) }
        bytes.append(Self.quote)
        let utf8 = value.utf8
        if utf8.contains(where: { $0 == Self.quote || $0 == Self.backslash || $0 == 0 }) {
            for byte in utf8 where byte != 0 {  // text cannot hold NUL
                if byte == Self.quote || byte == Self.backslash { bytes.append(Self.backslash) }
                bytes.append(byte)
            }
        } else {
            bytes.append(contentsOf: utf8)
        }
        bytes.append(Self.quote)
    }

    mutating func append(_ value: Double?) {
        guard let value else { return bytes.append(contentsOf: Self.null) }
        if value.isNaN {
            bytes.append(contentsOf: "NaN".utf8)
        } else if value.isInfinite {
            bytes.append(contentsOf: (value < 0 ? "-Infinity" : "Infinity").utf8)
        } else {
            bytes.append(contentsOf: value.description.utf8)
        }
    }

    mutating func append(_ value: Int?) {
        guard let value else { return bytes.append(contentsOf: Self.null) }
        bytes.append(contentsOf: String(value).utf8)
    }

    mutating func append(_ value: Int64) {
        bytes.append(contentsOf: String(value).utf8)
    }
}

/// A `PGresult`, cleared when the last reference goes. Read it inside the session that made it.
final class PostgresResult {
    private let pointer: OpaquePointer

    fileprivate init(_ pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit { PQclear(pointer) }

    var rowCount: Int { Int(PQntuples(pointer)) }

    var columnCount: Int { Int(PQnfields(pointer)) }

    /// Rows a command touched (`PQcmdTuples`): inserted, updated or deleted.
    var affectedRows: Int {
        PQcmdTuples(pointer).flatMap { Int(String(cString: $0)) } ?? 0
    }

    func isNull(_ row: Int, _ column: Int) -> Bool {
        PQgetisnull(pointer, Int32(row), Int32(column)) != 0
    }

    func string(_ row: Int, _ column: Int) -> String? {
        guard !isNull(row, column), let value = PQgetvalue(pointer, Int32(row), Int32(column)) else { return nil }
        return String(cString: value)
    }

    func double(_ row: Int, _ column: Int) -> Double? {
        guard let text = string(row, column) else { return nil }
        switch text {
        case "NaN": return .nan
        case "Infinity": return .infinity
        case "-Infinity": return -.infinity
        default: return Double(text)
        }
    }

    func int(_ row: Int, _ column: Int) -> Int? {
        string(row, column).flatMap { Int($0) }
    }
}

extension String {
    /// The string as a PostgreSQL text value stores it: without NUL characters, which text cannot
    /// hold and which libpq would cut the value at. Itself when there are none (the usual case).
    var storable: String {
        utf8.contains(0) ? String(decoding: utf8.lazy.filter { $0 != 0 }, as: UTF8.self) : self
    }
}
