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
        subcommands: [
            Init.self, IntegrationCommand.self, Home.self, FlowCommand.self, GroupCommand.self, APICommand.self,
            ToolCommand.self, ConnectionCommand.self, ExportCommand.self, ImportCommand.self, AuditCommand.self,
            UserCommand.self, WhoAmI.self, SettingsCommand.self, AliasCommand.self, ScriptCommand.self, RevisionCommand.self,
            TokenCommand.self, Serve.self,
        ]
    )
}

/// The entry point (swift-argument-parser's ManualParsing pattern): every failure, the
/// library's and the parser's alike, is reported here once, as `error:` with SPEC §0's exit code.
@main
enum Main {
    static func main() {
        let arguments = GlobalOptions.hoisted(Array(CommandLine.arguments.dropFirst()))
        do {
            try refuseInvalidUTF8()
            var command = try WorkspaceCommand.parseAsRoot(arguments)
            try command.run()
        } catch {
            exit(code(for: error))
        }
    }

    private static func code(for error: Error) -> Int32 {
        switch error {
        case let error as WorkspaceError:
            Output.error(error.message, hint: error.hint)
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
