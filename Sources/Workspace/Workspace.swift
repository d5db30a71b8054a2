@_exported import WorkspaceStore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One open workspace file and the user acting on it: the facade every operation hangs off.
public final class Workspace {
    let database: Store
    /// The acting user; every audit row names them.
    public let user: User
    /// Where changes come from, for the audit log.
    let source: AuditSource
    /// What the token acting for the user may reach (`full` without a token).
    public let scope: TokenScope
    /// The time, in UTC milliseconds: the wall clock, or one a test sets.
    package var clock: @Sendable () -> Int64 = { Timestamp.now() }

    /// Where the workspace is: its file, or its PostgreSQL address without the password.
    public var location: String { database.location }

    /// How long a command waits for another process's lock before reporting the workspace busy (ms).
    public static let defaultBusyTimeout: Int32 = Store.defaultBusyTimeout

    init(database: Store, user: User, source: AuditSource, scope: TokenScope = .full) {
        self.database = database
        self.user = user
        self.source = source
        self.scope = scope
    }

    /// Creates a new workspace file (mode 0600) with its owner and the Standalone bucket. An
    /// existing empty (0-byte) file is initialized in place; any other existing file is refused.
    /// A PostgreSQL address (`postgres://…`) names an empty database to make it in instead.
    public static func create(at path: String, owner ownerName: String) throws -> Workspace {
        let user = User(name: try Limits.name(ownerName, of: "user"), role: .owner)
        let store = try makeStore(at: path) { try Workspace(database: $0, user: user, source: .system).seed() }
        return Workspace(database: store, user: user, source: .cli)
    }

    /// A new store with the newest schema and `seed`'s rows: a new file (mode 0600, or an
    /// existing empty one), or an empty PostgreSQL database. On failure the place is left as
    /// it was found.
    static func makeStore(at path: String, seed: (Store) throws -> Void) throws -> Store {
        if Store.isAddress(path) { return try Store.create(address: path, seed: seed) }
        let existedEmpty = try refuseExistingFile(path)
        if !existedEmpty { try createPrivateFile(path) }
        do {
            return try Store.create(path: path, seed: seed)
        } catch {
            // Leave the path as it was: gone, or the empty file the user gave.
            for suffix in ["-wal", "-shm"] { unlink(path + suffix) }
            if existedEmpty { truncate(path, 0) } else { unlink(path) }
            throw error
        }
    }

    /// Refuses a place that holds anything: a file that is not empty, a database with tables.
    static func requireEmpty(_ path: String) throws {
        if Store.isAddress(path) { return try Store.requireEmptyDatabase(address: path) }
        _ = try refuseExistingFile(path)
    }

    /// Refuses a path that holds a workspace or any other non-empty file; true when it holds
    /// an empty file that may be initialized.
    private static func refuseExistingFile(_ path: String) throws -> Bool {
        var info = stat()
        guard stat(path, &info) == 0 else { return false }
        if info.st_size == 0 { return true }
        // Any file that does not open as a workspace is one init must leave alone.
        guard Store.holdsWorkspace(path: path) else {
            throw WorkspaceError.refused(
                "\(path) is not a workspace: init leaves other files alone", hint: "pass --db PATH to a new file")
        }
        throw WorkspaceError.refused("a workspace already exists at \(path)", hint: "pass --db PATH to create another one")
    }

    /// Opens an existing workspace as `userName`, upgrading an older schema first. A file that
    /// is not a workspace is refused (exit 5) before anything is written to it.
    public static func open(
        at path: String, as userName: String, source: AuditSource = .cli,
        busyTimeout: Int32 = Workspace.defaultBusyTimeout
    ) throws -> Workspace {
        let database = try openDatabase(at: path, busyTimeout: busyTimeout)
        guard let user = try UserRecord.find(userName, in: database) else {
            throw WorkspaceError.denied(
                "\(userName) is not a user of this workspace",
                hint: "pass --as NAME (or set WORKSPACE_USER) to act as an existing user")
        }
        return Workspace(database: database, user: user, source: source)
    }

    /// The file opened, checked to be a workspace and brought to the current schema.
    static func openDatabase(at path: String, busyTimeout: Int32) throws -> Store {
        guard Store.isAddress(path) || fileExists(atPath: path) else {
            throw WorkspaceError.notFound(
                "no workspace at \(path)", hint: "run `workspace init` to create one, or pass --db PATH")
        }
        return try Store.open(path: path, busyTimeout: busyTimeout)
    }

    /// The rows every new workspace starts with, audited as the system's doing.
    private func seed() throws {
        let now = Timestamp.now()
        try UserRecord.insert(user, at: now, into: database)
        try IntegrationRecord.insert(
            Integration(
                id: ResourceID.standalone, name: Integration.standaloneName, description: "", readme: "", createdAt: now,
                updatedAt: now, extra: JSONObject()), into: database)
        let audit = AuditWriter(self, time: now)
        try audit.record(.user, id: user.name, name: user.name, integration: nil, action: .create)
        try audit.record(
            .integration, id: ResourceID.standalone, name: Integration.standaloneName,
            integration: ResourceID.standalone, action: .create)
    }

    /// Runs one command's changes as a single transaction with its audit rows.
    func write<T>(source: AuditSource? = nil, _ body: (AuditWriter) throws -> T) throws -> T {
        // On a read-only file the command still runs its checks (so a denial exits 4); its
        // first write fails as read-only (exit 5).
        try recordingDenials {
            try database.transaction(database.isReadOnly ? .read : .write) {
                let audit = AuditWriter(self, time: clock(), source: source)
                let result = try body(audit)
                if !database.isReadOnly { try purgeExpiredBinEntries(audit) }
                return result
            }
        }
    }

    /// Runs many operations as one transaction (bulk loads, imports): all of them land or none.
    public func batch<T>(_ body: () throws -> T) throws -> T {
        try recordingDenials { try database.transaction(.write, body) }
    }

    /// Runs a read in one snapshot, so multi-query answers are consistent.
    func read<T>(_ body: () throws -> T) throws -> T {
        try recordingDenials { try database.transaction(.read, body) }
    }

    /// A denied command changes nothing, but the refusal itself is recorded (SPEC §10): after
    /// the outermost transaction has rolled back, in a transaction of its own (only where the
    /// file is writable).
    private func recordingDenials<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as WorkspaceError {
            if let denial = error.denial, !database.isInTransaction, !database.isReadOnly {
                try database.transaction { try AuditWriter(self, time: clock()).record(denial) }
            }
            throw error
        }
    }
}

/// Creates an empty file readable and writable by its owner only (outside the class, whose
/// static `open` would shadow the C function).
private func createPrivateFile(_ path: String) throws {
    let descriptor = open(path, O_CREAT | O_EXCL | O_WRONLY, 0o600)
    guard descriptor >= 0 else {
        throw WorkspaceError.invalid("cannot create \(path): \(String(cString: strerror(errno)))")
    }
    close(descriptor)
}

private func fileExists(atPath path: String) -> Bool {
    access(path, F_OK) == 0
}
