/// The `flow_groups` table: the only code that reads and writes its rows.
enum GroupRecord {
    static let columns = "id, integration_id, name, position, extra"

    static func decode(_ row: Row) throws -> FlowGroup {
        FlowGroup(
            id: try row.text("id"), integrationID: try row.text("integration_id"), name: try row.text("name"),
            position: try row.integer("position"), extra: try row.object("extra"))
    }

    static func insert(_ group: FlowGroup, at time: Int64, into database: Database) throws {
        try database.run(
            "INSERT INTO flow_groups (id, integration_id, name, position, extra, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                .text(group.id), .text(group.integrationID), .text(group.name), .integer(group.position),
                .text(JSONValue.object(group.extra).compactText), .integer(time), .integer(time),
            ])
    }

    static func rename(_ group: FlowGroup, at time: Int64, in database: Database) throws {
        try database.run(
            "UPDATE flow_groups SET name = ?, updated_at = ? WHERE id = ?", [.text(group.name), .integer(time), .text(group.id)])
    }

    /// Writes 0, 1, 2 … as the positions of `groups` in that order, touching only rows whose
    /// stored position differs.
    static func storePositions(_ order: [String], current: [FlowGroup], in database: Database) throws {
        let stored = Dictionary(uniqueKeysWithValues: current.map { ($0.id, $0.position) })
        for (index, id) in order.enumerated() where stored[id] != Int64(index) {
            try database.run("UPDATE flow_groups SET position = ? WHERE id = ?", [.integer(Int64(index)), .text(id)])
        }
    }

    static func delete(_ group: FlowGroup, from database: Database) throws {
        try database.run("DELETE FROM flow_groups WHERE id = ?", [.text(group.id)])
    }
}
