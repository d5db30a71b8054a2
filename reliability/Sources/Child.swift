import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// How a run of the binary ended.
struct Outcome {
    /// The exit code, or nil when a signal ended it.
    let code: Int32?
    let signal: Int32?
    let timedOut: Bool
    let stdout: [UInt8]
    let stderr: String
    let milliseconds: Double

    var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    var described: String {
        if timedOut { return "hung (killed after the time limit)" }
        if let signal { return "killed by signal \(signal)" }
        return "exit \(code ?? -1)"
    }
}

/// A running `workspace` process whose output goes to files.
struct Child {
    let pid: pid_t
    let outPath: String
    let errPath: String
    let started: Double

    /// Starts `argv` (bytes, so that arguments need not be UTF-8) with `environment`, stdin
    /// from `stdin` (default /dev/null), through `launcher` when given (e.g. setpriv).
    static func start(
        _ argv: [[UInt8]], environment: [String], stdin: String = "/dev/null", scratch: String
    ) throws -> Child {
        let token = UUID().uuidString
        let outPath = "\(scratch)/\(token).out"
        let errPath = "\(scratch)/\(token).err"
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stdin, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let arguments: [UnsafeMutablePointer<CChar>?] =
            argv.map { bytes in
                let pointer = UnsafeMutablePointer<CChar>.allocate(capacity: bytes.count + 1)
                for (index, byte) in bytes.enumerated() { pointer[index] = CChar(bitPattern: byte) }
                pointer[bytes.count] = 0
                return pointer
            } + [nil]
        let variables: [UnsafeMutablePointer<CChar>?] = environment.map { strdup($0) } + [nil]
        defer {
            arguments.forEach { $0?.deallocate() }
            variables.forEach { free($0) }
        }
        var pid: pid_t = 0
        let path = String(decoding: argv[0], as: UTF8.self)
        let status = posix_spawn(&pid, path, &actions, nil, arguments, variables)
        guard status == 0 else { throw Failure("cannot run \(path): error \(status)") }
        return Child(pid: pid, outPath: outPath, errPath: errPath, started: Clock.now())
    }

    /// Waits up to `timeout` seconds (then kills it), and collects its output.
    func wait(timeout: Double = 10) -> Outcome {
        var status: Int32 = 0
        var pause: UInt32 = 100
        var timedOut = false
        while waitpid(pid, &status, WNOHANG) == 0 {
            if Clock.now() - started > timeout * 1000 {
                Glibc.kill(pid, SIGKILL)
                waitpid(pid, &status, 0)
                timedOut = true
                break
            }
            usleep(pause)
            pause = min(pause * 2, 5_000)
        }
        return finish(status: status, timedOut: timedOut)
    }

    /// True until the process has ended (it is not collected here).
    var isRunning: Bool {
        var info = siginfo_t()
        return waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info._sifields._kill.si_pid == 0
    }

    /// SIGTERM now, SIGKILL after 10 s, then collect.
    func terminate() -> Outcome {
        Glibc.kill(pid, SIGTERM)
        return wait(timeout: 10)
    }

    /// SIGKILL now, then collect.
    func kill() -> Outcome {
        Glibc.kill(pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        return finish(status: status, timedOut: false)
    }

    private func finish(status: Int32, timedOut: Bool) -> Outcome {
        let elapsed = Clock.now() - started
        let out = (try? Data(contentsOf: URL(fileURLWithPath: outPath))).map { [UInt8]($0) } ?? []
        let err = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
        unlink(outPath)
        unlink(errPath)
        let signaled = (status & 0x7F) != 0 && (status & 0x7F) != 0x7F
        return Outcome(
            code: signaled ? nil : (status >> 8) & 0xFF, signal: signaled ? status & 0x7F : nil, timedOut: timedOut,
            stdout: out, stderr: err, milliseconds: elapsed)
    }
}

enum Clock {
    /// Milliseconds on the monotonic clock.
    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) * 1000 + Double(time.tv_nsec) / 1_000_000
    }
}

struct Failure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
