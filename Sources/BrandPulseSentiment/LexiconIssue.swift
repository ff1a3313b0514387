import BrandPulseCore

/// One problem found in a lexicon file, reported as `file:line: message`.
public struct LexiconIssue: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable, Codable {
        /// The line cannot be used: the loader refuses the lexicon.
        case error
        /// The line loads but is probably wrong (duplicates, short or colliding stems).
        case warning
    }

    /// Path relative to the lexicon directory ("pl/sentiment.tsv"), or the path given for user lexicons.
    public var file: String
    public var line: Int
    public var message: String
    public var severity: Severity

    public init(file: String, line: Int, message: String, severity: Severity = .error) {
        self.file = file
        self.line = line
        self.message = message
        self.severity = severity
    }

    public var description: String { "\(file):\(line): \(message)" }
}

/// The lexicon could not be loaded. Carries every error found, the first one as its location.
public struct LexiconError: UserFacingError, Sendable {
    public var issues: [LexiconIssue]

    public init(issues: [LexiconIssue]) { self.issues = issues }

    public var location: InputLocation? {
        guard let first = issues.first else { return nil }
        return InputLocation(file: first.file, line: first.line)
    }

    public var message: String {
        guard let first = issues.first else { return "lexicon could not be loaded" }
        let more = issues.count > 1 ? " (and \(issues.count - 1) more problem\(issues.count == 2 ? "" : "s"))" : ""
        return first.message + more
    }

    public var hint: String? { "run `brandpulse lexicons` to list every problem" }

    public var exitStatus: ExitStatus { .usage }
}
