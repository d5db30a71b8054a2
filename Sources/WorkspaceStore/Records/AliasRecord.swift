/// The `aliases` table: the only code that reads and writes its rows.
package enum AliasRecord {
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
    package static func flowAliases(ofIntegration integrationID: String, in database: Store) throws -> [String: [Alias]] {
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

    package static func insert(_ alias: Alias, at time: Int64, into database: Store) throws {
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

    package static func delete(_ alias: Alias, from database: Store) throws {
        try database.run(
            "DELETE FROM aliases WHERE owner_type = ? AND owner_id = ? AND alias = ?",
            [.text(alias.owner.type), .text(alias.owner.id), .text(alias.alias)])
    }

    /// The integration an alias row `a` lives in: its owner, or its owner flow's integration.
    private static let scope = """
        CASE a.owner_type WHEN 'integration' THEN a.owner_id
        ELSE (SELECT integration_id FROM flows WHERE id = a.owner_id) END
        """

    /// True for an alias row `a` whose target exists in its scope (and is not its own flow).
    private static let sound = """
        coalesce(\(scope), 'none') <> 'none' AND CASE a.target_type
            WHEN 'flow' THEN a.target_id <> a.owner_id AND EXISTS (
                SELECT 1 FROM flows f WHERE f.id = a.target_id AND f.integration_id = \(scope))
            WHEN 'connection' THEN EXISTS (
                SELECT 1 FROM registrations r WHERE r.connection_id = a.target_id AND r.integration_id = \(scope))
            WHEN 'export' THEN EXISTS (
                SELECT 1 FROM exports e WHERE e.id = a.target_id AND e.integration_id = \(scope))
            WHEN 'import' THEN EXISTS (
                SELECT 1 FROM imports i WHERE i.id = a.target_id AND i.integration_id = \(scope))
            ELSE FALSE
        END
        """

    /// Every alias whose target is gone or out of its scope (always empty between commands).
    package static func dangling(in database: Store) throws -> [Alias] {
        try database.rows(
            "SELECT \(columns) FROM aliases a WHERE NOT (\(sound)) ORDER BY a.alias, a.owner_type, a.owner_id"
        ).map(decode)
    }

    /// Whether one stored alias names something in its scope (one row, by its key).
    package static func isSound(_ alias: Alias, in database: Store) throws -> Bool {
        try database.row(
            "SELECT 1 FROM aliases a WHERE a.owner_type = ? AND a.owner_id = ? AND a.alias = ? AND \(sound)",
            [.text(alias.owner.type), .text(alias.owner.id), .text(alias.alias)]) != nil
    }

    /// Whether a list (an integration's or a flow's) holds an alias of that name.
    package static func exists(_ name: String, ownedBy owner: Alias.Owner, in database: Store) throws -> Bool {
        try database.row(
            "SELECT 1 FROM aliases WHERE owner_type = ? AND owner_id = ? AND alias = ?",
            [.text(owner.type), .text(owner.id), .text(name)]) != nil
    }

    /// The aliases an integration or a flow keeps, oldest first.
    package static func owned(by owner: Alias.Owner, in database: Store) throws -> [Alias] {
        try database.rows(
            "SELECT \(columns) FROM aliases a WHERE a.owner_type = ? AND a.owner_id = ? ORDER BY a.created_at, a.alias",
            [.text(owner.type), .text(owner.id)]
        ).map(decode)
    }
}
