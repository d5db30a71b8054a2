import Workspace

#if canImport(Glibc)
    import Glibc
#endif

/// `WorkspaceBench engines --postgres ADDRESS`: the same workspace on both engines, side by
/// side. Generates a SQLite workspace of `--size`, copies it with `workspace db copy` into a new
/// database of the PostgreSQL server ADDRESS names (an address of a database the role may
/// create databases from), then times each command on one engine, then the other, in turn.
struct EnginesBench {
    let binary: String
    let admin: String
    let size: Size
    let runs: Int
    let directory: String
    let output: String
    /// Only the commands whose label starts with this (say, "audit verify" on the large size).
    let only: String

    init(options: Options) {
        binary = options.string("bin", default: ".build/release/workspace")
        admin = options.string("postgres", default: "")
        size = Size.named(options.string("size", default: "medium"))
        runs = max(1, options.int("runs", default: 9))
        directory = options.string("dir", default: "/tmp/workspace-bench-engines")
        output = options.string("out", default: "bench/results/engines-\(size.name).json")
        only = options.string("only", default: "")
    }

    func run() throws {
        guard !admin.isEmpty else {
            throw WorkspaceError(.invalid, "name a PostgreSQL server: --postgres postgres://USER@HOST:PORT/DB")
        }
        mkdir(directory, 0o755)
        let file = "\(directory)/engines-\(size.name).sqlite"
        for suffix in ["", "-wal", "-shm"] { unlink(file + suffix) }
        _ = try Timer.spawn([CommandLine.arguments[0], "generate", "--db", file, "--size", size.name], quiet: false)
        let database = try newDatabase()
        let (copied, _) = try Timer.spawn([binary, "--db", file, "--as", "bench", "db", "copy", "--to", database])
        print("db copy to PostgreSQL: \(Report.ms(copied))")
        var rows: [(label: String, sqlite: Timing, postgres: Timing)] = []
        for (label, arguments) in commands where label.hasPrefix(only) {
            let sqlite = try Timer.measure(runs: runs) { [binary, "--db", file, "--as", "bench"] + arguments("s\($0)") }
            let postgres = try Timer.measure(runs: runs) { [binary, "--db", database, "--as", "bench"] + arguments("p\($0)") }
            print("\(label): SQLite \(Report.ms(sqlite.median)), PostgreSQL \(Report.ms(postgres.median))")
            rows.append((label, sqlite, postgres))
        }
        let table = (["| command | SQLite | PostgreSQL | × |", "| --- | --- | --- | --- |"]
            + rows.map { "| `\($0.label)` | \(Report.ms($0.sqlite.median)) | \(Report.ms($0.postgres.median)) | "
                + String(Double(Int($0.postgres.median / $0.sqlite.median * 100)) / 100) + " |" }).joined(separator: "\n")
        print("\n" + table)
        let json = JSONValue.object(JSONObject([
            ("size", .string(size.name)), ("runs", .int(Int64(runs))), ("copyMilliseconds", .double(copied)),
            ("commands", .array(rows.map { row in
                ["label": .string(row.label), "sqliteMedian": .double(row.sqlite.median), "postgresMedian": .double(row.postgres.median)]
            })),
        ]))
        try write(json.prettyText + "\n", to: output)
        print("\nwrote \(output)")
    }

    /// The commands, each with a tag that makes a write's name new on every run.
    private var commands: [(String, (String) -> [String])] {
        [
            ("home", { _ in ["home"] }),
            ("integration show", { _ in ["integration", "show", "Integration 1"] }),
            ("flow list --integration", { _ in ["flow", "list", "--integration", "Integration 1"] }),
            ("flow show", { _ in ["flow", "show", "Flow 2"] }),
            ("audit --integration --limit 50", { _ in ["audit", "--integration", "Integration 1", "--limit", "50"] }),
            ("flow create", { ["flow", "create", "Engine flow \($0)", "--integration", "Integration 1"] }),
            ("settings set", { ["settings", "set", "flow:Flow 3", "/engine", "\"\($0)\""] }),
            // The same 1,000 flows, to one integration and back on alternate runs.
            ("flow move (\(moveBatch) flows)", { tag in
                let flows = (size.flows / 2..<size.flows / 2 + moveBatch).map { "Flow \($0)" }
                return ["flow", "move"] + flows + ["--to", "Integration \((Int(tag.dropFirst()) ?? 0) % 2)"]
            }),
            ("integration clone (\(Generator.bigFlows(size)) flows)", {
                ["integration", "clone", Generator.bigIntegration, "--name", "Engine clone \($0)"]
            }),
            ("revision snapshot (\(Generator.bigFlows(size)) flows)", {
                ["revision", "snapshot", Generator.bigIntegration, "-m", "Engine \($0)"]
            }),
            ("audit verify", { _ in ["audit", "verify"] }),
        ]
    }

    private var moveBatch: Int { min(1_000, size.flows / 2) }

    /// A new, empty database on the server (psql, from PostgreSQL's client).
    private func newDatabase() throws -> String {
        let name = "bench_\(size.name)_\(Timestamp.now())"
        try Timer.spawn(["/usr/bin/psql", admin, "-qc", "CREATE DATABASE \(name)"])
        let base = admin[..<(admin.lastIndex(of: "/") ?? admin.endIndex)]
        return "\(base)/\(name)"
    }
}
