/// Validates a whole integration document before anything is written, collecting every
/// problem rather than stopping at the first (SPEC §6).
struct DocumentCheck {
    private(set) var problems: [String] = []
    /// `_id`s by list, to resolve references.
    private(set) var ids: [String: Set<String>] = [:]
    let document: IntegrationDocument
    /// Connection ids the caller maps (`--connection OLD=NEW`).
    let mapped: Set<String>
    /// integrator.io downloads: a `_scriptId` naming no script of the download is kept
    /// verbatim (and reported by the reader) rather than refused.
    let scriptsMustResolve: Bool

    init(_ document: IntegrationDocument, mapped: Set<String>, scriptsMustResolve: Bool = true) {
        self.document = document
        self.mapped = mapped
        self.scriptsMustResolve = scriptsMustResolve
    }

    /// Every problem of the document, or none.
    mutating func run() -> [String] {
        checkFormat()
        guard problems.isEmpty else { return problems }
        checkIntegration()
        for list in IntegrationDocument.lists { collectIDs(list) }
        checkGroups()
        checkFlows()
        checkSteps("exports")
        checkSteps("imports")
        checkItems("apis")
        checkItems("tools")
        checkConnections()
        checkScripts()
        checkAliases(document.list("aliases"), owner: nil, place: "aliases")
        for old in mapped.sorted() where !(ids["connections"]?.contains(old) ?? false) {
            problems.append("--connection \(old)=…: the file names no connection \(old)")
        }
        return problems
    }

    /// Runs one check, noting its failure as a problem at `place`.
    private mutating func note(_ place: String, _ check: () throws -> Void) {
        do { try check() } catch let failure as WorkspaceError { problems.append("\(place): \(failure.message)") } catch {
            problems.append("\(place): \(error)")
        }
    }

    private mutating func checkFormat() {
        let json = document.json
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
        for key in IntegrationDocument.lists + ["aliases", "other"] where json[key] != nil && json[key]?.arrayValue == nil {
            problems.append("\(key) must be a list")
        }
        if json["integration"]?.objectValue == nil { problems.append("the document has no integration object") }
    }

    private mutating func checkIntegration() {
        let head = document.integration
        checkCommon(head, place: "integration", kind: "integration")
        note("integration readme") { _ = try Limits.readme(head["readme"]?.stringValue ?? "") }
    }

    /// Name, description and settings, which every resource has.
    private mutating func checkCommon(_ object: JSONObject, place: String, kind: String) {
        note(place) {
            guard let name = object["name"]?.stringValue else { throw WorkspaceError.invalid("it has no name") }
            _ = try Limits.name(name, of: kind)
        }
        if let description = object["description"] {
            note(place) {
                guard let text = description.stringValue else { throw WorkspaceError.invalid("its description is not text") }
                _ = try Limits.description(text)
            }
        }
        if let settings = object["settings"] {
            note(place) {
                guard case .object = settings else { throw WorkspaceError.invalid("its settings are not a JSON object") }
                guard settings.compactText.utf8.count <= Limits.settingsBytes else {
                    throw WorkspaceError.invalid("its settings are over 1 MiB")
                }
            }
        }
    }

    private mutating func collectIDs(_ list: String) {
        var seen = Set<String>()
        for (index, object) in document.list(list).enumerated() {
            guard let id = object["_id"]?.stringValue, !id.isEmpty else {
                problems.append("\(list)[\(index)] has no _id")
                continue
            }
            if !seen.insert(id).inserted { problems.append("\(list): duplicate _id \(id)") }
        }
        ids[list] = seen
    }

    private func has(_ list: String, _ id: String) -> Bool { ids[list]?.contains(id) ?? false }

    private mutating func checkGroups() {
        for group in document.list("flowGroupings") {
            checkCommon(group, place: "flow group \(group["_id"]?.stringValue ?? "?")", kind: "flow group")
        }
    }

