import CLibPQ

#if canImport(Glibc)
    import Glibc
#endif

/// The PostgreSQL engine: one libpq connection, synchronous like the SQLite one. Statements
/// are prepared once per connection and take their values as text parameters only.
final class PostgreSQLConnection: EngineConnection {
    private let pq: LibPQ
    private let handle: OpaquePointer
    /// The address without its password, for messages.
    let location: String
    let dialect: any Dialect = PostgreSQLDialect()
    var engine: Engine { .postgresql }
    private(set) var statementsRun = 0
    /// Statements by SQL text: run once (in one round trip, unprepared), or prepared once they
    /// run a second time (the server's long-lived connections run the same few again and again).
    private var prepared: [String: (name: String?, columns: ColumnNames?)] = [:]
    private var preparedCount = 0
    /// How long a writer waits for another's lock before the workspace is reported busy (ms).
    private let lockTimeout: Int32
    private var writing = false
    /// Writes sent in pipeline mode whose answers are not read yet, oldest first.
    private var unanswered: [(sql: String, arguments: Int)] = []
    /// Writes sent before their answers are read: enough to save the round trips of a bulk
    /// write, few enough that the answers (a few dozen bytes each) never fill a socket buffer.
    private static let pipelineDepth = 200

    /// Writers of one workspace (one database) take turns on this advisory lock, as SQLite's
    /// writers do on the file's one write lock: the workspace's application id, "WSP1".
    static let writerLock: Int64 = 0x5753_5031

    /// Connects with libpq's conventions: a `postgres://` or `postgresql://` address, with
    /// PGHOST, PGUSER, PGPASSWORD, ~/.pgpass, sslmode and service files filling what it leaves out.
    init(address: String, busyTimeout: Int32) throws {
        pq = try LibPQ.load()
        location = Self.redacted(address)
        lockTimeout = busyTimeout
        guard let connection = pq.connect(address) else {
            throw WorkspaceError.damaged("cannot connect to \(location): out of memory")
        }
        guard pq.status(connection) == CONNECTION_OK else {
            let reason = pq.errorMessage(connection).map { String(cString: $0) } ?? "no reason given"
            pq.finish(connection)
            throw WorkspaceError.damaged(
                "cannot connect to the workspace at \(location): \(Self.firstLine(reason))",
                hint: "check that the PostgreSQL server runs and takes connections there, and the user and password "
                    + "(PGPASSWORD or ~/.pgpass)")
        }
        handle = connection
        // Notices (say, "relation already exists, skipping") are not the user's business.
        _ = pq.setNoticeProcessor(connection, { _, _ in }, nil)
        try execute("SET client_encoding = 'UTF8'; SET standard_conforming_strings = on; SET client_min_messages = warning")
    }

    deinit { pq.finish(handle) }

    /// True for an address this engine serves.
    static func serves(_ address: String) -> Bool {
        address.hasPrefix("postgres://") || address.hasPrefix("postgresql://")
    }

