/// API tokens (SPEC §10) for `workspace serve`: a token acts as its user, is shown once and
/// stored only as its SHA-256, and stops working when revoked or when its user is removed.
/// Anyone may make, list and revoke their own; others' need the owner or administrator role.
extension Workspace {
    /// The prefix that makes a token recognizable in logs and secret scanners.
    static let tokenPrefix = "wst_"

    /// `token create [--user NAME] [--label TEXT] [--scope …] [--expires 1h…never]`: `scopes`
    /// are `full`, `read` or `integration:REF[:manage|:monitor]` (manage when not said).
    public func createToken(
        for userName: String? = nil, label: String = "", scopes: [String] = [], expires: TokenLifetime = .never
    ) throws -> NewToken {
        try write { audit in
            try authorize(.manageTokens)
            let owner = try tokenOwner(userName)
            let label = label.trimmingBlanks().isEmpty ? "" : try Limits.name(label, of: "token label")
            let scope = try tokenScope(scopes)
            let secret = Self.tokenPrefix + Self.randomSecret()
            let token = Token(
                id: ResourceID.make(at: audit.time), user: owner, label: label, createdBy: user.name, createdAt: audit.time,
                scope: scope, expiresAt: expires.milliseconds.map { audit.time + $0 })
            try TokenRecord.insert(token, hash: AuditChain.sha256Hex(Array(secret.utf8)), into: database)
            try audit.record(
                .token, id: token.id, name: label.isEmpty ? "token" : label, integration: nil, action: .create,
                change: FieldChange(path: "/user", old: nil, new: .string(owner)))
            if !scope.isFull {
                try audit.record(
                    .token, id: token.id, name: label.isEmpty ? "token" : label, integration: nil, action: .create,
                    change: FieldChange(path: "/scope", old: nil, new: .array(scope.grants.map { .string($0.text) })))
            }
            return NewToken(token: token, secret: secret)
        }
    }

    /// The scope the words name, each integration found by id or exact name (at least readable
    /// to the caller); none at all is `full`.
    func tokenScope(_ words: [String]) throws -> TokenScope {
        guard !words.isEmpty else { return .full }
        let grants = try words.map { word -> TokenScope.Grant in
            switch word {
            case "full": return .full
            case "read": return .read
            default:
                guard word.hasPrefix("integration:"), word.count > "integration:".count else {
                    throw WorkspaceError.invalid(
                        "unknown token scope \"\(word)\"", hint: "use full, read, or integration:REF[:manage|:monitor]")
                }
                var reference = String(word.dropFirst("integration:".count))
                var access = Access.manage
                for (suffix, named) in [(":manage", Access.manage), (":monitor", .monitor)] where reference.hasSuffix(suffix) {
                    reference = String(reference.dropLast(suffix.count))
                    access = named
                }
                return .integration(id: try integration(reference).id, access: access)
            }
        }
        return TokenScope(grants)
    }

    /// Everyone's tokens for the owner or an administrator (through a full token), else one's
    /// own (never their secrets).
    public func tokens() throws -> [Token] {
        try read { try TokenRecord.all(of: may(.manageUsers) ? nil : user.name, in: database) }
    }

    @discardableResult
    public func revokeToken(_ id: String) throws -> Token {
        try write { audit in
            guard let token = try TokenRecord.find(id.lowercased(), in: database) else {
                throw WorkspaceError.notFound("no token \(id)", hint: "`workspace token list` shows the tokens you may revoke")
            }
            try authorize(.manageTokens)
            _ = try tokenOwner(token.user)
            try TokenRecord.delete(token.id, from: database)
            try recordRevoked(token, audit)
            return token
        }
    }

    func recordRevoked(_ token: Token, _ audit: AuditWriter) throws {
        try audit.record(
            .token, id: token.id, name: token.label.isEmpty ? "token" : token.label, integration: nil, action: .revoke,
            change: FieldChange(path: "/user", old: .string(token.user), new: nil))
    }

    /// Opens a workspace acting as the user of a token (exit 4 for a bad or revoked one).
    public static func open(
        at path: String, token secret: String, source: AuditSource, busyTimeout: Int32 = Workspace.defaultBusyTimeout
    ) throws -> Workspace {
        try WorkspaceFile.open(at: path, busyTimeout: busyTimeout).workspace(token: secret, source: source)
    }

    /// The user a token is for: oneself, or (owner or administrator) anyone.
    private func tokenOwner(_ name: String?) throws -> String {
        guard let name, name != user.name else { return user.name }
        try authorize(.manageUsers)
        guard try UserRecord.find(name, in: database) != nil else {
            throw WorkspaceError.notFound("no user named \(name)", hint: "`workspace user list` shows the users")
        }
        return name
    }

    /// 40 characters of base 62 (238 bits) from the system's random source.
    private static func randomSecret() -> String {
        let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
        var generator = SystemRandomNumberGenerator()
        return String((0..<40).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    }
}

/// An open workspace file acting as nobody yet. A server keeps a few and lends each to one
/// request at a time, as the user that request's token names, looked up afresh every time:
/// a revocation, a removal or a role change takes effect at the next request.
public final class WorkspaceFile: @unchecked Sendable {
    let database: Store

