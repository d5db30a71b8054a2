import ArgumentParser
import Workspace

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

struct WorkspaceCommand: ParsableCommand {
    static let version = "2.0.0-dev"

    static let configuration = CommandConfiguration(
        commandName: "workspace",
        abstract: "Organize integrator.io-style workspaces: integrations, flows, APIs and tools in one SQLite file.",
        version: version,
        subcommands: commands.map(\.type)
    )

    /// The top-level commands by name, in help's order. Named here as well as in their own
    /// configurations (a test checks that the two agree) so that a command line finds its
    /// command without evaluating every group's configuration, which would build the type of
    /// every command there is.
    static let commands: [(name: String, type: ParsableCommand.Type)] = [
        ("init", Init.self), ("integration", IntegrationCommand.self), ("home", Home.self), ("flow", FlowCommand.self),
        ("group", GroupCommand.self), ("api", APICommand.self), ("tool", ToolCommand.self),
        ("connection", ConnectionCommand.self), ("export", ExportCommand.self), ("import", ImportCommand.self),
        ("audit", AuditCommand.self), ("user", UserCommand.self), ("whoami", WhoAmI.self),
        ("settings", SettingsCommand.self), ("alias", AliasCommand.self), ("script", ScriptCommand.self),
        ("revision", RevisionCommand.self), ("recycle-bin", RecycleBinCommand.self), ("sync", SyncCommand.self),
        ("token", TokenCommand.self), ("serve", Serve.self), ("db", DbCommand.self),
    ]
}

/// The entry point (swift-argument-parser's ManualParsing pattern): every failure, the
/// library's and the parser's alike, is reported here once, as `error:` with SPEC §0's exit code.
@main
enum Main {
    static func main() {
        let arguments = GlobalOptions.hoisted(Array(CommandLine.arguments.dropFirst()))
        do {
            try refuseInvalidUTF8()
            var command = try parse(arguments)
            try command.run()
        } catch {
            exit(code(for: error))
        }
    }

    /// The command the arguments name, parsed on its own when they name one plainly: the parser
    /// then reflects that one command instead of building the tree of all of them, which is most
    /// of a short command's start-up. Anything it does not take as it is (help, version,
    /// completions, a mistake) is parsed again from the root, so every answer and message is the
    /// root's own; the first attempt's error is the same one, said with the full command path.
    private static func parse(_ arguments: [String]) throws -> ParsableCommand {
        if let (leaf, rest) = leafCommand(named: arguments),
            let command = try? leaf.parseAsRoot(rest)
        {
            return command
        }
        return try WorkspaceCommand.parseAsRoot(arguments)
    }

    /// The leaf command named by the leading words (`flow list` …) and the arguments after them,
    /// unless an argument asks the parser itself for something.
    private static func leafCommand(named arguments: [String]) -> (ParsableCommand.Type, [String])? {
        guard !arguments.contains(where: asksTheParser), let first = arguments.first,
            var command = WorkspaceCommand.commands.first(where: { $0.name == first })?.type
        else { return nil }
        var index = arguments.startIndex + 1
        while case let subcommands = command.configuration.subcommands, !subcommands.isEmpty {
            guard index < arguments.endIndex, let next = subcommands.first(where: { $0._commandName == arguments[index] })
            else { return nil }
            command = next
            index += 1
        }
        return (command, Array(arguments[index...]))
    }

    private static func asksTheParser(_ argument: String) -> Bool {
        ["-h", "-help", "--help", "--version", "help"].contains(argument)
            || argument.hasPrefix("--generate-completion-script") || argument.hasPrefix("--experimental")
    }

    private static func code(for error: Error) -> Int32 {
        switch error {
        case let error as WorkspaceError:
            Output.error(error.message, hint: error.hint)
            if let diagnostic = error.diagnostic, Defaults.environment("WORKSPACE_DEBUG") == "1" {
                Output.note("debug: \(diagnostic)")
            }
            return error.exitCode
        case let exit as ExitCode:
            return exit.rawValue
        default:
            let code = WorkspaceCommand.exitCode(for: error)
            // Help and --version are answers, printed the parser's way.
            guard code != .success else { WorkspaceCommand.exit(withError: error) }
            Output.error(
                lowercasedFirst(WorkspaceCommand.message(for: error)),
                hint: "see `workspace help` or add --help to the command")
            return usageError
        }
    }

    /// Swift repairs invalid UTF-8 in arguments with U+FFFD, which would store a name nobody
    /// typed: such an argument is refused as invalid input (exit 3), before anything is read.
    private static func refuseInvalidUTF8() throws {
        for index in 1..<Int(CommandLine.argc) {
            guard let raw = CommandLine.unsafeArgv[index], String(validatingCString: raw) == nil else { continue }
            throw WorkspaceError(
                .invalid, "argument \(index) is not valid UTF-8 text", hint: "check the terminal's or the script's encoding")
        }
    }

    /// SPEC §0: a command-line usage error exits 64 (EX_USAGE).
    static let usageError: Int32 = 64

    private static func lowercasedFirst(_ text: String) -> String {
        guard let first = text.first, first.isUppercase, text.dropFirst().first?.isLowercase ?? true else { return text }
        return first.lowercased() + text.dropFirst()
    }
}
