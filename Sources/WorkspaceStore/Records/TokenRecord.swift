/// The `tokens` table: the only code that reads and writes its rows.
package enum TokenRecord {
    static let columns = "id, user_name, label, created_by, created_at, scope, expires_at, last_used_at"

    static func decode(_ row: Row) throws -> Token {
        let stored = try row.text("scope")
        guard let scope = TokenScope(stored: stored) else {
            throw WorkspaceError.damaged("a token's scope is damaged: \"\(stored)\"")
        }
        return Token(
            id: try row.text("id"), user: try row.text("user_name"), label: try row.text("label"),
            createdBy: try row.text("created_by"), createdAt: try row.integer("created_at"), scope: scope,
            expiresAt: try row.optionalInteger("expires_at"), lastUsedAt: try row.optionalInteger("last_used_at"))
    }

    package static func insert(_ token: Token, hash: String, into database: Store) throws {
        try database.run(
            """
            INSERT INTO tokens (id, user_name, label, hash, created_by, created_at, scope, expires_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                .text(token.id), .text(token.user), .text(token.label), .text(hash), .text(token.createdBy), .integer(token.createdAt),
                .text(token.scope.text), token.expiresAt.map(SQLValue.integer) ?? .null,
            ])
    }

    /// The token whose secret hashes to `hash`, with its user, in one query: a server asks on
    /// every request, and on PostgreSQL each query is a round trip.
    package static func withUser(ofHash hash: String, in database: Store) throws -> (Token, User)? {
        guard let row = try database.row(
            """
            SELECT t.id AS id, t.user_name AS user_name, t.label AS label, t.created_by AS created_by, t.created_at AS created_at,
                t.scope AS scope, t.expires_at AS expires_at, t.last_used_at AS last_used_at, u.name AS name, u.role AS role
            FROM tokens t JOIN users u ON u.name = t.user_name WHERE t.hash = ?
            """,
            [.text(hash)])
        else { return nil }
        return (try decode(row), try UserRecord.decode(row))
    }

    /// Records a use, at most once a minute: a read must not turn into a write on every request.
    package static func noteUse(of id: String, at now: Int64, in database: Store) throws {
        let minute = now - now % 60_000
        try database.run(
            "UPDATE tokens SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)",
            [.integer(minute), .text(id), .integer(minute)])
    }

    package static func find(_ id: String, in database: Store) throws -> Token? {
        try database.row("SELECT \(columns) FROM tokens WHERE id = ?", [.text(id)]).map(decode)
    }

    /// The token whose secret hashes to `hash`.
    package static func find(hash: String, in database: Store) throws -> Token? {
        try database.row("SELECT \(columns) FROM tokens WHERE hash = ?", [.text(hash)]).map(decode)
    }

    /// Every token, or one user's, oldest first.
    package static func all(of user: String?, in database: Store) throws -> [Token] {
        guard let user else { return try database.rows("SELECT \(columns) FROM tokens ORDER BY seq").map(decode) }
        return try database.rows("SELECT \(columns) FROM tokens WHERE user_name = ? ORDER BY seq", [.text(user)]).map(decode)
    }

    package static func delete(_ id: String, from database: Store) throws {
        try database.run("DELETE FROM tokens WHERE id = ?", [.text(id)])
    }
}
