/// The three things an integration holds. They share one lifecycle (create, list, show,
/// edit, move, delete) and differ only in a few fields.
public enum ItemKind: String, CaseIterable, Sendable {
    case flow, api, tool

    var table: String { resource.table }

    public var label: String { resource.label }

    public var pluralLabel: String { label + "s" }
}

/// The fields only one kind has.
public enum ItemDetails: Equatable, Sendable {
    case flow(disabled: Bool, groupID: String?, steps: FlowStructure)
    case api(method: String, path: String)
    case tool(inputSchema: JSONValue)

    package var kind: ItemKind {
        switch self {
        case .flow: .flow
        case .api: .api
        case .tool: .tool
        }
    }

    /// The JSON names integrator.io uses for these fields.
    package var json: [(String, JSONValue)] {
        switch self {
        case .flow(let disabled, let groupID, let steps):
            [("disabled", .bool(disabled))] + (groupID.map { [("_flowGroupingId", .string($0))] } ?? []) + steps.json
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

    package init(
        id: String, integrationID: String, name: String, description: String, details: ItemDetails, createdAt: Int64,
        updatedAt: Int64, extra: JSONObject
    ) {
        self.id = id
        self.integrationID = integrationID
        self.name = name
        self.description = description
        self.details = details
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.extra = extra
    }

    public var kind: ItemKind { details.kind }

    /// The flow group of a flow, nil when unassigned (and for APIs and tools).
    public var groupID: String? {
        if case .flow(_, let groupID, _) = details { return groupID }
        return nil
    }

    /// Whether a flow is disabled (false for APIs and tools).
    public var isDisabled: Bool {
        if case .flow(let disabled, _, _) = details { return disabled }
        return false
    }

    /// A flow's steps (empty for APIs and tools).
    public var structure: FlowStructure {
        if case .flow(_, _, let steps) = details { return steps }
        return FlowStructure()
    }

    /// The fields a person can change, as they appear in JSON and in audit field paths.
    package var editableFields: JSONObject {
        JSONObject([("name", .string(name)), ("description", .string(description))] + details.json)
    }

    /// integrator.io's shape; Standalone items carry no `_integrationId`, as in integrator.io.
    public var json: JSONValue {
        ResourceJSON.make(
            id: id, links: integrationID == ResourceID.standalone ? [] : [("_integrationId", .string(integrationID))],
            fields: editableFields, createdAt: createdAt, updatedAt: updatedAt, extra: extra)
    }

    /// A flow, an API or a tool: the fields of its kind.
    public static func shape(_ kind: ItemKind) -> JSONShape {
        let details: [JSONShape.Field] =
            switch kind {
            case .flow:
                [
                    .field("disabled", .boolean), .optional("_flowGroupingId", .string), .field("pageGenerators", .array(.anyValue)),
                    .optional("pageProcessors", .array(.anyValue)), .optional("routers", .array(.anyValue)),
                ]
            case .api: [.field("method", .string), .field("path", .string)]
            case .tool: [.field("inputSchema", .anyValue)]
            }
        return .named(
            JSONShape.title(kind.label),
            ResourceJSON.shape(links: [.optional("_integrationId", .string)], [.field("name", .string), .field("description", .string)] + details))
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
