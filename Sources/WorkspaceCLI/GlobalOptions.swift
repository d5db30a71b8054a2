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

    var path: String { db ?? Defaults.path }

    var userName: String {
        actingUser ?? Defaults.environment("WORKSPACE_USER") ?? Defaults.environment("USER") ?? loginName() ?? ""
    }

    /// The account's name from the password database, for shells that set no $USER.
    private func loginName() -> String? {
        guard let entry = getpwuid(getuid()), let name = entry.pointee.pw_name else { return nil }
        return String(cString: name)
    }

    var output: Output { Output(json: json) }

    /// $WORKSPACE_BUSY_TIMEOUT_MS shortens or lengthens the wait for another process's lock.
    var busyTimeout: Int32 { Defaults.busyTimeout }

    /// Opens the workspace as the acting user and runs `body`; with `$WORKSPACE_TOKEN` set, as
    /// that token's user within its scope (a script's key, kept out of the process list).
    func run(_ body: (Workspace, Output) throws -> Void) throws {
        if let token = Defaults.environment("WORKSPACE_TOKEN") {
            guard actingUser == nil else {
                throw ValidationError("--as and $WORKSPACE_TOKEN both say who acts: give one")
            }
            try body(try Workspace.open(at: path, token: token, source: .cli, busyTimeout: busyTimeout), output)
            return
        }
        let workspace = try Workspace.open(at: path, as: userName, busyTimeout: busyTimeout)
        try body(workspace, output)
    }

    /// Global options given before the subcommand (`workspace --db x.sqlite home`) moved after
    /// it, where every command declares them, as git, gh and kubectl users expect.
    static func hoisted(_ arguments: [String]) -> [String] {
        var leading: [String] = []
        var index = arguments.startIndex
        while index < arguments.endIndex, arguments[index].hasPrefix("-") {
            let argument = arguments[index]
            if argument == "--json" || argument.hasPrefix("--db=") || argument.hasPrefix("--as=") {
                leading.append(argument)
                index += 1
            } else if (argument == "--db" || argument == "--as"), index + 1 < arguments.endIndex {
                leading += [argument, arguments[index + 1]]
                index += 2
            } else {
                break  // --help, --version or a mistake: the parser answers it.
            }
        }
        guard !leading.isEmpty, index < arguments.endIndex else { return arguments }
        var rest = Array(arguments[index...])
        // Before a `--` terminator, so they stay options.
        rest.insert(contentsOf: leading, at: rest.firstIndex(of: "--") ?? rest.endIndex)
        return rest
    }
}
