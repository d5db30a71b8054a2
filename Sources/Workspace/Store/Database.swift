import CSQLite

/// A value bound to, or read from, an SQL statement.
public enum SQLValue: Equatable, Sendable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
}

/// One connection to a SQLite file. Values only ever reach SQL through bound parameters.
public final class Database {
    private let handle: OpaquePointer
    private var statementCache: [String: Statement] = [:]
    /// How many statements have been run, so tests can prove a listing makes no query per row.
    public private(set) var statementsRun = 0

    /// How long a statement waits for another process's lock before reporting the workspace busy.
    public static let defaultBusyTimeout: Int32 = 5_000

    /// Opens an existing file (or creates it when `create` is set).
    public init(path: String, create: Bool = false, busyTimeout: Int32 = defaultBusyTimeout) throws {
        var pointer: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0)
        let code = sqlite3_open_v2(path, &pointer, flags, nil)
        guard let opened = pointer else { throw WorkspaceError.damaged("cannot open \(path)") }
        handle = opened
        guard code == SQLITE_OK else {
            let message = String(cString: sqlite3_errmsg(opened))
            sqlite3_close_v2(opened)
            throw WorkspaceError.damaged("cannot open \(path): \(message)")
        }
        sqlite3_busy_timeout(handle, busyTimeout)
        sqlite3_extended_result_codes(handle, 1)
        Self.registerFunctions(handle)
    }

    /// `contains_folded(text, part)`: Unicode case-insensitive substring test (SQLite's own
    /// LIKE folds ASCII only); `part` is passed already folded.
    private static func registerFunctions(_ handle: OpaquePointer) {
        sqlite3_create_function_v2(
            handle, "contains_folded", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nil,
            { context, _, arguments in
                guard let arguments, let text = sqlite3_value_text(arguments[0]),
                    let part = sqlite3_value_text(arguments[1])
                else {
                    sqlite3_result_int(context, 0)
                    return
                }
                // Folding keeps ASCII text ASCII, so it can't hold a folded part with other
                // characters: skip the allocation for the common all-ASCII row.
                let textBytes = UnsafeBufferPointer(start: text, count: Int(sqlite3_value_bytes(arguments[0])))
                let partBytes = UnsafeBufferPointer(start: part, count: Int(sqlite3_value_bytes(arguments[1])))
                if !partBytes.allSatisfy({ $0 < 0x80 }), textBytes.allSatisfy({ $0 < 0x80 }) {
                    sqlite3_result_int(context, 0)
                    return
                }
                let found = String(cString: text).lowercased().contains(String(cString: part))
                sqlite3_result_int(context, found ? 1 : 0)
            }, nil, nil, nil)
    }

    deinit {
        statementCache.removeAll()
        sqlite3_close_v2(handle)
    }

    /// Runs SQL text without parameters (schema, pragmas, transaction control).
    public func execute(_ sql: String) throws {
        let code = sqlite3_exec(handle, sql, nil, nil, nil)
        guard code == SQLITE_OK else { throw error(code, sql: sql) }
    }

    /// A prepared statement, cached for the life of the connection.
    func statement(_ sql: String) throws -> Statement {
        statementsRun += 1
        if let cached = statementCache[sql] {
            cached.reset()
            return cached
        }
        var pointer: OpaquePointer?
        let code = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &pointer, nil)
        guard code == SQLITE_OK, let prepared = pointer else { throw error(code, sql: sql) }
        let statement = Statement(handle: prepared, database: self)
        statementCache[sql] = statement
        return statement
    }

    /// Runs a statement that returns no rows; returns the number of changed rows.
    @discardableResult
    public func run(_ sql: String, _ values: [SQLValue] = []) throws -> Int {
        let statement = try self.statement(sql)
        try statement.bind(values)
        while try statement.step() {}
        return Int(sqlite3_changes(handle))
    }

    /// All rows of a query.
    public func rows(_ sql: String, _ values: [SQLValue] = []) throws -> [Row] {
        let statement = try self.statement(sql)
        try statement.bind(values)
        var result: [Row] = []
        while try statement.step() { result.append(statement.row()) }
        return result
    }

    /// Streams the rows of a query to `body` without holding them all in memory.
    public func forEach(_ sql: String, _ values: [SQLValue] = [], _ body: (Row) throws -> Void) throws {
        let statement = try self.statement(sql)
        try statement.bind(values)
        defer { statement.reset() }
        while try statement.step() { try body(statement.row()) }
    }

    /// The first row of a query, if any.
    public func row(_ sql: String, _ values: [SQLValue] = []) throws -> Row? {
        let statement = try self.statement(sql)
        try statement.bind(values)
        defer { statement.reset() }
        return try statement.step() ? statement.row() : nil
    }

    /// The first column of the first row as an integer (0 when there is no row).
    public func scalar(_ sql: String, _ values: [SQLValue] = []) throws -> Int64 {
        try row(sql, values)?.int(0) ?? 0
    }

    /// Runs `body` inside BEGIN IMMEDIATE … COMMIT; any thrown error rolls everything back.
    /// True between BEGIN and COMMIT or ROLLBACK.
    var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    /// Inside an open transaction, `body` simply joins it.
    public func transaction<T>(immediate: Bool = true, _ body: () throws -> T) throws -> T {
        guard !isInTransaction else { return try body() }
        try execute(immediate ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")  // Already failing; the original error is the one to report.
            throw error
        }
    }

    func error(_ code: Int32, sql: String) -> WorkspaceError {
        let message = String(cString: sqlite3_errmsg(handle))
        switch code & 0xFF {
        case SQLITE_BUSY, SQLITE_LOCKED:
            return .busy("the workspace is locked by another process (\(message))")
        case SQLITE_NOTADB, SQLITE_CORRUPT:
            return .damaged("the file is not a workspace or is damaged (\(message))")
        default:
            return .damaged("storage error \(code): \(message) [in: \(sql.prefix(80))]")
        }
    }
}

