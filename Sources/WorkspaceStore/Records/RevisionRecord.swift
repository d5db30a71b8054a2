/// The `revisions` table (append-only): the only code that reads and writes its rows.
package enum RevisionRecord {
    static let columns =
        "id, integration_id, integration_name, type, status, description, user_name, created_at, before_manifest, after_manifest, other_id"

    static func decode(_ row: Row) throws -> Revision {
        Revision(
            id: try row.text("id"), integrationID: try row.text("integration_id"),
            integrationName: try row.text("integration_name"), type: try row.choice("type", as: Revision.Kind.self),
            description: try row.text("description"), user: try row.text("user_name"), createdAt: try row.integer("created_at"),
            before: try row.optionalText("before_manifest"), after: try row.optionalText("after_manifest"),
            otherID: try row.optionalText("other_id"))
    }

    package static func insert(_ revision: Revision, into database: Store) throws {
        try database.run(
            "INSERT INTO revisions (\(columns)) VALUES (?, ?, ?, ?, 'completed', ?, ?, ?, ?, ?, ?)",
            [
                .text(revision.id), .text(revision.integrationID), .text(revision.integrationName),
                .text(revision.type.rawValue), .text(revision.description), .text(revision.user),
                .integer(revision.createdAt), revision.before.map(SQLValue.text) ?? .null,
                revision.after.map(SQLValue.text) ?? .null, revision.otherID.map(SQLValue.text) ?? .null,
            ])
    }

    package static func find(_ id: String, in database: Store) throws -> Revision? {
        try database.row("SELECT \(columns) FROM revisions WHERE id = ?", [.text(id)]).map(decode)
    }

    /// An integration's revisions, newest first.
    package static func history(of integrationID: String, in database: Store) throws -> [Revision] {
        try database.rows(
            "SELECT \(columns) FROM revisions WHERE integration_id = ? ORDER BY seq DESC", [.text(integrationID)]
        ).map(decode)
    }

    /// The newest revision of an integration, whose manifest the next one is stored against.
    package static func latest(of integrationID: String, in database: Store) throws -> Revision? {
        try database.row(
            "SELECT \(columns) FROM revisions WHERE integration_id = ? ORDER BY seq DESC LIMIT 1", [.text(integrationID)]
        ).map(decode)
    }

    /// Delete revisions of integrations that are gone and were not restored since.
    package static func restorable(in database: Store) throws -> [Revision] {
        try database.rows(
            """
            SELECT \(columns) FROM revisions r WHERE r.type = 'delete'
            AND EXISTS (SELECT 1 FROM recycle_bin b WHERE b.revision_id = r.id)
            ORDER BY r.seq DESC
            """
        ).map(decode)
    }

    /// Bytes the history keeps: blobs (resources and manifests) and revision rows.
    package static func storedBytes(in database: Store) throws -> Int {
        let blobs = try database.scalar("SELECT coalesce(sum(length(hash) + length(content)), 0) FROM blobs")
        let revisions = try database.scalar(
            """
            SELECT coalesce(sum(length(id) + length(integration_id) + length(integration_name) + length(type) + length(status)
            + length(description) + length(user_name) + 8 + coalesce(length(before_manifest), 0)
            + coalesce(length(after_manifest), 0) + coalesce(length(other_id), 0)), 0) FROM revisions
            """)
        return Int(blobs + revisions)
    }
}
