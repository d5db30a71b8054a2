/// The `aliases` table: the only code that reads and writes its rows.
enum AliasRecord {
    /// Read as `a`, the name the soundness query gives the table.
    static let columns = "a.owner_type, a.owner_id, a.alias, a.description, a.target_type, a.target_id"

    static func decode(_ row: Row) throws -> Alias {
        let ownerID = try row.text("owner_id")
        let owner: Alias.Owner =
            switch try row.choice("owner_type", as: Alias.OwnerType.self) {
            case .integration: .integration(ownerID)
            case .flow: .flow(ownerID)
            }
        return Alias(
            owner: owner, alias: try row.text("alias"), description: try row.text("description"),
            targetType: try row.choice("target_type", as: Alias.TargetType.self), targetID: try row.text("target_id"))
    }

    /// The aliases of every flow of an integration, by flow id, in one query.
    static func flowAliases(ofIntegration integrationID: String, in database: Database) throws -> [String: [Alias]] {
        var aliases: [String: [Alias]] = [:]
        for row in try database.rows(
            """
            SELECT \(columns) FROM aliases a JOIN flows f ON f.id = a.owner_id
            WHERE a.owner_type = 'flow' AND f.integration_id = ? ORDER BY a.alias
            """, [.text(integrationID)])
        {
            let alias = try decode(row)
            aliases[alias.owner.id, default: []].append(alias)
        }
        return aliases
    }

    static func insert(_ alias: Alias, at time: Int64, into database: Database) throws {
        try database.run(
            """
            INSERT INTO aliases (owner_type, owner_id, alias, description, target_type, target_id, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """,
            [
                .text(alias.owner.type), .text(alias.owner.id), .text(alias.alias), .text(alias.description),
                .text(alias.targetType.rawValue), .text(alias.targetID), .integer(time),
            ])
    }

    static func delete(_ alias: Alias, from database: Database) throws {
        try database.run(
            "DELETE FROM aliases WHERE owner_type = ? AND owner_id = ? AND alias = ?",
            [.text(alias.owner.type), .text(alias.owner.id), .text(alias.alias)])
    }
}
