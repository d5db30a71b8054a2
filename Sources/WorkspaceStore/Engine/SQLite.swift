import CSQLite

#if canImport(Glibc)
    import Glibc
#endif

/// The SQLite engine: one connection to a file. Values only ever reach SQL through bound
/// parameters.
final class SQLiteConnection: EngineConnection {
    private let handle: OpaquePointer
    /// The file, for messages.
    let location: String
    let dialect: any Dialect = SQLiteDialect()
    var engine: Engine { .sqlite }
    private var statementCache: [String: SQLiteStatement] = [:]
    private(set) var statementsRun = 0

    /// Opens an existing file (or creates it when `create` is set).
    init(path: String, create: Bool, busyTimeout: Int32) throws {
        var opened = try Self.open(path, flags: SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0))
        if !create, Self.cannotShareMemory(path) {
            sqlite3_close_v2(opened)
            opened = try Self.open(Self.immutableURI(path), flags: SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI)
        }
        handle = opened
        location = path
        sqlite3_busy_timeout(handle, busyTimeout)
        sqlite3_extended_result_codes(handle, 1)
        Self.registerFunctions(handle)
        try execute("PRAGMA foreign_keys = ON")
    }

    private static func open(_ name: String, flags: Int32) throws -> OpaquePointer {
        var pointer: OpaquePointer?
        let code = sqlite3_open_v2(name, &pointer, flags, nil)
        guard let opened = pointer else { throw WorkspaceError.damaged("cannot open \(name): out of memory") }
        guard code == SQLITE_OK else {
            let message = String(cString: sqlite3_errmsg(opened))
            sqlite3_close_v2(opened)
            throw Self.translate(code, message: message, path: name)
        }
        return opened
    }

    /// Reading a write-ahead-log file needs its `-shm` file, which cannot be made in a folder
    /// we may not write to. With no `-wal` file there is nothing beyond the file itself to read,
    /// so it is read as immutable instead (and a write fails as read-only, as it must there).
    private static func cannotShareMemory(_ path: String) -> Bool {
        let folder = path.contains(Character("/")) ? String(path[..<(path.lastIndex(of: "/") ?? path.endIndex)]) : "."
        // The folder first: it is writable nearly always, and then one call settles it.
        return access(folder.isEmpty ? "/" : folder, W_OK) != 0 && access(path + "-wal", F_OK) != 0
            && access(path + "-shm", F_OK) != 0
    }

    /// `file:PATH?immutable=1`, the path percent-encoded as URIs require.
    private static func immutableURI(_ path: String) -> String {
        let unreserved = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/".utf8)
        var encoded = ""
        for byte in path.utf8 {
            if unreserved.contains(byte) {
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                let hex = Array("0123456789ABCDEF".utf8)
                encoded += "%" + String(decoding: [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]], as: UTF8.self)
            }
        }
        return "file:\(encoded)?immutable=1"
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
                let found = String(cString: text).searchFolded.contains(String(cString: part))
                sqlite3_result_int(context, found ? 1 : 0)
            }, nil, nil, nil)
    }

    deinit {
        statementCache.removeAll()
        sqlite3_close_v2(handle)
    }

    /// SQLite answers at once: nothing to gain from not waiting.
    func write(_ sql: String, _ values: [SQLValue]) throws { _ = try run(sql, values) }

    /// Runs SQL text without parameters (schema, pragmas, transaction control).
    func execute(_ sql: String) throws {
        let code = sqlite3_exec(handle, sql, nil, nil, nil)
        guard code == SQLITE_OK else { throw error(code, sql: sql) }
    }

    /// A prepared statement, cached for the life of the connection.
    private func statement(_ sql: String) throws -> SQLiteStatement {
        statementsRun += 1
        if let cached = statementCache[sql] {
            cached.reset()
            return cached
        }
        var pointer: OpaquePointer?
        let code = sqlite3_prepare_v3(handle, dialect.placeholders(sql), -1, UInt32(SQLITE_PREPARE_PERSISTENT), &pointer, nil)
        guard code == SQLITE_OK, let prepared = pointer else { throw error(code, sql: sql) }
        let statement = SQLiteStatement(handle: prepared, connection: self)
        statementCache[sql] = statement
        return statement
    }

    func run(_ sql: String, _ values: [SQLValue]) throws -> Int {
        let statement = try self.statement(sql)
        try statement.bind(values)
        while try statement.step() {}
        return Int(sqlite3_changes(handle))
    }

    func forEach(_ sql: String, _ values: [SQLValue], _ body: (Row) throws -> Bool) throws {
        let statement = try self.statement(sql)
        try statement.bind(values)
        defer { statement.reset() }
        while try statement.step() {
            guard try body(statement.row()) else { return }
        }
    }

    /// True when the file could only be opened for reading (its permissions forbid writing).
    var isReadOnly: Bool { sqlite3_db_readonly(handle, "main") == 1 }

    /// `data_version` moves when another connection commits, the total of changes when this
    /// one writes (rolled back or not).
    func changeStamp() throws -> ChangeStamp {
        var others: Int64 = 0
        try forEach(dialect.dataVersion, []) { others = try $0.integer(at: 0); return false }
        return ChangeStamp(others: others, own: sqlite3_total_changes64(handle))
    }

    var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    /// A writer takes the file's one write lock at once (BEGIN IMMEDIATE), so every rule
    /// checked inside the command still holds at commit; a reader's snapshot starts at its
    /// first read.
    func begin(_ mode: TransactionMode) throws {
        try execute(mode == .write ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED")
    }

    func commit() throws { try execute("COMMIT") }
    func rollback() throws { try execute("ROLLBACK") }

    /// A new file keeps a write-ahead log, so readers never wait for the writer.
    func prepareNew() throws { try execute("PRAGMA journal_mode = WAL") }

    /// SQLite's procedure for changing a table (and GRDB's migrator): foreign keys off, which
    /// only takes effect outside a transaction, then `PRAGMA foreign_key_check` before the
    /// commit.
    func changingSchema(_ body: () throws -> Void) throws {
        try execute("PRAGMA foreign_keys = OFF")
        let changed = Result {
            try begin(.write)
            do {
                try body()
                try refuseDanglingReferences()
                try commit()
            } catch {
                try? rollback()  // Already failing; the original error is the one to report.
                throw error
            }
        }
        try execute("PRAGMA foreign_keys = ON")
        try changed.get()
    }

    /// A row that names a missing row refuses the change, naming the first such table.
    private func refuseDanglingReferences() throws {
        var dangling: [Row] = []
        try forEach("PRAGMA foreign_key_check", []) { dangling.append($0); return true }
        guard let first = dangling.first else { return }
        throw WorkspaceError.damaged(
            "the workspace cannot be upgraded: \(dangling.count) row(s) name rows that are not there "
                + "(first in table \(try first.text(at: 0)), referring to \(try first.text(at: 2)))",
            hint: "the file was changed outside workspace; restore it from a backup")
    }

    func engineVersion() throws -> String { String(cString: sqlite3_libversion()) }

    func sizeInBytes() throws -> Int64 {
        var pages: Int64 = 0
        var size: Int64 = 0
        try forEach("PRAGMA page_count", []) { pages = try $0.integer(at: 0); return false }
        try forEach("PRAGMA page_size", []) { size = try $0.integer(at: 0); return false }
        return pages * size
    }

    func relaxDurability() throws { try execute("PRAGMA synchronous = OFF; PRAGMA cache_size = -131072") }

    /// A SQLite failure as the user's problem: never SQL text (SPEC §0).
    /// The extended code, SQLite's message, the statement and its arguments travel along as a
    /// diagnostic (as GRDB's `DatabaseError` keeps them), shown only with WORKSPACE_DEBUG=1.
    func error(_ code: Int32, sql: String, arguments: [SQLValue] = []) -> WorkspaceError {
        let message = String(cString: sqlite3_errmsg(handle))
        var error = Self.translate(code, message: message, path: location)
        let bound = arguments.isEmpty ? "" : " with arguments " + Self.describe(arguments)
        error.diagnostic = "SQLite error \(sqlite3_extended_errcode(handle)) (\(message)) in: \(sql)\(bound)"
        return error
    }

    /// Arguments as a diagnostic shows them: long texts cut short.
    private static func describe(_ values: [SQLValue]) -> String {
        "[" + values.map { value in
            switch value {
            case .null: "NULL"
            case .integer(let number): "\(number)"
            case .real(let number): "\(number)"
            case .text(let text): "'" + (text.count > 64 ? text.prefix(64) + "…" : text) + "'"
            }
        }.joined(separator: ", ") + "]"
    }

    static func translate(_ code: Int32, message: String, path: String) -> WorkspaceError {
        switch code & 0xFF {
        case SQLITE_BUSY, SQLITE_LOCKED:
            return .busy("the workspace \(path) is locked by another process")
        case SQLITE_READONLY:
            return .damaged(
                "the workspace \(path) is read-only: it can be read but not changed",
                hint: "check the file's permissions (and its folder's), or copy it somewhere writable")
        case SQLITE_FULL:
            return .damaged("the disk holding \(path) is full", hint: "free some space and run the command again")
        case SQLITE_NOTADB, SQLITE_CORRUPT:
            return .damaged("\(path) is not a workspace, or it is damaged", hint: "restore it from a backup")
        case SQLITE_CANTOPEN, SQLITE_PERM, SQLITE_AUTH:
            return .damaged("cannot open the workspace \(path)", hint: "check that the file and its folder are accessible")
        case SQLITE_IOERR:
            return .damaged("cannot read or write \(path): the disk reported an error")
        case SQLITE_NOMEM:
            return .damaged("out of memory while using \(path)")
        case SQLITE_CONSTRAINT:
            // Our own triggers and checks: the message is ours (e.g. "the audit log is append-only").
            return .refused("the workspace refused the change: \(message)")
        default:
            return .damaged("the workspace \(path) could not be used (SQLite error \(code): \(message))")
        }
    }
}

