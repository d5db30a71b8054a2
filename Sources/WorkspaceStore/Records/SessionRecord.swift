/// A browser session as read back: the user its token acts as, its CSRF token and when it
/// ends (the table keeps the id's hash only; the id itself lives only in the browser's cookie).
package struct StoredSession: Sendable {
    /// Whom the session acts as: its token's user.
    package let user: User
    /// The token it was opened with: its scope and expiry bind the session too.
    package let token: Token
    package let csrf: String
    /// Seconds since 1970.
    package let expiresAt: Int64
}

/// The `sessions` table: kept in the workspace, so every server over it accepts every session.
package enum SessionRecord {
    package static func insert(
        idHash: String, tokenID: String, csrf: String, expiresAt: Int64, in database: Store
    ) throws {
        try database.run(
            "INSERT INTO sessions (id_hash, token_id, csrf, expires_at) VALUES (?, ?, ?, ?)",
            [.text(idHash), .text(tokenID), .text(csrf), .integer(expiresAt)])
    }

    /// The live session whose id hashes to `idHash`, with its token's user, if any: one query,
    /// since a server asks on every request of a browser.
    package static func find(idHash: String, at now: Int64, in database: Store) throws -> StoredSession? {
        try database.row(
            """
            SELECT s.csrf AS csrf, s.expires_at AS session_expires_at, u.name AS name, u.role AS role, t.id AS id,
                t.user_name AS user_name, t.label AS label, t.created_by AS created_by, t.created_at AS created_at,
                t.scope AS scope, t.expires_at AS expires_at, t.last_used_at AS last_used_at
            FROM sessions s JOIN tokens t ON t.id = s.token_id JOIN users u ON u.name = t.user_name
            WHERE s.id_hash = ? AND s.expires_at > ?
            """, [.text(idHash), .integer(now)]
        ).map {
            StoredSession(
                user: try UserRecord.decode($0), token: try TokenRecord.decode($0), csrf: try $0.text("csrf"),
                expiresAt: try $0.integer("session_expires_at"))
        }
    }

    package static func delete(idHash: String, in database: Store) throws {
        try database.run("DELETE FROM sessions WHERE id_hash = ?", [.text(idHash)])
    }

    /// Forgets the expired sessions; then keeps a token below `perToken` sessions and all
    /// below `total` by ending the oldest: a caller who signs in again and again replaces their
    /// own sessions, nobody else's, until the whole table is full.
    package static func makeRoom(for tokenID: String, perToken: Int, total: Int, at now: Int64, in database: Store) throws {
        try database.run("DELETE FROM sessions WHERE expires_at <= ?", [.integer(now)])
        while try database.scalar("SELECT count(*) FROM sessions WHERE token_id = ?", [.text(tokenID)]) >= perToken {
            try database.run(
                """
                DELETE FROM sessions WHERE id_hash =
                    (SELECT id_hash FROM sessions WHERE token_id = ? ORDER BY expires_at, id_hash LIMIT 1)
                """, [.text(tokenID)])
        }
        while try database.scalar("SELECT count(*) FROM sessions") >= total {
            try database.run(
                "DELETE FROM sessions WHERE id_hash = (SELECT id_hash FROM sessions ORDER BY expires_at, id_hash LIMIT 1)")
        }
    }
}
