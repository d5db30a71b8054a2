/// The `exports` and `imports` tables: the only code that reads and writes their rows.
enum StepRecord {
    static func columns(_ kind: StepKind) -> String {
        "id, integration_id, connection_id, name, description, extra, created_at, updated_at"
            + (kind == .export ? ", is_lookup" : "")
    }

    static func decode(_ kind: StepKind, _ row: Row) throws -> Step {
        Step(
            id: try row.text("id"), kind: kind, integrationID: try row.text("integration_id"),
            connectionID: try row.optionalText("connection_id"),
            lookup: kind == .export ? try row.flag("is_lookup") : false, name: try row.text("name"),
            description: try row.text("description"), createdAt: try row.integer("created_at"),
            updatedAt: try row.integer("updated_at"), extra: try row.object("extra"))
    }

    static func insert(_ step: Step, into database: Database) throws {
        let lookup = step.kind == .export ? ", is_lookup" : ""
        try database.run(
            """
            INSERT INTO \(step.kind.table) (id, integration_id, connection_id, name, description, extra, created_at,
                                            updated_at\(lookup))
            VALUES (?, ?, ?, ?, ?, ?, ?, ?\(step.kind == .export ? ", ?" : ""))
            """,
            [
                .text(step.id), .text(step.integrationID), step.connectionID.map(SQLValue.text) ?? .null,
                .text(step.name), .text(step.description), .text(JSONValue.object(step.extra).compactText),
                .integer(step.createdAt), .integer(step.updatedAt),
            ] + (step.kind == .export ? [.integer(step.lookup ? 1 : 0)] : []))
    }

    static func update(_ step: Step, in database: Database) throws {
        try database.run(
            """
            UPDATE \(step.kind.table) SET integration_id = ?, connection_id = ?, name = ?, description = ?,
                updated_at = ? WHERE id = ?
            """,
            [
                .text(step.integrationID), step.connectionID.map(SQLValue.text) ?? .null, .text(step.name),
                .text(step.description), .integer(step.updatedAt), .text(step.id),
            ])
    }

    /// Moves many exports or imports to an integration in one statement.
    static func relocate(_ ids: [String], of kind: StepKind, to integrationID: String, at time: Int64, in database: Database)
        throws
    {
        guard !ids.isEmpty else { return }
        try database.run(
            "UPDATE \(kind.table) SET integration_id = ?, updated_at = ? WHERE id IN (SELECT value FROM json_each(?))",
            [.text(integrationID), .integer(time), .text(JSONValue.array(ids.map(JSONValue.string)).compactText)])
    }

    static func delete(_ step: Step, from database: Database) throws {
        try database.run("DELETE FROM \(step.kind.table) WHERE id = ?", [.text(step.id)])
    }
}
