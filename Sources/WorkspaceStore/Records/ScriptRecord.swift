/// The `scripts` table: the only code that reads and writes its rows.
package enum ScriptRecord {
    static let columns = "id, integration_id, name, content, extra, created_at, updated_at"

    static func decode(_ row: Row) throws -> Script {
        Script(
            id: try row.text("id"), integrationID: try row.text("integration_id"), name: try row.text("name"),
            content: try row.text("content"), createdAt: try row.integer("created_at"),
            updatedAt: try row.integer("updated_at"), extra: try row.object("extra"))
    }

    package static func insert(_ script: Script, into database: Store) throws {
        try database.run(
            "INSERT INTO scripts (id, integration_id, name, content, extra, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                .text(script.id), .text(script.integrationID), .text(script.name), .text(script.content),
                .text(JSONValue.object(script.extra).compactText), .integer(script.createdAt), .integer(script.updatedAt),
            ])
    }

    package static func inIntegration(_ integrationID: String, in database: Store) throws -> [Script] {
        try database.rows("SELECT \(columns) FROM scripts WHERE integration_id = ? ORDER BY id", [.text(integrationID)])
            .map(decode)
    }

    /// Moves all of an integration's scripts (to Standalone, when it is deleted with --detach).
    package static func relocate(from integrationID: String, to target: String, at time: Int64, in database: Store) throws {
        try database.run(
            "UPDATE scripts SET integration_id = ?, updated_at = ? WHERE integration_id = ?",
            [.text(target), .integer(time), .text(integrationID)])
    }

    /// Writes every field but `created_at` (a revert or a pull making a script equal to a document's).
    package static func overwrite(_ script: Script, in database: Store) throws {
        try database.run(
            "UPDATE scripts SET integration_id = ?, name = ?, content = ?, extra = ?, updated_at = ? WHERE id = ?",
            [
                .text(script.integrationID), .text(script.name), .text(script.content), .text(JSONValue.object(script.extra).compactText),
                .integer(script.updatedAt), .text(script.id),
            ])
    }

    package static func delete(_ script: Script, from database: Store) throws {
        try database.run("DELETE FROM scripts WHERE id = ?", [.text(script.id)])
    }
}
