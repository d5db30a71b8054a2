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

    /// Each list's resources as JSON with their ids (rendered without boxing each part).
    private var renderedLists: [(kind: ResourceKind, resources: [(id: String, json: JSONObject)])] {
        func render<Part: DocumentResource>(_ parts: [Part]) -> [(id: String, json: JSONObject)] { parts.map { ($0.id, $0.json) } }
        return [
            (.flowGroup, render(flowGroups)), (.flow, render(flows)), (.export, render(exports)), (.import, render(imports)),
            (.api, render(apis)), (.tool, render(tools)), (.script, render(scripts)), (.connection, render(connections)),
        ]
    }

    /// The document as JSON: format, version, the head, the lists, aliases and kept resources.
    public var json: JSONObject {
        var json = JSONObject([
            ("format", .string(Self.format)), ("version", .int(Self.version)), ("integration", .object(head?.json ?? JSONObject())),
        ])
        for (kind, resources) in renderedLists { json[kind.documentList] = JSONValue.array(resources.map { .object($0.json) }) }
        json["aliases"] = JSONValue.array(aliases.map { .object($0.json) })
        json["other"] = JSONValue.array(other.map(\.json))
        return json
    }

    /// Its resources are integrator.io documents (open objects with an `_id`); SPEC §7 has their fields.
    public static let shape: JSONShape = {
        let resource = JSONShape.resource([.field("_id", .string)])
        let lists: [ResourceKind] = [.flowGroup, .flow, .export, .import, .api, .tool, .script, .connection]
        return .named(
            "IntegrationDocument",
            .record(
                [.field("format", .choice([format])), .field("version", .integer), .field("integration", .resource([]))]
                    + lists.map { .field($0.documentList, .array(resource)) }
                    + [.field("aliases", .array(.resource([.field("alias", .string)]))), .field("other", .array(.anyValue))]))
    }()

    /// 2-space indentation and a final newline: the same state gives the same bytes.
    public var canonicalBytes: [UInt8] { Array(canonicalText.utf8) }

    public var canonicalText: String { JSONValue.object(json).prettyText + "\n" }

    /// Each resource under its key, in the document's order: the head, every resource of the
    /// lists, the aliases, the kept resources, and the display order of flow groups and flows.
    var values: DocumentValues {
        var values: [(key: ResourceKey, value: JSONValue)] = [(.integration, .object(head?.json ?? JSONObject()))]
        var displayOrder = JSONObject()
        for (kind, resources) in renderedLists {
            for resource in resources { values.append((.resource(kind, id: resource.id), .object(resource.json))) }
            if kind == .flowGroup || kind == .flow { displayOrder[kind.documentList] = .array(resources.map { .string($0.id) }) }
        }
        values.append((.aliases, .array(aliases.map { .object($0.json) })))
        values.append((.other, .array(other.map(\.json))))
        values.append((.order, .object(displayOrder)))
        return DocumentValues(entries: values)
    }

    /// Each resource with its canonical compact bytes: what blobs store and manifests list.
    var resources: [(key: ResourceKey, bytes: [UInt8])] { values.bytes }

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

    /// A document built in a test, read without checks or problems.
    init(json: JSONObject) {
        var parser = DocumentParser(madeHere: true, checksFields: false)
        self = parser.document(json)
    }

    /// A document from its resources by key (as `values` names them): flow groups and
    /// flows in the display order `order` gives, the rest by `_id`. With `problems`, its fields
    /// are checked against today's rules (a merge may join two sides' settings past the limit).
    static func assemble(_ values: [ResourceKey: JSONValue], problems: inout [String]) -> IntegrationDocument {
        var parser = DocumentParser(madeHere: true)
        let document = parser.document(DocumentValues(ordering: values))
        problems += parser.problems
        return document
    }

    /// A document the workspace made, from its resources by key, read without checks.
    static func assemble(_ values: [ResourceKey: JSONValue]) -> IntegrationDocument {
        var parser = DocumentParser(madeHere: true, checksFields: false)
        return parser.document(DocumentValues(ordering: values))
    }

    /// The kinds of the document's lists, in its order.
    static let listKinds: [ResourceKind] = [.flowGroup, .flow, .export, .import, .api, .tool, .script, .connection]
}
