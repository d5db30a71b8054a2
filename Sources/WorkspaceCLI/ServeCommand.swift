import ArgumentParser
import Workspace

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `workspace serve`: hands over to `workspace-server`, installed beside this binary. The
/// server is an executable of its own so that SwiftNIO and Hummingbird never load into the
/// other commands (their start-up time is part of the product).
struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Serve the workspace over HTTP: the API under /api/v1/ (Ctrl-C stops it).")
    @OptionGroup var global: GlobalOptions
    @Option(help: "The address to listen on; anything but loopback must be given explicitly.") var host = "127.0.0.1"
    @Option(help: "The port to listen on.") var port = 8700
    @Option(help: "Seconds a connection may sit idle, or take to send a request's headers (1 to 3600).")
    var idleTimeout = 30

    func run() throws {
        let server = Self.serverBinary()
        guard access(server, X_OK) == 0 else {
            throw WorkspaceError(
                .notFound, "workspace-server is not installed beside workspace (looked for \(server))",
                hint: "build it with `swift build -c release --product workspace-server`")
        }
        // The workspace goes by the environment, not the command line: a PostgreSQL address may
        // hold a password, and `ps` shows every process's arguments to every user.
        setenv("WORKSPACE_DB", global.path, 1)
        let arguments = [server, "--host", host, "--port", String(port), "--idle-timeout", String(idleTimeout)]
        let pointers: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        execv(server, pointers)
        throw WorkspaceError(.unavailable, "could not start \(server): \(String(cString: strerror(errno)))")
    }

    /// `workspace-server` in the folder this binary runs from.
    static func serverBinary() -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        let executable = length > 0 ? String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self) : CommandLine.arguments[0]
        let folder = executable.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        return (folder.isEmpty ? "." : folder) + "/workspace-server"
    }
}
