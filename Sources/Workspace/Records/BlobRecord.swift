/// The `blobs` and `merge_bases` tables: content-addressed bytes (each stored once under its
/// SHA-256), and the merge base a clone keeps with its source.
enum BlobRecord {
    /// Stores bytes unless already there; returns their hash.
    @discardableResult
    static func store(_ bytes: [UInt8], in database: Database) throws -> String {
        let hash = try AuditChain.sha256Hex(bytes)
        try database.run(
            "INSERT OR IGNORE INTO blobs (hash, content) VALUES (?, ?)", [.text(hash), .text(String(decoding: bytes, as: UTF8.self))])
        return hash
    }

    static func content(_ hash: String, in database: Database) throws -> String? {
        try database.row("SELECT hash, content FROM blobs WHERE hash = ?", [.text(hash)]).map { try $0.text("content") }
    }

    static func storeMergeBase(
        of integrationID: String, with otherID: String, manifest: String, idMap: String, at time: Int64, in database: Database
    ) throws {
        try database.run(
            """
            INSERT OR REPLACE INTO merge_bases (integration_id, other_id, manifest, id_map, created_at)
            VALUES (?, ?, ?, ?, ?)
            """, [.text(integrationID), .text(otherID), .text(manifest), .text(idMap), .integer(time)])
    }

    /// The manifest and id map hashes of an integration's merge base with another.
    static func mergeBase(of integrationID: String, with otherID: String, in database: Database) throws
        -> (manifest: String, idMap: String)?
    {
        try database.row(
            "SELECT manifest, id_map FROM merge_bases WHERE integration_id = ? AND other_id = ?",
            [.text(integrationID), .text(otherID)]
        ).map { (try $0.text("manifest"), try $0.text("id_map")) }
    }
}
