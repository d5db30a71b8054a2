/// The `pins` and `tile_order` tables (each user's own Home page): the only code that writes them.
enum PreferenceRecord {
    /// Pins an integration for a user; false when it already was.
    static func pin(_ integrationID: String, for user: String, at time: Int64, in database: Database) throws -> Bool {
        try database.run(
            """
            INSERT OR IGNORE INTO pins (user, integration_id, pinned_at, seq)
            VALUES (?, ?, ?, (SELECT coalesce(max(seq), 0) + 1 FROM pins WHERE user = ?))
            """, [.text(user), .text(integrationID), .integer(time), .text(user)]) > 0
    }

    /// Unpins an integration for a user; false when it was not pinned.
    static func unpin(_ integrationID: String, for user: String, in database: Database) throws -> Bool {
        try database.run("DELETE FROM pins WHERE user = ? AND integration_id = ?", [.text(user), .text(integrationID)]) > 0
    }

    static func storeTileKey(_ key: String, of integrationID: String, for user: String, in database: Database) throws {
        try database.run(
            "INSERT OR REPLACE INTO tile_order (user, integration_id, position) VALUES (?, ?, ?)",
            [.text(user), .text(integrationID), .text(key)])
    }
}
