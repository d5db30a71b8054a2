import ArgumentParser
import Workspace

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// --db, --as and --json, accepted by every command.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "The workspace file (default: $WORKSPACE_DB, else ./workspace.sqlite).")
    var db: String?

    @Option(name: .customLong("as"), help: "Act as this user (default: $WORKSPACE_USER, else $USER).")
    var actingUser: String?

    @Flag(name: .long, help: "Print one JSON value instead of text for people.")
    var json = false

    var path: String { db ?? environment("WORKSPACE_DB") ?? "./workspace.sqlite" }

    var userName: String {
        actingUser ?? environment("WORKSPACE_USER") ?? environment("USER") ?? loginName() ?? ""
    }

    /// The account's name from the password database, for shells that set no $USER.
    private func loginName() -> String? {
        guard let entry = getpwuid(getuid()), let name = entry.pointee.pw_name else { return nil }
        return String(cString: name)
    }

    var output: Output { Output(json: json) }

    /// $WORKSPACE_BUSY_TIMEOUT_MS shortens or lengthens the wait for another process's lock.
    var busyTimeout: Int32 {
        environment("WORKSPACE_BUSY_TIMEOUT_MS").flatMap { Int32($0) } ?? Database.defaultBusyTimeout
    }

    /// Opens the workspace as the acting user and runs `body`; library errors become exit codes.
    func run(_ body: (Workspace, Output) throws -> Void) throws {
        try Self.reportingErrors {
            let workspace = try Workspace.open(at: path, as: userName, busyTimeout: busyTimeout)
            try body(workspace, output)
        }
    }

    /// Prints a library error the SPEC §0 way and exits with its code.
    static func reportingErrors(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as WorkspaceError {
            Output.error(error.message, hint: error.hint)
            throw ExitCode(error.exitCode)
        }
    }

    private func environment(_ name: String) -> String? {
        guard let value = getenv(name) else { return nil }
        let text = String(cString: value)
        return text.isEmpty ? nil : text
    }
}
