/// Reads JSON into the document's typed parts, noting every problem of shape and of field
/// (SPEC §6) at its place rather than stopping at the first. What it cannot read it keeps as
/// leniently as the install always did (a missing name is empty, a method defaults to GET), so
/// that one pass yields both the document and all of its problems.
struct DocumentParser {
    private(set) var problems: [String] = []
    /// Documents the workspace made keep an empty head empty (the document before an
    /// integration existed); one from outside must have a head.
    let madeHere: Bool
    /// Whether fields are checked against their rules (names, limits, methods …). Documents the
    /// workspace made and only reads (a diff's, a merge base's) skip it.
    let checksFields: Bool
    /// Resources' `_id`s seen so far, by kind (duplicates are a problem).
    private var seen: [ResourceKind: Set<String>] = [:]

    init(madeHere: Bool = false, checksFields: Bool = true) {
        self.madeHere = madeHere
        self.checksFields = checksFields
    }

    /// Runs one check, noting its failure as a problem at `place`.
    private mutating func note(_ place: @autoclosure () -> String, _ check: () throws -> Void) {
        guard checksFields else { return }
        do { try check() } catch let failure as WorkspaceError { problems.append("\(place()): \(failure.message)") } catch {
            problems.append("\(place()): \(error)")
        }
    }

    /// A checked value, or `fallback` with its problem noted.
    private mutating func checked<Value>(_ place: @autoclosure () -> String, _ fallback: Value, _ make: () throws -> Value) -> Value {
        var value = fallback
        note(place()) { value = try make() }
        return value
    }

    // MARK: The whole document

    /// A document from outside: nil when it is not of this format and version.
    mutating func checkedDocument(_ json: JSONObject) -> IntegrationDocument? {
        checkFormat(json)
        return problems.isEmpty ? document(json) : nil
    }

    mutating func document(_ json: JSONObject) -> IntegrationDocument {
        document(
            head: json["integration"]?.objectValue ?? JSONObject(),
            objects: { (json[$0.documentList]?.arrayValue ?? []).compactMap(\.objectValue) }, aliases: json["aliases"] ?? [],
            other: json["other"]?.arrayValue ?? [])
    }

    /// A document from its resources' values, in order.
    mutating func document(_ values: DocumentValues) -> IntegrationDocument {
        var head = JSONObject()
        var byKind: [ResourceKind: [JSONObject]] = [:]
        var aliases: JSONValue = []
        var other: [JSONValue] = []
        for (key, value) in values.entries {
            switch key {
            case .integration: head = value.objectValue ?? JSONObject()
            case .resource(let kind, _): if let object = value.objectValue { byKind[kind, default: []].append(object) }
            case .aliases: aliases = value
            case .other: other = value.arrayValue ?? []
            case .order: break
            }
        }
        return document(head: head, objects: { byKind[$0] ?? [] }, aliases: aliases, other: other)
    }

    /// A document from its head, each kind's resources in order, its aliases and kept resources.
    mutating func document(
        head: JSONObject, objects: (ResourceKind) -> [JSONObject], aliases: JSONValue, other: [JSONValue]
    ) -> IntegrationDocument {
        var document = IntegrationDocument(integration: head.isEmpty && madeHere ? nil : integration(head))
        document.flowGroups = objects(.flowGroup).enumerated().map { group($1, index: $0) }
        document.flows = objects(.flow).enumerated().map { flow($1, index: $0) }
        document.exports = objects(.export).enumerated().map { step($1, .export, index: $0) }
        document.imports = objects(.import).enumerated().map { step($1, .import, index: $0) }
        document.apis = objects(.api).enumerated().map { item($1, .api, index: $0) }
        document.tools = objects(.tool).enumerated().map { item($1, .tool, index: $0) }
        document.scripts = objects(.script).enumerated().map { script($1, index: $0) }
        document.connections = objects(.connection).enumerated().map { connection($1, index: $0) }
        document.aliases = self.aliases(aliases, place: "aliases")
        document.other = other.enumerated().map { index, value in
            note("other[\(index)]") { try Self.checkOther(value) }
            return KeptResource(json: value)
        }
        return document
    }

    private mutating func checkFormat(_ json: JSONObject) {
        guard json["format"]?.stringValue == IntegrationDocument.format else {
            let given = json["format"].map { $0.compactText } ?? "none"
            problems.append("unknown format \(given): this program reads \"\(IntegrationDocument.format)\"")
            return
        }
        guard case .int(let version)? = json["version"] else {
            problems.append("the document has no version number")
            return
        }
        if version > IntegrationDocument.version {
            problems.append(
                "version \(version) is newer than this program reads (\(IntegrationDocument.version)): upgrade workspace")
        } else if version < 1 {
            problems.append("version \(version) is not a version of this format")
        }
        for key in IntegrationDocument.listKinds.map(\.documentList) + ["aliases", "other"] where json[key] != nil && json[key]?.arrayValue == nil {
            problems.append("\(key) must be a list")
        }
        if json["integration"]?.objectValue == nil { problems.append("the document has no integration object") }
    }

