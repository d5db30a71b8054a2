/// The integration document (SPEC §6): one canonical JSON form of an integration, which
/// download writes, install reads, clone copies, and revisions store and compare. Known
/// fields come in a fixed order, kept integrator.io fields after them in the order given; no
/// timestamps and no per-user state (pins, tile order), no audit.
public struct IntegrationDocument: Equatable, Sendable {
    public static let format = "workspace-integration"
    public static let version: Int64 = 1
    /// The lists of resources, in the order the document holds them.
    static let lists = ["flowGroupings", "flows", "exports", "imports", "apis", "tools", "scripts", "connections"]

    public let json: JSONObject

    /// 2-space indentation and a final newline: the same state gives the same bytes.
    public var canonicalBytes: [UInt8] { Array(canonicalText.utf8) }

    public var canonicalText: String { JSONValue.object(json).prettyText + "\n" }

    /// Each resource under a stable key (`integration`, `flows/<_id>` …, `aliases`, `other`,
    /// and `order`, the display order of flow groups and flows), in the document's order.
    var resourceValues: [(key: String, value: JSONValue)] {
        var values: [(String, JSONValue)] = [("integration", .object(integration))]
        for list in Self.lists {
            for object in self.list(list) { values.append(("\(list)/\(object["_id"]?.stringValue ?? "")", .object(object))) }
        }
        values.append(("aliases", json["aliases"] ?? .array([])))
        values.append(("other", json["other"] ?? .array([])))
        values.append(("order", [
            "flowGroupings": .array(list("flowGroupings").compactMap { $0["_id"] }),
            "flows": .array(list("flows").compactMap { $0["_id"] }),
        ]))
        return values
    }

    /// Each resource with its canonical compact bytes: what blobs store and manifests list.
    var resources: [(key: String, bytes: [UInt8])] {
        resourceValues.map { key, value in
            var bytes: [UInt8] = []
            value.appendCompact(to: &bytes)
            return (key, bytes)
        }
    }

    /// The integration's own fields.
    var integration: JSONObject { json["integration"]?.objectValue ?? JSONObject() }

    /// One list of resources (flows, exports …); empty when the document has none.
    func list(_ name: String) -> [JSONObject] {
        (json[name]?.arrayValue ?? []).compactMap(\.objectValue)
    }
}

extension JSONObject {
    /// Known fields first in the given order, then the kept ones in theirs (a kept field never
    /// shadows a known one).
    init(known: [(String, JSONValue)], kept: JSONObject) {
        self.init(known)
        for (key, value) in kept.pairs where self[key] == nil { self[key] = value }
    }
}

/// Building the document from the records.
extension Workspace {
    /// The integration's document as it is now (read access).
    public func download(_ ref: String) throws -> IntegrationDocument {
        try read {
            let integration = try findIntegration(ref)
            try authorize(.read(integration))
            try integration.refuseIfStandalone(.download)
            return try document(of: integration)
        }
    }

