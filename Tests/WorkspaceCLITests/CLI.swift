import Foundation
import Testing
@testable import Workspace
@testable import WorkspaceStore

/// The built `workspace` binary, run as a separate process on a temporary workspace file.
struct CLI {
    struct Result {
        let stdout: String
        let stderr: String
        let code: Int32

        /// The stdout parsed as JSON (for commands run with --json).
        func json() throws -> JSONValue { try JSONValue(parsing: stdout) }
    }

    let folder: URL
    let path: String

    /// A new folder with no workspace in it yet; the workspace's place is a file in it, or
    /// with WORKSPACE_TEST_ENGINE=postgresql a new, empty database of WORKSPACE_TEST_POSTGRES's
    /// server.
    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        path = try Self.newWorkspaceLocation(in: folder)
    }

    static let postgres: String? = {
        let environment = ProcessInfo.processInfo.environment
        return environment["WORKSPACE_TEST_ENGINE"] == "postgresql" ? environment["WORKSPACE_TEST_POSTGRES"] : nil
    }()

    private static func newWorkspaceLocation(in folder: URL) throws -> String {
        guard let admin = postgres else { return folder.appendingPathComponent("workspace.sqlite").path }
        return try newDatabase(on: admin)
    }

    /// A new, empty database on the PostgreSQL server `admin` names; its address.
    static func newDatabase(on admin: String) throws -> String {
        let name = "cli_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try Store(address: admin).execute("CREATE DATABASE \(name)")
        return String(admin[..<(admin.lastIndex(of: "/") ?? admin.endIndex)]) + "/" + name
    }

    /// A new workspace owned by olivia.
    static func initialized() throws -> CLI {
        let cli = try CLI()
        let result = try cli.run("init", "--owner", "olivia")
        #expect(result.code == 0, "\(result.stderr)")
        return cli
    }

    static var binary: URL {
        if let override = ProcessInfo.processInfo.environment["WORKSPACE_BIN"] {
            return URL(fileURLWithPath: override)
        }
        let testBinary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        return testBinary.deletingLastPathComponent().appendingPathComponent("workspace")
    }

    /// Runs `workspace ARGS` with $WORKSPACE_DB set to this workspace and $WORKSPACE_USER to `user`.
    @discardableResult
    func run(_ arguments: String..., as user: String = "olivia", environment: [String: String] = [:]) throws -> Result {
        try run(arguments, as: user, environment: environment)
    }

    /// `input` is written to the command's standard input; `launcher` runs `binary` through
    /// another program (e.g. setpriv, to act as another system user).
    func run(
        _ arguments: [String], as user: String = "olivia", environment: [String: String] = [:], input: String? = nil,
        launcher: [String] = [], binary: URL = Self.binary
    ) throws -> Result {
        var env = ProcessInfo.processInfo.environment
        env["WORKSPACE_DB"] = path
        env["WORKSPACE_USER"] = user
        env.merge(environment) { $1 }
        guard let program = launcher.first else { return try Self.spawn(binary, arguments, environment: env, input: input) }
        return try Self.spawn(
            URL(fileURLWithPath: program), Array(launcher.dropFirst()) + [binary.path] + arguments, environment: env, input: input)
    }

    /// Runs a program with exactly `environment`, in `directory` (default: this process's).
    static func spawn(
        _ executable: URL, _ arguments: [String], environment: [String: String], directory: URL? = nil, input: String? = nil
    ) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = environment
        if let directory { process.currentDirectoryURL = directory }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let stdin = Pipe()
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try stdin.fileHandleForWriting.close()
        // Read both pipes before waiting, so a large output cannot block the child.
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self),
            code: process.terminationStatus)
    }

    /// Runs a command that must succeed and returns its JSON output.
    func json(_ arguments: String..., as user: String = "olivia") throws -> JSONValue {
        let result = try run(arguments + ["--json"], as: user)
        #expect(result.code == 0, "\(arguments): \(result.stderr)")
        return try result.json()
    }

    /// The file's bytes and its content dump, to prove that a refused command wrote nothing.
    func state() throws -> (bytes: Data, dump: String) {
        if Store.isAddress(path) { return (Data(), try Store(address: path).contentDump()) }
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        // A file that is not a workspace has no dump; its bytes alone must stay the same.
        let dump = (try? Store(path: path).contentDump()) ?? "not a workspace"
        return (bytes, dump)
    }

    /// Runs a command that must fail with `code`, an `error:` line containing `message`, and no change.
    @discardableResult
    func expectFailure(
        _ code: Int32, _ message: String, _ arguments: String..., as user: String = "olivia",
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> Result {
        let before = try state()
        let result = try run(arguments, as: user)
        #expect(result.code == code, "exit \(result.code): \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.contains(message), "stderr: \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stdout.isEmpty, "stdout: \(result.stdout)", sourceLocation: sourceLocation)
        #expect(result.stderr.hasPrefix("error: "), sourceLocation: sourceLocation)
        let after = try state()
        #expect(after.dump == before.dump, "the command changed the content", sourceLocation: sourceLocation)
        #expect(after.bytes == before.bytes, "the command changed the file", sourceLocation: sourceLocation)
        return result
    }

    /// A port for a test's server: below Linux's ephemeral range (32768 and up), which the
    /// tests' own client connections (to PostgreSQL, to the servers) draw from.
    static func serverPort() -> Int { Int.random(in: 20_000...32_000) }

    /// The `_id` of a JSON result.
    static func id(_ value: JSONValue) -> String { value["_id"]?.stringValue ?? "" }
}

extension Trait where Self == ConditionTrait {
    /// A test of SQLite's own file, SQL or locks: skipped, and said so, when the suite runs on
    /// PostgreSQL (WORKSPACE_TEST_ENGINE=postgresql).
    static var sqliteOnly: Self {
        .enabled(if: CLI.postgres == nil, "tests SQLite's own file, SQL or locks")
    }
}
