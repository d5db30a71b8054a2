import Foundation
import Testing

@testable import Workspace
@testable import WorkspaceStore

/// No caller can make the server refuse others (SPEC v3 §11): the built workspace-server under
/// a 256-descriptor limit, one monitor's 300 tokens each used once, then 500 idle connections
/// left open; the owner is still served at once and can still write, in bounded memory.
@Suite(.serialized) struct ServerLimitsCLITests {
    @Test func oneCallerCannotMakeTheServerRefuseEveryone() async throws {
        let cli = try CLI.initialized()
        let owner = try Workspace.open(at: cli.path, as: "olivia")
        try owner.batch { for index in 1...200 { _ = try owner.createIntegration(name: "Integration \(index)") } }
        _ = try owner.addUser("mo", role: .monitor)
        let ownerToken = try owner.createToken(label: "owner").secret
        let monitor = try Workspace.open(at: cli.path, as: "mo")
        let tokens = try monitor.batch { try (1...300).map { try monitor.createToken(label: "script \($0)").secret } }

        let server = try LimitedServer(path: cli.path, descriptors: 256)
        defer { server.stop() }
        for (index, token) in tokens.enumerated() {
            let answer = try server.request("GET", "/api/v1/integrations", token: token)
            #expect(answer.status == 200, "token \(index + 1): \(answer.head)")
            if answer.status != 200 { break }
        }
        var idle: [Int32] = []
        defer { for socket in idle { close(socket) } }
        for _ in 0..<500 { idle.append(try LimitedServer.connect(port: server.port)) }

        let started = ContinuousClock.now
        let whoami = try server.request("GET", "/api/v1/whoami", token: ownerToken)
        #expect(whoami.status == 200 && whoami.body.contains("\"olivia\""), "\(whoami.head)")
        let created = try server.request("POST", "/api/v1/integrations", token: ownerToken, body: #"{"name": "Still mine"}"#)
        #expect(created.status == 201, "\(created.head) \(created.body)")
        #expect(ContinuousClock.now - started < .seconds(10), "the owner waited")
        let resident = try #require(try server.residentKilobytes())
        #expect(resident < 150 * 1024, "the server holds \(resident) KiB")
        #expect(try Workspace.open(at: cli.path, as: "olivia").integrationSummary("Still mine").integration.name == "Still mine")
    }

    @Test func unfinishedHeadersAndIdleConnectionsAreClosed() async throws {
        let cli = try CLI.initialized()
        let server = try LimitedServer(path: cli.path, descriptors: 256, idleTimeout: 1)
        defer { server.stop() }
        let slow = try LimitedServer.connect(port: server.port)
        defer { close(slow) }
        _ = "GET /api/v1/whoami HTTP/1.1\r\nHost: 127.0.0.1\r\n".withCString { send(slow, $0, strlen($0), 0) }
        let quiet = try LimitedServer.connect(port: server.port)
        defer { close(quiet) }
        // Both are closed by the server (recv answers end of stream) within the timeout and a margin.
        #expect(LimitedServer.waitForClose(slow, seconds: 5))
        #expect(LimitedServer.waitForClose(quiet, seconds: 5))
    }
}

/// workspace-server started under `ulimit -n`, spoken to over plain sockets (one request a
/// connection, `Connection: close`), so that the test itself pools nothing.
final class LimitedServer {
    let port: Int
    private let process = Process()

    init(path: String, descriptors: Int, idleTimeout: Int = 30) throws {
        port = CLI.serverPort()
        let server = CLI.binary.deletingLastPathComponent().appendingPathComponent("workspace-server").path
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [
            "-c", "ulimit -n \(descriptors) && exec \"$0\" \"$@\"", server, "--db", path, "--port", String(port),
            "--idle-timeout", String(idleTimeout),
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Up to 30 s: the suites run in parallel, on PostgreSQL too, on 2 cores.
        for _ in 0..<300 where process.isRunning {
            if let socket = try? Self.connect(port: port) {
                close(socket)
                return
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
        throw WorkspaceError(.unavailable, "workspace-server did not start")
    }

    func stop() {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }

    /// VmRSS of the server process.
    func residentKilobytes() throws -> Int? {
        let status = try String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8)
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") }
        return line.flatMap { Int($0.split(separator: " ").dropFirst().first ?? "") }
    }

    struct Answer {
        let status: Int
        let head: String
        let body: String
    }

    func request(_ method: String, _ path: String, token: String, body: String = "") throws -> Answer {
        let socket = try Self.connect(port: port)
        defer { close(socket) }
        let text =
            "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nAuthorization: Bearer \(token)\r\n"
            + "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)"
        var bytes = Array(text.utf8)
        guard send(socket, &bytes, bytes.count, 0) == bytes.count else { throw WorkspaceError(.unavailable, "send failed") }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = recv(socket, &buffer, buffer.count, 0)
            if count <= 0 { break }
            received += buffer[0..<count]
        }
        let answer = String(decoding: received, as: UTF8.self)
        let parts = answer.components(separatedBy: "\r\n\r\n")
        let head = parts.first ?? ""
        let status = Int(head.split(separator: " ").dropFirst().first ?? "") ?? 0
        return Answer(status: status, head: head, body: parts.dropFirst().joined(separator: "\r\n\r\n"))
    }

    /// A connected TCP socket to the loopback port, with a 10 s receive timeout.
    static func connect(port: Int) throws -> Int32 {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw WorkspaceError(.unavailable, "no socket: \(errno)") }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            close(socket)
            throw WorkspaceError(.unavailable, "cannot connect: \(errno)")
        }
        return socket
    }

    /// Whether the peer closes the socket within `seconds` (end of stream, or a reset).
    static func waitForClose(_ socket: Int32, seconds: Int) -> Bool {
        var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptor, 1, Int32(seconds * 1000)) == 1 else { return false }
        var byte: UInt8 = 0
        return recv(socket, &byte, 1, Int32(MSG_DONTWAIT)) <= 0
    }
}
