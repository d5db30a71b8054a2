import CSQLite

#if canImport(Glibc)
    import Glibc
#endif

/// A value bound to, or read from, an SQL statement.
enum SQLValue: Equatable, Sendable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
}

/// One connection to a SQLite file. Values only ever reach SQL through bound parameters.
final class Database {
    private let handle: OpaquePointer
    /// The file, for messages.
    let path: String
    private var statementCache: [String: Statement] = [:]
    /// How many statements have been run, so tests can prove a listing makes no query per row.
    private(set) var statementsRun = 0

    /// Opens an existing file (or creates it when `create` is set).
    init(path: String, create: Bool = false, busyTimeout: Int32 = Workspace.defaultBusyTimeout) throws {
        var opened = try Self.open(path, flags: SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0))
        if !create, Self.cannotShareMemory(path) {
            sqlite3_close_v2(opened)
            opened = try Self.open(Self.immutableURI(path), flags: SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI)
        }
        handle = opened
        self.path = path
        sqlite3_busy_timeout(handle, busyTimeout)
        sqlite3_extended_result_codes(handle, 1)
        Self.registerFunctions(handle)
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
                let found = String(cString: text).lowercased().contains(String(cString: part))
                sqlite3_result_int(context, found ? 1 : 0)
            }, nil, nil, nil)
    }

    deinit {
        statementCache.removeAll()
        sqlite3_close_v2(handle)
    }

    /// Runs SQL text without parameters (schema, pragmas, transaction control).
    func execute(_ sql: String) throws {
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
    func run(_ sql: String, _ values: [SQLValue] = []) throws -> Int {
        let statement = try self.statement(sql)
        try statement.bind(values)
        while try statement.step() {}
        return Int(sqlite3_changes(handle))
    }

    /// All rows of a query.
    func rows(_ sql: String, _ values: [SQLValue] = []) throws -> [Row] {
        let statement = try self.statement(sql)
        try statement.bind(values)
        var result: [Row] = []
        while try statement.step() { result.append(statement.row()) }
        return result
    }

    /// Streams the rows of a query to `body` without holding them all in memory.
    func forEach(_ sql: String, _ values: [SQLValue] = [], _ body: (Row) throws -> Void) throws {
        let statement = try self.statement(sql)
        try statement.bind(values)
        defer { statement.reset() }
        while try statement.step() { try body(statement.row()) }
    }

    /// The first row of a query, if any.
    func row(_ sql: String, _ values: [SQLValue] = []) throws -> Row? {
        let statement = try self.statement(sql)
        try statement.bind(values)
        defer { statement.reset() }
        return try statement.step() ? statement.row() : nil
    }

    /// The first column of the first row as an integer (0 when there is no row).
    func scalar(_ sql: String, _ values: [SQLValue] = []) throws -> Int64 {
        // An aggregate over no rows (max, sum) is NULL: 0 here; anything but an integer is damage.
        try row(sql, values)?.optionalInteger(at: 0) ?? 0
    }

    /// True when the file could only be opened for reading (its permissions forbid writing).
    var isReadOnly: Bool { sqlite3_db_readonly(handle, "main") == 1 }

    /// Changes whenever anything may have changed the file: `data_version` moves when another
    /// connection commits, the total of changes when this one writes (rolled back or not).
    func changeStamp() throws -> ChangeStamp {
        ChangeStamp(others: try scalar("PRAGMA data_version"), own: sqlite3_total_changes64(handle))
    }

    /// True between BEGIN and COMMIT or ROLLBACK.
    var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    /// Runs `body` inside BEGIN IMMEDIATE … COMMIT; any thrown error rolls everything back.
    /// Inside an open transaction, `body` simply joins it.
    func transaction<T>(immediate: Bool = true, _ body: () throws -> T) throws -> T {
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

    /// Runs `body` inside a savepoint of the open transaction: its changes are undone alone if
    /// it throws, and the transaction goes on.
    func savepoint<T>(_ body: () throws -> T) throws -> T {
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
    func undoing<T>(_ body: () throws -> T) throws -> T {
        try execute("SAVEPOINT dry_run")
        let result = Result { try body() }
        try execute("ROLLBACK TO dry_run")
        try execute("RELEASE dry_run")
        return try result.get()
    }

    /// A SQLite failure as the user's problem: never SQL text (SPEC §0).
    func error(_ code: Int32, sql: String) -> WorkspaceError {
        let message = String(cString: sqlite3_errmsg(handle))
        var error = Self.translate(code, message: message, path: path)
        error.diagnostic = "SQLite error \(sqlite3_extended_errcode(handle)) (\(message)) in: \(sql)"
        return error
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

/// A prepared statement owned by its `Database`.
final class Statement {
    private let handle: OpaquePointer
    private unowned let database: Database

    private let columns: ColumnNames

    init(handle: OpaquePointer, database: Database) {
        self.handle = handle
        self.database = database
        columns = ColumnNames(
            (0..<sqlite3_column_count(handle)).map { sqlite3_column_name(handle, $0).map { String(cString: $0) } ?? "" })
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

/// The names of a statement's result columns, shared by every row it returns.
final class ColumnNames: Sendable {
    let names: [String]
    private let positions: [String: Int]

    init(_ names: [String]) {
        self.names = names
        positions = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    }

    func position(of name: String) -> Int? { positions[name] }
}

/// One result row. Records read it by column name and strictly: a value of the wrong type is
/// a damaged row (exit 5), never quietly read as a default.
struct Row: Sendable, Equatable {
    let values: [SQLValue]
    let columns: ColumnNames?

    init(values: [SQLValue], columns: ColumnNames? = nil) {
        self.values = values
        self.columns = columns
    }

    static func == (lhs: Row, rhs: Row) -> Bool { lhs.values == rhs.values }

    // MARK: By column name (records), or by position (aggregates, one-column queries); strict either way

    func value(_ name: String) throws -> SQLValue { values[try position(of: name)] }

    private func position(of name: String) throws -> Int {
        guard let position = columns?.position(of: name), position < values.count else {
            throw WorkspaceError.damaged("a stored row has no column \(name)", hint: Self.damagedHint)
        }
        return position
    }

    func text(_ name: String) throws -> String { try text(at: position(of: name)) }
    func optionalText(_ name: String) throws -> String? { try optionalText(at: position(of: name)) }
    func integer(_ name: String) throws -> Int64 { try integer(at: position(of: name)) }
    func optionalInteger(_ name: String) throws -> Int64? { try optionalInteger(at: position(of: name)) }
    func flag(_ name: String) throws -> Bool { try flag(at: position(of: name)) }

    func text(at index: Int) throws -> String {
        guard case .text(let text) = try value(at: index) else { throw damaged(index, expected: "text") }
        return text
    }

    func optionalText(at index: Int) throws -> String? {
        switch try value(at: index) {
        case .null: return nil
        case .text(let text): return text
        default: throw damaged(index, expected: "text or nothing")
        }
    }

    func integer(at index: Int) throws -> Int64 {
        guard case .integer(let number) = try value(at: index) else { throw damaged(index, expected: "an integer") }
        return number
    }

    func optionalInteger(at index: Int) throws -> Int64? {
        switch try value(at: index) {
        case .null: return nil
        case .integer(let number): return number
        default: throw damaged(index, expected: "an integer or nothing")
        }
    }

    func flag(at index: Int) throws -> Bool {
        switch try value(at: index) {
        case .integer(0): return false
        case .integer(1): return true
        default: throw damaged(index, expected: "0 or 1")
        }
    }

    private func value(at index: Int) throws -> SQLValue {
        guard values.indices.contains(index) else {
            throw WorkspaceError.damaged("a stored row has no column \(index + 1)", hint: Self.damagedHint)
        }
        return values[index]
    }

    func json(_ name: String) throws -> JSONValue {
        do {
            return try JSONValue(parsing: try text(name))
        } catch let error as WorkspaceError where error.kind == .invalid {
            throw damaged(try position(of: name), expected: "JSON text")
        }
    }

    func optionalJSON(_ name: String) throws -> JSONValue? {
        guard try optionalText(name) != nil else { return nil }
        return try json(name)
    }

    func object(_ name: String) throws -> JSONObject {
        guard case .object(let object) = try json(name) else { throw damaged(try position(of: name), expected: "a JSON object") }
        return object
    }

    /// A column holding one of a closed set of values (a role, a kind …).
    func choice<Choice: RawRepresentable>(_ name: String, as type: Choice.Type) throws -> Choice
    where Choice.RawValue == String {
        guard let choice = Choice(rawValue: try text(name)) else {
            throw damaged(try position(of: name), expected: "one of the known values")
        }
        return choice
    }

    func array(_ name: String) throws -> [JSONValue] {
        guard case .array(let array) = try json(name) else { throw damaged(try position(of: name), expected: "a JSON array") }
        return array
    }

    private static let damagedHint = "the file was changed outside workspace; restore it from a backup"

    /// A damaged value, naming its column and, where the row has one, its id.
    private func damaged(_ index: Int, expected: String) -> WorkspaceError {
        let name = columns.flatMap { $0.names.indices.contains(index) ? $0.names[index] : nil } ?? "\(index + 1)"
        let id = (columns?.position(of: "id")).flatMap { values.indices.contains($0) ? values[$0] : nil }
        let which = if case .text(let text)? = id { " \(text)" } else { "" }
        return WorkspaceError.damaged(
            "the stored row\(which) is damaged: its column \(name) should hold \(expected)", hint: Self.damagedHint)
    }
}
