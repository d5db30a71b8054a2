/// The references between a document's resources (SPEC §5, §6): a flow's group and steps, a
/// step's connection, aliases' targets, hooks' scripts, and the connections a caller maps. The
/// shape and fields were checked when the document was parsed; this is what remains.
struct DocumentReferences {
    let document: IntegrationDocument
    /// Connection ids the caller maps (`--connection OLD=NEW`).
    let mapped: Set<String>
    /// integrator.io downloads and documents the workspace made itself keep a `_scriptId`
    /// naming no script of the document verbatim (reported by the reader) rather than refusing it.
    let scriptsMustResolve: Bool
    private let ids: [ResourceKind: Set<String>]

    init(_ document: IntegrationDocument, mapped: Set<String> = [], scriptsMustResolve: Bool) {
        self.document = document
        self.mapped = mapped
        self.scriptsMustResolve = scriptsMustResolve
        ids = document.ids
    }

    private func has(_ kind: ResourceKind, _ id: String) -> Bool { ids[kind]?.contains(id) ?? false }

    /// Every reference that names nothing it may name.
    var problems: [String] {
        var problems: [String] = []
        for flow in document.flows {
            let place = "flow \(flow.id)"
            if let group = flow.groupID, !has(.flowGroup, group) {
                problems.append("\(place): its _flowGroupingId \(group) is not a flow group of the file")
            }
            for step in flow.structure.steps where !has(step.reference.kind.resource, step.reference.id) {
                problems.append("\(place): its step \(step.reference.kind.idField) \(step.reference.id) is not in the file")
            }
            problems += aliasProblems(flow.aliases, owner: flow.id, place: "\(place) aliases")
        }
        for step in document.exports + document.imports {
            if let connection = step.connectionID, !has(.connection, connection), !mapped.contains(connection) {
                problems.append(
                    "\(step.stepKind.rawValue) \(step.id): its _connectionId \(connection) is not in the file; map it with --connection \(connection)=REF")
            }
        }
        if scriptsMustResolve { problems += scriptProblems }
        problems += aliasProblems(document.aliases, owner: nil, place: "aliases")
        return problems
    }

    /// Mapped connections the file does not name (a problem of the caller's options, not of the file).
    var unknownMappings: [String] {
        mapped.sorted().filter { !has(.connection, $0) }.map { "--connection \($0)=…: the file names no connection \($0)" }
    }

    /// Every `_scriptId` anywhere names one of the document's scripts.
    private var scriptProblems: [String] {
        var problems: [String] = []
        for (kind, resources) in document.resourceLists where kind != .script {
            for resource in resources {
                for id in IDFields.named(.script, in: .object(resource.json)) where !has(.script, id) {
                    problems.append("\(kind.documentList.dropLast()) \(resource.id): its _scriptId \(id) is not in the file")
                }
            }
        }
        return problems
    }

    /// Aliases name something of the document that their list may name (a flow's own list
    /// never names the flow itself).
    private func aliasProblems(_ aliases: [DocumentAlias], owner flowID: String?, place: String) -> [String] {
        aliases.compactMap { alias in
            let type = alias.targetType
            if !has(type.resource, alias.targetID) && !(type == .connection && mapped.contains(alias.targetID)) {
                return "\(place): the alias \(alias.alias) names \(type.rawValue) \(alias.targetID), which is not in the file: it would dangle"
            }
            return type == .flow && alias.targetID == flowID ? "\(place): the alias \(alias.alias) names its own flow" : nil
        }
    }
}

/// Which id became which, kind by kind (old → new): an install's, a clone's merge base's.
typealias IDMap = [ResourceKind: [String: String]]

extension Dictionary where Key == ResourceKind, Value == [String: String] {
    /// Stored as `{list: {old: new}}`, lists and ids sorted: the bytes a merge base keeps.
    var storedBytes: [UInt8] {
        var bytes: [UInt8] = []
        storedJSON.appendCompact(to: &bytes)
        return bytes
    }

    var storedJSON: JSONValue {
        let lists = map { (list: $0.key.documentList, pairs: $0.value) }.sorted { $0.list < $1.list }
        return .object(JSONObject(lists.map { list, pairs in
            (list, .object(JSONObject(pairs.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })))
        }))
    }

    /// A stored id map; lists no document has are damage.
    init(storedText text: String) throws {
        try self.init(stored: try JSONValue(parsing: text))
    }

    init(stored value: JSONValue) throws {
        self.init()
        for (list, pairs) in (value.objectValue ?? JSONObject()).pairs {
            guard let kind = ResourceKind.allCases.first(where: { $0.documentList == list }) else {
                throw WorkspaceError.damaged("a merge base's id map names \(list), which no document holds")
            }
            for (old, new) in (pairs.objectValue ?? JSONObject()).pairs { self[kind, default: [:]][old] = new.stringValue }
        }
    }

    /// New → old.
    var inverse: IDMap {
        mapValues { pairs in Dictionary<String, String>(pairs.map { ($1, $0) }, uniquingKeysWith: { first, _ in first }) }
    }
}
