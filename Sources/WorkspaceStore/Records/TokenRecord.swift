/// The `tokens` table: the only code that reads and writes its rows.
package enum TokenRecord {
    static let columns = "id, user_name, label, created_by, created_at"

    static func decode(_ row: Row) throws -> Token {
        Token(
            id: try row.text("id"), user: try row.text("user_name"), label: try row.text("label"),
            createdBy: try row.text("created_by"), createdAt: try row.integer("created_at"))
    }

    package static func insert(_ token: Token, hash: String, into database: Store) throws {
        try database.run(
            "INSERT INTO tokens (id, user_name, label, hash, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)",
            [.text(token.id), .text(token.user), .text(token.label), .text(hash), .text(token.createdBy), .integer(token.createdAt)])
    }

    package static func find(_ id: String, in database: Store) throws -> Token? {
        try database.row("SELECT \(columns) FROM tokens WHERE id = ?", [.text(id)]).map(decode)
    }

    /// The token whose secret hashes to `hash`.
    package static func find(hash: String, in database: Store) throws -> Token? {
        try database.row("SELECT \(columns) FROM tokens WHERE hash = ?", [.text(hash)]).map(decode)
    }

    /// The user of the token whose secret hashes to `hash`, in one query: a server asks on
    /// every request, and on PostgreSQL each query is a round trip.
    package static func user(ofHash hash: String, in database: Store) throws -> User? {
        try database.row(
            "SELECT u.name, u.role FROM tokens t JOIN users u ON u.name = t.user_name WHERE t.hash = ?", [.text(hash)]
        ).map(UserRecord.decode)
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
