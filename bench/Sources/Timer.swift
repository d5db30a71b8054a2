import Workspace

#if canImport(Glibc)
    import Glibc
#endif

/// Wall times and peak memory of one command over several runs.
struct Timing {
    let samples: [Double]
    let peakKilobytes: Int

    var median: Double { samples.sorted()[samples.count / 2] }
    var minimum: Double { samples.min() ?? 0 }
    var maximum: Double { samples.max() ?? 0 }
    var peakMegabytes: Double { Double(peakKilobytes) / 1024 }
}

/// Runs a command as a whole process several times after a warm-up.
enum Timer {
    /// `command(n)` gives the argv of run n; the warm-up is run number `runs`, so writes that
    /// need a fresh target each time never repeat one.
    static func measure(runs: Int, _ command: (Int) -> [String]) throws -> Timing {
        _ = try spawn(command(runs))
        var samples: [Double] = []
        var peak = 0
        for run in 0..<runs {
            let (milliseconds, kilobytes) = try spawn(command(run))
            samples.append(milliseconds)
            peak = max(peak, kilobytes)
        }
        return Timing(samples: samples, peakKilobytes: peak)
    }

    /// Wall time in ms and peak resident memory in KB of one run; its output goes to `output`,
    /// /dev/null by default, or to this process's own unless `quiet` is off.
    @discardableResult
    static func spawn(_ argv: [String], quiet: Bool = true, output: String = "/dev/null") throws -> (Double, Int) {
        var start = timespec()
        clock_gettime(CLOCK_MONOTONIC, &start)
        let pid = try launch(argv, quiet: quiet, output: output)
        let peak = try finish(pid, argv)
        var end = timespec()
        clock_gettime(CLOCK_MONOTONIC, &end)
        let elapsed = Double(end.tv_sec - start.tv_sec) * 1000 + Double(end.tv_nsec - start.tv_nsec) / 1_000_000
        return (elapsed, peak)
    }

    /// Starts `argv` (its standard output into `output` when quiet) without waiting for it.
    static func launch(_ argv: [String], quiet: Bool = true, output: String = "/dev/null") throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if quiet { posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o644) }
        let arguments: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { arguments.forEach { free($0) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, argv[0], &actions, nil, arguments, environ) == 0 else {
            throw WorkspaceError(.notFound, "cannot run \(argv[0]); build it with `swift build -c release`")
        }
        return pid
    }

    /// Waits for a launched process; returns its peak memory (KiB). A failure throws.
    static func finish(_ pid: pid_t, _ argv: [String]) throws -> Int {
        var status: Int32 = 0
        var usage = rusage()
        wait4(pid, &status, 0, &usage)
        guard status == 0 else {
            throw WorkspaceError(.refused, "\(argv.prefix(4).joined(separator: " ")) … failed with status \(status)")
        }
        return usage.ru_maxrss
    }
}
