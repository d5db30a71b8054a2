/// The `recycle_bin` table: the only code that reads and writes its rows. Listing reads no
/// contents, so that a bin of ten thousand entries lists at once.
package enum BinRecord {
    static let columns =
        "id, kind, resource_id, name, integration_id, integration_name, user_name, deleted_at, revision_id, along"

    /// By position, in the order of `columns`: a listing decodes ten thousand rows.
    static func decode(_ row: Row) throws -> BinEntry {
        let along = try row.text(at: 9)
        return BinEntry(
            id: try row.text(at: 0), kind: try row.choice(at: 1, as: ResourceKind.self), resourceID: try row.text(at: 2),
            name: try row.text(at: 3), integrationID: try row.optionalText(at: 4), integrationName: try row.text(at: 5),
            user: try row.text(at: 6), deletedAt: try row.integer(at: 7), revisionID: try row.optionalText(at: 8),
            along: along == "{}" ? JSONObject() : try row.object("along"))
    }

    package static func insert(_ entry: BinEntry, contents: JSONValue, into database: Store) throws {
        try database.run(
            """
            INSERT INTO recycle_bin (id, kind, resource_id, name, integration_id, integration_name, user_name, deleted_at,
                revision_id, contents, along)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                .text(entry.id), .text(entry.kind.rawValue), .text(entry.resourceID), .text(entry.name),
                entry.integrationID.map(SQLValue.text) ?? .null, .text(entry.integrationName), .text(entry.user),
                .integer(entry.deletedAt), entry.revisionID.map(SQLValue.text) ?? .null, .text(contents.compactText),
                .text(JSONValue.object(entry.along).compactText),
            ])
    }

    /// Entries, newest first, of one kind or one integration if asked (by id, or for one that
    /// is gone, by `orName` too).
    package static func all(kind: ResourceKind?, integrationID: String?, orName: String? = nil, in database: Store) throws
        -> [BinEntry]
    {
        var conditions: [String] = []
        var values: [SQLValue] = []
        if let kind {
            conditions.append("kind = ?")
            values.append(.text(kind.rawValue))
        }
        if let integrationID {
            conditions.append(orName == nil ? "integration_id = ?" : "(integration_id = ? OR integration_name = ?)")
            values.append(.text(integrationID))
            if let orName { values.append(.text(orName)) }
        }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        return try database.rows("SELECT \(columns) FROM recycle_bin \(filter) ORDER BY seq DESC", values).map(decode)
    }

    package static func find(_ id: String, in database: Store) throws -> BinEntry? {
        try database.row("SELECT \(columns) FROM recycle_bin WHERE id = ?", [.text(id)]).map(decode)
    }

    /// What an entry keeps to be restored.
    package static func contents(of id: String, in database: Store) throws -> JSONValue {
        guard let row = try database.row("SELECT contents FROM recycle_bin WHERE id = ?", [.text(id)]) else {
            throw WorkspaceError.damaged("recycle bin entry \(id) is gone")
        }
        return try row.json("contents")
    }

    /// Entries deleted before `time` (ms), oldest first.
    package static func deleted(before time: Int64, in database: Store) throws -> [BinEntry] {
        try database.rows(
            "SELECT \(columns) FROM recycle_bin WHERE deleted_at < ? ORDER BY deleted_at, seq", [.integer(time)]
        ).map(decode)
    }

    /// Whether any entry was deleted before `time`: one indexed probe, asked by every write.
    package static func holdsAny(before time: Int64, in database: Store) throws -> Bool {
        try database.row("SELECT 1 FROM recycle_bin WHERE deleted_at < ? LIMIT 1", [.integer(time)]) != nil
    }

    package static func delete(_ id: String, from database: Store) throws {
        try database.run("DELETE FROM recycle_bin WHERE id = ?", [.text(id)])
    }

    package static func delete(before time: Int64, from database: Store) throws {
        try database.run("DELETE FROM recycle_bin WHERE deleted_at < ?", [.integer(time)])
    }
}

/// The `workspace_options` table: settings of the workspace as a whole, by name.
package enum OptionRecord {
    package static func value(_ name: String, in database: Store) throws -> String? {
        try database.row("SELECT value FROM workspace_options WHERE name = ?", [.text(name)])?.text("value")
    }

    package static func set(_ name: String, to value: String, in database: Store) throws {
        try database.run("DELETE FROM workspace_options WHERE name = ?", [.text(name)])
        try database.run("INSERT INTO workspace_options (name, value) VALUES (?, ?)", [.text(name), .text(value)])
    }
}
