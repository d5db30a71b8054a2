/// The `pins` and `tile_order` tables (each user's own Home page): the only code that writes them.
package enum PreferenceRecord {
    /// Pins an integration for a user; false when it already was.
    package static func pin(_ integrationID: String, for user: String, at time: Int64, in database: Store) throws -> Bool {
        try database.run(
            """
            INSERT INTO pins (user_name, integration_id, pinned_at, seq)
            VALUES (?, ?, ?, (SELECT coalesce(max(seq), 0) + 1 FROM pins WHERE user_name = ?))
            ON CONFLICT (user_name, integration_id) DO NOTHING
            """, [.text(user), .text(integrationID), .integer(time), .text(user)]) > 0
    }

    /// Unpins an integration for a user; false when it was not pinned.
    package static func unpin(_ integrationID: String, for user: String, in database: Store) throws -> Bool {
        try database.run("DELETE FROM pins WHERE user_name = ? AND integration_id = ?", [.text(user), .text(integrationID)]) > 0
    }

    package static func storeTileKey(_ key: String, of integrationID: String, for user: String, in database: Store) throws {
        try database.run(
            """
            INSERT INTO tile_order (user_name, integration_id, position) VALUES (?, ?, ?)
            ON CONFLICT (user_name, integration_id) DO UPDATE SET position = excluded.position
            """,
            [.text(user), .text(integrationID), .text(key)])
    }
}
