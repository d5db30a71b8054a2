/// The integration document (SPEC §6): one canonical JSON form of an integration, which
/// download writes, install reads, clone copies, and revisions store and compare. Known
/// fields come in a fixed order, kept integrator.io fields after them in the order given; no
/// timestamps and no per-user state (pins, tile order), no audit.
///
/// Parsed once (`init(parsing:problems:)`, `assemble`), then trusted: its parts are typed.
public struct IntegrationDocument: Equatable, Sendable {
    public static let format = "workspace-integration"
    public static let version: Int64 = 1

    /// The head; nil only in the empty document (before an integration existed), whose head is `{}`.
    private var head: DocumentIntegration?
    var flowGroups: [DocumentGroup] = []
    var flows: [DocumentFlow] = []
    var exports: [DocumentStep] = []
    var imports: [DocumentStep] = []
    var apis: [DocumentItem] = []
    var tools: [DocumentItem] = []
    var scripts: [DocumentScript] = []
    var connections: [DocumentConnection] = []
    /// The integration's aliases.
    var aliases: [DocumentAlias] = []
    var other: [KeptResource] = []

    init(integration: DocumentIntegration?) {
        head = integration
    }

    /// The document before an integration existed: nothing in it, its head `{}`.
    static let empty = IntegrationDocument(integration: nil)

    var integration: DocumentIntegration {
        get { head ?? DocumentIntegration(id: "", name: "") }
        set { head = newValue }
    }

    /// The lists of resources, in the order the document holds them.
    var resourceLists: [(kind: ResourceKind, resources: [any DocumentResource])] {
        [
            (.flowGroup, flowGroups), (.flow, flows), (.export, exports), (.import, imports), (.api, apis), (.tool, tools),
            (.script, scripts), (.connection, connections),
        ]
    }

    /// The document as JSON: format, version, the head, the lists, aliases and kept resources.
    public var json: JSONObject {
        var json = JSONObject([
            ("format", .string(Self.format)), ("version", .int(Self.version)), ("integration", .object(head?.json ?? JSONObject())),
        ])
        for (kind, resources) in resourceLists { json[kind.documentList] = JSONValue.array(resources.map { .object($0.json) }) }
        json["aliases"] = JSONValue.array(aliases.map { .object($0.json) })
        json["other"] = JSONValue.array(other.map(\.json))
        return json
    }

    /// 2-space indentation and a final newline: the same state gives the same bytes.
    public var canonicalBytes: [UInt8] { Array(canonicalText.utf8) }

    public var canonicalText: String { JSONValue.object(json).prettyText + "\n" }

    /// Each resource under its key, in the document's order: the head, every resource of the
    /// lists, the aliases, the kept resources, and the display order of flow groups and flows.
    var resourceValues: [(key: ResourceKey, value: JSONValue)] {
        var values: [(ResourceKey, JSONValue)] = [(.integration, .object(head?.json ?? JSONObject()))]
        for (kind, resources) in resourceLists {
            for resource in resources { values.append((.resource(kind, id: resource.id), .object(resource.json))) }
        }
        values.append((.aliases, .array(aliases.map { .object($0.json) })))
        values.append((.other, .array(other.map(\.json))))
        values.append((.order, displayOrder))
        return values
    }

    /// `order`: the ids of the flow groups and of the flows, in display order.
    private var displayOrder: JSONValue {
        [
            ResourceKind.flowGroup.documentList: .array(flowGroups.map { .string($0.id) }),
            ResourceKind.flow.documentList: .array(flows.map { .string($0.id) }),
        ]
    }

    /// Each resource with its canonical compact bytes: what blobs store and manifests list.
    var resources: [(key: ResourceKey, bytes: [UInt8])] {
        resourceValues.map { key, value in
            var bytes: [UInt8] = []
            value.appendCompact(to: &bytes)
            return (key, bytes)
        }
    }