    /// The address with any password taken out (`user:secret@` and `password=` alike).
    static func redacted(_ address: String) -> String {
        var text = address
        if let scheme = text.firstIndex(of: ":"), text[scheme...].hasPrefix("://") {
            let start = text.index(scheme, offsetBy: 3)
            let authority = text[start...].prefix { $0 != "/" && $0 != "?" }
            if let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":") {
                text.removeSubrange(colon..<at)
            }
        }
        guard let query = text.firstIndex(of: "?") else { return text }
        let kept = text[text.index(after: query)...].split(separator: "&").filter { !$0.lowercased().hasPrefix("password=") }
        return String(text[..<query]) + (kept.isEmpty ? "" : "?" + kept.joined(separator: "&"))
    }

    private static func firstLine(_ text: String) -> String {
        String(text.split(separator: "\n").first ?? "").trimmingBlanks()
    }

    // MARK: Statements

    func execute(_ sql: String) throws {
        try drain()
        statementsRun += 1
        let result = pq.exec(handle, sql)
        defer { pq.clear(result) }
        try check(result, sql: sql, arguments: [])
    }

    func run(_ sql: String, _ values: [SQLValue]) throws -> Int {
        let result = try perform(sql, values)
        defer { pq.clear(result) }
        return pq.changedRows(result).flatMap { Int(String(cString: $0)) } ?? 0
    }

    func forEach(_ sql: String, _ values: [SQLValue], _ body: (Row) throws -> Bool) throws {
        let result = try perform(sql, values)
        defer { pq.clear(result) }
        let columns = try columnNames(of: sql, result)
        let types = (0..<pq.fieldCount(result)).map { pq.fieldType(result, $0) }
        for row in 0..<pq.tupleCount(result) {
            let values = try types.enumerated().map { column, type in try value(result, row, Int32(column), type) }
            guard try body(Row(values: values, columns: columns)) else { return }
        }
    }

    /// In a write transaction: sent without waiting for the answer (libpq's pipeline mode),
    /// whose answers are read, and a failure thrown, by the next statement that waits.
    func write(_ sql: String, _ values: [SQLValue]) throws {
        guard writing, let pipeline = pq.pipeline else {
            _ = try run(sql, values)
            return
        }
        let texts = try values.map { try Self.parameter($0) }  // A NUL is refused before anything is sent.
        statementsRun += 1
        if unanswered.isEmpty, pipeline.enter(handle) != 1 { throw lostConnection() }
        let pointers = texts.map { $0.flatMap { strdup($0) } }
        defer { pointers.forEach { free($0) } }
        let sent = pointers.map { UnsafePointer($0) }.withUnsafeBufferPointer { parameters in
            pipeline.sendQueryParams(
                handle, dialect.placeholders(sql), Int32(parameters.count), nil, parameters.baseAddress, nil, nil, 0)
        }
        unanswered.append((sql, values.count))
        guard sent == 1 else { return try drain(failing: lostConnection()) }
        if unanswered.count >= Self.pipelineDepth { try drain() }
    }

    /// Reads the answers of the pipelined writes and leaves pipeline mode; the first failure
    /// among them (or `failing`) is thrown once all are read.
    private func drain(failing: WorkspaceError? = nil) throws {
        guard !unanswered.isEmpty, let pipeline = pq.pipeline else { return }
        let statements = unanswered
        unanswered = []
        var failure = failing
        if failure == nil, pipeline.sync(handle) != 1 { failure = lostConnection() }
        if failure == nil {
            for statement in statements {
                // Each statement's answer, then nil; one that never came means the connection went.
                guard let result = pipeline.getResult(handle) else {
                    failure = lostConnection()
                    break
                }
                let status = pq.resultStatus(result)
                if failure == nil, status != PGRES_COMMAND_OK, status != PGRES_PIPELINE_ABORTED {
                    do {
                        try check(result, sql: statement.sql, arguments: Array(repeating: .null, count: statement.arguments))
                    } catch let error as WorkspaceError {
                        failure = error
                    }
                }
                pq.clear(result)
                while let extra = pipeline.getResult(handle) { pq.clear(extra) }
            }
            if failure == nil || pq.status(handle) == CONNECTION_OK {
                // The sync's own answer.
                while let result = pipeline.getResult(handle) {
                    let status = pq.resultStatus(result)
                    pq.clear(result)
                    if status == PGRES_PIPELINE_SYNC { break }
                }
            }
        }
        if pipeline.exit(handle) != 1, failure == nil { failure = lostConnection() }
        if let failure { throw failure }
    }

    /// Runs `sql` with `values` bound as text: unprepared the first time, in one round trip;
    /// prepared from its second run on.
    private func perform(_ sql: String, _ values: [SQLValue]) throws -> OpaquePointer? {
        try drain()
        statementsRun += 1
        let name = try prepared[sql] == nil ? nil : statementName(sql)
        if prepared[sql] == nil { prepared[sql] = (nil, nil) }
        let texts = try values.map { try Self.parameter($0) }
        let pointers = texts.map { $0.flatMap { strdup($0) } }
        defer { pointers.forEach { free($0) } }
        let result = pointers.map { UnsafePointer($0) }.withUnsafeBufferPointer { parameters in
            if let name { return pq.execPrepared(handle, name, Int32(parameters.count), parameters.baseAddress, nil, nil, 0) }
            return pq.execParams(handle, dialect.placeholders(sql), Int32(parameters.count), nil, parameters.baseAddress, nil, nil, 0)
        }
        do {
            try check(result, sql: sql, arguments: values)
        } catch {
            pq.clear(result)
            throw error
        }
        return result
    }

    private func statementName(_ sql: String) throws -> String {
        if let known = prepared[sql]?.name { return known }
        preparedCount += 1
        let name = "s\(preparedCount)"
        let result = pq.prepare(handle, name, dialect.placeholders(sql), 0, nil)
        defer { pq.clear(result) }
        try check(result, sql: sql, arguments: [])
        prepared[sql]?.name = name
        return name
    }

    /// The result's column names, made once per statement.
    private func columnNames(of sql: String, _ result: OpaquePointer?) throws -> ColumnNames {
        if let known = prepared[sql]?.columns { return known }
        let columns = ColumnNames(
            (0..<pq.fieldCount(result)).map { pq.fieldName(result, $0).map { String(cString: $0) } ?? "" })
        prepared[sql]?.columns = columns
        return columns
    }

    /// A value as PostgreSQL's text format carries it; nil is SQL NULL.
    private static func parameter(_ value: SQLValue) throws -> String? {
        switch value {
        case .null: return nil
        case .integer(let number): return String(number)
        case .real(let number): return "\(number)"
        case .text(let text):
            // PostgreSQL text cannot hold NUL characters; SQLite can. Refused rather than cut short.
            guard !text.utf8.contains(0) else {
                throw WorkspaceError.invalid("PostgreSQL workspaces cannot store text that holds a NUL character")
            }
            return text
        }
    }

    /// One field, typed by its column's type: integers and booleans as integers (0 or 1),
    /// floating-point numbers as reals, everything else as text.
    private func value(_ result: OpaquePointer?, _ row: Int32, _ column: Int32, _ type: Oid) throws -> SQLValue {
        guard pq.isNull(result, row, column) == 0, let bytes = pq.value(result, row, column) else { return .null }
        let text = String(
            decoding: UnsafeRawBufferPointer(start: bytes, count: Int(pq.length(result, row, column))), as: UTF8.self)
        switch type {
        case 20, 21, 23, 26: return Int64(text).map(SQLValue.integer) ?? .text(text)  // int8, int2, int4, oid
        case 16: return .integer(text == "t" ? 1 : 0)  // bool
        case 700, 701: return Double(text).map(SQLValue.real) ?? .text(text)  // float4, float8
        case 1700: return Int64(text).map(SQLValue.integer) ?? Double(text).map(SQLValue.real) ?? .text(text)  // numeric
        default: return .text(text)
        }
    }

    // MARK: Transactions

    /// A writer takes the workspace's advisory lock first, waiting at most the busy timeout,
    /// so writers take turns as on SQLite and every rule checked inside a command still holds
    /// at commit; a reader reads one snapshot.
    func begin(_ mode: TransactionMode) throws {
        switch mode {
        case .write: try beginWriting("BEGIN ISOLATION LEVEL READ COMMITTED")
        case .read:
            try execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            writing = false
        }
    }

    /// Begins a transaction and waits for the writers' lock; a lock not had in time (busy)
    /// ends the transaction it began.
    private func beginWriting(_ begin: String) throws {
        do {
            try execute(
                "\(begin); SET LOCAL lock_timeout = '\(lockTimeout)ms'; SELECT pg_advisory_xact_lock(\(Self.writerLock))")
        } catch {
            if isInTransaction { try? execute("ROLLBACK") }  // Already failing; the original error is the one to report.
            throw error
        }
        writing = true
    }

    /// A writer's commit moves the generation other servers compare their kept answers with,
    /// and tells their change feeds (a notification is delivered only if the commit happens);
    /// one round trip. A connection lost during the commit leaves its outcome unknown.
    func commit() throws {
        let wasWriting = writing
        writing = false
        do {
            try execute(wasWriting ? "\(Self.bumpGeneration); COMMIT" : "COMMIT")
        } catch let error as WorkspaceError where error.kind == .unavailable && !isConnected {
            var unknown = WorkspaceError.damaged(
                "the connection to the workspace at \(location) was lost while the command committed",
                hint: "the command may or may not have been kept: `workspace audit --limit 5` shows the newest changes")
            unknown.diagnostic = error.diagnostic
            throw unknown
        }
    }

    /// The channel writers notify on commit, with the new generation as the payload.
    static let changeChannel = "workspace_changes"
    private static let bumpGeneration =
        "WITH bumped AS (UPDATE workspace_meta SET value = value + 1 WHERE key = 'generation' RETURNING value) "
        + "SELECT pg_notify('\(changeChannel)', value::text) FROM bumped"

    private var isConnected: Bool { pq.status(handle) == CONNECTION_OK }

    func rollback() throws {
        writing = false
        try? drain()  // Rolled back whatever its answers say.
        try execute("ROLLBACK")
    }

    var isInTransaction: Bool { pq.transactionStatus(handle) != PQTRANS_IDLE }

    var isReadOnly: Bool { false }

    func changeStamp() throws -> ChangeStamp {
        var generation: Int64 = 0
        try forEach(dialect.dataVersion, []) { generation = try $0.integer(at: 0); return false }
        return ChangeStamp(others: generation, own: 0)
    }

    func prepareNew() throws {}

    // MARK: Change feed

    /// Subscribes this connection to the writers' commit notifications.
    func listenForChanges() throws { try execute("LISTEN \(Self.changeChannel)") }

    /// Waits at most `milliseconds` for commit notifications; returns the newest generation
    /// they carry, or nil when none came. A lost connection throws (exit 5).
    func nextChange(waitingAtMost milliseconds: Int32) throws -> Int64? {
        if let newest = pendingChange() { return newest }
        var descriptor = pollfd(fd: pq.socket(handle), events: Int16(POLLIN), revents: 0)
        guard descriptor.fd >= 0 else { throw lostConnection() }
        guard poll(&descriptor, 1, milliseconds) > 0 else { return nil }
        guard pq.consumeInput(handle) == 1 else { throw lostConnection() }
        return pendingChange()
    }

    /// The newest generation among the notifications libpq has read already.
    private func pendingChange() -> Int64? {
        var newest: Int64?
        while let notification = pq.notifies(handle) {
            defer { pq.freeMemory(notification) }
            let payload = notification.pointee.extra.map { String(cString: $0) } ?? ""
            if let generation = Int64(payload) { newest = max(newest ?? generation, generation) }
        }
        return newest
    }

    private func lostConnection() -> WorkspaceError {
        let reason = pq.errorMessage(handle).map { Self.firstLine(String(cString: $0)) } ?? "no reason given"
        return Self.translate(state: "08006", message: reason, location: location)
    }

    /// Schema changes run under the writers' lock; references are declared deferrable, so a
    /// change may leave them unresolved until its commit, which checks them.
    func changingSchema(_ body: () throws -> Void) throws {
        try beginWriting("BEGIN")
        writing = false
        do {
            try execute("SET CONSTRAINTS ALL DEFERRED")
            try body()
            try execute("COMMIT")
        } catch {
            try? execute("ROLLBACK")  // Already failing; the original error is the one to report.
            throw error
        }
    }

    func relaxDurability() throws { try execute("SET synchronous_commit = off") }

    func engineVersion() throws -> String {
        var version = ""
        try forEach("SHOW server_version", []) { version = try $0.text(at: 0); return false }
        return version
    }

    func sizeInBytes() throws -> Int64 {
        var size: Int64 = 0
        try forEach("SELECT pg_database_size(current_database())", []) { size = try $0.integer(at: 0); return false }
        return size
    }

    // MARK: Errors

    private func check(_ result: OpaquePointer?, sql: String, arguments: [SQLValue]) throws {
        let status = pq.resultStatus(result)
        guard result == nil || (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) else { return }
        let state = result.flatMap { pq.resultErrorField($0, Int32(UInt8(ascii: "C"))) }.map { String(cString: $0) } ?? "08006"
        let message =
            result.flatMap { pq.resultErrorField($0, Int32(UInt8(ascii: "M"))) }.map { String(cString: $0) }
            ?? pq.errorMessage(handle).map { Self.firstLine(String(cString: $0)) } ?? "no reason given"
        var error = Self.translate(state: state, message: message, location: location)
        error.diagnostic = "PostgreSQL error \(state) (\(message)) in: \(sql)"
            + (arguments.isEmpty ? "" : " with \(arguments.count) argument(s)")
        throw error
    }

    /// A PostgreSQL failure as the user's problem, by its SQLSTATE class.
    static func translate(state: String, message: String, location: String) -> WorkspaceError {
        switch (String(state.prefix(2)), state) {
        case (_, "55P03"), (_, "40001"), (_, "40P01"):
            return .busy("the workspace at \(location) is locked by another writer")
        case ("23", _):
            // Our own triggers and checks: the message is ours (e.g. "the audit log is append-only").
            return .refused("the workspace refused the change: \(message)")
        case ("08", _), ("57", _):
            return .damaged(
                "the connection to the workspace at \(location) was lost: \(message)",
                hint: "nothing of the command was kept; run it again once the server is back")
        case ("53", _):
            return .damaged("the PostgreSQL server holding \(location) is out of resources: \(message)")
        case ("28", _), ("42", "42501"):
            return .damaged(
                "the workspace at \(location) refused this user: \(message)",
                hint: "the PostgreSQL role needs to own the workspace's tables (or be granted all rights on them)")
        default:
            return .damaged("the workspace at \(location) could not be used (PostgreSQL error \(state): \(message))")
        }
    }
}

