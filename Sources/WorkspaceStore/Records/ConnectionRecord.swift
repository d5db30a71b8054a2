/// The `connections` and `registrations` tables: the only code that reads connection rows
/// and writes either table.
package enum ConnectionRecord {
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
    package static func find(id: String, in database: Store) throws -> Connection? {
        try database.row("SELECT \(columns("c")) FROM connections c WHERE c.id = ?", [.text(id)]).map(decode)
    }

    package static func insert(_ connection: Connection, into database: Store) throws {
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

    package static func update(_ connection: Connection, in database: Store) throws {
        try database.run(
            "UPDATE connections SET name = ?, type = ?, description = ?, offline = ?, updated_at = ? WHERE id = ?",
            [
                .text(connection.name), .text(connection.type), .text(connection.description),
                .integer(connection.offline ? 1 : 0), .integer(connection.updatedAt), .text(connection.id),
            ])
    }

    package static func delete(_ connection: Connection, from database: Store) throws {
        try database.run("DELETE FROM connections WHERE id = ?", [.text(connection.id)])
    }

    /// Registers a connection to an integration; false when it already was.
    package static func register(_ connectionID: String, to integrationID: String, in database: Store) throws -> Bool {
        try database.run(
            "INSERT INTO registrations (integration_id, connection_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
            [.text(integrationID), .text(connectionID)]) > 0
    }

    package static func deregister(_ connectionID: String, from integrationID: String, in database: Store) throws {
        try database.run(
            "DELETE FROM registrations WHERE integration_id = ? AND connection_id = ?",
            [.text(integrationID), .text(connectionID)])
    }

    /// Ids of the integrations a connection is registered to.
    package static func registrations(of connectionID: String, in database: Store) throws -> [String] {
        try database.rows(
            "SELECT integration_id FROM registrations WHERE connection_id = ? ORDER BY integration_id", [.text(connectionID)]
        ).map { try $0.text(at: 0) }
    }

    /// Ids of the connections registered to an integration, by id.
    package static func registrations(ofIntegration integrationID: String, in database: Store) throws -> [String] {
        try database.rows(
            "SELECT connection_id FROM registrations WHERE integration_id = ? ORDER BY connection_id", [.text(integrationID)]
        ).map { try $0.text(at: 0) }
    }

    /// Ids of the connections registered to an integration, in their creation order.
    package static func registered(to integrationID: String, in database: Store) throws -> [String] {
        try database.rows(
            """
            SELECT r.connection_id FROM registrations r JOIN connections c ON c.id = r.connection_id
            WHERE r.integration_id = ? ORDER BY c.seq
            """, [.text(integrationID)]
        ).map { try $0.text(at: 0) }
    }

    /// The integrations (id, name) a connection is registered to, in their creation order.
    package static func registeredIntegrations(of connectionID: String, in database: Store) throws
        -> [(id: String, name: String)]
    {
        try database.rows(
            """
            SELECT i.id, i.name FROM registrations r JOIN integrations i ON i.id = r.integration_id
            WHERE r.connection_id = ? ORDER BY i.seq
            """, [.text(connectionID)]
        ).map { (id: try $0.text(at: 0), name: try $0.text(at: 1)) }
    }

    /// The connections registered to an integration, in creation order.
    package static func all(registeredTo integrationID: String, in database: Store) throws -> [Connection] {
        try database.rows(
            """
            SELECT \(columns("c")) FROM connections c JOIN registrations r ON r.connection_id = c.id
            WHERE r.integration_id = ? ORDER BY c.seq
            """, [.text(integrationID)]
        ).map(decode)
    }

    /// Every connection registered to an integration `visibility` shows (all of them for a role
    /// that reads everything), in creation order.
    package static func all(visibleTo visibility: Visibility, in database: Store) throws -> [Connection] {
        if case .everything = visibility {
            return try database.rows("SELECT \(columns("c")) FROM connections c ORDER BY c.seq").map(decode)
        }
        let (visible, values) = visibility.condition("r.integration_id")
        return try database.rows(
            """
            SELECT \(columns("c")) FROM connections c
            WHERE EXISTS (SELECT 1 FROM registrations r WHERE r.connection_id = c.id AND \(visible)) ORDER BY c.seq
            """, values
        ).map(decode)
    }

    /// Some connections by id, in creation order, in one query.
    package static func all(ids: Set<String>, in database: Store) throws -> [Connection] {
        guard !ids.isEmpty else { return [] }
        return try database.rows(
            "SELECT \(columns("c")) FROM connections c WHERE c.id IN (\(database.dialect.list)) ORDER BY c.seq",
            [database.dialect.listValue(ids.sorted())]
        ).map(decode)
    }

    /// Some connections by id with their settings, ordered by id, in one query.
    package static func withSettings(ids: Set<String>, in database: Store) throws
        -> [(connection: Connection, settings: JSONObject)]
    {
        guard !ids.isEmpty else { return [] }
        return try database.rows(
            "SELECT \(columns("c")), c.settings FROM connections c WHERE c.id IN (\(database.dialect.list)) ORDER BY c.id",
            [database.dialect.listValue(ids.sorted())]
        ).map { (try decode($0), try $0.object("settings")) }
    }
}
