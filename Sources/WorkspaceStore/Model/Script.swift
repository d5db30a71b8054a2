/// A script of an integration (JavaScript for hooks, as in integrator.io): its name, its
/// content kept byte for byte, and the fields it came with.
public struct Script: Equatable, Sendable {
    public let id: String
    public var integrationID: String
    public var name: String
    public var content: String
    public let createdAt: Int64
    public var updatedAt: Int64
    public var extra: JSONObject

    package init(
        id: String, integrationID: String, name: String, content: String, createdAt: Int64, updatedAt: Int64,
        extra: JSONObject
    ) {
        self.id = id
        self.integrationID = integrationID
        self.name = name
        self.content = content
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.extra = extra
    }

    /// integrator.io's shape, without the content (printed apart by `script show`).
    /// Its fields with its content, as `script show --json` and the API give it.
    public var jsonWithContent: JSONValue {
        var object = json.objectValue ?? JSONObject()
        object["content"] = .string(content)
        return .object(object)
    }

    public var json: JSONValue {
        ResourceJSON.make(
            id: id, links: integrationID == ResourceID.standalone ? [] : [("_integrationId", .string(integrationID))],
            fields: JSONObject([("name", .string(name))]), createdAt: createdAt, updatedAt: updatedAt, extra: extra)
    }

    public static let shape = JSONShape.named(
        "Script", ResourceJSON.shape(links: [.optional("_integrationId", .string)], [.field("name", .string), .optional("content", .string)]))
}
