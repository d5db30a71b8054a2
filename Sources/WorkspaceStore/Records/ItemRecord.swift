/// The `flows`, `apis` and `tools` tables: the only code that reads their rows into `Item`s
/// and writes them (with `flow_steps`, derived from a flow's steps).
package enum ItemRecord {
    private static let commonColumns = ["id", "integration_id", "name", "description", "created_at", "updated_at", "extra"]

    static func columns(_ kind: ItemKind) -> String {
        (commonColumns + detailColumns(kind)).joined(separator: ", ")
    }

    /// The kind-specific columns, in the order `values(of:)` and `details(_:from:)` write and read them.
    static func detailColumns(_ kind: ItemKind) -> [String] {
        switch kind {
        case .flow: ["disabled", "group_id", "page_generators", "page_processors", "routers"]
        case .api: ["method", "path"]
        case .tool: ["input_schema"]
        }
    }

    /// The values of the detail columns, in their order.
    private static func values(of details: ItemDetails) -> [SQLValue] {
        switch details {
        case .flow(let disabled, let groupID, let steps):
            [
                .integer(disabled ? 1 : 0), groupID.map(SQLValue.text) ?? .null,
                .text(JSONValue.array(steps.pageGenerators).compactText),
                steps.pageProcessors.map { .text(JSONValue.array($0).compactText) } ?? .null,
                steps.routers.map { .text(JSONValue.array($0).compactText) } ?? .null,
            ]
        case .api(let method, let path): [.text(method), .text(path)]
        case .tool(let schema): [.text(schema.compactText)]
        }
    }

    /// Reads the detail columns of `kind` from `row`, by name.
    private static func details(_ kind: ItemKind, from row: Row) throws -> ItemDetails {
        switch kind {
        case .flow:
            let steps = FlowStructure(
                pageGenerators: try row.array("page_generators"),
                pageProcessors: try row.optionalJSON("page_processors").map { try array($0, "page_processors") },
                routers: try row.optionalJSON("routers").map { try array($0, "routers") })
            return .flow(disabled: try row.flag("disabled"), groupID: try row.optionalText("group_id"), steps: steps)
        case .api: return .api(method: try row.text("method"), path: try row.text("path"))
        case .tool: return .tool(inputSchema: try row.json("input_schema"))
        }
    }

    private static func array(_ value: JSONValue, _ column: String) throws -> [JSONValue] {
        guard case .array(let array) = value else {
            throw WorkspaceError.damaged("a stored flow is damaged: its column \(column) should hold a JSON array")
        }
        return array
    }

    static func decode(_ kind: ItemKind, _ row: Row) throws -> Item {
        Item(
            id: try row.text("id"), integrationID: try row.text("integration_id"), name: try row.text("name"),
            description: try row.text("description"), details: try details(kind, from: row),
            createdAt: try row.integer("created_at"), updatedAt: try row.integer("updated_at"),
            extra: try row.object("extra"))
    }

    package static func insert(_ item: Item, into database: Store) throws {
        let names = commonColumns + detailColumns(item.kind)
        let placeholders = Array(repeating: "?", count: names.count).joined(separator: ", ")
        try database.write(
            "INSERT INTO \(item.kind.table) (\(names.joined(separator: ", "))) VALUES (\(placeholders))",
            [
                .text(item.id), .text(item.integrationID), .text(item.name), .text(item.description),
                .integer(item.createdAt), .integer(item.updatedAt), .text(JSONValue.object(item.extra).compactText),
            ] + values(of: item.details))
        if item.kind == .flow { try indexSteps(of: item, in: database) }
    }

    /// Writes every field a command may change; with `stepsChanged`, the derived `flow_steps` too.
    package static func update(_ item: Item, in database: Store, stepsChanged: Bool = false) throws {
        let assignments = (["integration_id", "name", "description", "updated_at"] + detailColumns(item.kind))
            .map { "\($0) = ?" }.joined(separator: ", ")
        try database.run(
            "UPDATE \(item.kind.table) SET \(assignments) WHERE id = ?",
            [.text(item.integrationID), .text(item.name), .text(item.description), .integer(item.updatedAt)]
                + values(of: item.details) + [.text(item.id)])
        if stepsChanged { try indexSteps(of: item, in: database) }
    }

    /// Writes every field but `created_at` (a revert or a pull making an item equal to a
    /// document's), the derived `flow_steps` too.
    package static func overwrite(_ item: Item, in database: Store) throws {
        let assignments = (["integration_id", "name", "description", "updated_at", "extra"] + detailColumns(item.kind))
            .map { "\($0) = ?" }.joined(separator: ", ")
        try database.run(
            "UPDATE \(item.kind.table) SET \(assignments) WHERE id = ?",
            [
                .text(item.integrationID), .text(item.name), .text(item.description), .integer(item.updatedAt),
                .text(JSONValue.object(item.extra).compactText),
            ] + values(of: item.details) + [.text(item.id)])
        if item.kind == .flow { try indexSteps(of: item, in: database) }
    }

    /// Moves many items of one kind to an integration (and, for flows, a flow group) in one
    /// statement: bulk moves write one row each, not one statement each.
    package static func relocate(
        _ ids: [String], of kind: ItemKind, to integrationID: String, group groupID: String?, at time: Int64,
        in database: Store
    ) throws {
        guard !ids.isEmpty else { return }
        let list = database.dialect.listValue(ids)
        if kind == .flow {
            try database.run(
                "UPDATE flows SET integration_id = ?, group_id = ?, updated_at = ? WHERE id IN (\(database.dialect.list))",
                [.text(integrationID), groupID.map(SQLValue.text) ?? .null, .integer(time), list])
        } else {
            try database.run(
                "UPDATE \(kind.table) SET integration_id = ?, updated_at = ? WHERE id IN (\(database.dialect.list))",
                [.text(integrationID), .integer(time), list])
        }
    }

    package static func delete(_ item: Item, from database: Store) throws {
        try database.run("DELETE FROM \(item.kind.table) WHERE id = ?", [.text(item.id)])
    }

    /// Takes every flow out of a flow group (being deleted).
    package static func unassign(group groupID: String, in database: Store) throws {
        try database.run("UPDATE flows SET group_id = NULL WHERE group_id = ?", [.text(groupID)])
    }

    /// Rewrites which exports and imports a flow uses, from its structure.
    private static func indexSteps(of flow: Item, in database: Store) throws {
        try database.write("DELETE FROM flow_steps WHERE flow_id = ?", [.text(flow.id)])
        for reference in flow.structure.references {
            try database.write(
                "INSERT INTO flow_steps (flow_id, kind, resource_id) VALUES (?, ?, ?)",
                [.text(flow.id), .text(reference.kind.rawValue), .text(reference.id)])
        }
    }
}

