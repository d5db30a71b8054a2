import Workspace

#if canImport(Glibc)
    import Glibc
#endif

/// One timed command: its arguments for run number `n` (writes need fresh targets each
/// run), the SQL the sqlite3 shell runs as its floor (reads only), and its target.
struct BenchCase {
    enum Target {
        case read, write, bulkMove
    }

    let label: String
    let target: Target
    let arguments: (Int) -> [String]
    var floorSQL: String?
}

/// Generates a workspace, then times each command of the release binary against its floor.
struct Suite {
    let size: Size
    let runs: Int
    let binary: String
    let sqlite: String
    let directory: String
    let output: String

    init(options: Options) {
        size = Size.named(options.string("size", default: "small"))
        runs = max(1, options.int("runs", default: 10))
        binary = options.string("bin", default: ".build/release/workspace")
        sqlite = options.string("sqlite3", default: "/usr/bin/sqlite3")
        directory = options.string("dir", default: "/tmp/workspace-bench")
        output = options.string("out", default: "bench/results/\(size.name).json")
    }

    /// How many flows one bulk move takes: 1,000, or fewer when the workspace is small (the
    /// runs and the warm-up share the upper half of the flows).
    var moveBatch: Int { min(1_000, size.flows / 2 / (runs + 1)) }

    func run() throws {
        mkdir(directory, 0o755)
        let path = "\(directory)/\(size.name).sqlite"
        for suffix in ["", "-wal", "-shm"] { unlink(path + suffix) }
        let started = Timestamp.now()
        try Generator(path: path, size: size).run()
        let generation = Timestamp.now() - started
        print("generation took \(generation) ms\n")
        var results: [Result] = []
        for benchCase in cases() {
            let ours = try Timer.measure(runs: runs) { run in
                [binary] + benchCase.arguments(run) + ["--db", path, "--as", "bench"]
            }
            let floor = try benchCase.floorSQL.map { sql in try Timer.measure(runs: runs) { _ in [sqlite, path, sql] } }
            results.append(Result(benchCase: benchCase, ours: ours, floor: floor))
            print(results[results.count - 1].line)
        }
        print("\n" + Report.table(results))
        try Report.write(results, size: size, generation: generation, runs: runs, to: output)
        print("\nwrote \(output)")
    }

    private func cases() -> [BenchCase] {
        let integration = "Integration 1"
        let integrationID = "(SELECT id FROM integrations WHERE name = 'Integration 1')"
        let batch = moveBatch
        return [
            BenchCase(label: "home (tile view)", target: .read, arguments: { _ in ["home"] }, floorSQL: Floors.home),
            BenchCase(
                label: "home --view list", target: .read, arguments: { _ in ["home", "--view", "list"] },
                floorSQL: Floors.home),
            BenchCase(
                label: "home --search", target: .read, arguments: { _ in ["home", "--search", "flow 99"] },
                floorSQL: Floors.search("flow 99")),
            BenchCase(
                label: "integration show", target: .read, arguments: { _ in ["integration", "show", integration] },
                floorSQL: Floors.integrationShow(integrationID)),
            BenchCase(
                label: "flow list (one integration)", target: .read,
                arguments: { _ in ["flow", "list", "--integration", integration] },
                floorSQL: Floors.flowList(integrationID)),
            BenchCase(
                label: "flow show", target: .read, arguments: { _ in ["flow", "show", "Flow 2"] },
                floorSQL: Floors.flowShow("Flow 2")),
            BenchCase(
                label: "settings resolve --explain", target: .read,
                arguments: { _ in ["settings", "resolve", "flow:Flow 1", "--explain"] }, floorSQL: Floors.settings),
            BenchCase(
                label: "audit --integration --limit 50", target: .read,
                arguments: { _ in ["audit", "--integration", integration, "--limit", "50"] },
                floorSQL: Floors.audit(integrationID)),
            BenchCase(label: "audit verify", target: .read, arguments: { _ in ["audit", "verify"] }, floorSQL: Floors.auditVerify),
            BenchCase(
                label: "flow create", target: .write,
                arguments: { run in ["flow", "create", "Benchmark flow \(run)", "--integration", integration] }),
            BenchCase(
                label: "settings set", target: .write,
                arguments: { run in ["settings", "set", "flow:Flow 3", "/run", "\(run)"] }),
            BenchCase(
                label: "flow move (1 flow)", target: .write,
                arguments: { run in ["flow", "move", "Flow \(size.flows / 4 + run)", "--to", "Integration 0"] }),
            BenchCase(
                label: "flow move (\(batch) flows)", target: .bulkMove,
                arguments: { run in
                    let first = size.flows / 2 + run * batch
                    return ["flow", "move"] + (first..<first + batch).map { "Flow \($0)" } + ["--to", "Integration 0"]
                }),
        ]
    }
}

