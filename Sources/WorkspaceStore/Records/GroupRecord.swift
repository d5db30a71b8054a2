/// The `flow_groups` table: the only code that reads and writes its rows.
package enum GroupRecord {
    static let columns = "id, integration_id, name, position, extra"

    static func decode(_ row: Row) throws -> FlowGroup {
        FlowGroup(
            id: try row.text("id"), integrationID: try row.text("integration_id"), name: try row.text("name"),
            position: try row.integer("position"), extra: try row.object("extra"))
    }

    package static func insert(_ group: FlowGroup, at time: Int64, into database: Store) throws {
        try database.run(
            "INSERT INTO flow_groups (id, integration_id, name, position, extra, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                .text(group.id), .text(group.integrationID), .text(group.name), .integer(group.position),
                .text(JSONValue.object(group.extra).compactText), .integer(time), .integer(time),
            ])
    }

    package static func rename(_ group: FlowGroup, at time: Int64, in database: Store) throws {
        try database.run(
            "UPDATE flow_groups SET name = ?, updated_at = ? WHERE id = ?", [.text(group.name), .integer(time), .text(group.id)])
    }

    /// Writes 0, 1, 2 … as the positions of `groups` in that order, touching only rows whose
    /// stored position differs.
    package static func storePositions(_ order: [String], current: [FlowGroup], in database: Store) throws {
        let stored = Dictionary(uniqueKeysWithValues: current.map { ($0.id, $0.position) })
        for (index, id) in order.enumerated() where stored[id] != Int64(index) {
            try database.run("UPDATE flow_groups SET position = ? WHERE id = ?", [.integer(Int64(index)), .text(id)])
        }
    }

    package static func delete(_ group: FlowGroup, from database: Store) throws {
        try database.run("DELETE FROM flow_groups WHERE id = ?", [.text(group.id)])
    }

    /// An integration's flow groups in display order.
    package static func inIntegration(_ integrationID: String, in database: Store) throws -> [FlowGroup] {
        try database.rows(
            "SELECT \(columns) FROM flow_groups WHERE integration_id = ? ORDER BY position, seq", [.text(integrationID)]
        ).map(decode)
    }

    /// The position after an integration's last flow group.
    package static func nextPosition(in integrationID: String, in database: Store) throws -> Int64 {
        try database.scalar(
            "SELECT coalesce(max(position) + 1, 0) FROM flow_groups WHERE integration_id = ?", [.text(integrationID)])
    }

    /// Whether an integration has a flow group of that name other than `groupID`.
    package static func exists(_ name: String, in integrationID: String, except groupID: String?, in database: Store) throws
        -> Bool
    {
        try database.row(
            "SELECT id FROM flow_groups WHERE integration_id = ? AND name = ? AND id <> ?",
            [.text(integrationID), .text(name), .text(groupID ?? "")]) != nil
    }
}
