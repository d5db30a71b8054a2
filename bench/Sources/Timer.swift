import Workspace

#if canImport(Glibc)
    import Glibc
#endif

/// Runs a command as a whole process several times after a warm-up.
struct Timer {
    struct Timing {
        let samples: [Double]
        let peakKilobytes: Int

        var median: String { String(format3(samples.sorted()[samples.count / 2])) + " ms" }
        var spread: String { format3(samples.min() ?? 0) + "–" + format3(samples.max() ?? 0) + " ms" }
        var peakMemory: String { String(peakKilobytes / 1024) + " MB" }

        private func format3(_ value: Double) -> String {
            let rounded = (value * 10).rounded() / 10
            return String(rounded)
        }
    }

    static func measure(binary: String, arguments: [String], runs: Int) throws -> Timing {
        _ = try spawn(binary, arguments)
        var samples: [Double] = []
        var peak = 0
        for _ in 0..<max(1, runs) {
            let (milliseconds, kilobytes) = try spawn(binary, arguments)
            samples.append(milliseconds)
            peak = max(peak, kilobytes)
        }
        return Timing(samples: samples, peakKilobytes: peak)
    }

    /// Wall time in ms and peak resident memory in KB of one run; output goes to /dev/null.
    static func spawn(_ binary: String, _ arguments: [String]) throws -> (Double, Int) {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        let argv: [UnsafeMutablePointer<CChar>?] = ([binary] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var start = timespec()
        clock_gettime(CLOCK_MONOTONIC, &start)
        var pid: pid_t = 0
        guard posix_spawn(&pid, binary, &actions, nil, argv, environ) == 0 else {
            throw WorkspaceError(.notFound, "cannot run \(binary); build it with `swift build -c release`")
        }
        var status: Int32 = 0
        var usage = rusage()
        wait4(pid, &status, 0, &usage)
        var end = timespec()
        clock_gettime(CLOCK_MONOTONIC, &end)
        guard status == 0 else {
            throw WorkspaceError(.refused, "\(binary) \(arguments.joined(separator: " ")) failed with status \(status)")
        }
        let elapsed = Double(end.tv_sec - start.tv_sec) * 1000 + Double(end.tv_nsec - start.tv_nsec) / 1_000_000
        return (elapsed, usage.ru_maxrss)
    }
}
