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

    package init(
        id: String, name: String, type: String, description: String, offline: Bool, createdAt: Int64, updatedAt: Int64,
        extra: JSONObject
    ) {
        self.id = id
        self.name = name
        self.type = type
        self.description = description
        self.offline = offline
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.extra = extra
    }

    package var editableFields: JSONObject {
        JSONObject([
            ("name", .string(name)), ("type", .string(type)), ("description", .string(description)),
            ("offline", .bool(offline)),
        ])
    }

    public var json: JSONValue {
        ResourceJSON.make(id: id, fields: editableFields, createdAt: createdAt, updatedAt: updatedAt, extra: extra)
    }

    public static let shape = JSONShape.named(
        "Connection",
        ResourceJSON.shape([.field("name", .string), .field("type", .string), .field("description", .string), .field("offline", .boolean)]))
}

/// How many connections one application has, by status (`connection list --by type`).
public struct ApplicationCount: Equatable, Sendable {
    public let type: String
    public var online = 0
    public var offline = 0

    package init(type: String) {
        self.type = type
    }

    package mutating func add(_ connection: Connection) {
        if connection.offline { offline += 1 } else { online += 1 }
    }

    public var json: JSONValue {
        ["type": .string(type), "online": .int(Int64(online)), "offline": .int(Int64(offline))]
    }

    public static let shape = JSONShape.record([.field("type", .string), .field("online", .integer), .field("offline", .integer)])
}

/// Where a connection is used (`connection show`).
public struct ConnectionUsage: Equatable, Sendable {
    public struct StepUse: Equatable, Sendable {
        public let step: Step
        public let flows: [(id: String, name: String)]

        package init(step: Step, flows: [(id: String, name: String)]) {
            self.step = step
            self.flows = flows
        }

        public static func == (lhs: StepUse, rhs: StepUse) -> Bool {
            lhs.step == rhs.step && lhs.flows.map(\.id) == rhs.flows.map(\.id)
        }
    }

    public let connection: Connection
    /// (id, name) of the integrations it is registered to.
    public let integrations: [(id: String, name: String)]
    public let steps: [StepUse]

    package init(connection: Connection, integrations: [(id: String, name: String)], steps: [StepUse]) {
        self.connection = connection
        self.integrations = integrations
        self.steps = steps
    }

    public static func == (lhs: ConnectionUsage, rhs: ConnectionUsage) -> Bool {
        lhs.connection == rhs.connection && lhs.integrations.map(\.id) == rhs.integrations.map(\.id)
            && lhs.steps == rhs.steps
    }

    /// Its settings document, as integrator.io's connection documents carry it.
    public var settings: JSONValue?

    public var json: JSONValue {
        guard case .object(var object) = connection.json else { return connection.json }
        if let settings { object["settings"] = settings }
        object["integrations"] = .array(integrations.map { ["_id": .string($0.id), "name": .string($0.name)] })
        object["usedBy"] = .array(
            steps.map { use in
                [
                    "type": .string(use.step.kind.rawValue), "_id": .string(use.step.id), "name": .string(use.step.name),
                    "flows": .array(use.flows.map { ["_id": .string($0.id), "name": .string($0.name)] }),
                ]
            })
        return .object(object)
    }

    public static let shape = Connection.shape.adding(
        [
            .optional("settings", .anyValue), .field("integrations", .array(JSONShape.reference)),
            .field(
                "usedBy",
                .array(
                    .record([
                        .field("type", .choice(of: StepKind.self)), .field("_id", .string), .field("name", .string),
                        .field("flows", .array(JSONShape.reference)),
                    ]))),
        ], named: "ConnectionUsage")
}

/// A named, ordered group of flows inside one integration.
public struct FlowGroup: Equatable, Sendable {
    public static let reservedName = "Unassigned"

    public let id: String
    public let integrationID: String
    public var name: String
    public var position: Int64
    /// integrator.io fields the workspace does not model, verbatim.
    public var extra = JSONObject()

    package init(id: String, integrationID: String, name: String, position: Int64, extra: JSONObject = JSONObject()) {
        self.id = id
        self.integrationID = integrationID
        self.name = name
        self.position = position
        self.extra = extra
    }

    /// integrator.io's `flowGroupings` entry.
    public var json: JSONValue {
        ["_id": .string(id), "name": .string(name)]
    }

    public static let shape = JSONShape.named("FlowGrouping", JSONShape.reference)
}

/// The two kinds of resource a flow uses as steps.
public enum StepKind: String, CaseIterable, Sendable {
    case export, `import`

    package var resourceType: ResourceType { resource.auditType }

    var table: String { resource.table }

    /// integrator.io's reference field: `_exportId` or `_importId`.
    package var idField: String { self == .export ? "_exportId" : "_importId" }
}

/// An export or an import: a resource of an integration (or of Standalone), as in an
/// integrator.io download. It exists on its own; flows use it as a step (SPEC §3).
public struct Step: Equatable, Sendable {
    public typealias Kind = StepKind

    public let id: String
    public let kind: StepKind
    public var integrationID: String
    /// nil for exports and imports that need none (webhooks, listeners).
    public var connectionID: String?
    /// An export used as a lookup (`isLookup`); always false for imports.
    public var lookup: Bool
    public var name: String
    public var description: String
    public let createdAt: Int64
    public var updatedAt: Int64
    public var extra: JSONObject