    // MARK: Fields every resource has

    /// A resource's `_id`: there, not empty, once in its list.
    private mutating func id(_ object: JSONObject, _ kind: ResourceKind, index: Int?) -> String {
        guard let id = object["_id"]?.stringValue, !id.isEmpty else {
            if let index { problems.append("\(kind.documentList)[\(index)] has no _id") }
            return ""
        }
        if index != nil, checksFields, !seen[kind, default: []].insert(id).inserted { problems.append("\(kind.documentList): duplicate _id \(id)") }
        return id
    }

    /// Where a resource's problems are: "flow <_id>".
    private static func place(_ label: String, _ object: JSONObject) -> String { "\(label) \(object["_id"]?.stringValue ?? "?")" }

    /// The name, checked against the rules for `kind`'s names (and trimmed), as the records keep it.
    private mutating func name(_ object: JSONObject, place: () -> String, kind: String) -> String {
        guard let raw = object["name"]?.stringValue else {
            problems.append("\(place()): it has no name")
            return ""
        }
        return checked(place(), raw) { try Limits.name(raw, of: kind) }
    }

    /// A description, where there is one: text within the limit.
    private mutating func description(_ object: JSONObject, place: () -> String) -> String {
        guard let description = object["description"] else { return "" }
        guard let text = description.stringValue else {
            problems.append("\(place()): its description is not text")
            return ""
        }
        note(place()) { _ = try Limits.description(text) }
        return text
    }

    /// Settings, where there are some: a JSON object within 1 MiB.
    private mutating func settings(_ object: JSONObject, place: () -> String) -> JSONValue {
        guard let settings = object["settings"] else { return [:] }
        note(place()) {
            guard case .object = settings else { throw WorkspaceError.invalid("its settings are not a JSON object") }
            guard settings.compactText.utf8.count <= Limits.settingsBytes else {
                throw WorkspaceError.invalid("its settings are over 1 MiB")
            }
        }
        return settings
    }

    /// Fields the workspace does not read, in their order.
    private static func kept(_ object: JSONObject, known: Set<String>) -> JSONObject {
        var kept = JSONObject()
        for (key, value) in zip(object.keys, object.values) where !known.contains(key) { kept[key] = value }
        return kept
    }

    /// What every resource has: the checks of its name, description and settings; those a kind
    /// does not model stay in its kept fields.
    private mutating func common(_ object: JSONObject, place: () -> String, kind: String) -> (String, String, JSONValue) {
        (name(object, place: place, kind: kind), description(object, place: place), settings(object, place: place))
    }

    // MARK: The parts

    mutating func integration(_ head: JSONObject) -> DocumentIntegration {
        let (name, description, settings) = common(head, place: { "integration" }, kind: "integration")
        let readme = head["readme"]?.stringValue ?? ""
        note("integration readme") { _ = try Limits.readme(readme) }
        return DocumentIntegration(
            id: head["_id"]?.stringValue ?? "", name: name, description: description, readme: readme, settings: settings,
            kept: Self.kept(head, known: Known.integration))
    }

    mutating func group(_ object: JSONObject, index: Int? = nil) -> DocumentGroup {
        let id = id(object, .flowGroup, index: index)
        let (name, _, settings) = common(object, place: { Self.place("flow group", object) }, kind: "flow group")
        return DocumentGroup(id: id, name: name, settings: settings, kept: Self.kept(object, known: Known.group))
    }

    mutating func flow(_ object: JSONObject, index: Int? = nil) -> DocumentFlow {
        let id = id(object, .flow, index: index)
        let place = { Self.place("flow", object) }
        let (name, description, settings) = common(object, place: place, kind: "flow")
        let structure = FlowStructure(
            pageGenerators: object["pageGenerators"]?.arrayValue ?? [], pageProcessors: object["pageProcessors"]?.arrayValue,
            routers: object["routers"]?.arrayValue)
        return DocumentFlow(
            id: id, name: name, description: description, disabled: object["disabled"] == .bool(true),
            groupID: object["_flowGroupingId"]?.stringValue, settings: settings, structure: structure,
            aliases: aliases(object["aliases"] ?? [], place: "\(place()) aliases"),
            kept: Self.kept(object, known: Known.flow))
    }

    mutating func step(_ object: JSONObject, _ kind: StepKind, index: Int? = nil) -> DocumentStep {
        let id = id(object, kind.resource, index: index)
        let (name, description, settings) = common(object, place: { Self.place(kind.rawValue, object) }, kind: kind.rawValue)
        return DocumentStep(
            stepKind: kind, id: id, name: name, description: description, connectionID: object["_connectionId"]?.stringValue,
            lookup: kind == .export && object["isLookup"] == .bool(true), settings: settings,
            kept: Self.kept(object, known: Known.step))
    }

