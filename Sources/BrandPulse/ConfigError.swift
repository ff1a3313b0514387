import BrandPulseCore

/// A problem in the YAML config, located by file, line and key path.
public struct ConfigError: UserFacingError, Sendable {
    public let location: InputLocation?
    public let message: String
    public var exitStatus: ExitStatus { .usage }

    public init(file: String, line: Int? = nil, column: Int? = nil, key: String? = nil, _ message: String) {
        location = InputLocation(file: file, line: line, column: column, key: key)
        self.message = message
    }
}
