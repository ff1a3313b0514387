import Foundation

/// Prints alerts on standard output, one block each: for cron mail and terminals.
public struct StdoutAlertSink: AlertSink {
    public let name = "stdout"
    private let write: @Sendable (String) -> Void

    public init(write: @escaping @Sendable (String) -> Void = { FileHandle.standardOutput.write(Data($0.utf8)) }) {
        self.write = write
    }

    public func send(_ alert: AlertMessage) async throws {
        write("ALERT " + alert.body + "\n")
    }
}
