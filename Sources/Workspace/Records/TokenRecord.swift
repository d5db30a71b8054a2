/// The `tokens` table: the only code that reads and writes its rows.
enum TokenRecord {
    static let columns = "id, user, label, created_by, created_at"

    static func decode(_ row: Row) throws -> Token {
        Token(
            id: try row.text("id"), user: try row.text("user"), label: try row.text("label"),
            createdBy: try row.text("created_by"), createdAt: try row.integer("created_at"))
    }

    static func insert(_ token: Token, hash: String, into database: Database) throws {
        try database.run(
            "INSERT INTO tokens (id, user, label, hash, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)",
            [.text(token.id), .text(token.user), .text(token.label), .text(hash), .text(token.createdBy), .integer(token.createdAt)])
    }

    static func find(_ id: String, in database: Database) throws -> Token? {
        try database.row("SELECT \(columns) FROM tokens WHERE id = ?", [.text(id)]).map(decode)
    }

    /// The token whose secret hashes to `hash`.
    static func find(hash: String, in database: Database) throws -> Token? {
        try database.row("SELECT \(columns) FROM tokens WHERE hash = ?", [.text(hash)]).map(decode)
    }

    /// Every token, or one user's, oldest first.
    static func all(of user: String?, in database: Database) throws -> [Token] {
        guard let user else { return try database.rows("SELECT \(columns) FROM tokens ORDER BY seq").map(decode) }
        return try database.rows("SELECT \(columns) FROM tokens WHERE user = ? ORDER BY seq", [.text(user)]).map(decode)
    }

    static func delete(_ id: String, from database: Database) throws {
        try database.run("DELETE FROM tokens WHERE id = ?", [.text(id)])
    }
}