    mutating func item(_ object: JSONObject, _ kind: ItemKind, index: Int? = nil) -> DocumentItem {
        let id = id(object, kind.resource, index: index)
        let place = { Self.place(kind.label, object) }
        let (name, description, _) = common(object, place: place, kind: kind.label)
        let details: ItemDetails
        if kind == .api {
            let method = object["method"]?.stringValue ?? "GET"
            let path = object["path"]?.stringValue ?? "/"
            details = .api(
                method: checked(place(), method) { try Workspace.validMethod(method) },
                path: checked(place(), path) { try Workspace.validPath(path) })
        } else {
            let schema = object["inputSchema"] ?? [:]
            note(place()) { _ = try Workspace.validSchema(schema.compactText) }
            details = .tool(inputSchema: schema)
        }
        return DocumentItem(
            id: id, name: name, description: description, details: details,
            kept: Self.kept(object, known: kind == .api ? Known.api : Known.tool))
    }

    mutating func script(_ object: JSONObject, index: Int? = nil) -> DocumentScript {
        let id = id(object, .script, index: index)
        let place = { Self.place("script", object) }
        let (name, _, _) = common(object, place: place, kind: "script")
        let content = object["content"]?.stringValue ?? ""
        if checksFields, content.utf8.count > Limits.scriptBytes { problems.append("\(place()): its content is over 5 MiB") }
        return DocumentScript(
            id: id, name: name, content: content,
            kept: Self.kept(object, known: Known.script))
    }

    mutating func connection(_ object: JSONObject, index: Int? = nil) -> DocumentConnection {
        let id = id(object, .connection, index: index)
        let place = { Self.place("connection", object) }
        let (name, description, settings) = common(object, place: place, kind: "connection")
        let type = object["type"]?.stringValue ?? "unknown"
        return DocumentConnection(
            id: id, name: name, type: checked(place(), type) { try Workspace.validType(type) }, description: description,
            offline: object["offline"] == .bool(true), settings: settings,
            kept: Self.kept(object, known: Known.connection))
    }

    /// Alias rules that need nothing else of the document (SPEC §5): valid names, each once in
    /// its list, each naming exactly one flow, export, import or connection. Whether the target
    /// is in the document is `DocumentReferences`' to say.
    mutating func aliases(_ list: JSONValue, place: @autoclosure () -> String) -> [DocumentAlias] {
        var names = Set<String>()
        return (list.arrayValue ?? []).compactMap(\.objectValue).compactMap { object in
            let raw = object["alias"]?.stringValue ?? ""
            let name = checked(place(), raw) {
                let name = try Workspace.validAliasName(raw)
                guard names.insert(name).inserted else { throw WorkspaceError.invalid("the alias \(name) is there twice") }
                return name
            }
            let targets = Alias.TargetType.allCases.compactMap { type in object[type.field]?.stringValue.map { (type, $0) } }
            guard targets.count == 1, let (type, target) = targets.first else {
                problems.append("\(place()): the alias \(raw) must name exactly one flow, export, import or connection")
                return nil
            }
            return DocumentAlias(
                alias: name, description: object["description"]?.stringValue ?? "", targetType: type, targetID: target,
                kept: Self.kept(object, known: Known.aliases[type] ?? []))
        }
    }

    /// A kept integrator.io resource is written back at its `file`: a path inside the download,
    /// in a folder of its own kind (never over `integration.json` or a resource the workspace writes).
    static func checkOther(_ value: JSONValue) throws {
        guard let object = value.objectValue, object["resource"]?.objectValue != nil else {
            throw WorkspaceError.invalid("it is not a {kind, file, resource} object")
        }
        guard let file = object["file"]?.stringValue else { return }
        try DownloadFiles.checkPath(file)
        let parts = file.unicodeScalars.split(separator: "/").map { String(String.UnicodeScalarView($0)) }
        guard parts.count == 2, file.hasSuffix(".json"), !IntegratorIOReader.modelled.contains(parts[0]) else {
            throw WorkspaceError.invalid("its file \(file) is not a folder/name.json of a kind the workspace does not model")
        }
    }

    /// The fields each part models; the rest it keeps.
    private enum Known {
        static let integration: Set<String> = ["_id", "name", "description", "readme", "settings"]
        static let group: Set<String> = ["_id", "name", "settings"]
        static let flow: Set<String> = [
            "_id", "name", "description", "disabled", "_flowGroupingId", "settings", "pageGenerators", "pageProcessors", "routers",
            "aliases",
        ]
        static let step: Set<String> = ["_id", "name", "description", "_connectionId", "isLookup", "settings"]
        static let api: Set<String> = ["_id", "name", "description", "method", "path"]
        static let tool: Set<String> = ["_id", "name", "description", "inputSchema"]
        static let script: Set<String> = ["_id", "name", "content"]
        static let connection: Set<String> = ["_id", "name", "type", "description", "offline", "settings"]
        static let aliases = Dictionary(
            uniqueKeysWithValues: Alias.TargetType.allCases.map { ($0, Set(["alias", "description", $0.field])) })
    }
}
