import Foundation

/// A `workspace-server` process over a workspace, and plain HTTP/1.1 requests to it (one
/// connection each, closed after the answer), from any thread.
final class ServerProcess: @unchecked Sendable {
    let child: Child
    let port: Int

    private init(child: Child, port: Int) {
        self.child = child
        self.port = port
    }

    /// Starts the server next to `binary` over `db` and waits (up to 30 s) until it answers.
    static func start(nextTo binary: String, db: String, port: Int, scratch: String) throws -> ServerProcess {
        let program = URL(fileURLWithPath: binary).deletingLastPathComponent().appendingPathComponent("workspace-server").path
        let child = try Child.start(
            [program, "--port", String(port)].map { Array($0.utf8) },
            environment: ["WORKSPACE_DB=\(db)", "PATH=/usr/bin:/bin", "LANG=C.UTF-8"], scratch: scratch)
        let server = ServerProcess(child: child, port: port)
        for _ in 0..<300 where child.isRunning {
            if server.request("GET", "/api/v1/openapi.json") == 200 { return server }
            usleep(100_000)
        }
        let outcome = server.child.terminate()
        throw Failure("workspace-server did not answer on port \(port): \(outcome.described) \(outcome.stderr.suffix(300))")
    }

    func stop() { _ = child.terminate() }

    /// The answer's status, or nil when the server gave none.
    func request(_ method: String, _ path: String, token: String? = nil) -> Int? {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { return nil }
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\nContent-Length: 0\r\n"
        if let token { head += "Authorization: Bearer \(token)\r\n" }
        let bytes = Array((head + "\r\n").utf8)
        guard bytes.withUnsafeBytes({ send(descriptor, $0.baseAddress, $0.count, 0) }) == bytes.count else { return nil }
        var answer: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count <= 0 { break }
            answer += buffer[0..<count]
        }
        // "HTTP/1.1 200 OK"
        let status = String(decoding: answer.prefix(12), as: UTF8.self).split(separator: " ").dropFirst().first
        return status.flatMap { Int($0) }
    }
}