    private init(database: Store) { self.database = database }

    /// The file opened, checked to be a workspace and brought to the current schema.
    public static func open(at path: String, busyTimeout: Int32 = Workspace.defaultBusyTimeout) throws -> WorkspaceFile {
        WorkspaceFile(database: try Workspace.openDatabase(at: path, busyTimeout: busyTimeout))
    }

    /// The workspace acting as the user of the token `secret`, within its scope (denied when
    /// unknown, revoked or expired). Its use is noted, at most once a minute.
    public func workspace(token secret: String, source: AuditSource, now: Int64 = Timestamp.now()) throws -> Workspace {
        guard let (token, user) = try TokenRecord.withUser(ofHash: AuditChain.sha256Hex(Array(secret.utf8)), in: database) else {
            throw WorkspaceError.denied("the token is unknown or revoked", hint: "make one with `workspace token create`")
        }
        try Self.refuseExpired(token, at: now)
        // One statement of its own, outside any command: a usage stamp, not a change, so on
        // PostgreSQL it moves no generation and drops no server's kept answers.
        if !database.isReadOnly, !database.isInTransaction, token.lastUsedAt.map({ $0 < now - now % 60_000 }) ?? true {
            try TokenRecord.noteUse(of: token.id, at: now, in: database)
        }
        return Workspace(database: database, user: user, source: source, scope: token.scope)
    }

    static func refuseExpired(_ token: Token, at now: Int64) throws {
        guard token.hasExpired(at: now), let expiresAt = token.expiresAt else { return }
        throw WorkspaceError.denied(
            "the token expired at \(Timestamp.iso8601(expiresAt))", hint: "make a new one with `workspace token create`")
    }
}

/// A browser session, as the server uses it: who it acts as and the CSRF token its changes
/// must send back.
public struct BrowserSession: Sendable {
    public let user: String
    public let csrf: String
    /// Seconds since 1970.
    public let expiresAt: Int64
}

/// Browser sessions kept in the workspace (the id's SHA-256 only), so that every server over
/// it accepts every session, and a revoked token or a removed user ends its sessions at once.
extension WorkspaceFile {
    /// Signs a token in: a new session (its id is returned, and kept nowhere else), after
    /// making room for it (a token keeps at most `perToken` sessions, the workspace `total`).
    public func openSession(token secret: String, lifetimeSeconds: Int64, perToken: Int, total: Int) throws
        -> (id: String, session: BrowserSession)
    {
        try database.transaction(.write) {
            guard let token = try TokenRecord.find(hash: AuditChain.sha256Hex(Array(secret.utf8)), in: database) else {
                throw WorkspaceError.denied("the token is unknown or revoked", hint: "make one with `workspace token create`")
            }
            try Self.refuseExpired(token, at: Timestamp.now())
            let now = Timestamp.now() / 1000
            try SessionRecord.makeRoom(for: token.id, perToken: perToken, total: total, at: now, in: database)
            let id = Self.randomText()
            let session = BrowserSession(user: token.user, csrf: Self.randomText(), expiresAt: now + lifetimeSeconds)
            try SessionRecord.insert(
                idHash: try AuditChain.sha256Hex(Array(id.utf8)), tokenID: token.id, csrf: session.csrf,
                expiresAt: session.expiresAt, in: database)
            return (id, session)
        }
    }

    /// The live session of that id, if any.
    public func session(_ id: String) throws -> BrowserSession? {
        try stored(id).map { BrowserSession(user: $0.user.name, csrf: $0.csrf, expiresAt: $0.expiresAt) }
    }

    /// The workspace acting as the user of the session `id` (denied when it is unknown or over).
    public func workspace(session id: String, source: AuditSource) throws -> (Workspace, BrowserSession) {
        guard let stored = try stored(id) else {
            throw WorkspaceError.denied("the session is unknown or over", hint: "sign in again")
        }
        try Self.refuseExpired(stored.token, at: Timestamp.now())
        let session = BrowserSession(user: stored.user.name, csrf: stored.csrf, expiresAt: stored.expiresAt)
        return (Workspace(database: database, user: stored.user, source: source, scope: stored.token.scope), session)
    }

    private func stored(_ id: String) throws -> StoredSession? {
        try SessionRecord.find(idHash: AuditChain.sha256Hex(Array(id.utf8)), at: Timestamp.now() / 1000, in: database)
    }

    public func closeSession(_ id: String) throws {
        try database.transaction(.write) { try SessionRecord.delete(idHash: AuditChain.sha256Hex(Array(id.utf8)), in: database) }
    }

    /// 32 random bytes as URL-safe text (43 characters), from the system's random source.
    static func randomText() -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        var generator = SystemRandomNumberGenerator()
        return String((0..<43).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    }
}