    private mutating func checkFlows() {
        for flow in document.list("flows") {
            let id = flow["_id"]?.stringValue ?? "?"
            let place = "flow \(id)"
            checkCommon(flow, place: place, kind: "flow")
            if let group = flow["_flowGroupingId"]?.stringValue, !has("flowGroupings", group) {
                problems.append("\(place): its _flowGroupingId \(group) is not a flow group of the file")
            }
            let structure = FlowStructure(
                pageGenerators: flow["pageGenerators"]?.arrayValue ?? [], pageProcessors: flow["pageProcessors"]?.arrayValue,
                routers: flow["routers"]?.arrayValue)
            for step in structure.steps where !has(step.reference.kind.resource.documentList, step.reference.id) {
                problems.append("\(place): its step \(step.reference.kind.idField) \(step.reference.id) is not in the file")
            }
            checkAliases((flow["aliases"]?.arrayValue ?? []).compactMap(\.objectValue), owner: id, place: "\(place) aliases")
        }
    }

    private mutating func checkSteps(_ list: String) {
        for step in document.list(list) {
            let place = "\(list.dropLast()) \(step["_id"]?.stringValue ?? "?")"
            checkCommon(step, place: place, kind: String(list.dropLast()))
            if let connection = step["_connectionId"]?.stringValue, !has("connections", connection), !mapped.contains(connection) {
                problems.append("\(place): its _connectionId \(connection) is not in the file; map it with --connection \(connection)=REF")
            }
        }
    }

    private mutating func checkItems(_ list: String) {
        for item in document.list(list) {
            let place = "\(list == "apis" ? "API" : "tool") \(item["_id"]?.stringValue ?? "?")"
            checkCommon(item, place: place, kind: list == "apis" ? "API" : "tool")
            note(place) {
                if list == "apis" {
                    _ = try Workspace.validMethod(item["method"]?.stringValue ?? "GET")
                    _ = try Workspace.validPath(item["path"]?.stringValue ?? "/")
                } else {
                    _ = try Workspace.validSchema((item["inputSchema"] ?? .object(JSONObject())).compactText)
                }
            }
        }
    }

    /// Scripts fit the limit, and every `_scriptId` anywhere names one of the file's scripts.
    private mutating func checkScripts() {
        for script in document.list("scripts") {
            let place = "script \(script["_id"]?.stringValue ?? "?")"
            checkCommon(script, place: place, kind: "script")
            if (script["content"]?.stringValue ?? "").utf8.count > Limits.scriptBytes {
                problems.append("\(place): its content is over 5 MiB")
            }
        }
        for (index, other) in (document.json["other"]?.arrayValue ?? []).enumerated() {
            note("other[\(index)]") { try Self.checkOther(other) }
        }
        guard scriptsMustResolve else { return }
        for list in IntegrationDocument.lists where list != "scripts" {
            for object in document.list(list) {
                for id in IDFields.named("scripts", in: .object(object)) where !has("scripts", id) {
                    problems.append("\(list.dropLast()) \(object["_id"]?.stringValue ?? "?"): its _scriptId \(id) is not in the file")
                }
            }
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
        let parts = file.split(separator: "/")
        guard parts.count == 2, file.hasSuffix(".json"), !IntegratorIOReader.modelled.contains(String(parts[0])) else {
            throw WorkspaceError.invalid("its file \(file) is not a folder/name.json of a kind the workspace does not model")
        }
    }

    private mutating func checkConnections() {
        for connection in document.list("connections") {
            let place = "connection \(connection["_id"]?.stringValue ?? "?")"
            checkCommon(connection, place: place, kind: "connection")
            note(place) { _ = try Workspace.validType(connection["type"]?.stringValue ?? "unknown") }
        }
    }

    /// Alias rules (SPEC §5): valid ids, unique in their list, naming something of the file
    /// that the list may name (a flow's own list never names the flow itself).
    private mutating func checkAliases(_ aliases: [JSONObject], owner flowID: String?, place: String) {
        var seen = Set<String>()
        for alias in aliases {
            let raw = alias["alias"]?.stringValue ?? ""
            note(place) {
                let name = try Workspace.validAliasName(raw)
                guard seen.insert(name).inserted else { throw WorkspaceError.invalid("the alias \(name) is there twice") }
            }
            let targets = Alias.TargetType.allCases.compactMap { type in alias[type.field]?.stringValue.map { (type, $0) } }
            guard targets.count == 1, let (type, target) = targets.first else {
                problems.append("\(place): the alias \(raw) must name exactly one flow, export, import or connection")
                continue
            }
            let list = type.resource.documentList
            if !has(list, target) && !(type == .connection && mapped.contains(target)) {
                problems.append("\(place): the alias \(raw) names \(type.rawValue) \(target), which is not in the file: it would dangle")
            } else if type == .flow && target == flowID {
                problems.append("\(place): the alias \(raw) names its own flow")
            }
        }
    }
}

/// `_…Id` reference fields in kept JSON (hooks' `_scriptId`, an integration's
/// `_registeredConnectionIds`, a flow's `_runNextFlowIds` and `_integrationId`, a connection's
/// `_borrowConcurrencyFromConnectionId` …), known by how their names end. Fields that name
/// nothing a document holds (`_httpConnectorId`, `_templateId`, `_sourceId`, `_fileDefinitionId`
/// …) are kept verbatim.
enum IDFields {
    private static let suffixes: [(suffix: String, list: String)] = [
        ("scriptid", "scripts"), ("scriptids", "scripts"), ("connectionid", "connections"),
        ("connectionids", "connections"), ("exportid", "exports"), ("exportids", "exports"), ("importid", "imports"),
        ("importids", "imports"), ("flowid", "flows"), ("flowids", "flows"), ("flowgroupingid", "flowGroupings"),
        ("integrationid", "integration"),
    ]