/// A prepared statement owned by its `Database`.
final class Statement {
    private let handle: OpaquePointer
    private unowned let database: Database

    init(handle: OpaquePointer, database: Database) {
        self.handle = handle
        self.database = database
    }

    deinit { sqlite3_finalize(handle) }

    func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    func bind(_ values: [SQLValue]) throws {
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let code: Int32
            switch value {
            case .null: code = sqlite3_bind_null(handle, index)
            case .integer(let number): code = sqlite3_bind_int64(handle, index, number)
            case .real(let number): code = sqlite3_bind_double(handle, index, number)
            case .text(let string): code = sqlite3_bind_text(handle, index, string, -1, csqlite_transient())
            }
            guard code == SQLITE_OK else { throw database.error(code, sql: "bind") }
        }
    }

    /// Advances; true while a row is available.
    func step() throws -> Bool {
        let code = sqlite3_step(handle)
        switch code {
        case SQLITE_ROW: return true
        case SQLITE_DONE:
            sqlite3_reset(handle)
            return false
        default:
            let failure = database.error(code, sql: String(cString: sqlite3_sql(handle)))
            sqlite3_reset(handle)
            throw failure
        }
    }

    func row() -> Row {
        let count = sqlite3_column_count(handle)
        var values: [SQLValue] = []
        values.reserveCapacity(Int(count))
        for column in 0..<count {
            switch sqlite3_column_type(handle, column) {
            case SQLITE_INTEGER: values.append(.integer(sqlite3_column_int64(handle, column)))
            case SQLITE_FLOAT: values.append(.real(sqlite3_column_double(handle, column)))
            case SQLITE_NULL: values.append(.null)
            default:
                if let text = sqlite3_column_text(handle, column) {
                    values.append(.text(String(cString: text)))
                } else {
                    values.append(.null)
                }
            }
        }
        return Row(values: values)
    }
}

/// One result row, read by column position.
public struct Row: Sendable, Equatable {
    public let values: [SQLValue]

    public func string(_ index: Int) -> String {
        switch values[index] {
        case .text(let text): return text
        case .integer(let number): return String(number)
        case .real(let number): return String(number)
        case .null: return ""
        }
    }

    public func optionalString(_ index: Int) -> String? {
        values[index] == .null ? nil : string(index)
    }

    public func int(_ index: Int) -> Int64 {
        switch values[index] {
        case .integer(let number): return number
        case .real(let number): return Int64(number)
        case .text(let text): return Int64(text) ?? 0
        case .null: return 0
        }
    }

    public func bool(_ index: Int) -> Bool { int(index) != 0 }
}
