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
        let port = Int.random(in: 20_000...40_000)
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

    @Test func serveRefusesAFileThatIsNotAWorkspace() throws {
        let cli = try CLI()
        try Data("not a workspace".utf8).write(to: URL(fileURLWithPath: cli.path))
        let result = try cli.run("serve", "--port", "1")
        #expect(result.code == 5 && result.stderr.hasPrefix("error:"), "\(result.stderr)")
    }
}
