/// An account-wide connection to an application, registered to any number of integrations.
public struct Connection: Equatable, Sendable {
    public let id: String
    public var name: String
    /// The application: salesforce, netsuite, http ...
    public var type: String
    public var description: String
    public var offline: Bool
    public let createdAt: Int64
    public var updatedAt: Int64
    public var extra: JSONObject

    var editableFields: JSONObject {
        JSONObject([
            ("name", .string(name)), ("type", .string(type)), ("description", .string(description)),
            ("offline", .bool(offline)),
        ])
    }

    public var json: JSONValue {
        ResourceJSON.make(id: id, fields: editableFields, createdAt: createdAt, updatedAt: updatedAt, extra: extra)
    }
}

/// A named, ordered group of flows inside one integration.
public struct FlowGroup: Equatable, Sendable {
    public static let reservedName = "Unassigned"

    public let id: String
    public let integrationID: String
    public var name: String
    public var position: Int64

    /// integrator.io's `flowGroupings` entry.
    public var json: JSONValue {
        ["_id": .string(id), "name": .string(name)]
    }
}

/// A flow step: an export (page generator, or a lookup page processor) or an import (page processor).
public struct Step: Equatable, Sendable {
    public enum Kind: String, CaseIterable, Sendable {
        case export, `import`

        var resourceType: ResourceType { self == .export ? .export : .import }
    }

    public let id: String
    public let kind: Kind
    public var flowID: String
    public var connectionID: String
    public let lookup: Bool
    public var position: Int64
    public var name: String
    public var description: String
    public let createdAt: Int64
    public var updatedAt: Int64
    public var extra: JSONObject

    /// Exports that are not lookups start a flow; everything else processes its pages.
    public var isPageGenerator: Bool { kind == .export && !lookup }

    var editableFields: JSONObject {
        JSONObject([
            ("name", .string(name)), ("description", .string(description)), ("_connectionId", .string(connectionID)),
        ])
    }

    public var json: JSONValue {
        var fields = editableFields
        if kind == .export { fields["isLookup"] = .bool(lookup) }
        return ResourceJSON.make(
            id: id, links: [("_flowId", .string(flowID))], fields: fields, createdAt: createdAt, updatedAt: updatedAt,
            extra: extra)
    }

    /// The entry in the flow's `pageGenerators` or `pageProcessors`.
    var flowEntry: JSONValue {
        if isPageGenerator { return ["_exportId": .string(id)] }
        return kind == .export
            ? ["type": "export", "_exportId": .string(id)] : ["type": "import", "_importId": .string(id)]
    }
}

/// A flow with its steps, as `flow show` presents it.
public struct FlowView: Equatable, Sendable {
    public let flow: Item
    public let steps: [Step]
    /// The flow's own aliases.
    public var aliases: [Alias] = []

    public var pageGenerators: [Step] { steps.filter(\.isPageGenerator) }
    public var pageProcessors: [Step] { steps.filter { !$0.isPageGenerator } }

    public var json: JSONValue {
        guard case .object(var object) = flow.json else { return flow.json }
        object["pageGenerators"] = .array(pageGenerators.map(\.flowEntry))
        object["pageProcessors"] = .array(pageProcessors.map(\.flowEntry))
        if flow.integrationID != ResourceID.standalone { object["aliases"] = .array(aliases.map(\.json)) }
        return .object(object)
    }
}
