/// Integrations with their counts (kept by triggers in `item_counts`) and connection figures:
/// the Home page and `integration show` in a fixed number of queries, whatever their size.
package enum SummaryRecord {
    /// Counts computed per row by correlated subqueries on indexes: one query for any list size.
    private static let countColumns = (ItemKind.allCases.map {
        "coalesce((SELECT n.\($0.table) FROM item_counts n WHERE n.integration_id = i.id), 0) AS count_\($0.table)"
    } + ["(SELECT count(*) FROM flow_groups g WHERE g.integration_id = i.id) AS count_groups"]).joined(separator: ", ")

    /// One integration's counts, exports and imports included.
    package static func counts(of integrationID: String, in database: Store) throws -> IntegrationCounts {
        var counts = try decodeCounts(
            try database.row("SELECT \(countColumns) FROM integrations i WHERE i.id = ?", [.text(integrationID)]))
        let resources = try database.row(
            """
            SELECT (SELECT count(*) FROM exports WHERE integration_id = ?1),
                   (SELECT count(*) FROM imports WHERE integration_id = ?1)
            """, [.text(integrationID)])
        counts.exports = Int(try resources?.integer(at: 0) ?? 0)
        counts.imports = Int(try resources?.integer(at: 1) ?? 0)
        counts.connectionStats = try connectionStats(of: integrationID, in: database)[integrationID] ?? .init()
        return counts
    }

    /// Registered connections, offline ones and application types per integration, from one
    /// pass over the registrations (all of them, or one integration's).
    package static func connectionStats(of integrationID: String? = nil, in database: Store) throws
        -> [String: IntegrationCounts.Connections]
    {
        var stats: [String: IntegrationCounts.Connections] = [:]
        let one = integrationID.map { (" WHERE r.integration_id = ?", [SQLValue.text($0)]) } ?? ("", [])
        try database.forEach(
            "SELECT r.integration_id, c.type, c.offline FROM registrations r JOIN connections c ON c.id = r.connection_id"
                + one.0, one.1
        ) { row in
            stats[try row.text(at: 0), default: IntegrationCounts.Connections()].add(type: try row.text(at: 1), offline: try row.flag(at: 2))
        }
        return stats
    }

    /// The Home page's rows in one query, in creation order: the integrations `visibility`
    /// shows (whose name or description, or whose flows' name or description, contain
    /// `search`, case-insensitively), with `user`'s pin and tile key. Readmes are not read.
    package static func home(for user: String, visibleTo visibility: Visibility, search: String?, in database: Store)
        throws -> [HomeRecord]
    {
        let (visible, visibleValues) = visibility.condition("i.id")
        var filter = visible
        var values: [SQLValue] = [.text(user), .text(user)] + visibleValues
        if let search, !search.isEmpty {
            let columns = ["i.name", "i.description", "f.name", "f.description"].map { database.dialect.containsFolded($0, search) }
            filter += """
                 AND (\(columns[0].condition) OR \(columns[1].condition) OR EXISTS (
                    SELECT 1 FROM flows f WHERE f.integration_id = i.id
                    AND (\(columns[2].condition) OR \(columns[3].condition))))
                """
            values += columns.flatMap(\.values)
        }
        let rows = try database.rows(
            """
            SELECT i.id, i.name, i.description, '' AS readme, i.created_at, i.updated_at, i.extra, i.source_id,
                   \(countColumns), p.pinned_at, p.seq AS pin_seq, o.position AS tile_key
            FROM integrations i
            LEFT JOIN pins p ON p.user_name = ? AND p.integration_id = i.id
            LEFT JOIN tile_order o ON o.user_name = ? AND o.integration_id = i.id
            WHERE \(filter) ORDER BY i.seq
            """, values)
        let stats = try connectionStats(in: database)
        return try rows.enumerated().map { index, row in
            let integration = try IntegrationRecord.decode(row)
            var counts = try decodeCounts(row)
            counts.connectionStats = stats[integration.id] ?? .init()
            var summary = IntegrationSummary(integration: integration, counts: counts)
            summary.readmeLoaded = false
            let pinnedAt = try row.optionalInteger("pinned_at")
            summary.pinned = pinnedAt != nil
            return HomeRecord(
                summary: summary, sequence: index, pinnedAt: pinnedAt, pinSequence: try row.optionalInteger("pin_seq") ?? 0,
                tileKey: try row.optionalText("tile_key"))
        }
    }

    private static func decodeCounts(_ row: Row?) throws -> IntegrationCounts {
        guard let row else { return IntegrationCounts(flows: 0, apis: 0, tools: 0) }
        var counts = IntegrationCounts(
            flows: Int(try row.integer("count_flows")), apis: Int(try row.integer("count_apis")),
            tools: Int(try row.integer("count_tools")))
        counts.groups = Int(try row.integer("count_groups"))
        return counts
    }
}

/// One Home page row: an integration's summary with one user's preferences.
package struct HomeRecord: Sendable {
    package let summary: IntegrationSummary
    /// Its place in creation order among the rows.
    package let sequence: Int
    /// When the user pinned it, and the pin's order among pins made in the same millisecond.
    package let pinnedAt: Int64?
    package let pinSequence: Int64
    /// Its key in the user's manual tile order, if they ever placed it.
    package let tileKey: String?
}

extension Visibility {
    /// The SQL condition on `column` (an integration id) and its values.
    func condition(_ column: String) -> (sql: String, values: [SQLValue]) {
        switch self {
        case .everything: return ("TRUE", [])
        case .granted(let user):
            return ("(\(column) = 'none' OR \(column) IN (SELECT integration_id FROM grants WHERE user_name = ?))", [.text(user)])
        case .within(let ids, let other):
            guard !ids.isEmpty else { return ("FALSE", []) }
            let inner = other.condition(column)
            return (
                "(\(column) IN (\(ids.map { _ in "?" }.joined(separator: ", "))) AND \(inner.sql))",
                ids.map(SQLValue.text) + inner.values
            )
        }
    }
}
