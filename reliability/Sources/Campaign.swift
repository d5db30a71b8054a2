import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// SplitMix64: seeded, so a finding can be replayed with `--seed`.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// What the whole run shares: the binary, a scratch folder, the findings and the figures.
/// (Concurrent writers only call `run`, which reads constants: hence unchecked.)
final class Campaign: @unchecked Sendable {
    let binary: String
    let root: String
    let long: Bool
    /// Print every fuzz invocation with its exit code (`--trace`).
    var trace = false
    var random: SplitMix
    private(set) var findings: [String] = []
    private(set) var figures: [(String, String)] = []

    /// Where the crash and concurrency checks keep their workspaces.
    let engines: Engines

    init(binary: String, root: String, long: Bool, seed: UInt64, engines: Engines = Engines(postgres: nil)) {
        self.engines = engines
        self.binary = binary
        self.root = root
        self.long = long
        random = SplitMix(seed: seed)
    }

    /// Records a problem (printed at once, and counted at the end).
    func finding(_ text: String) {
        findings.append(text)
        say("  FINDING: \(text)")
    }

    func figure(_ name: String, _ value: String) {
        figures.append((name, value))
        say("  \(name): \(value)")
    }

    /// A new empty folder under the scratch root.
    func folder(_ name: String) throws -> String {
        let path = "\(root)/\(name)-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// The environment of a run: the file, the acting user, a busy timeout if given.
    func environment(db: String, user: String, busyTimeout: Int? = nil) -> [String] {
        var variables = ["WORKSPACE_DB=\(db)", "WORKSPACE_USER=\(user)", "PATH=/usr/bin:/bin", "LANG=C.UTF-8"]
        if let busyTimeout { variables.append("WORKSPACE_BUSY_TIMEOUT_MS=\(busyTimeout)") }
        return variables
    }

    /// Runs the binary to its end (10 s limit).
    func run(
        _ arguments: [String], db: String, user: String = "olivia", stdin: String = "/dev/null", busyTimeout: Int? = nil,
        launcher: [String] = [], timeout: Double = 10
    ) throws -> Outcome {
        try runBytes(
            arguments.map { Array($0.utf8) }, db: db, user: user, stdin: stdin, busyTimeout: busyTimeout, launcher: launcher,
            timeout: timeout)
    }

    func runBytes(
        _ arguments: [[UInt8]], db: String, user: String = "olivia", stdin: String = "/dev/null", busyTimeout: Int? = nil,
        launcher: [String] = [], timeout: Double = 10
    ) throws -> Outcome {
        let argv = launcher.map { Array($0.utf8) } + [Array(binary.utf8)] + arguments
        return try Child.start(argv, environment: environment(db: db, user: user, busyTimeout: busyTimeout), stdin: stdin, scratch: root)
            .wait(timeout: timeout)
    }

    /// Runs a command that must succeed (setting up), and gives its stdout.
    @discardableResult
    func must(_ arguments: [String], db: String, user: String = "olivia", stdin: String = "/dev/null") throws -> String {
        let outcome = try run(arguments, db: db, user: user, stdin: stdin)
        guard outcome.code == 0 else {
            throw Failure("setup failed: workspace \(arguments.prefix(6).joined(separator: " ")): \(outcome.described) \(outcome.stderr)")
        }
        return outcome.stdoutText
    }

    /// The `_id` of the JSON object a command printed with --json.
    func id(_ arguments: [String], db: String, user: String = "olivia") throws -> String {
        let text = try must(arguments + ["--json"], db: db, user: user)
        guard let range = text.range(of: #""_id" : ""#) ?? text.range(of: #""_id":""#) else {
            throw Failure("no _id in the output of \(arguments.prefix(4).joined(separator: " ")): \(text.prefix(200))")
        }
        return String(text[range.upperBound...].prefix(24))
    }

    func int(in range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &random) }
    func chance(_ probability: Double) -> Bool { Double.random(in: 0..<1, using: &random) < probability }
    func pick<T>(_ choices: [T]) -> T { choices[int(in: 0...(choices.count - 1))] }
}

/// Copies a workspace file (checkpointed, so without -wal and -shm) to a new path.
func copyWorkspace(_ from: String, to: String) throws {
    for suffix in ["", "-wal", "-shm"] { unlink(to + suffix) }
    try FileManager.default.copyItem(atPath: from, toPath: to)
}

/// Folds the write-ahead log into the file, so that the file alone is the workspace.
func checkpoint(_ path: String) throws {
    let store = try StoreFile(path, writable: true)
    _ = try store.rows("PRAGMA wal_checkpoint(TRUNCATE)")
}

func writeFile(_ path: String, _ bytes: [UInt8]) throws {
    try Data(bytes).write(to: URL(fileURLWithPath: path))
}

func readFile(_ path: String) throws -> [UInt8] {
    [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
}

/// Prints a line at once (unbuffered), so progress shows as it happens even into a file.
func say(_ text: String) {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
}
