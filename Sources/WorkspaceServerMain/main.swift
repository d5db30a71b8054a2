// `workspace-server [--db PATH] [--host 127.0.0.1] [--port 8700]`: what `workspace serve` runs.
import Foundation
import Workspace
import WorkspaceServer

let arguments = Array(CommandLine.arguments.dropFirst())
func value(of option: String) -> String? {
    guard let index = arguments.firstIndex(of: option), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}
let environment = ProcessInfo.processInfo.environment
let path = value(of: "--db") ?? environment["WORKSPACE_DB"] ?? "workspace.sqlite"
let host = value(of: "--host") ?? "127.0.0.1"
guard let port = Int(value(of: "--port") ?? "8700"), (0...65535).contains(port) else {
    FileHandle.standardError.write(Data("error: --port takes a number from 0 to 65535\n".utf8))
    exit(64)
}
let settings = ServerSettings(path: path, host: host, port: port)
do {
    // Refuse a file that is not a workspace before listening (exit 2 or 5, as the CLI does).
    _ = try Workspace.open(at: path, as: "")
} catch let error as WorkspaceError where error.kind != .denied {
    FileHandle.standardError.write(Data("error: \(error.message)\n".utf8))
    exit(error.exitCode)
} catch {}
FileHandle.standardOutput.write(Data("Serving \(path) on http://\(host):\(port)/ (API under /api/v1/; Ctrl-C stops it)\n".utf8))
try await WorkspaceServer.application(settings).runService()
