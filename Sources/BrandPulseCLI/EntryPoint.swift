import ArgumentParser
import BrandPulseCore
import Foundation

/// Maps every failure to a one-line message and a stable exit code. ArgumentParser's own usage
/// code on Linux is 64 (EX_USAGE); scripts get 2 for any usage or config error instead.
@main
enum EntryPoint {
    static func main() async {
        let status: Int32
        do {
            var command = try BrandPulseCommand.parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            status = 0
        } catch let error as UserFacingError {
            Console.error("error: \(error.description)")
            status = error.exitStatus.rawValue
        } catch let exit as ExitCode {
            status = exit.rawValue
        } catch {
            let code = BrandPulseCommand.exitCode(for: error)
            let message = BrandPulseCommand.fullMessage(for: error)
            if code == .success {
                Console.write(message + "\n")
                status = 0
            } else if code.rawValue == 64 || code == .validationFailure {
                Console.error(message.split(separator: "\n").first.map(String.init) ?? message)
                status = ExitStatus.usage.rawValue
            } else {
                Console.error(message.isEmpty ? "error: \(error)" : message)
                status = code.rawValue == 0 ? 1 : code.rawValue
            }
        }
        exit(status)
    }
}
