import Workspace

#if canImport(Glibc)
    import Glibc
#endif

/// `workspace-bench serve`: the release `workspace-server` on a generated workspace under load
/// from `wrk` (Debian's), 2 threads and 8 connections: the Home listing's latency, small reads
/// and writes per second, the first listing after a change, and the server's peak memory.
struct ServeBench {
    let size: Size
    let server: String
    let wrk: String
    let directory: String
    let existing: String?
    let seconds: Int
    let port: Int
    /// Servers over the one workspace (PostgreSQL for more than one), on `port`, `port + 1` …;
    /// the load's 8 connections are shared among them.
    let servers: Int
    let output: String

    init(options: Options) {
        size = Size.named(options.string("size", default: "large"))
        server = options.string("server", default: ".build/release/workspace-server")
        wrk = options.string("wrk", default: "/usr/bin/wrk")
        directory = options.string("dir", default: "/tmp/workspace-bench")
        existing = options.string("db", default: "").isEmpty ? nil : options.string("db", default: "")
        seconds = max(1, options.int("seconds", default: 10))
        port = options.int("port", default: 8799)
        servers = max(1, min(4, options.int("servers", default: 1)))
        output = options.string("out", default: "bench/results/serve-\(size.name).json")
    }

    /// One load run's figures, from wrk's `--latency` report.
    struct Load {
        let label: String
        let p50: Double
        let p99: Double
        let perSecond: Double
    }

    func run() throws {
        guard access(wrk, X_OK) == 0 else { throw WorkspaceError(.notFound, "\(wrk) is missing: apt-get install wrk") }
        let path = try workspacePath()
        let owner = try Workspace.open(at: path, as: "bench")
        let token = try owner.createToken(label: "bench").secret
        let integration = try owner.home().first { !$0.integration.isStandalone }?.integration.id ?? "none"
        let flow = try owner.items(.flow, integration: integration).first?.id ?? ""
        let pids = try (0..<servers).map { try startServer(path, port: port + $0) }
        defer {
            for pid in pids {
                kill(pid, SIGTERM)
                var status: Int32 = 0
                waitpid(pid, &status, 0)
            }
        }
        let pid = pids[0]
        let client = HTTPClient(port: port, token: token)
        for index in 0..<servers { try HTTPClient(port: port + index, token: token).waitUntilServing() }
        let script = "\(directory)/patch.lua"
        try write(Self.patchScript, to: script)
        let loads = try [
            load("Home listing (GET /api/v1/integrations)", "/api/v1/integrations"),
            load("small read (GET /api/v1/flows/ID)", "/api/v1/flows/\(flow)"),
            load("who am I (GET /api/v1/whoami)", "/api/v1/whoami"),
            load("write (PATCH /api/v1/flows/ID)", "/api/v1/flows/\(flow)", script: script),
        ].map { measure in try measure(token) }
        let afterChange = try firstListingsAfterChange(client, owner: owner, flow: flow)
        let peak = Self.peakMegabytes(of: pid)
        let table = Self.table(loads, afterChange: afterChange, peak: peak)
        print("\n" + table)
        try write(Self.json(loads, afterChange: afterChange, peak: peak, size: size, seconds: seconds).prettyText + "\n", to: output)
        print("\nwrote \(output)")
    }

    private func workspacePath() throws -> String {
        if let existing { return existing }
        mkdir(directory, 0o755)
        let path = "\(directory)/serve-\(size.name).sqlite"
        for suffix in ["", "-wal", "-shm"] { unlink(path + suffix) }
        _ = try Timer.spawn([CommandLine.arguments[0], "generate", "--db", path, "--size", size.name], quiet: false)
        return path
    }

