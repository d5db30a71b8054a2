/// The `users` and `grants` tables: the only code that reads and writes their rows.
enum UserRecord {
    static func decode(_ row: Row) throws -> User {
        User(name: try row.text("name"), role: try row.choice("role", as: User.Role.self))
    }

    static func find(_ name: String, in database: Database) throws -> User? {
        try database.row("SELECT name, role FROM users WHERE name = ?", [.text(name)]).map(decode)
    }

    static func insert(_ user: User, at time: Int64, into database: Database) throws {
        try database.run(
            "INSERT INTO users (name, role, created_at) VALUES (?, ?, ?)",
            [.text(user.name), .text(user.role.rawValue), .integer(time)])
    }

    static func update(_ user: User, in database: Database) throws {
        try database.run("UPDATE users SET role = ? WHERE name = ?", [.text(user.role.rawValue), .text(user.name)])
    }

    static func delete(_ user: User, from database: Database) throws {
        try database.run("DELETE FROM users WHERE name = ?", [.text(user.name)])
    }

    /// A grant's `access` column: manage or monitor, nothing else.
    static func access(_ row: Row) throws -> Access {
        switch try row.choice("access", as: GrantedAccess.self) {
        case .manage: .manage
        case .monitor: .monitor
        }
    }

    private enum GrantedAccess: String {
        case manage, monitor
    }

    static func grant(_ access: Access, to userName: String, on integrationID: String, in database: Database) throws {
        try database.run(
            "INSERT OR REPLACE INTO grants (user, integration_id, access) VALUES (?, ?, ?)",
            [.text(userName), .text(integrationID), .text(access.name)])
    }

    static func revoke(_ userName: String, on integrationID: String, in database: Database) throws {
        try database.run("DELETE FROM grants WHERE user = ? AND integration_id = ?", [.text(userName), .text(integrationID)])
    }

    static func revokeAll(on integrationID: String, in database: Database) throws {
        try database.run("DELETE FROM grants WHERE integration_id = ?", [.text(integrationID)])
    }
}
