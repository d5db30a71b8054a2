/// One open workspace store: a connection through the engine seam. Above this target it is
/// an opaque handle: what may be done with it is what the records' named functions offer,
/// plus transactions. Records reach its statements; nothing else can.
package final class Store {
    private let connection: any EngineConnection

    /// Opens a SQLite file (or creates it when `create` is set) without checking what it holds.
    init(path: String, create: Bool = false, busyTimeout: Int32 = Store.defaultBusyTimeout) throws {
        connection = try SQLiteConnection(path: path, create: create, busyTimeout: busyTimeout)
    }

    /// How long a command waits for another process's lock before reporting the workspace busy (ms).
    package static let defaultBusyTimeout: Int32 = 5_000

    /// Where the workspace is, for messages.
    package var location: String { connection.location }

    var dialect: any Dialect { connection.dialect }

    /// The engine the workspace lives in.
    package var engine: Engine { connection.engine }

    /// How many statements have been run, so tests can prove a listing makes no query per row.
    package var statementsRun: Int { connection.statementsRun }

    // MARK: Opening

    /// Opens a PostgreSQL database (without checking what it holds).
    init(address: String, busyTimeout: Int32 = Store.defaultBusyTimeout) throws {
        connection = try PostgreSQLConnection(address: address, busyTimeout: busyTimeout)
    }

    /// Opens a file or a PostgreSQL address, whichever `location` is, without checking what it holds.
    convenience init(location: String, busyTimeout: Int32 = Store.defaultBusyTimeout) throws {
        if Self.isAddress(location) {
            try self.init(address: location, busyTimeout: busyTimeout)
        } else {
            try self.init(path: location, busyTimeout: busyTimeout)
        }
    }

    /// True for a `postgres://` or `postgresql://` address, false for a file path.
    package static func isAddress(_ location: String) -> Bool { PostgreSQLConnection.serves(location) }

    /// The address or path with any password taken out, for messages.
    package static func redacted(_ location: String) -> String {
        isAddress(location) ? PostgreSQLConnection.redacted(location) : location
    }

    /// Makes a new workspace file (which must exist, empty) with the newest schema.
    package static func create(path: String, seed: (Store) throws -> Void) throws -> Store {
        let store = try Store(path: path)
        try store.connection.prepareNew()
        try Schema.create(store) { try seed(store) }
        return store
    }

    /// Makes the newest schema in an empty PostgreSQL database; one that holds any table is
    /// refused (exit 1) with nothing written.
    package static func create(address: String, seed: (Store) throws -> Void) throws -> Store {
        let store = try Store(address: address)
        try store.requireNoTables()
        try Schema.create(store) { try seed(store) }
        return store
    }

    /// Refuses (exit 1) a PostgreSQL database that holds any table: a workspace is only ever
    /// made in an empty one.
    package static func requireEmptyDatabase(address: String) throws {
        try Store(address: address).requireNoTables()
    }

    private func requireNoTables() throws {
        let tables = try rows(dialect.tables).map { try $0.text(at: 0) }
        guard tables.isEmpty else {
            let known = Set(tables).isSuperset(of: ["users", "integrations", "audit"])
            throw WorkspaceError.refused(
                known
                    ? "a workspace already exists at \(location)"
                    : "the database at \(location) holds other tables: a workspace is only made in an empty one",
                hint: "create an empty database for the workspace (createdb NAME) and pass its address")
        }
    }

    /// Opens an existing workspace, checked to be one and brought to the current schema; a
    /// file that is not a workspace is refused (exit 5) before anything is written to it.
    package static func open(path: String, busyTimeout: Int32) throws -> Store {
        let store = try Store(location: path, busyTimeout: busyTimeout)
        try Schema.requireWorkspace(store)
        try Schema.migrate(store)
        return store
    }

    /// Whether the file at `path` opens as a workspace (init leaves any other file alone).
    package static func holdsWorkspace(path: String) -> Bool {
        guard let store = try? Store(path: path) else { return false }
        return (try? Schema.requireWorkspace(store)) != nil
    }

    /// Trades durability for speed while a benchmark workspace is generated.
    package func useBulkLoadSettings() throws {
        try connection.relaxDurability()
    }

    // MARK: Transactions

    /// True between the start of a transaction and its end.
    package var isInTransaction: Bool { connection.isInTransaction }

    /// True when the workspace could only be opened for reading.
    package var isReadOnly: Bool { connection.isReadOnly }

    /// Changes whenever anything may have changed the workspace.
    package func changeStamp() throws -> ChangeStamp { try connection.changeStamp() }

    /// Runs `body` in one transaction (a writer's or a reader's snapshot); any thrown error
    /// rolls everything back. Inside an open transaction, `body` simply joins it.
    package func transaction<T>(_ mode: TransactionMode = .write, _ body: () throws -> T) throws -> T {
        guard !connection.isInTransaction else { return try body() }
        try connection.begin(mode)
        do {
            let result = try body()
            try connection.commit()
            return result
        } catch {
            try? connection.rollback()  // Already failing; the original error is the one to report.
            throw error
        }
    }

    /// Runs `body` inside a savepoint of the open transaction: its changes are undone alone if
    /// it throws, and the transaction goes on.
    package func savepoint<T>(_ body: () throws -> T) throws -> T {
        try execute("SAVEPOINT nested")
        do {
            let result = try body()
            try execute("RELEASE nested")
            return result
        } catch {
            try? execute("ROLLBACK TO nested")  // Already failing; the original error is the one to report.
            try? execute("RELEASE nested")
            throw error
        }
    }

    /// Runs `body` and undoes whatever it wrote, keeping its result: a dry run. Should the
    /// undo itself fail, that error ends the whole transaction, so nothing is kept.
    package func undoing<T>(_ body: () throws -> T) throws -> T {
        try execute("SAVEPOINT dry_run")
        let result = Result { try body() }
        try execute("ROLLBACK TO dry_run")
        try execute("RELEASE dry_run")
        return try result.get()
    }

    /// See `EngineConnection.engineVersion` and `sizeInBytes`.
    func engineVersion() throws -> String { try connection.engineVersion() }
    func sizeInBytes() throws -> Int64 { try connection.sizeInBytes() }

    /// See `EngineConnection.changingSchema`.
    func changingSchema(_ body: () throws -> Void) throws { try connection.changingSchema(body) }

    // MARK: Statements (the records' only way to the engine)

    func execute(_ sql: String) throws { try connection.execute(sql) }

    /// Runs a statement that returns no rows; returns the number of changed rows.
    @discardableResult
    func run(_ sql: String, _ values: [SQLValue] = []) throws -> Int { try connection.run(sql, values) }

    /// Runs a statement that returns no rows and whose count nobody needs (an insert of many
    /// in a row): on PostgreSQL it is pipelined, and a failure shows by the next statement that
    /// waits for its answer, at the latest the commit.
    func write(_ sql: String, _ values: [SQLValue] = []) throws { try connection.write(sql, values) }

    /// All rows of a query.
    func rows(_ sql: String, _ values: [SQLValue] = []) throws -> [Row] {
        var result: [Row] = []
        try connection.forEach(sql, values) { result.append($0); return true }
        return result
    }

    /// Streams the rows of a query to `body` without holding them all in memory.
    func forEach(_ sql: String, _ values: [SQLValue] = [], _ body: (Row) throws -> Void) throws {
        try connection.forEach(sql, values) { try body($0); return true }
    }

    /// The first row of a query, if any.
    func row(_ sql: String, _ values: [SQLValue] = []) throws -> Row? {
        var first: Row?
        try connection.forEach(sql, values) { first = $0; return false }
        return first
    }

    /// The first column of the first row as an integer (0 when there is no row).
    func scalar(_ sql: String, _ values: [SQLValue] = []) throws -> Int64 {
        // An aggregate over no rows (max, sum) is NULL: 0 here; anything but an integer is damage.
        try row(sql, values)?.optionalInteger(at: 0) ?? 0
    }
}
