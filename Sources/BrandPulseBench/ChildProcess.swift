import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What a finished child process cost: wall time, CPU time and peak resident memory (wait4's rusage).
struct ChildOutcome: Sendable {
    var status: Int32
    var seconds: Double
    var userSeconds: Double
    var systemSeconds: Double
    /// Peak resident set of the child (VmHWM from /proc, polled every 2 ms), in kilobytes.
    var maxRSSKilobytes: Int
    var stderrTail: String

    var maxRSSMegabytes: Double { Double(maxRSSKilobytes) / 1024 }
    var succeeded: Bool { status == 0 }
}

struct ChildProcessError: Error, CustomStringConvertible {
    var description: String
}

/// Runs a program with posix_spawnp and reaps it with wait4 (CPU times); the peak RSS is the child's
/// own VmHWM (getrusage(RUSAGE_CHILDREN) would mix every child this process ever had).
enum ChildProcess {
    /// - Parameters:
    ///   - stdoutPath: where standard output goes (default /dev/null).
    ///   - environment: extra variables on top of this process's environment.
    static func run(_ arguments: [String], stdoutPath: String = "/dev/null", environment: [String: String] = [:],
                    workingDirectory: String? = nil) throws -> ChildOutcome {
        precondition(!arguments.isEmpty)
        let stderrPath = NSTemporaryDirectory() + "brandpulse-bench-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).err"
        defer { unlink(stderrPath) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdoutPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)

        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for p in argv { free(p) }
            for p in envp { free(p) }
        }

        let previousDirectory = FileManager.default.currentDirectoryPath
        if let workingDirectory { _ = FileManager.default.changeCurrentDirectoryPath(workingDirectory) }
        defer { if workingDirectory != nil { _ = FileManager.default.changeCurrentDirectoryPath(previousDirectory) } }

        var pid: pid_t = 0
        let start = Stopwatch.now()
        let spawned = posix_spawnp(&pid, arguments[0], &actions, nil, argv, envp)
        guard spawned == 0 else {
            throw ChildProcessError(description: "cannot start \(arguments[0]): \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        var usage = rusage()
        var peakKilobytes = 0
        // Poll VmHWM (the high-water RSS of the child's own address space) until wait4 reaps it.
        // ru_maxrss is not used: after posix_spawn's vfork + exec the kernel seeds it with this
        // (large) process's peak, so it over-reports a small child.
        while true {
            let reaped = wait4(pid, &status, WNOHANG, &usage)
            if reaped == pid { break }
            if reaped < 0 {
                guard errno == EINTR else { throw ChildProcessError(description: "wait4 failed: \(String(cString: strerror(errno)))") }
                continue
            }
            peakKilobytes = max(peakKilobytes, Self.highWaterKilobytes(pid))
            usleep(2_000)
        }
        let seconds = Stopwatch.seconds(since: start)
        let exitStatus: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        let errText = (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? ""
        return ChildOutcome(
            status: exitStatus, seconds: seconds,
            userSeconds: Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6,
            systemSeconds: Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6,
            maxRSSKilobytes: peakKilobytes, stderrTail: String(errText.suffix(600)))
    }

    /// Runs `reps` times and keeps the fastest run (the least disturbed by other work on the machine).
    static func fastest(_ arguments: [String], reps: Int, stdoutPath: String = "/dev/null",
                        environment: [String: String] = [:], acceptStatus: Set<Int32> = [0]) throws -> ChildOutcome {
        var best: ChildOutcome?
        for _ in 0..<max(1, reps) {
            let outcome = try run(arguments, stdoutPath: stdoutPath, environment: environment)
            guard acceptStatus.contains(outcome.status) else {
                throw ChildProcessError(description: "\(arguments.joined(separator: " ")) exited \(outcome.status): \(outcome.stderrTail)")
            }
            if best == nil || outcome.seconds < best!.seconds { best = outcome }
        }
        return best!
    }

    /// VmHWM of a running process in kilobytes (0 once it has exited or when /proc is missing).
    static func highWaterKilobytes(_ pid: pid_t) -> Int {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return 0 }
        for line in text.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") ?? 0
        }
        return 0
    }

    /// The absolute path of a program on PATH, or nil.
    static func which(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}
