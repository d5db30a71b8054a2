/// The typed parts of an integration document. Each models the fields the workspace reads and
/// keeps every other field it was given (`kept`), in their order; `json` writes the modelled
/// fields in their fixed order, then the kept ones, which is what canonical bytes are made of.

/// A resource of one of the document's lists: its kind, its `_id` and its JSON.
protocol DocumentResource: Sendable {
    var kind: ResourceKind { get }
    var id: String { get set }
    var json: JSONObject { get }
}

/// The integration's own fields: the document's head.
struct DocumentIntegration: Equatable, Sendable {
    var id: String
    var name: String
    var description = ""
    var readme = ""
    var settings: JSONValue = [:]
    var kept = JSONObject()

    var json: JSONObject {
        JSONObject(
            known: [
                ("_id", .string(id)), ("name", .string(name)), ("description", .string(description)), ("readme", .string(readme)),
                ("settings", settings),
            ], kept: kept)
    }
}

struct DocumentGroup: DocumentResource, Equatable {
    var kind: ResourceKind { .flowGroup }
    var id: String
    var name: String
    var settings: JSONValue = [:]
    var kept = JSONObject()

    var json: JSONObject { JSONObject(known: [("_id", .string(id)), ("name", .string(name)), ("settings", settings)], kept: kept) }
}

struct DocumentFlow: DocumentResource, Equatable {
    var kind: ResourceKind { .flow }
    var id: String
    var name: String
    var description = ""
    var disabled = false
    var groupID: String?
    var settings: JSONValue = [:]
    var structure = FlowStructure()
    /// The flow's own aliases (SPEC §5).
    var aliases: [DocumentAlias] = []
    var kept = JSONObject()

    var json: JSONObject {
        var known: [(String, JSONValue)] = [
            ("_id", .string(id)), ("name", .string(name)), ("description", .string(description)), ("disabled", .bool(disabled)),
        ]
        if let groupID { known.append(("_flowGroupingId", .string(groupID))) }
        known.append(("settings", settings))
        known += structure.json
        known.append(("aliases", .array(aliases.map { .object($0.json) })))
        return JSONObject(known: known, kept: kept)
    }
}

/// An export or an import.
struct DocumentStep: DocumentResource, Equatable {
    var kind: ResourceKind { stepKind.resource }
    let stepKind: StepKind
    var id: String
    var name: String
    var description = ""
    var connectionID: String?
    /// Exports only: a lookup (an export that runs as a page processor).
    var lookup = false
    var settings: JSONValue = [:]
    var kept = JSONObject()

    var json: JSONObject {
        var known: [(String, JSONValue)] = [("_id", .string(id)), ("name", .string(name)), ("description", .string(description))]
        if let connectionID { known.append(("_connectionId", .string(connectionID))) }
        if stepKind == .export { known.append(("isLookup", .bool(lookup))) }
        known.append(("settings", settings))
        return JSONObject(known: known, kept: kept)
    }
}

/// An API or a tool: what an item that is not a flow holds.
struct DocumentItem: DocumentResource, Equatable {
    var kind: ResourceKind { details.kind.resource }
    var id: String
    var name: String
    var description = ""
    /// `.api` or `.tool`, with their fields.
    var details: ItemDetails
    var kept = JSONObject()

    var json: JSONObject {
        JSONObject(known: [("_id", .string(id)), ("name", .string(name)), ("description", .string(description))] + details.json, kept: kept)
    }
}

struct DocumentScript: DocumentResource, Equatable {
    var kind: ResourceKind { .script }
    var id: String
    var name: String
    var content = ""
    var kept = JSONObject()

    var json: JSONObject {
        JSONObject(known: [("_id", .string(id)), ("name", .string(name)), ("content", .string(content))], kept: kept)
    }
}

struct DocumentConnection: DocumentResource, Equatable {
    var kind: ResourceKind { .connection }
    var id: String
    var name: String
    var type = "unknown"
    var description = ""
    var offline = false
    var settings: JSONValue = [:]
    var kept = JSONObject()

    var json: JSONObject {
        JSONObject(
            known: [
                ("_id", .string(id)), ("name", .string(name)), ("type", .string(type)), ("description", .string(description)),
                ("offline", .bool(offline)), ("settings", settings),
            ], kept: kept)
    }
}

/// An alias as documents hold it: `{alias, description, _flowId | _connectionId | _exportId | _importId}`.
struct DocumentAlias: Equatable, Sendable {
    var alias: String
    var description = ""
    var targetType: Alias.TargetType
    var targetID: String
    var kept = JSONObject()

    var json: JSONObject {
        JSONObject(
            known: [("alias", .string(alias)), ("description", .string(description)), (targetType.field, .string(targetID))],
            kept: kept)
    }
}

/// A kept integrator.io resource of a kind the workspace does not model: `{kind, file, resource}`,
/// written back at `file` by a download in integrator.io's layout.
struct KeptResource: Equatable, Sendable {
    let json: JSONValue

    var kind: String? { json["kind"]?.stringValue }
    var file: String? { json["file"]?.stringValue }
    var resource: JSONObject? { json["resource"]?.objectValue }
}

extension JSONObject {
    /// Known fields first in the given order, then the kept ones in theirs (a kept field never
    /// shadows a known one).
    init(known: [(String, JSONValue)], kept: JSONObject) {
        self.init(distinct: known)
        for (key, value) in zip(kept.keys, kept.values) where self[key] == nil { self[key] = value }
    }
}

// MARK: From the records

extension DocumentIntegration {
    init(_ integration: Integration, settings: JSONValue) {
        self.init(
            id: integration.id, name: integration.name, description: integration.description, readme: integration.readme,
            settings: settings, kept: integration.extra)
    }
}

extension DocumentGroup {
    init(_ group: FlowGroup, settings: JSONValue) {
        self.init(id: group.id, name: group.name, settings: settings, kept: group.extra)
    }
}

extension DocumentFlow {
    init(_ flow: Item, settings: JSONValue, aliases: [Alias]) {
        self.init(
            id: flow.id, name: flow.name, description: flow.description, disabled: flow.isDisabled, groupID: flow.groupID,
            settings: settings, structure: flow.structure,
            aliases: aliases.sorted { $0.alias < $1.alias }.map(DocumentAlias.init), kept: flow.extra)
    }
}

extension DocumentStep {
    init(_ step: Step, settings: JSONValue) {
        self.init(
            stepKind: step.kind, id: step.id, name: step.name, description: step.description, connectionID: step.connectionID,
            lookup: step.lookup, settings: settings, kept: step.extra)
    }
}

extension DocumentItem {
    init(_ item: Item) {
        self.init(id: item.id, name: item.name, description: item.description, details: item.details, kept: item.extra)
    }
}

extension DocumentScript {
    init(_ script: Script) {
        self.init(id: script.id, name: script.name, content: script.content, kept: script.extra)
    }
}

extension DocumentConnection {
    init(_ connection: Connection, settings: JSONObject) {
        self.init(
            id: connection.id, name: connection.name, type: connection.type, description: connection.description,
            offline: connection.offline, settings: .object(settings), kept: connection.extra)
    }
}

extension DocumentAlias {
    init(_ alias: Alias) {
        self.init(alias: alias.alias, description: alias.description, targetType: alias.targetType, targetID: alias.targetID)
    }
}