/// A prepared statement owned by its connection.
final class SQLiteStatement {
    private let handle: OpaquePointer
    private unowned let connection: SQLiteConnection

    private let columns: ColumnNames
    /// What was last bound, for a failure's diagnostic.
    private var arguments: [SQLValue] = []

    init(handle: OpaquePointer, connection: SQLiteConnection) {
        self.handle = handle
        self.connection = connection
        columns = ColumnNames(
            (0..<sqlite3_column_count(handle)).map { sqlite3_column_name(handle, $0).map { String(cString: $0) } ?? "" })
    }

    deinit { sqlite3_finalize(handle) }

    func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    func bind(_ values: [SQLValue]) throws {
        arguments = values
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let code: Int32
            switch value {
            case .null: code = sqlite3_bind_null(handle, index)
            case .integer(let number): code = sqlite3_bind_int64(handle, index, number)
            case .real(let number): code = sqlite3_bind_double(handle, index, number)
            case .text(let string):
                // With its byte count: text may hold NUL characters (a readme from a file), which
                // a C string would cut short.
                var string = string
                code = string.withUTF8 { bytes in
                    bytes.withMemoryRebound(to: CChar.self) { text in
                        guard let start = text.baseAddress else { return sqlite3_bind_text(handle, index, "", 0, csqlite_transient()) }
                        return sqlite3_bind_text(handle, index, start, Int32(text.count), csqlite_transient())
                    }
                }
            }
            guard code == SQLITE_OK else { throw connection.error(code, sql: "bind") }
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
            let failure = connection.error(code, sql: String(cString: sqlite3_sql(handle)), arguments: arguments)
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
                    let count = Int(sqlite3_column_bytes(handle, column))
                    values.append(.text(String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self)))
                } else {
                    values.append(.null)
                }
            }
        }
        return Row(values: values, columns: columns)
    }
}