extension ItemRecord {
    /// Every item of a kind in the integrations `visibility` shows, in creation order.
    package static func all(_ kind: ItemKind, visibleTo visibility: Visibility, in database: Store) throws -> [Item] {
        let (visible, values) = visibility.condition("integration_id")
        return try database.rows("SELECT \(columns(kind)) FROM \(kind.table) WHERE \(visible) ORDER BY seq", values)
            .map { try decode(kind, $0) }
    }

    /// An integration's items in display order: flows by group (groups in order, unassigned
    /// last), then by creation.
    package static func inIntegration(_ kind: ItemKind, _ id: String, in database: Store) throws -> [Item] {
        let order =
            kind == .flow
            ? "group_id IS NULL, (SELECT g.position FROM flow_groups g WHERE g.id = group_id), seq" : "seq"
        return try database.rows(
            "SELECT \(columns(kind)) FROM \(kind.table) WHERE integration_id = ? ORDER BY \(order)", [.text(id)]
        ).map { try decode(kind, $0) }
    }

    /// The flows of one flow group, in creation order.
    package static func flows(inGroup groupID: String, in database: Store) throws -> [Item] {
        try database.rows("SELECT \(columns(.flow)) FROM flows WHERE group_id = ? ORDER BY seq", [.text(groupID)])
            .map { try decode(.flow, $0) }
    }

    /// The integration a flow lives in, nil when there is no such flow.
    package static func integrationID(ofFlow id: String, in database: Store) throws -> String? {
        try database.row("SELECT integration_id FROM flows WHERE id = ?", [.text(id)])?.text(at: 0)
    }
}
