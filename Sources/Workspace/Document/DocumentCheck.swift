/// Validates a whole integration document before anything is written, collecting every
/// problem rather than stopping at the first (SPEC §6).
struct DocumentCheck {
    private(set) var problems: [String] = []
    /// `_id`s by list, to resolve references.
    private(set) var ids: [String: Set<String>] = [:]
    let document: IntegrationDocument
    /// Connection ids the caller maps (`--connection OLD=NEW`).
    let mapped: Set<String>

    init(_ document: IntegrationDocument, mapped: Set<String>) {
        self.document = document
        self.mapped = mapped
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
        for list in IntegrationDocument.lists where list != "scripts" {
            for object in document.list(list) {
                for id in ScriptIDs.named(in: .object(object)) where !has("scripts", id) {
                    problems.append("\(list.dropLast()) \(object["_id"]?.stringValue ?? "?"): its _scriptId \(id) is not in the file")
                }
            }
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

/// `_scriptId` references, wherever hooks keep them (an export's `hooks`, a step's in a flow).
enum ScriptIDs {
    static func named(in value: JSONValue) -> [String] {
        switch value {
        case .object(let object):
            object.pairs.flatMap { key, child in
                key == "_scriptId" ? [child.stringValue].compactMap { $0 } : named(in: child)
            }
        case .array(let elements): elements.flatMap(named)
        default: []
        }
    }

    /// The value with every `_scriptId` that `ids` knows replaced.
    static func remapped(_ value: JSONValue, _ ids: [String: String]) -> JSONValue {
        switch value {
        case .object(let object):
            .object(JSONObject(object.pairs.map { key, child in
                if key == "_scriptId", let old = child.stringValue, let new = ids[old] { return (key, .string(new)) }
                return (key, remapped(child, ids))
            }))
        case .array(let elements): .array(elements.map { remapped($0, ids) })
        default: value
        }
    }
}
