import Foundation
import Testing
import WorkspaceStore

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The built workspace-server running on a free port over a workspace (a file or a PostgreSQL
/// address), and requests to its API, for the tests that need a real server process.
struct RunningServer {
    let process: Process
    let port: Int

    func request(
        _ method: String, _ path: String, token: String? = nil, cookie: String? = nil, csrf: String? = nil, body: String? = nil
    ) async throws -> (status: Int, body: JSONValue, headers: [AnyHashable: Any]) {
        var request = URLRequest(url: try #require(URL(string: "http://127.0.0.1:\(port)/api/v1\(path)")))
        request.httpMethod = method
        request.httpShouldHandleCookies = false
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let cookie { request.setValue(cookie, forHTTPHeaderField: "Cookie") }
        if let csrf {
            request.setValue(csrf, forHTTPHeaderField: "X-CSRF-Token")
            request.setValue("http://127.0.0.1:\(port)", forHTTPHeaderField: "Origin")
        }
        if let body {
            request.httpBody = Data(body.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = try #require(response as? HTTPURLResponse)
        let text = String(decoding: data, as: UTF8.self)
        return (http.statusCode, text.isEmpty ? .null : try JSONValue(parsing: text), http.allHeaderFields)
    }

static func start(_ address: String) async throws -> RunningServer {
    let port = CLI.serverPort()
    let process = Process()
    process.executableURL = CLI.binary.deletingLastPathComponent().appendingPathComponent("workspace-server")
    process.arguments = ["--port", String(port)]
    process.environment = ["WORKSPACE_DB": address]
    let log = FileManager.default.temporaryDirectory.appendingPathComponent("server-\(port)-\(UUID().uuidString).log")
    _ = FileManager.default.createFile(atPath: log.path, contents: nil)
    process.standardOutput = FileHandle.nullDevice
    process.standardError = try FileHandle(forWritingTo: log)
    try process.run()
    let server = RunningServer(process: process, port: port)
    for _ in 0..<300 where process.isRunning {
        if (try? await server.request("GET", "/openapi.json")) != nil { return server }
        try await Task.sleep(for: .milliseconds(100))
    }
    process.terminate()
    let said = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
    throw WorkspaceError(.unavailable, "workspace-server did not answer on port \(port): \(said.suffix(500))")
}
}
