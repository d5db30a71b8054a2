/// The `flows`, `apis` and `tools` tables: the only code that reads their rows into `Item`s
/// and writes them (with `flow_steps`, derived from a flow's steps).
enum ItemRecord {
    private static let commonColumns = ["id", "integration_id", "name", "description", "created_at", "updated_at", "extra"]

    static func columns(_ kind: ItemKind) -> String {
        (commonColumns + kind.detailColumns).joined(separator: ", ")
    }

    static func decode(_ kind: ItemKind, _ row: Row) throws -> Item {
        Item(
            id: try row.text("id"), integrationID: try row.text("integration_id"), name: try row.text("name"),
            description: try row.text("description"), details: try ItemDetails.read(kind, from: row),
            createdAt: try row.integer("created_at"), updatedAt: try row.integer("updated_at"),
            extra: try row.object("extra"))
    }

    static func insert(_ item: Item, into database: Database) throws {
        let names = commonColumns + item.kind.detailColumns
        let placeholders = Array(repeating: "?", count: names.count).joined(separator: ", ")
        try database.run(
            "INSERT INTO \(item.kind.table) (\(names.joined(separator: ", "))) VALUES (\(placeholders))",
            [
                .text(item.id), .text(item.integrationID), .text(item.name), .text(item.description),
                .integer(item.createdAt), .integer(item.updatedAt), .text(JSONValue.object(item.extra).compactText),
            ] + item.details.sqlValues)
        if item.kind == .flow { try indexSteps(of: item, in: database) }
    }

    /// Writes every field a command may change; with `stepsChanged`, the derived `flow_steps` too.
    static func update(_ item: Item, in database: Database, stepsChanged: Bool = false) throws {
        let assignments = (["integration_id", "name", "description", "updated_at"] + item.kind.detailColumns)
            .map { "\($0) = ?" }.joined(separator: ", ")
        try database.run(
            "UPDATE \(item.kind.table) SET \(assignments) WHERE id = ?",
            [.text(item.integrationID), .text(item.name), .text(item.description), .integer(item.updatedAt)]
                + item.details.sqlValues + [.text(item.id)])
        if stepsChanged { try indexSteps(of: item, in: database) }
    }

    /// Moves many items of one kind to an integration (and, for flows, a flow group) in one
    /// statement: bulk moves write one row each, not one statement each.
    static func relocate(
        _ ids: [String], of kind: ItemKind, to integrationID: String, group groupID: String?, at time: Int64,
        in database: Database
    ) throws {
        guard !ids.isEmpty else { return }
        let list = SQLValue.text(JSONValue.array(ids.map(JSONValue.string)).compactText)
        if kind == .flow {
            try database.run(
                "UPDATE flows SET integration_id = ?, group_id = ?, updated_at = ? WHERE id IN (SELECT value FROM json_each(?))",
                [.text(integrationID), groupID.map(SQLValue.text) ?? .null, .integer(time), list])
        } else {
            try database.run(
                "UPDATE \(kind.table) SET integration_id = ?, updated_at = ? WHERE id IN (SELECT value FROM json_each(?))",
                [.text(integrationID), .integer(time), list])
        }
    }

    static func delete(_ item: Item, from database: Database) throws {
        try database.run("DELETE FROM \(item.kind.table) WHERE id = ?", [.text(item.id)])
    }

    /// Takes every flow out of a flow group (being deleted).
    static func unassign(group groupID: String, in database: Database) throws {
        try database.run("UPDATE flows SET group_id = NULL WHERE group_id = ?", [.text(groupID)])
    }

    /// Rewrites which exports and imports a flow uses, from its structure.
    private static func indexSteps(of flow: Item, in database: Database) throws {
        try database.run("DELETE FROM flow_steps WHERE flow_id = ?", [.text(flow.id)])
        for reference in flow.structure.references {
            try database.run(
                "INSERT INTO flow_steps (flow_id, kind, resource_id) VALUES (?, ?, ?)",
                [.text(flow.id), .text(reference.kind.rawValue), .text(reference.id)])
        }
    }
}
