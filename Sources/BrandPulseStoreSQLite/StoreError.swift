import BrandPulseCore
import GRDB

/// A store failure, reworded for the user: the path, what happened, and what to do.
public struct StoreError: UserFacingError, Sendable {
    public let location: InputLocation?
    public let message: String
    public var exitStatus: ExitStatus { .fatal }

    init(path: String, underlying: Error) {
        location = InputLocation(file: path)
        if let error = underlying as? DatabaseError {
            switch error.resultCode {
            case .SQLITE_FULL, .SQLITE_IOERR:
                message = "disk full or write error: the last batch was rolled back and stored data is intact; free space and re-run"
            case .SQLITE_READONLY:
                message = "the store is read-only: check the file's permissions; nothing was written"
            case .SQLITE_CANTOPEN:
                message = "cannot open the store: check that the folder exists and is writable"
            case .SQLITE_CORRUPT, .SQLITE_NOTADB:
                message = "the file is not a BrandPulse SQLite store or is damaged"
            case .SQLITE_BUSY, .SQLITE_LOCKED:
                message = "the store is locked by another process for too long; try again"
            default:
                message = "SQLite error: \(error.message ?? error.resultCode.description)"
            }
        } else {
            message = "store error: \(underlying)"
        }
    }
}