/// PostgreSQL's forms.
struct PostgreSQLDialect: Dialect {
    /// `?` and `?N` become `$N`, outside quoted text and names.
    func placeholders(_ sql: String) -> String {
        var out = ""
        var next = 1
        var quote: Character?
        var characters = sql.makeIterator()
        var pending = characters.next()
        while let character = pending {
            pending = characters.next()
            if let open = quote {
                out.append(character)
                if character == open { quote = nil }
                continue
            }
            guard character == "?" else {
                if character == "'" || character == "\"" { quote = character }
                out.append(character)
                continue
            }
            var digits = ""
            while let digit = pending, digit.isASCII, digit.isNumber {
                digits.append(digit)
                pending = characters.next()
            }
            if digits.isEmpty {
                out += "$\(next)"
                next += 1
            } else {
                out += "$" + digits
            }
        }
        return out
    }

    /// An array parameter: the planner looks each value up in the index (a JSON list's
    /// elements it cannot see into, and scans instead).
    var list: String { "SELECT unnest(?::text[])" }

    /// A text array literal of the values (`{"a","b"}`). A value holding a NUL character is
    /// left out: PostgreSQL stores none, so it matches nothing.
    func listValue(_ values: [String]) -> SQLValue {
        let elements = values.filter { !$0.utf8.contains(0) }.map { value in
            "\"" + value.replacingBackslashesAndQuotes() + "\""
        }
        return .text("{" + elements.joined(separator: ",") + "}")
    }
    var schemaVersion: String { "SELECT value FROM workspace_meta WHERE key = 'schema_version'" }
    func setSchemaVersion(_ version: Int) -> String {
        "UPDATE workspace_meta SET value = \(version) WHERE key = 'schema_version'"
    }
    var applicationID: String { "SELECT value FROM workspace_meta WHERE key = 'application_id'" }
    var dataVersion: String { "SELECT value FROM workspace_meta WHERE key = 'generation'" }
    /// From the catalog: information_schema's view costs a command about half a millisecond more.
    var tables: String {
        "SELECT relname::text FROM pg_class WHERE relnamespace = current_schema()::regnamespace AND relkind IN ('r', 'p')"
    }
    var metaTable: String? { "workspace_meta" }
    var metaProbe: String? {
        "SELECT (to_regclass('workspace_meta') IS NOT NULL)::int, EXISTS (SELECT 1 FROM pg_class "
            + "WHERE relnamespace = current_schema()::regnamespace AND relkind IN ('r', 'p'))::int"
    }

    /// Rows copied in with their creation order (`seq`) leave the identity's sequence behind:
    /// it is moved past the largest, or the next insert would collide.
    func catchUpCreationOrder(_ table: String) -> String? {
        guard PostgreSQLSchema.identityTables.contains(table) else { return nil }
        return "SELECT setval(pg_get_serial_sequence('\(table)', 'seq'), coalesce(max(seq), 0) + 1, false) FROM \(table)"
    }

    /// PostgreSQL's LIKE is case-sensitive: the text and the column are both folded instead.
    /// lower() folds with the database's character type (a UTF-8 locale: the simple mapping).
    func containsFolded(_ column: String, _ text: String) -> (condition: String, values: [SQLValue]) {
        ("strpos(lower(\(column)), ?) > 0", [.text(text.searchFolded)])
    }
}

extension String {
    /// `\` and `"` escaped with a backslash, as an array literal's quoted elements need.
    fileprivate func replacingBackslashesAndQuotes() -> String {
        var escaped = ""
        escaped.reserveCapacity(utf8.count)
        for character in self {
            if character == "\\" || character == "\"" { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }
}