    /// The `_id`s of each list's resources.
    var ids: [ResourceKind: Set<String>] {
        var ids: [ResourceKind: Set<String>] = [:]
        for (kind, resources) in resourceLists { ids[kind] = Set(resources.map(\.id)) }
        return ids
    }
}

// MARK: Reading

extension IntegrationDocument {
    /// Reads a whole document (a file to install), noting every problem of its shape and of
    /// its fields at once; references between its resources are checked by `DocumentReferences`.
    /// Nil when it is no document of this format and version (those problems noted).
    init?(parsing json: JSONObject, problems: inout [String]) {
        var parser = DocumentParser()
        guard let document = parser.checkedDocument(json) else {
            problems += parser.problems
            return nil
        }
        self = document
        problems += parser.problems
    }

    /// A document the workspace made (a merge's, a test's), read without its problems.
    init(json: JSONObject) {
        var parser = DocumentParser(madeHere: true)
        self = parser.document(json)
    }

    /// A document from its resources by key (as `resourceValues` names them): flow groups and
    /// flows in the display order `order` gives, the rest by `_id`. `problems` gathers what its
    /// fields break (a merge may join two sides' settings past the limit).
    static func assemble(_ values: [ResourceKey: JSONValue], problems: inout [String]) -> IntegrationDocument {
        var byKind: [ResourceKind: [String: JSONValue]] = [:]
        for (key, value) in values {
            if case .resource(let kind, let id) = key { byKind[kind, default: [:]][id] = value }
        }
        let order = values[.order] ?? .null
        var json = JSONObject([("format", .string(format)), ("version", .int(version)), ("integration", values[.integration] ?? [:])])
        for kind in [ResourceKind.flowGroup, .flow, .export, .import, .api, .tool, .script, .connection] {
            let present = byKind[kind] ?? [:]
            var ids = present.keys.sorted()
            if let ordered = order[kind.documentList]?.arrayValue?.compactMap(\.stringValue) {
                let placed = Set(ordered)
                ids = ordered.filter { present[$0] != nil } + ids.filter { !placed.contains($0) }
            }
            json[kind.documentList] = .array(ids.compactMap { present[$0] })
        }
        json["aliases"] = values[.aliases] ?? []
        json["other"] = values[.other] ?? []
        var parser = DocumentParser(madeHere: true)
        let document = parser.document(json)
        problems += parser.problems
        return document
    }

    static func assemble(_ values: [ResourceKey: JSONValue]) -> IntegrationDocument {
        var ignored: [String] = []
        return assemble(values, problems: &ignored)
    }

    /// The same document with its ids replaced: every resource's `_id`, every reference to one
    /// (`_…Id` fields, steps, alias targets); the display order follows.
    func translated(_ ids: IDMap) -> IntegrationDocument {
        var count = 0
        var parser = DocumentParser(madeHere: true)
        func remapped(_ object: JSONObject, _ kind: ResourceKind) -> JSONObject {
            var copy = IDFields.remapped(.object(object), ids, count: &count).objectValue ?? object
            if let id = object["_id"]?.stringValue, let new = ids[kind]?[id] { copy["_id"] = .string(new) }
            return copy
        }
        var copy = self
        copy.head = head.map { parser.integration(remapped($0.json, .integration)) }
        copy.flowGroups = flowGroups.map { parser.group(remapped($0.json, .flowGroup)) }
        copy.flows = flows.map { parser.flow(remapped($0.json, .flow)) }
        copy.exports = exports.map { parser.step(remapped($0.json, .export), .export) }
        copy.imports = imports.map { parser.step(remapped($0.json, .import), .import) }
        copy.apis = apis.map { parser.item(remapped($0.json, .api), .api) }
        copy.tools = tools.map { parser.item(remapped($0.json, .tool), .tool) }
        copy.scripts = scripts.map { parser.script(remapped($0.json, .script)) }
        copy.connections = connections.map { parser.connection(remapped($0.json, .connection)) }
        copy.aliases = parser.aliases(IDFields.remapped(.array(aliases.map { .object($0.json) }), ids, count: &count), place: "aliases")
        return copy
    }
}
