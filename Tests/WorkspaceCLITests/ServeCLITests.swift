import Foundation
import Testing
import Workspace

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `workspace serve` end to end: the binary hands over to workspace-server, which answers with
/// a token and stops cleanly on SIGTERM.
@Suite struct ServeCLITests {
    @Test func serveAnswersAndStopsCleanly() async throws {
        let cli = try CLI.initialized()
        let token = try #require(try cli.json("token", "create", "--label", "serve test")["token"]?.stringValue)
        let port = CLI.serverPort()
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = ["serve", "--port", String(port)]
        process.environment = ["WORKSPACE_DB": cli.path, "WORKSPACE_USER": "olivia"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        var request = URLRequest(url: try #require(URL(string: "http://127.0.0.1:\(port)/api/v1/whoami")))
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        var answer: (Data, URLResponse)?
        for _ in 0..<100 where answer == nil {
            answer = try? await URLSession.shared.data(for: request)
            if answer == nil { try await Task.sleep(for: .milliseconds(100)) }
        }
        let (data, response) = try #require(answer, "the server did not answer")
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        #expect(try JSONValue(parsing: String(decoding: data, as: UTF8.self))["name"] == "olivia")
        process.terminate()  // SIGTERM: a graceful shutdown
        process.waitUntilExit()
        #expect(process.terminationReason == .exit && process.terminationStatus == 0)
    }

    @Test(.sqliteOnly) func serveRefusesAFileThatIsNotAWorkspace() throws {
        let cli = try CLI()
        try Data("not a workspace".utf8).write(to: URL(fileURLWithPath: cli.path))
        let result = try cli.run("serve", "--port", "1")
        #expect(result.code == 5 && result.stderr.hasPrefix("error:"), "\(result.stderr)")
    }

    /// workspace-server parses its own arguments as the CLI does, with the CLI's defaults.
    @Test(.sqliteOnly) func theServerTakesTheCLIsDefaultsAndErrors() throws {
        let cli = try CLI()
        let server = CLI.binary.deletingLastPathComponent().appendingPathComponent("workspace-server")
        let help = try cli.run(["--help"], binary: server)
        #expect(help.code == 0 && help.stdout.contains("--idle-timeout"), "\(help.stderr)")
        let port = try cli.run(["--port", "70000"], binary: server)
        #expect(port.code == 64 && port.stderr.hasPrefix("error: --port takes a number from 0 to 65535"), "\(port.stderr)")
        let unknown = try cli.run(["--frobnicate"], binary: server)
        #expect(unknown.code == 64 && unknown.stderr.hasPrefix("error: "), "\(unknown.stderr)")
        // $WORKSPACE_DB names the file (the helper sets it); a file that is not a workspace: exit 5.
        try Data("not a workspace".utf8).write(to: URL(fileURLWithPath: cli.path))
        let damaged = try cli.run(["--port", "1"], binary: server)
        #expect(damaged.code == 5 && damaged.stderr.hasPrefix("error: "), "\(damaged.stderr)")
        // Without it, ./workspace.sqlite, as the CLI: run in an empty folder, exit 2 and the path.
        let bare = try CLI.spawn(server, ["--port", "1"], environment: ["PATH": "/usr/bin:/bin"], directory: try CLI().folder)
        #expect(bare.code == 2 && bare.stderr.hasPrefix("error: no workspace at ./workspace.sqlite"), "\(bare.stderr)")
    }
}