    package init(
        id: String, kind: StepKind, integrationID: String, connectionID: String? = nil, lookup: Bool, name: String,
        description: String, createdAt: Int64, updatedAt: Int64, extra: JSONObject
    ) {
        self.id = id
        self.kind = kind
        self.integrationID = integrationID
        self.connectionID = connectionID
        self.lookup = lookup
        self.name = name
        self.description = description
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.extra = extra
    }

    public var reference: StepReference { StepReference(kind: kind, id: id) }

    package var editableFields: JSONObject {
        var fields = JSONObject([("name", .string(name)), ("description", .string(description))])
        if let connectionID { fields["_connectionId"] = .string(connectionID) }
        if kind == .export { fields["isLookup"] = .bool(lookup) }
        return fields
    }

    /// integrator.io's shape; Standalone ones carry no `_integrationId`.
    public var json: JSONValue {
        ResourceJSON.make(
            id: id, links: integrationID == ResourceID.standalone ? [] : [("_integrationId", .string(integrationID))],
            fields: editableFields, createdAt: createdAt, updatedAt: updatedAt, extra: extra)
    }

    public static func shape(_ kind: StepKind) -> JSONShape {
        .named(
            JSONShape.title(kind.rawValue),
            ResourceJSON.shape(
                links: [.optional("_integrationId", .string)],
                [.field("name", .string), .field("description", .string), .optional("_connectionId", .string)]
                    + (kind == .export ? [.field("isLookup", .boolean)] : [])))
    }
}

/// An export or import with the flows that use it, as `export show` presents it.
public struct StepView: Equatable, Sendable {
    public let step: Step
    /// (id, name) of each flow that uses it, in creation order.
    public let flows: [(id: String, name: String)]
    public let connectionName: String?

    package init(step: Step, flows: [(id: String, name: String)], connectionName: String?) {
        self.step = step
        self.flows = flows
        self.connectionName = connectionName
    }

    /// Its settings document, as integrator.io's export and import documents carry it.
    public var settings: JSONValue?

    public var json: JSONValue {
        guard case .object(var object) = step.json else { return step.json }
        if let settings { object["settings"] = settings }
        object["flows"] = .array(flows.map { ["_id": .string($0.id), "name": .string($0.name)] })
        return .object(object)
    }

    public static func shape(_ kind: StepKind) -> JSONShape {
        Step.shape(kind).adding(
            [.optional("settings", .anyValue), .field("flows", .array(JSONShape.reference))], named: JSONShape.title(kind.rawValue) + "View")
    }

    public static func == (lhs: StepView, rhs: StepView) -> Bool {
        lhs.step == rhs.step && lhs.flows.map(\.id) == rhs.flows.map(\.id)
    }
}

/// One step of a flow with the export or import it names.
public struct FlowStepView: Equatable, Sendable {
    public let step: FlowStep
    /// nil when the flow names an export or import that does not exist.
    public let resource: Step?
    public let connectionName: String?

    package init(step: FlowStep, resource: Step?, connectionName: String?) {
        self.step = step
        self.resource = resource
        self.connectionName = connectionName
    }

    public var json: JSONValue {
        var object = resource.flatMap { $0.json.objectValue } ?? JSONObject([("_id", .string(step.reference.id))])
        object["type"] = .string(step.reference.kind.rawValue)
        object["position"] = .string(step.list.pointer + "/" + String(step.index))
        object["role"] = .string(step.list.label)
        return .object(object)
    }

    /// The export or import (only its `_id` when it does not exist) and where the flow has it.
    public static let shape = JSONShape.named(
        "FlowStep",
        .resource([
            .field("_id", .string), .field("type", .choice(of: StepKind.self)), .field("position", .string), .field("role", .string),
        ]))
}

/// A flow with its steps, as `flow show` and `flow steps` present it.
public struct FlowView: Equatable, Sendable {
    public let flow: Item
    public let steps: [FlowStepView]
    /// The flow's own aliases.
    public var aliases: [Alias] = []
    /// What the caller may do with it: its integration's `read`, `change`, `aliases`.
    public var allowed: [Capability]?
    /// Its settings document, as integrator.io's flow documents carry it.
    public var settings: JSONValue?

    package init(flow: Item, steps: [FlowStepView], aliases: [Alias] = []) {
        self.flow = flow
        self.steps = steps
        self.aliases = aliases
    }

    /// The exports and imports of its steps, in step order.
    public var resources: [Step] { steps.compactMap(\.resource) }
    public var pageGenerators: [Step] { steps.filter(\.step.isPageGenerator).compactMap(\.resource) }
    public var pageProcessors: [Step] { steps.filter { !$0.step.isPageGenerator }.compactMap(\.resource) }

    public var json: JSONValue {
        guard case .object(var object) = flow.json else { return flow.json }
        if let settings { object["settings"] = settings }
        if flow.integrationID != ResourceID.standalone { object["aliases"] = .array(aliases.map(\.json)) }
        if let allowed { object["allowed"] = .array(allowed.map { .string($0.rawValue) }) }
        return .object(object)
    }

    /// `aliases` for flows in an integration (Standalone has none).
    public static let shape = Item.shape(.flow).adding(
        [.optional("settings", .anyValue), .optional("aliases", .array(Alias.shape)), .optional("allowed", .array(.choice(of: Capability.self)))],
        named: "FlowView")
}
