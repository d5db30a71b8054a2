/// The `exports` and `imports` tables: the only code that reads and writes their rows.
package enum StepRecord {
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

    package static func insert(_ step: Step, into database: Store) throws {
        let lookup = step.kind == .export ? ", is_lookup" : ""
        try database.write(
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

    package static func update(_ step: Step, in database: Store) throws {
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

    /// Writes every field but `created_at` (a revert or a pull making a step equal to a document's).
    package static func overwrite(_ step: Step, in database: Store) throws {
        try database.run(
            """
            UPDATE \(step.kind.table) SET integration_id = ?, connection_id = ?, name = ?, description = ?, extra = ?,
                updated_at = ?\(step.kind == .export ? ", is_lookup = ?" : "") WHERE id = ?
            """,
            [
                .text(step.integrationID), step.connectionID.map(SQLValue.text) ?? .null, .text(step.name),
                .text(step.description), .text(JSONValue.object(step.extra).compactText), .integer(step.updatedAt),
            ] + (step.kind == .export ? [.integer(step.lookup ? 1 : 0)] : []) + [.text(step.id)])
    }

    /// Moves many exports or imports to an integration in one statement.
    package static func relocate(_ ids: [String], of kind: StepKind, to integrationID: String, at time: Int64, in database: Store)
        throws
    {
        guard !ids.isEmpty else { return }
        try database.run(
            "UPDATE \(kind.table) SET integration_id = ?, updated_at = ? WHERE id IN (\(database.dialect.list))",
            [.text(integrationID), .integer(time), database.dialect.listValue(ids)])
    }

    package static func delete(_ step: Step, from database: Store) throws {
        try database.run("DELETE FROM \(step.kind.table) WHERE id = ?", [.text(step.id)])
    }
}

extension StepRecord {
    /// The exports and imports that use a connection, optionally only one integration's.
    package static func using(_ connectionID: String, inIntegration integrationID: String?, in database: Store) throws
        -> [Step]
    {
        try StepKind.allCases.flatMap { kind in
            try database.rows(
                """
                SELECT \(columns(kind)) FROM \(kind.table)
                WHERE connection_id = ?1 AND (CAST(?2 AS TEXT) IS NULL OR integration_id = ?2) ORDER BY seq
                """, [.text(connectionID), integrationID.map(SQLValue.text) ?? .null]
            ).map { try decode(kind, $0) }
        }
    }

    /// Some exports and imports by reference, in one query per kind.
    package static func all(_ references: [StepReference], in database: Store) throws -> [Step] {
        try StepKind.allCases.flatMap { kind in
            let ids = references.filter { $0.kind == kind }.map(\.id)
            guard !ids.isEmpty else { return [Step]() }
            return try database.rows(
                "SELECT \(columns(kind)) FROM \(kind.table) WHERE id IN (\(database.dialect.list))",
                [database.dialect.listValue(ids)]
            ).map { try decode(kind, $0) }
        }
    }

    /// The exports and imports used by some flows, each once, in creation order.
    package static func used(by flowIDs: [String], in database: Store) throws -> [Step] {
        guard !flowIDs.isEmpty else { return [] }
        let ids = database.dialect.listValue(flowIDs)
        return try StepKind.allCases.flatMap { kind in
            try database.rows(
                """
                SELECT \(columns(kind)) FROM \(kind.table) WHERE id IN (
                    SELECT resource_id FROM flow_steps WHERE kind = ? AND flow_id IN (\(database.dialect.list)))
                ORDER BY seq
                """, [.text(kind.rawValue), ids]
            ).map { try decode(kind, $0) }
        }
    }

    /// Every export and import an integration holds, in creation order.
    package static func inIntegration(_ id: String, in database: Store) throws -> [Step] {
        try StepKind.allCases.flatMap { kind in
            try database.rows("SELECT \(columns(kind)) FROM \(kind.table) WHERE integration_id = ? ORDER BY seq", [.text(id)])
                .map { try decode(kind, $0) }
        }
    }

    /// Every export or import in the integrations `visibility` shows, in creation order.
    package static func all(_ kind: StepKind, visibleTo visibility: Visibility, in database: Store) throws -> [Step] {
        let (visible, values) = visibility.condition("integration_id")
        return try database.rows("SELECT \(columns(kind)) FROM \(kind.table) WHERE \(visible) ORDER BY seq", values)
            .map { try decode(kind, $0) }
    }

    /// The flows other than `excluded` that use any of some exports and imports, in one query,
    /// in the flows' creation order.
    package static func flowsUsing(_ references: [StepReference], except excluded: Set<String>, in database: Store)
        throws -> [StepReference: [FlowUse]]
    {
        guard !references.isEmpty else { return [:] }
        var users: [StepReference: [FlowUse]] = [:]
        for row in try database.rows(
            """
            SELECT u.kind, u.resource_id, f.id, f.name, f.integration_id FROM flow_steps u JOIN flows f ON f.id = u.flow_id
            WHERE u.resource_id IN (\(database.dialect.list)) AND u.flow_id NOT IN (\(database.dialect.list))
            ORDER BY f.seq
            """, [database.dialect.listValue(references.map(\.id)), database.dialect.listValue(excluded.sorted())])
        {
            let kind = try row.choice("kind", as: StepKind.self)
            users[StepReference(kind: kind, id: try row.text(at: 1)), default: []].append(
                FlowUse(id: try row.text(at: 2), name: try row.text(at: 3), integrationID: try row.text(at: 4)))
        }
        return users
    }
}

/// A flow that uses an export or import.
package struct FlowUse: Sendable {
    package let id: String
    package let name: String
    package let integrationID: String
}