/// The same answers computed by the sqlite3 shell: what any program must at least spend.
enum Floors {
    static let counts = """
        coalesce((SELECT n.flows FROM item_counts n WHERE n.integration_id = i.id), 0),
        coalesce((SELECT n.apis FROM item_counts n WHERE n.integration_id = i.id), 0),
        coalesce((SELECT n.tools FROM item_counts n WHERE n.integration_id = i.id), 0),
        (SELECT count(*) FROM registrations r JOIN connections c ON c.id = r.connection_id
         WHERE r.integration_id = i.id AND c.offline = 1),
        (SELECT group_concat(DISTINCT c.type) FROM registrations r JOIN connections c ON c.id = r.connection_id
         WHERE r.integration_id = i.id)
        """

    static let home = "SELECT i.id, i.name, \(counts), p.pinned_at, o.position FROM integrations i "
        + "LEFT JOIN pins p ON p.user = 'bench' AND p.integration_id = i.id "
        + "LEFT JOIN tile_order o ON o.user = 'bench' AND o.integration_id = i.id ORDER BY lower(i.name);"

    static func search(_ text: String) -> String {
        "SELECT i.id, i.name, \(counts) FROM integrations i WHERE i.name LIKE '%\(text)%' OR i.description LIKE '%\(text)%' "
            + "OR EXISTS (SELECT 1 FROM flows f WHERE f.integration_id = i.id AND (f.name LIKE '%\(text)%' OR f.description LIKE '%\(text)%'));"
    }

    static func integrationShow(_ id: String) -> String {
        "SELECT i.*, \(counts) FROM integrations i WHERE i.id = \(id); "
            + "SELECT id, name FROM flow_groups WHERE integration_id = \(id) ORDER BY position; "
            + "SELECT connection_id FROM registrations WHERE integration_id = \(id); "
            + "SELECT * FROM aliases WHERE owner_type = 'integration' AND owner_id = \(id);"
    }

    static func flowList(_ id: String) -> String {
        "SELECT f.id, f.name, f.disabled, g.name FROM flows f LEFT JOIN flow_groups g ON g.id = f.group_id "
            + "WHERE f.integration_id = \(id) ORDER BY f.group_id IS NULL, g.position, f.seq;"
    }

    static func flowShow(_ name: String) -> String {
        "SELECT * FROM flows WHERE name = '\(name)'; "
            + "SELECT * FROM steps WHERE flow_id = (SELECT id FROM flows WHERE name = '\(name)') ORDER BY position;"
    }

    static let settings = """
        SELECT fullkey, value FROM json_tree((SELECT json_patch(json_patch(i.settings, g.settings), f.settings)
        FROM flows f JOIN flow_groups g ON g.id = f.group_id JOIN integrations i ON i.id = f.integration_id
        WHERE f.name = 'Flow 1')) WHERE type NOT IN ('object', 'array');
        """

    static func audit(_ id: String) -> String {
        "SELECT * FROM audit WHERE integration_id = \(id) ORDER BY seq DESC LIMIT 50;"
    }

    /// Reading every row is the least a verification must do (the shell has no SHA-256).
    static let auditVerify = "SELECT sum(length(seq || time || user || source || resource_type || resource_id "
        + "|| resource_name || coalesce(integration_id, '') || action || coalesce(field_path, '') "
        + "|| coalesce(old_value, '') || coalesce(new_value, '') || hash)) FROM audit;"
}
