import Workspace

#if canImport(Glibc)
    import Glibc
#endif

/// `workspace-bench startup`: instructions (valgrind's callgrind, which counts the same on a
/// loaded machine as on an idle one) that short commands of a stripped copy of the release
/// binary execute on a small workspace, beside the sqlite3 shell answering the same question
/// on the same file: the floor any program pays to start and ask SQLite.
struct StartupBench {
    let binary: String
    let sqlite: String
    let directory: String
    let output: String

    init(options: Options) {
        binary = options.string("bin", default: ".build/release/workspace")
        sqlite = options.string("sqlite3", default: "/usr/bin/sqlite3")
        directory = options.string("dir", default: "/tmp/workspace-bench-startup")
        output = options.string("out", default: "bench/results/startup.json")
    }

    struct Row {
        let label: String
        let ours: Int
        let floor: Int?

        var ratio: Double? { floor.map { Double(ours) / Double($0) } }
    }

    func run() throws {
        mkdir(directory, 0o755)
        let path = "\(directory)/startup.sqlite"
        for suffix in ["", "-wal", "-shm"] { unlink(path + suffix) }
        _ = try Timer.spawn([CommandLine.arguments[0], "generate", "--db", path, "--size", "small"], quiet: true)
        // valgrind reads only DWARF it knows: count a copy without debug information.
        let stripped = "\(directory)/workspace"
        _ = try Timer.spawn(["/usr/bin/cp", binary, stripped])
        _ = try Timer.spawn(["/usr/bin/strip", stripped])
        let integration = "(SELECT id FROM integrations WHERE name = 'Integration 1')"
        let workspace = ["--db", path, "--as", "bench"]
        let cases: [(String, [String], String?)] = [
            ("whoami", ["whoami"] + workspace, "SELECT name, role FROM users WHERE name = 'bench';"),
            ("home", ["home"] + workspace, Floors.home),
            ("flow list (one integration)", ["flow", "list", "--integration", "Integration 1"] + workspace, Floors.flowList(integration)),
            ("--help", ["--help"], nil),
        ]
        var rows: [Row] = []
        for (label, arguments, floorSQL) in cases {
            let ours = try Self.instructions([stripped] + arguments)
            let floor = try floorSQL.map { try Self.instructions([sqlite, path, $0]) }
            rows.append(Row(label: label, ours: ours, floor: floor))
            print(Self.line(rows[rows.count - 1]))
        }
        try write(rows)
        print("\nwrote \(output)")
    }

    /// What one run executes, in instructions, as callgrind counts them.
    static func instructions(_ argv: [String]) throws -> Int {
        let log = "/tmp/workspace-bench-callgrind-\(getpid()).log"
        defer { unlink(log) }
        _ = try Timer.spawn(
            ["/usr/bin/valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", "--log-file=\(log)"] + argv)
        guard let bytes = try? LocalFile.read(log, limit: 1 << 20, what: "valgrind's log"),
            let line = String(decoding: bytes, as: UTF8.self).split(separator: "\n").first(where: { $0.contains("Collected :") }),
            let count = Int(line.split(separator: " ").last ?? "")
        else { throw WorkspaceError(.unavailable, "valgrind reported no instruction count for \(argv.joined(separator: " "))") }
        return count
    }

    static func line(_ row: Row) -> String {
        let floor = row.floor.map { "  sqlite3 \(millions($0))  ×\(((row.ratio ?? 0) * 100).rounded() / 100)" } ?? ""
        return "\(row.label): \(millions(row.ours))\(floor)"
    }

    static func millions(_ count: Int) -> String {
        "\((Double(count) / 100_000).rounded() / 10)M"
    }

    private func write(_ rows: [Row]) throws {
        let folder = output.split(separator: "/").dropLast().joined(separator: "/")
        if !folder.isEmpty { mkdir(folder, 0o755) }
        let json = JSONValue.array(rows.map { row in
            .object(JSONObject([
                ("command", .string(row.label)), ("instructions", .int(Int64(row.ours))),
                ("sqlite3Instructions", row.floor.map { .int(Int64($0)) } ?? .null),
                ("ratio", row.ratio.map { .double(($0 * 100).rounded() / 100) } ?? .null),
            ]))
        })
        guard let file = fopen(output, "w") else { throw WorkspaceError(.invalid, "cannot write \(output)") }
        defer { fclose(file) }
        fputs(json.prettyText + "\n", file)
    }
}