    func document(of integration: Integration) throws -> IntegrationDocument {
        let id = integration.id
        var settings: [ResourceKind: [String: JSONValue]] = [:]
        for kind in [ResourceKind.flowGroup, .flow, .export, .import] {
            settings[kind] = try SettingsRecord.documents(of: kind, inIntegration: id, in: database)
        }
        func settingsOf(_ kind: ResourceKind, _ resourceID: String) -> JSONValue {
            settings[kind]?[resourceID] ?? .object(JSONObject())
        }
        let flows = try items(.flow, inIntegrationID: id)
        let flowAliases = try AliasRecord.flowAliases(ofIntegration: id, in: database)
        let steps = try steps(inIntegrationID: id)
        let connections = try documentConnections(
            ids: Set(try registrations(ofIntegration: id)).union(steps.compactMap(\.connectionID)))
        let head = JSONObject(
            known: [
                ("_id", .string(id)), ("name", .string(integration.name)), ("description", .string(integration.description)),
                ("readme", .string(integration.readme)),
                ("settings", try SettingsRecord.document(of: .integration, id, in: database)),
            ], kept: integration.extra)
        let document = JSONObject([
            ("format", .string(IntegrationDocument.format)), ("version", .int(IntegrationDocument.version)),
            ("integration", .object(head)),
            ("flowGroupings", .array(try groups(ofIntegration: id).map { group in
                .object(JSONObject(
                    known: [
                        ("_id", .string(group.id)), ("name", .string(group.name)), ("settings", settingsOf(.flowGroup, group.id)),
                    ], kept: group.extra))
            })),
            ("flows", .array(flows.map { flow in
                .object(Self.documentFlow(flow, settings: settingsOf(.flow, flow.id), aliases: flowAliases[flow.id] ?? []))
            })),
            ("exports", .array(steps.filter { $0.kind == .export }.sorted { $0.id < $1.id }.map {
                .object(Self.documentStep($0, settings: settingsOf(.export, $0.id)))
            })),
            ("imports", .array(steps.filter { $0.kind == .import }.sorted { $0.id < $1.id }.map {
                .object(Self.documentStep($0, settings: settingsOf(.import, $0.id)))
            })),
            ("apis", .array(try items(.api, inIntegrationID: id).sorted { $0.id < $1.id }.map { .object(Self.documentItem($0)) })),
            ("tools", .array(try items(.tool, inIntegrationID: id).sorted { $0.id < $1.id }.map { .object(Self.documentItem($0)) })),
            ("scripts", .array(try ScriptRecord.inIntegration(id, in: database).map { .object(Self.documentScript($0)) })),
            ("connections", .array(connections.map(JSONValue.object))),
            ("aliases", .array(try aliases(ownedBy: .integration(id)).sorted { $0.alias < $1.alias }.map(\.json))),
            ("other", .array(try IntegrationRecord.other(of: id, in: database))),
        ])
        return IntegrationDocument(json: document)
    }

    static func documentFlow(_ flow: Item, settings: JSONValue, aliases: [Alias]) -> JSONObject {
        var known: [(String, JSONValue)] = [
            ("_id", .string(flow.id)), ("name", .string(flow.name)), ("description", .string(flow.description)),
            ("disabled", .bool(flow.isDisabled)),
        ]
        if let group = flow.groupID { known.append(("_flowGroupingId", .string(group))) }
        known.append(("settings", settings))
        known += flow.structure.json
        known.append(("aliases", .array(aliases.sorted { $0.alias < $1.alias }.map(\.json))))
        return JSONObject(known: known, kept: flow.extra)
    }

    static func documentScript(_ script: Script) -> JSONObject {
        JSONObject(
            known: [("_id", .string(script.id)), ("name", .string(script.name)), ("content", .string(script.content))],
            kept: script.extra)
    }

    static func documentStep(_ step: Step, settings: JSONValue) -> JSONObject {
        var known: [(String, JSONValue)] = [
            ("_id", .string(step.id)), ("name", .string(step.name)), ("description", .string(step.description)),
        ]
        if let connection = step.connectionID { known.append(("_connectionId", .string(connection))) }
        if step.kind == .export { known.append(("isLookup", .bool(step.lookup))) }
        known.append(("settings", settings))
        return JSONObject(known: known, kept: step.extra)
    }

    private static func documentItem(_ item: Item) -> JSONObject {
        JSONObject(
            known: [("_id", .string(item.id)), ("name", .string(item.name)), ("description", .string(item.description))]
                + item.details.json,
            kept: item.extra)
    }

    /// Some connections as the document holds them (by `_id`, with their settings).
    func documentConnections(ids: Set<String>) throws -> [JSONObject] {
        try ConnectionRecord.withSettings(ids: ids, in: database).map { connection, settings in
            JSONObject(
                known: [
                    ("_id", .string(connection.id)), ("name", .string(connection.name)), ("type", .string(connection.type)),
                    ("description", .string(connection.description)), ("offline", .bool(connection.offline)),
                    ("settings", .object(settings)),
                ], kept: connection.extra)
        }
    }
}
