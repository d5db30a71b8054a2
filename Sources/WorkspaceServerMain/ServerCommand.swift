// `workspace-server [--db PATH] [--host 127.0.0.1] [--port 8700]`: what `workspace serve` runs.
import ArgumentParser
import Workspace
import WorkspaceServer

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The server's own arguments, parsed as the CLI parses its own, with the CLI's defaults
/// (`$WORKSPACE_DB`, else ./workspace.sqlite; `$WORKSPACE_BUSY_TIMEOUT_MS`) and its way of
/// saying what went wrong (`error:` and SPEC §0's exit codes).
@main
struct ServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workspace-server",
        abstract: "Serve a workspace over HTTP: the web app at /, the API under /api/v1/ (what `workspace serve` runs).")

    @Option(help: "The workspace file (default: $WORKSPACE_DB, else ./workspace.sqlite).") var db: String?
    @Option(help: "The address to listen on; anything but loopback must be given explicitly.") var host = "127.0.0.1"
    @Option(help: "The port to listen on (0 to 65535).") var port = 8700
    @Option(help: "Seconds a connection may sit idle, or take to send a request's headers (1 to 3600).")
    var idleTimeout: Int64 = 30

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port takes a number from 0 to 65535") }
        guard (1...3600).contains(idleTimeout) else { throw ValidationError("--idle-timeout takes 1 to 3600 seconds") }
    }

    func run() async throws {
        let path = db ?? Defaults.path
        var settings = ServerSettings(path: path, host: host, port: port, busyTimeout: Defaults.busyTimeout)
        settings.idleTimeoutSeconds = idleTimeout
        do {
            // Refuse a file that is not a workspace before listening (exit 2 or 5, as the CLI does).
            _ = try Workspace.open(at: path, as: "", busyTimeout: settings.busyTimeout)
        } catch let error as WorkspaceError {
            // Denied is the answer for a workspace that has no user "": the file is sound.
            guard error.kind == .denied else {
                Self.say("error: \(error.message)\n" + (error.hint.map { "hint: \($0)\n" } ?? ""))
                throw ExitCode(error.exitCode)
            }
        }
        print("Serving \(path) on http://\(host):\(port)/ (API under /api/v1/; Ctrl-C stops it)")
        try await WorkspaceServer.application(settings).runService()
    }

    static func main() async {
        do {
            var command = try parseAsRoot()
            if var command = command as? AsyncParsableCommand { try await command.run() } else { try command.run() }
        } catch let exit as ExitCode {
            Glibc.exit(exit.rawValue)
        } catch {
            let code = exitCode(for: error)
            guard code != .success else { Self.exit(withError: error) }
            say("error: \(message(for: error))\nhint: see `workspace-server --help`\n")
            Glibc.exit(64)
        }
    }

    private static func say(_ text: String) {
        var bytes = Array(text.utf8)
        _ = write(STDERR_FILENO, &bytes, bytes.count)
    }
}
