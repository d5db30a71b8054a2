/// The `users` and `grants` tables: the only code that reads and writes their rows.
package enum UserRecord {
    static func decode(_ row: Row) throws -> User {
        User(name: try row.text("name"), role: try row.choice("role", as: User.Role.self))
    }

    package static func find(_ name: String, in database: Store) throws -> User? {
        try database.row("SELECT name, role FROM users WHERE name = ?", [.text(name)]).map(decode)
    }

    package static func insert(_ user: User, at time: Int64, into database: Store) throws {
        try database.run(
            "INSERT INTO users (name, role, created_at) VALUES (?, ?, ?)",
            [.text(user.name), .text(user.role.rawValue), .integer(time)])
    }

    package static func update(_ user: User, in database: Store) throws {
        try database.run("UPDATE users SET role = ? WHERE name = ?", [.text(user.role.rawValue), .text(user.name)])
    }

    package static func delete(_ user: User, from database: Store) throws {
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

    package static func grant(_ access: Access, to userName: String, on integrationID: String, in database: Store) throws {
        try database.run(
            """
            INSERT INTO grants (user_name, integration_id, access) VALUES (?, ?, ?)
            ON CONFLICT (user_name, integration_id) DO UPDATE SET access = excluded.access
            """,
            [.text(userName), .text(integrationID), .text(access.name)])
    }

    package static func revoke(_ userName: String, on integrationID: String, in database: Store) throws {
        try database.run("DELETE FROM grants WHERE user_name = ? AND integration_id = ?", [.text(userName), .text(integrationID)])
    }

    package static func revokeAll(on integrationID: String, in database: Store) throws {
        try database.run("DELETE FROM grants WHERE integration_id = ?", [.text(integrationID)])
    }

    /// Every user, by name.
    package static func all(in database: Store) throws -> [User] {
        try database.rows("SELECT name, role FROM users ORDER BY name").map(decode)
    }

    /// How many owners there are besides `name`.
    package static func ownerCount(except name: String, in database: Store) throws -> Int {
        Int(try database.scalar("SELECT count(*) FROM users WHERE role = 'owner' AND name <> ?", [.text(name)]))
    }

    /// What a grant gives a user on an integration, nil without one.
    package static func grantedAccess(_ userName: String, on integrationID: String, in database: Store) throws -> Access? {
        try database.row(
            "SELECT access FROM grants WHERE user_name = ? AND integration_id = ?", [.text(userName), .text(integrationID)]
        ).map(access)
    }

    /// The grants on one integration: each user's name and access, by name.
    package static func grants(on integrationID: String, in database: Store) throws -> [(user: String, access: Access)] {
        try database.rows(
            "SELECT user_name, access FROM grants WHERE integration_id = ? ORDER BY user_name", [.text(integrationID)]
        ).map { (try $0.text("user_name"), try access($0)) }
    }

    /// Every user's grants (or one user's), by user name, each list in integration order.
    package static func grants(of userName: String?, in database: Store) throws -> [String: [Grant]] {
        let rows = try database.rows(
            """
            SELECT g.user_name, g.integration_id, i.name, g.access FROM grants g JOIN integrations i ON i.id = g.integration_id
            WHERE CAST(?1 AS TEXT) IS NULL OR g.user_name = ?1 ORDER BY g.user_name, i.seq
            """, [userName.map(SQLValue.text) ?? .null])
        return try Dictionary(grouping: rows, by: { try $0.text(at: 0) }).mapValues { rows in
            try rows.map {
                Grant(integrationID: try $0.text("integration_id"), integrationName: try $0.text("name"), access: try access($0))
            }
        }
    }
}