    /// The document list a field's ids name, if any.
    static func list(of key: String) -> String? {
        guard key.utf8.first == UInt8(ascii: "_"), key.utf8.last == UInt8(ascii: "d") || key.utf8.last == UInt8(ascii: "s")
        else { return nil }
        let name = key.lowercased()
        return suffixes.first { name.hasSuffix($0.suffix) }?.list
    }

    /// The ids that fields naming `list` hold anywhere in `value`.
    static func named(_ list: String, in value: JSONValue) -> [String] {
        var found: [String] = []
        collect(list, in: value, into: &found)
        return found
    }

    private static func collect(_ list: String, in value: JSONValue, into found: inout [String]) {
        switch value {
        case .object(let object):
            for (key, child) in zip(object.keys, object.values) {
                if self.list(of: key) == list { found += ids(in: child) } else { collect(list, in: child, into: &found) }
            }
        case .array(let elements): for element in elements { collect(list, in: element, into: &found) }
        case .string, .int, .double, .bool, .null: break
        }
    }

    private static func ids(in value: JSONValue) -> [String] {
        switch value {
        case .string(let id): [id]
        case .array(let elements): elements.compactMap(\.stringValue)
        default: []
        }
    }

    /// The value with every id that `ids` (list → old → new) knows replaced; `count` counts them.
    static func remapped(_ value: JSONValue, _ ids: [String: [String: String]], count: inout Int) -> JSONValue {
        ids.isEmpty ? value : changed(value, ids, count: &count) ?? value
    }

    /// The remapped value, or nil when nothing in it changes (so that large kept data such as
    /// a `mockOutput` is walked but never copied).
    private static func changed(_ value: JSONValue, _ ids: [String: [String: String]], count: inout Int) -> JSONValue? {
        switch value {
        case .object(let object):
            var result: JSONObject?
            for (key, child) in zip(object.keys, object.values) {
                let new: JSONValue? =
                    if let list = list(of: key), let map = ids[list] {
                        replaced(child, map, count: &count)
                    } else {
                        changed(child, ids, count: &count)
                    }
                if let new, new != child {
                    if result == nil { result = object }
                    result?[key] = new
                }
            }
            return result.map(JSONValue.object)
        case .array(let elements):
            var result: [JSONValue]?
            for (index, element) in elements.enumerated() {
                guard let new = changed(element, ids, count: &count) else { continue }
                if result == nil { result = elements }
                result?[index] = new
            }
            return result.map(JSONValue.array)
        default: return nil
        }
    }

    private static func replaced(_ value: JSONValue, _ map: [String: String], count: inout Int) -> JSONValue {
        switch value {
        case .string(let old):
            guard let new = map[old] else { return value }
            count += 1
            return .string(new)
        case .array(let elements): return .array(elements.map { replaced($0, map, count: &count) })
        default: return value
        }
    }
}
