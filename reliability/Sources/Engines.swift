import CLibPQ
import Foundation

/// A workspace read directly, behind the program's back: a SQLite file or a PostgreSQL database.
protocol WorkStore {
    /// Every row of `sql` as text (NULL as nil).
    func rows(_ sql: String) throws -> [[String?]]
    /// The engine's own check of its storage (SQLite's integrity_check; PostgreSQL keeps its own).
    func isSound() throws -> Bool
    /// The tables' names, the engine's own aside.
    func tables() throws -> [String]
}

extension WorkStore {
    func text(_ sql: String) throws -> String { try rows(sql).first?.first.flatMap { $0 } ?? "" }
    func int(_ sql: String) throws -> Int { Int(try text(sql)) ?? 0 }

    /// Rows per table.
    func counts() throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for table in try tables() { counts[table] = try int("SELECT count(*) FROM \"\(table)\"") }
        return counts
    }
}

/// A PostgreSQL database, through libpq.
final class PostgresStore: WorkStore {
    private let handle: OpaquePointer?

    init(_ address: String) throws {
        handle = PQconnectdb(address)
        guard PQstatus(handle) == CONNECTION_OK else {
            let reason = String(cString: PQerrorMessage(handle))
            PQfinish(handle)
            throw Failure("cannot connect to \(address): \(reason)")
        }
    }

    deinit { PQfinish(handle) }

    func rows(_ sql: String) throws -> [[String?]] {
        let result = PQexec(handle, sql)
        defer { PQclear(result) }
        let status = PQresultStatus(result)
        guard status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK else {
            throw Failure("\(sql.prefix(80)): \(String(cString: PQerrorMessage(handle)))")
        }
        return (0..<PQntuples(result)).map { row in
            (0..<PQnfields(result)).map { column in
                PQgetisnull(result, row, column) == 1 ? nil : String(cString: PQgetvalue(result, row, column))
            }
        }
    }

    func execute(_ sql: String) throws { _ = try rows(sql) }

    /// PostgreSQL checks its pages itself (and recovers from its log after a crash).
    func isSound() throws -> Bool { true }

    func tables() throws -> [String] {
        try rows("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename").compactMap { $0.first ?? nil }
    }
}

extension StoreFile: WorkStore {}

/// Where the campaign's workspaces live: files, or databases of one PostgreSQL server (given
/// by an address whose user may create databases).
final class Engines: @unchecked Sendable {
    let postgres: String?
    private var made: [String] = []

    init(postgres: String?) { self.postgres = postgres }

    var name: String { postgres == nil ? "SQLite" : "PostgreSQL" }

    /// A new workspace's location: a file in `folder`, or a new database's address.
    func location(_ folder: String, _ name: String) throws -> String {
        guard let postgres else { return "\(folder)/\(name).sqlite" }
        let database = "reliability_\(getpid())_\(made.count)_\(name.filter { $0.isLetter || $0.isNumber })".lowercased()
        try PostgresStore(postgres).execute("CREATE DATABASE \(database)")
        made.append(database)
        return Self.address(postgres, database: database)
    }

    func store(_ location: String, writable: Bool = false) throws -> any WorkStore {
        postgres == nil ? try StoreFile(location, writable: writable) : try PostgresStore(location)
    }

    /// Replaces `to` with a copy of `from` (a file copy; on PostgreSQL a database made from the
    /// other as its template, which needs nobody connected to either).
    func copy(_ from: String, to: String) throws {
        guard let postgres else { return try copyWorkspace(from, to: to) }
        let (source, target) = (Self.database(from), Self.database(to))
        let admin = try PostgresStore(postgres)
        try admin.execute("DROP DATABASE IF EXISTS \(target) WITH (FORCE)")
        try admin.execute("CREATE DATABASE \(target) TEMPLATE \(source)")
        // A copied sequence page still counts on values its template's WAL pre-logged: a
        // nextval in the copy then writes no WAL, and an immediate restart (the restart check)
        // replays the sequence back below rows that committed, so the next insert collides.
        // After a checkpoint, the first nextval of each sequence logs itself, as PostgreSQL
        // does for every sequence a checkpoint passes.
        try admin.execute("CHECKPOINT")
    }

    /// Folds a file's write-ahead log into it; nothing to do for a database.
    func checkpoint(_ location: String) throws {
        if postgres == nil { try WorkspaceReliability.checkpoint(location) }
    }

    /// Waits until no session but ours is connected to the database: a killed client's server
    /// process has then finished its transaction, committed or rolled back.
    func settle(_ location: String) throws {
        guard let postgres else { return }
        let admin = try PostgresStore(postgres)
        for _ in 0..<200 {
            let others = try admin.int("SELECT count(*) FROM pg_stat_activity WHERE datname = '\(Self.database(location))'")
            if others == 0 { return }
            usleep(20_000)
        }
        throw Failure("sessions of a killed client still hold \(location) after 4 s")
    }

    /// Drops the databases the campaign made.
    func removeAll() {
        guard let postgres, let admin = try? PostgresStore(postgres) else { return }
        for database in made { try? admin.execute("DROP DATABASE IF EXISTS \(database) WITH (FORCE)") }
    }

    static func address(_ admin: String, database: String) -> String {
        let base = admin.split(separator: "?", maxSplits: 1).first.map(String.init) ?? admin
        return String(base[..<(base.lastIndex(of: "/") ?? base.endIndex)]) + "/" + database
    }

    static func database(_ address: String) -> String {
        let base = address.split(separator: "?", maxSplits: 1).first.map(String.init) ?? address
        return String(base[base.index(after: base.lastIndex(of: "/") ?? base.startIndex)...])
    }
}
