/// The three things an integration holds. They share one lifecycle (create, list, show,
/// edit, move, delete) and differ only in a few fields.
public enum ItemKind: String, CaseIterable, Sendable {
    case flow, api, tool

    /// The table (a constant, never user input, so it may appear in SQL text).
    var table: String {
        switch self {
        case .flow: "flows"
        case .api: "apis"
        case .tool: "tools"
        }
    }

    /// The kind-specific columns, in the order `ItemDetails` reads and writes them.
    var detailColumns: [String] {
        switch self {
        case .flow: ["disabled", "group_id"]
        case .api: ["method", "path"]
        case .tool: ["input_schema"]
        }
    }

    public var label: String {
        switch self {
        case .flow: "flow"
        case .api: "API"
        case .tool: "tool"
        }
    }

    public var pluralLabel: String { label + "s" }
}

/// The fields only one kind has.
public enum ItemDetails: Equatable, Sendable {
    case flow(disabled: Bool, groupID: String?)
    case api(method: String, path: String)
    case tool(inputSchema: JSONValue)

    var kind: ItemKind {
        switch self {
        case .flow: .flow
        case .api: .api
        case .tool: .tool
        }
    }

    var sqlValues: [SQLValue] {
        switch self {
        case .flow(let disabled, let groupID): [.integer(disabled ? 1 : 0), groupID.map(SQLValue.text) ?? .null]
        case .api(let method, let path): [.text(method), .text(path)]
        case .tool(let schema): [.text(schema.compactText)]
        }
    }

    /// Reads the detail columns of `kind` from `row`, starting at column `start`.
    static func read(_ kind: ItemKind, from row: Row, at start: Int) throws -> ItemDetails {
        switch kind {
        case .flow: return .flow(disabled: row.bool(start), groupID: row.optionalString(start + 1))
        case .api: return .api(method: row.string(start), path: row.string(start + 1))
        case .tool: return .tool(inputSchema: try JSONValue(parsing: row.string(start)))
        }
    }

    /// The JSON names integrator.io uses for these fields.
    var json: [(String, JSONValue)] {
        switch self {
        case .flow(let disabled, let groupID):
            [("disabled", .bool(disabled))] + (groupID.map { [("_flowGroupingId", .string($0))] } ?? [])
        case .api(let method, let path): [("method", .string(method)), ("path", .string(path))]
        case .tool(let schema): [("inputSchema", schema)]
        }
    }
}

/// A flow, an API or a tool.
public struct Item: Equatable, Sendable {
    public let id: String
    public var integrationID: String
    public var name: String
    public var description: String
    public var details: ItemDetails
    public let createdAt: Int64
    public var updatedAt: Int64
    public var extra: JSONObject

    public var kind: ItemKind { details.kind }

    /// The flow group of a flow, nil when unassigned (and for APIs and tools).
    public var groupID: String? {
        if case .flow(_, let groupID) = details { return groupID }
        return nil
    }

    /// The fields a person can change, as they appear in JSON and in audit field paths.
    var editableFields: JSONObject {
        JSONObject([("name", .string(name)), ("description", .string(description))] + details.json)
    }

    /// integrator.io's shape; Standalone items carry no `_integrationId`, as in integrator.io.
    public var json: JSONValue {
        ResourceJSON.make(
            id: id, links: integrationID == ResourceID.standalone ? [] : [("_integrationId", .string(integrationID))],
            fields: editableFields, createdAt: createdAt, updatedAt: updatedAt, extra: extra)
    }
}

/// The changes `edit` may make; nil leaves a field as it is.
public struct ItemEdit: Sendable {
    public var name: String?
    public var description: String?
    public var disabled: Bool?
    public var method: String?
    public var path: String?
    public var inputSchema: String?

    public init(
        name: String? = nil, description: String? = nil, disabled: Bool? = nil, method: String? = nil,
        path: String? = nil, inputSchema: String? = nil
    ) {
        self.name = name
        self.description = description
        self.disabled = disabled
        self.method = method
        self.path = path
        self.inputSchema = inputSchema
    }
}
