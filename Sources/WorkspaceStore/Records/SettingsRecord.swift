/// The `settings` column every kind that carries settings has: the only code that reads it
/// and writes it.
package enum SettingsRecord {
    /// A resource's settings document (`{}` for one that has none).
    package static func document(of kind: ResourceKind, _ id: String, in database: Store) throws -> JSONValue {
        guard let row = try database.row("SELECT id, settings FROM \(kind.table) WHERE id = ?", [.text(id)]) else {
            return .object(JSONObject())
        }
        return .object(try row.object("settings"))
    }

    /// The settings of every resource of a kind in one integration, by id, in one query.
    package static func documents(of kind: ResourceKind, inIntegration integrationID: String, in database: Store) throws
        -> [String: JSONValue]
    {
        var documents: [String: JSONValue] = [:]
        for row in try database.rows(
            "SELECT id, settings FROM \(kind.table) WHERE integration_id = ?", [.text(integrationID)])
        {
            documents[try row.text("id")] = .object(try row.object("settings"))
        }
        return documents
    }

    package static func store(_ document: JSONValue, of kind: ResourceKind, _ id: String, at time: Int64, in database: Store)
        throws
    {
        try database.write(
            "UPDATE \(kind.table) SET settings = ?, updated_at = ? WHERE id = ?",
            [.text(document.compactText), .integer(time), .text(id)])
    }

    /// Gives a copy its source's document as it is.
    package static func copy(of kind: ResourceKind, from sourceID: String, to copyID: String, in database: Store) throws {
        try database.write(
            "UPDATE \(kind.table) SET settings = (SELECT settings FROM \(kind.table) WHERE id = ?) WHERE id = ?",
            [.text(sourceID), .text(copyID)])
    }
}