    private func startServer(_ path: String, port: Int) throws -> pid_t {
        let argv = [server, "--db", path, "--port", String(port)]
        let arguments: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { arguments.forEach { free($0) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, server, nil, nil, arguments, environ) == 0 else {
            throw WorkspaceError(.notFound, "cannot run \(server); build it with `swift build -c release --product workspace-server`")
        }
        return pid
    }

    /// A wrk run of `seconds` against `path` (with a Lua script for writes), one per server at
    /// once; requests per second add up, latencies are the slowest server's.
    private func load(_ label: String, _ path: String, script: String? = nil) -> (String) throws -> Load {
        { token in
            let runs = try (0..<servers).map { index in
                let report = "\(directory)/wrk-\(index).txt"
                var argv = [wrk, servers == 1 ? "-t2" : "-t1", "-c\(8 / servers)", "-d\(seconds)s", "--latency"]
                argv += ["-H", "Authorization: Bearer \(token)"]
                if let script { argv += ["-s", script] }
                argv.append("http://127.0.0.1:\(port + index)\(path)")
                return (try Timer.launch(argv, output: report), argv, report)
            }
            var texts: [String] = []
            for (pid, argv, report) in runs {
                _ = try Timer.finish(pid, argv)
                texts.append(try read(report))
            }
            let load = Load(
                label: label, p50: texts.map { Self.latency($0, "50%") }.max() ?? 0,
                p99: texts.map { Self.latency($0, "99%") }.max() ?? 0,
                perSecond: texts.map { Self.number(after: "Requests/sec:", in: $0) }.reduce(0, +))
            for text in texts where text.contains("Non-2xx") {
                throw WorkspaceError(.refused, "\(label): the server answered errors:\n\(text)")
            }
            print("\(label): p50 \(Report.ms(load.p50)), p99 \(Report.ms(load.p99)), \(Int(load.perSecond)) requests/s")
            return load
        }
    }

    /// The Home listing right after a change (nothing kept to answer from): ten samples.
    private func firstListingsAfterChange(_ client: HTTPClient, owner: Workspace, flow: String) throws -> Timing {
        var samples: [Double] = []
        for run in 0..<10 {
            _ = try owner.editItem(.flow, flow, ItemEdit(description: "changed for the listing \(run)"))
            let started = Timestamp.now()
            try client.get("/api/v1/integrations")
            samples.append(Double(Timestamp.now() - started))
        }
        return Timing(samples: samples, peakKilobytes: 0)
    }

    static let patchScript = """
        counter = 0
        wrk.headers["Content-Type"] = "application/json"
        request = function()
          counter = counter + 1
          return wrk.format("PATCH", nil, nil, '{"description": "bench ' .. counter .. '"}')
        end
        """

    /// `50%    1.23ms` in wrk's latency distribution, in ms.
    static func latency(_ text: String, _ percentile: String) -> Double {
        guard let line = text.split(separator: "\n").first(where: { $0.drop { $0 == " " }.hasPrefix(percentile) }),
            let value = line.split(separator: " ").last
        else { return .nan }
        let units: [(String, Double)] = [("us", 0.001), ("ms", 1), ("s", 1000), ("m", 60_000)]
        for (unit, factor) in units where value.hasSuffix(unit) {
            return (Double(value.dropLast(unit.count)) ?? .nan) * factor
        }
        return .nan
    }

    static func number(after label: String, in text: String) -> Double {
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix(label) }) else { return .nan }
        return Double(line.dropFirst(label.count).split(separator: " ").first ?? "") ?? .nan
    }

    /// The server's peak resident memory (VmHWM), in MB.
    static func peakMegabytes(of pid: pid_t) -> Double {
        let status = (try? read("/proc/\(pid)/status")) ?? ""
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return .nan }
        return (Double(line.split(separator: " ").dropFirst().first ?? "") ?? .nan) / 1024
    }

    static func table(_ loads: [Load], afterChange: Timing, peak: Double) -> String {
        var rows = [["request (8 connections, 2 threads)", "p50", "p99", "requests/s", "target"], ["---", "---", "---", "---", "---"]]
        for load in loads {
            let target =
                load.label.hasPrefix("Home") ? (load.p50 <= 15 ? "met (p50 ≤ 15 ms)" : "MISSED (p50 ≤ 15 ms)")
                : load.label.hasPrefix("small") ? (load.perSecond >= 3_000 ? "met (≥ 3,000/s)" : "MISSED (≥ 3,000/s)") : "–"
            rows.append([load.label, Report.ms(load.p50), Report.ms(load.p99), String(Int(load.perSecond)), target])
        }
        rows.append(["Home listing, first after a change (1 client)", Report.ms(afterChange.median), Report.ms(afterChange.maximum) + " (max)", "–", "–"])
        rows.append(["server peak memory", String(Int(peak.rounded())) + " MB", "", "", peak <= 128 ? "met (≤ 128 MB)" : "MISSED (≤ 128 MB)"])
        return rows.map { "| " + $0.joined(separator: " | ") + " |" }.joined(separator: "\n")
    }

    static func json(_ loads: [Load], afterChange: Timing, peak: Double, size: Size, seconds: Int) -> JSONValue {
        [
            "size": .string(size.name), "secondsPerLoad": .int(Int64(seconds)), "connections": 8, "threads": 2,
            "loads": .array(loads.map { ["request": .string($0.label), "p50Ms": .double($0.p50), "p99Ms": .double($0.p99), "perSecond": .double($0.perSecond)] }),
            "homeAfterChangeMedianMs": .double(afterChange.median), "peakMB": .double(peak),
        ]
    }
}

/// Just enough HTTP/1.1 over a socket to time one request and to wait for the server.
struct HTTPClient {
    let port: Int
    let token: String

    func waitUntilServing() throws {
        for _ in 0..<300 {
            if (try? get("/api/v1/whoami")) != nil { return }
            usleep(100_000)
        }
        throw WorkspaceError(.unavailable, "the server did not answer on port \(port)")
    }

    /// A GET read to its end; throws unless the status is 200.
    func get(_ path: String) throws {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw WorkspaceError(.unavailable, "no socket") }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw WorkspaceError(.unavailable, "not serving yet") }
        let request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\nConnection: close\r\n\r\n"
        _ = request.withCString { send(socket, $0, strlen($0), 0) }
        var head: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = recv(socket, &buffer, buffer.count, 0)
            if count <= 0 { break }
            if head.count < 16 { head += buffer[0..<min(count, 16)] }
        }
        guard String(decoding: head, as: UTF8.self).hasPrefix("HTTP/1.1 200") else {
            throw WorkspaceError(.refused, "GET \(path): \(String(decoding: head, as: UTF8.self))")
        }
    }
}

func read(_ path: String) throws -> String {
    guard let file = fopen(path, "r") else { throw WorkspaceError(.notFound, "cannot read \(path)") }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65_536)
    while true {
        let count = fread(&buffer, 1, buffer.count, file)
        if count <= 0 { break }
        bytes += buffer[0..<count]
    }
    return String(decoding: bytes, as: UTF8.self)
}

func write(_ text: String, to path: String) throws {
    let folder = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
    if !folder.isEmpty { mkdir(folder, 0o755) }
    guard let file = fopen(path, "w") else { throw WorkspaceError(.invalid, "cannot write \(path)") }
    defer { fclose(file) }
    fputs(text, file)
}
