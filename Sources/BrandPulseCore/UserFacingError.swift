/// Where a user-caused problem is: a file with line and column, a config key, a feed, a URL.
public struct InputLocation: Sendable, Hashable, CustomStringConvertible {
    public var file: String?
    public var line: Int?
    public var column: Int?
    /// A config key path ("brands[2].aliases") or a source name.
    public var key: String?

    public init(file: String? = nil, line: Int? = nil, column: Int? = nil, key: String? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.key = key
    }

    /// `file:line:column: key`, leaving out what is unknown.
    public var description: String {
        var parts: [String] = []
        if let file {
            var position = file
            if let line {
                position += ":\(line)"
                if let column { position += ":\(column)" }
            }
            parts.append(position)
        }
        if let key { parts.append(key) }
        return parts.joined(separator: ": ")
    }
}

/// Exit statuses that scripts can rely on.
public enum ExitStatus: Int32, Sendable {
    case ok = 0
    /// Store failure, full disk: the transaction rolled back.
    case fatal = 1
    /// Usage or configuration error.
    case usage = 2
    /// The run finished, but some sources failed.
    case partialFailure = 3
    /// `alerts --exit-code`: the run was fine and at least one alert fired.
    case alertFired = 4
}

/// Every error a user can cause or fix. Printed as one line: `error: <location>: <message>`.
public protocol UserFacingError: Error, CustomStringConvertible {
    var location: InputLocation? { get }
    /// What went wrong and, where possible, how to fix it.
    var message: String { get }
    var hint: String? { get }
    var exitStatus: ExitStatus { get }
}

extension UserFacingError {
    public var hint: String? { nil }

    /// The one-line form printed on stderr (without the `error: ` prefix).
    public var description: String {
        var line = ""
        if let location, !location.description.isEmpty { line = "\(location): " }
        line += message
        if let hint { line += " (\(hint))" }
        return line
    }
}

/// A plain user-facing error for cases that need no type of their own.
public struct BrandPulseError: UserFacingError, Sendable {
    public var location: InputLocation?
    public var message: String
    public var hint: String?
    public var exitStatus: ExitStatus

    public init(_ message: String, at location: InputLocation? = nil, hint: String? = nil, exitStatus: ExitStatus = .fatal) {
        self.message = message
        self.location = location
        self.hint = hint
        self.exitStatus = exitStatus
    }
}
