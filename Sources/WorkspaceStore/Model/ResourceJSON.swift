/// The one shape every stored resource prints in: `_id`, its links (`_integrationId` …), its
/// fields, `createdAt`, `lastModified`, then whatever further integrator.io fields it kept.
package enum ResourceJSON {
    package static func make(
        id: String, links: [(String, JSONValue)] = [], fields: JSONObject, createdAt: Int64, updatedAt: Int64,
        extra: JSONObject
    ) -> JSONValue {
        var object = JSONObject([("_id", .string(id))] + links)
        for (key, value) in fields.pairs { object[key] = value }
        object["createdAt"] = .string(Timestamp.iso8601(createdAt))
        object["lastModified"] = .string(Timestamp.iso8601(updatedAt))
        for (key, value) in extra.pairs where object[key] == nil { object[key] = value }
        return .object(object)
    }

    /// What `make` writes: `_id`, the links, the fields, the times; open for the kept fields.
    package static func shape(links: [JSONShape.Field] = [], _ fields: [JSONShape.Field]) -> JSONShape {
        .resource([.field("_id", .string)] + links + fields + [.field("createdAt", .time), .field("lastModified", .time)])
    }
}
