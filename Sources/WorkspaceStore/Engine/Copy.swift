/// How many rows one table holds.
public struct TableCount: Equatable, Sendable {
    public let table: String
    public let rows: Int

    public var json: JSONValue { ["table": .string(table), "rows": .int(Int64(rows))] }
}

/// What `db info` tells of a workspace's database.
public struct DatabaseInfo: Sendable {
    public let engine: Engine
    public let location: String
    /// SQLite's library version, or the PostgreSQL server's.
    public let engineVersion: String
    public let schemaVersion: Int
    /// The file's size, or the database's on the server.
    public let bytes: Int64
    public let tables: [TableCount]

    public var json: JSONValue {
        [
            "engine": .string(engine.rawValue), "location": .string(location), "engineVersion": .string(engineVersion),
            "schemaVersion": .int(Int64(schemaVersion)), "bytes": .int(bytes), "tables": .array(tables.map(\.json)),
        ]
    }
}

/// Moving a workspace between engines, table by table, and proving the two sides hold the same.
extension Store {
    /// Every table of the workspace, each after the tables its rows refer to.
    static let copyOrder = [
        "users", "integrations", "flow_groups", "flows", "apis", "tools", "connections", "registrations", "exports",
        "imports", "flow_steps", "scripts", "aliases", "grants", "pins", "tile_order", "tokens", "sessions", "blobs",
        "merge_bases", "revisions", "recycle_bin", "workspace_options", "audit",
    ]

    /// Tables the target's own triggers fill as the rows above arrive (item counts). What the
    /// triggers made is replaced by the source's rows, which may also keep a count of zero for
    /// an integration that once held something: the copy is the same, row for row.
    static let derivedTables = ["item_counts"]

    /// The rows of every table, in copy order.
    package func tableCounts() throws -> [TableCount] {
        try (Self.copyOrder + Self.derivedTables).map { table in
            TableCount(table: table, rows: Int(try scalar("SELECT count(*) FROM \(table)")))
        }
    }

    /// The schema version the workspace is at.
    package func schemaVersion() throws -> Int { Int(try scalar(dialect.schemaVersion)) }

    /// What `db info` shows.
    package func info() throws -> DatabaseInfo {
        DatabaseInfo(
            engine: engine, location: location, engineVersion: try engineVersion(), schemaVersion: try schemaVersion(),
            bytes: try sizeInBytes(), tables: try tableCounts())
    }

    /// SHA-256 over every row of every table, the same for the same content on either engine:
    /// each row as a JSON object of its columns (keys sorted, so column order does not count),
    /// the rows' hashes sorted (so neither does the order an engine returns them in).
    package func contentDigest() throws -> String {
        var tables: [UInt8] = []
        for table in Self.copyOrder + Self.derivedTables {
            var hashes: [String] = []
            try forEach("SELECT * FROM \(table)") { row in hashes.append(try AuditChain.sha256Hex(Self.canonical(row))) }
            tables += Array("\(table)\n\(hashes.sorted().joined(separator: "\n"))\n".utf8)
        }
        return try AuditChain.sha256Hex(tables)
    }

    private static func canonical(_ row: Row) -> [UInt8] {
        let names = row.columns?.names ?? []
        let fields = zip(names, row.values).sorted { $0.0 < $1.0 }.map { name, value -> (String, JSONValue) in
            switch value {
            case .null: (name, .null)
            case .integer(let number): (name, .int(number))
            case .real(let number): (name, .double(number))
            case .text(let text): (name, .string(text))
            }
        }
        return Array(JSONValue.object(JSONObject(fields)).compactText.utf8)
    }

    /// Inserts every row of this workspace into `target` (a new, empty workspace at the same
    /// schema version), table by table in copy order, inside the target's open transaction;
    /// then lets the target's generated creation orders catch up with the rows copied.
    package func copyRows(to target: Store) throws {
        for table in Self.copyOrder + Self.derivedTables {
            if Self.derivedTables.contains(table) { try target.run("DELETE FROM \(table)") }
            var batch = InsertBatch(table: table, into: target)
            try forEach("SELECT * FROM \(table)") { try batch.add($0) }
            try batch.flush()
            if let catchUp = target.dialect.catchUpCreationOrder(table) { try target.execute(catchUp) }
        }
    }
}

/// Rows copied into a table a few hundred at a time, each batch one multi-row INSERT: one round
/// trip to a PostgreSQL server instead of one a row (a million audit rows took minutes). A
/// batch stays under SQLite's and PostgreSQL's limits on bound values and under a few MB of text.
private struct InsertBatch {
    let table: String
    let target: Store
    private var names: [String] = []
    private var values: [SQLValue] = []
    private var rows = 0
    private var bytes = 0
    static let maximumValues = 30_000
    static let maximumRows = 500
    static let maximumBytes = 4 << 20

    init(table: String, into target: Store) {
        self.table = table
        self.target = target
    }

    mutating func add(_ row: Row) throws {
        if names.isEmpty { names = row.columns?.names ?? [] }
        values += row.values
        rows += 1
        bytes += row.values.reduce(0) { total, value in
            if case .text(let text) = value { return total + text.utf8.count }
            return total + 8
        }
        if rows >= Self.maximumRows || values.count + names.count > Self.maximumValues || bytes >= Self.maximumBytes {
            try flush()
        }
    }

    mutating func flush() throws {
        guard rows > 0 else { return }
        let tuple = "(" + Array(repeating: "?", count: names.count).joined(separator: ", ") + ")"
        let tuples = Array(repeating: tuple, count: rows).joined(separator: ", ")
        try target.run("INSERT INTO \(table) (\(names.joined(separator: ", "))) VALUES \(tuples)", values)
        values.removeAll(keepingCapacity: true)
        rows = 0
        bytes = 0
    }
}
