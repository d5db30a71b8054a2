/// The `integrations` table: the only code that reads its rows into `Integration`s and
/// writes them (the Standalone bucket's row included).
package enum IntegrationRecord {
    static let columns = "id, name, description, readme, created_at, updated_at, extra, source_id"

    static func decode(_ row: Row) throws -> Integration {
        Integration(
            id: try row.text("id"), name: try row.text("name"), description: try row.text("description"),
            readme: try row.text("readme"), createdAt: try row.integer("created_at"),
            updatedAt: try row.integer("updated_at"), extra: try row.object("extra"),
            sourceID: try row.optionalText("source_id"))
    }

    package static func insert(_ integration: Integration, into database: Store) throws {
        try database.run(
            """
            INSERT INTO integrations (id, name, description, readme, extra, created_at, updated_at, source_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                .text(integration.id), .text(integration.name), .text(integration.description), .text(integration.readme),
                .text(JSONValue.object(integration.extra).compactText), .integer(integration.createdAt),
                .integer(integration.updatedAt), integration.sourceID.map(SQLValue.text) ?? .null,
            ])
    }

    package static func update(_ integration: Integration, in database: Store) throws {
        try database.run(
            "UPDATE integrations SET name = ?, description = ?, readme = ?, updated_at = ? WHERE id = ?",
            [
                .text(integration.name), .text(integration.description), .text(integration.readme),
                .integer(integration.updatedAt), .text(integration.id),
            ])
    }

    /// Whether an integration has this exact name.
    package static func named(_ name: String, in database: Store) throws -> Bool {
        try database.row("SELECT id FROM integrations WHERE name = ? LIMIT 1", [.text(name)]) != nil
    }

    package static func storeExtra(_ integration: Integration, in database: Store) throws {
        try database.run(
            "UPDATE integrations SET extra = ? WHERE id = ?",
            [.text(JSONValue.object(integration.extra).compactText), .text(integration.id)])
    }

    /// The integrator.io resources of kinds the workspace does not model (the document's `other`).
    package static func other(of integrationID: String, in database: Store) throws -> [JSONValue] {
        guard let row = try database.rows("SELECT other FROM integrations WHERE id = ?", [.text(integrationID)]).first else {
            return []
        }
        return try row.array("other")
    }

    package static func storeOther(_ other: [JSONValue], of integrationID: String, in database: Store) throws {
        try database.run(
            "UPDATE integrations SET other = ? WHERE id = ?", [.text(JSONValue.array(other).compactText), .text(integrationID)])
    }

    package static func delete(_ integration: Integration, from database: Store) throws {
        try database.run("DELETE FROM integrations WHERE id = ?", [.text(integration.id)])
    }
}
