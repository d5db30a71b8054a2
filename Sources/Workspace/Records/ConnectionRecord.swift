/// The `connections` and `registrations` tables: the only code that reads connection rows
/// and writes either table.
enum ConnectionRecord {
    static func columns(_ table: String) -> String {
        ["id", "name", "type", "description", "offline", "created_at", "updated_at", "extra"]
            .map { "\(table).\($0)" }.joined(separator: ", ")
    }

    static func decode(_ row: Row) throws -> Connection {
        Connection(
            id: try row.text("id"), name: try row.text("name"), type: try row.text("type"),
            description: try row.text("description"), offline: try row.flag("offline"),
            createdAt: try row.integer("created_at"), updatedAt: try row.integer("updated_at"),
            extra: try row.object("extra"))
    }

    /// The connection with exactly this id, nil when there is none.
    static func find(id: String, in database: Database) throws -> Connection? {
        try database.row("SELECT \(columns("c")) FROM connections c WHERE c.id = ?", [.text(id)]).map(decode)
    }

    static func insert(_ connection: Connection, into database: Database) throws {
        try database.run(
            """
            INSERT INTO connections (id, name, type, description, offline, extra, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                .text(connection.id), .text(connection.name), .text(connection.type), .text(connection.description),
                .integer(connection.offline ? 1 : 0), .text(JSONValue.object(connection.extra).compactText),
                .integer(connection.createdAt), .integer(connection.updatedAt),
            ])
    }

    static func update(_ connection: Connection, in database: Database) throws {
        try database.run(
            "UPDATE connections SET name = ?, type = ?, description = ?, offline = ?, updated_at = ? WHERE id = ?",
            [
                .text(connection.name), .text(connection.type), .text(connection.description),
                .integer(connection.offline ? 1 : 0), .integer(connection.updatedAt), .text(connection.id),
            ])
    }

    static func delete(_ connection: Connection, from database: Database) throws {
        try database.run("DELETE FROM connections WHERE id = ?", [.text(connection.id)])
    }

    /// Registers a connection to an integration; false when it already was.
    static func register(_ connectionID: String, to integrationID: String, in database: Database) throws -> Bool {
        try database.run(
            "INSERT OR IGNORE INTO registrations (integration_id, connection_id) VALUES (?, ?)",
            [.text(integrationID), .text(connectionID)]) > 0
    }

    static func deregister(_ connectionID: String, from integrationID: String, in database: Database) throws {
        try database.run(
            "DELETE FROM registrations WHERE integration_id = ? AND connection_id = ?",
            [.text(integrationID), .text(connectionID)])
    }
}
