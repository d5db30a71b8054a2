/// The `blobs` and `merge_bases` tables: content-addressed bytes (each stored once under its
/// SHA-256), and the merge base a clone keeps with its source.
package enum BlobRecord {
    /// Stores bytes unless already there; returns their hash.
    @discardableResult
    package static func store(_ bytes: [UInt8], in database: Store) throws -> String {
        let hash = try AuditChain.sha256Hex(bytes)
        try insert(bytes, hash: hash, in: database)
        return hash
    }

    /// Stores bytes whose hash the caller computed, unless already there.
    package static func insert(_ bytes: [UInt8], hash: String, in database: Store) throws {
        try database.write(
            "INSERT INTO blobs (hash, content) VALUES (?, ?) ON CONFLICT (hash) DO NOTHING",
            [.text(hash), .text(String(decoding: bytes, as: UTF8.self))])
    }

    package static func content(_ hash: String, in database: Store) throws -> String? {
        try database.row("SELECT hash, content FROM blobs WHERE hash = ?", [.text(hash)]).map { try $0.text("content") }
    }

    package static func storeMergeBase(
        of integrationID: String, with otherID: String, manifest: String, idMap: String, at time: Int64, in database: Store
    ) throws {
        try database.run(
            """
            INSERT INTO merge_bases (integration_id, other_id, manifest, id_map, created_at) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (integration_id, other_id)
            DO UPDATE SET manifest = excluded.manifest, id_map = excluded.id_map, created_at = excluded.created_at
            """, [.text(integrationID), .text(otherID), .text(manifest), .text(idMap), .integer(time)])
    }

    /// The manifest and id map hashes of an integration's merge base with another.
    package static func mergeBase(of integrationID: String, with otherID: String, in database: Store) throws
        -> (manifest: String, idMap: String)?
    {
        try database.row(
            "SELECT manifest, id_map FROM merge_bases WHERE integration_id = ? AND other_id = ?",
            [.text(integrationID), .text(otherID)]
        ).map { (try $0.text("manifest"), try $0.text("id_map")) }
    }
}
