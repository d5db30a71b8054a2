/// How a document is installed (or an integration cloned).
public struct InstallOptions: Sendable {
    /// The new integration's name (default: the document's, or `Clone - <name>` for a clone).
    public var name: String?
    /// `--connection OLD=NEW`: the document's connection OLD becomes the workspace's NEW (a REF).
    public var connections: [String: String]
    /// Clone only: copy every connection (created offline) instead of reusing it.
    public var newConnections: Bool
    /// Plan only: write nothing.
    public var dryRun: Bool

    public init(name: String? = nil, connections: [String: String] = [:], newConnections: Bool = false, dryRun: Bool = false) {
        self.name = name
        self.connections = connections
        self.newConnections = newConnections
        self.dryRun = dryRun
    }
}

/// What an install or a clone created (or, in a dry run, would create).
public struct InstallPlan: Sendable {
    public struct Created: Sendable {
        public let kind: ResourceKind
        /// Its `_id` in the document (the source's, for a clone).
        public let sourceID: String
        public let id: String
        public let name: String
    }

    public enum ConnectionUse: String, Sendable {
        case reused, created, mapped
    }

    public struct ConnectionChoice: Sendable {
        public let sourceID: String
        public let id: String
        public let name: String
        public let use: ConnectionUse
    }

    public let integration: Integration
    public let created: [Created]
    public let connections: [ConnectionChoice]
    /// How many references (`_…Id` fields, alias targets) were pointed at the new ids.
    public let remapped: Int
    public let dryRun: Bool
    /// What an integrator.io download named but could not be resolved, kept as it was.
    public var notes: [String] = []

    /// The revision the install recorded (install, clone or restore); nil in a dry run.
    public var revision: Revision?

    public var result: LifecycleResult {
        LifecycleResult(integration: integration, revision: revision, plan: plan)
    }

    public var json: JSONValue { result.json }

    /// What was (or, in a dry run, would be) created, and how references were carried over.
    public var plan: JSONObject {
        let created: [JSONValue] = created.map {
            ["type": .string($0.kind.rawValue), "_sourceId": .string($0.sourceID), "_id": .string($0.id), "name": .string($0.name)]
        }
        let connections: [JSONValue] = connections.map {
            ["_sourceId": .string($0.sourceID), "_id": .string($0.id), "name": .string($0.name), "use": .string($0.use.rawValue)]
        }
        return JSONObject([
            ("dryRun", .bool(dryRun)), ("created", .array(created)), ("connections", .array(connections)),
            ("referencesRemapped", .int(Int64(remapped))), ("notes", .array(notes.map(JSONValue.string))),
        ])
    }

}

/// The known fields of each kind in the document; everything else is kept verbatim.
enum DocumentFields {
    static let integration: Set<String> = ["_id", "name", "description", "readme", "settings"]
    static let group: Set<String> = ["_id", "name", "settings"]
    static let flow: Set<String> = [
        "_id", "name", "description", "disabled", "_flowGroupingId", "settings", "pageGenerators", "pageProcessors", "routers",
        "aliases",
    ]
    static let step: Set<String> = ["_id", "name", "description", "_connectionId", "isLookup", "settings"]
    static let api: Set<String> = ["_id", "name", "description", "method", "path"]
    static let tool: Set<String> = ["_id", "name", "description", "inputSchema"]
    static let connection: Set<String> = ["_id", "name", "type", "description", "offline", "settings"]

    static func kept(_ object: JSONObject, known: Set<String>) -> JSONObject {
        JSONObject(object.pairs.filter { !known.contains($0.key) }.map { ($0.key, $0.value) })
    }
}

/// Installing a document: validate all of it, then create everything with new ids in one
/// transaction, through the records, with every reference remapped.
extension Workspace {
    /// Installs an integration document (`workspace integration install`): flows arrive disabled,
    /// every row is audited with source `install`.
    public func install(_ text: String, options: InstallOptions = InstallOptions()) throws -> InstallPlan {
        guard case .object(let json) = try JSONValue(parsing: text) else {
            throw WorkspaceError.invalid("the file is not an integration document: it is not a JSON object")
        }
        let document = IntegrationDocument(json: json)
        return try write(source: .install) { audit in
            try authorize(.manageIntegrations(nil))
            return try installing(document, options: options, action: .install, audit: audit)
        }
    }

    /// Validates, then installs (or, for a dry run, installs and undoes); one transaction.
    /// `cloneOf` names the integration a clone copies.
    func installing(
        _ document: IntegrationDocument, options: InstallOptions, action: AuditAction, audit: AuditWriter,
        cloneOf source: String? = nil, notes: [String]? = nil, restoring deletion: Revision? = nil
    ) throws -> InstallPlan {
        // An integrator.io download (it comes with notes) keeps a `_scriptId` it cannot resolve;
        // so does a document the workspace made itself (a clone's, a restore's), which may hold one.
        var check = DocumentCheck(
            document, mapped: Set(options.connections.keys), scriptsMustResolve: notes == nil && source == nil && deletion == nil)
        var problems = check.run()
        var mapped: [String: Connection] = [:]
        for (old, ref) in options.connections.sorted(by: { $0.key < $1.key }) {
            do { mapped[old] = try findConnection(ref) } catch let error as WorkspaceError {
                problems.append("--connection \(old)=\(ref): \(error.message)")
            }
        }
        guard problems.isEmpty else {
            throw WorkspaceError.invalid(
                "the file has \(problems.count) problem\(problems.count == 1 ? "" : "s"), nothing was installed:\n"
                    + problems.map { "  - \($0)" }.joined(separator: "\n"))
        }
        for connection in mapped.values { try authorize(.connection(connection, .monitor)) }
        let run = {
            var installer = Installer(workspace: self, document: document, options: options, mapped: mapped, audit: audit)
            installer.sourceIntegrationID = source
            installer.keepsFlowStatus = deletion != nil
            let plan = try installer.install(action: action)
            // The new integration's history starts where it began.
            let kind: Revision.Kind = deletion != nil ? .restore : source != nil ? .clone : .install
            var recorded = plan
            recorded.revision = try self.recordRevision(
                kind, of: plan.integration, before: nil, after: try self.document(of: plan.integration),
                other: deletion?.id ?? source, audit: audit)
            return recorded
        }
        var plan = options.dryRun ? try database.undoing(run) : try run()
        if options.dryRun { plan.revision = nil }
        plan.notes = notes ?? []
        return plan
    }
}

/// One install in progress: the id map and what has been created.
struct Installer {
    let workspace: Workspace
    let document: IntegrationDocument
    let options: InstallOptions
    let mapped: [String: Connection]
    let audit: AuditWriter
    /// What each created resource's audit row says: `create` (install) or `clone`.
    var contentAction: AuditAction = .create
    /// For a clone: its source, recorded on the copy with the merge base.
    var sourceIntegrationID: String?
    /// Flow clone: aliases may name what the partial document does not hold (left as they are).
    var keepOutsideTargets = false
    /// Revert, pull: the document is installed into this integration (already updated by the
    /// caller), keeping every `_id` but those in `takenIDs`, with no audit rows of its own (the
    /// caller audits the difference).
    var into: Integration?
    var takenIDs: Set<String> = []
    /// Revert, pull, restore: flows keep the status the document gives them.
    var keepsFlowStatus = false
    var ids: [String: [String: String]] = [:]
    /// New ids in the order of the document, so that lists kept by `_id` keep their order.
    var sequence: ResourceID.Sequence
    var created: [InstallPlan.Created] = []
    var connections: [InstallPlan.ConnectionChoice] = []
    var remapped = 0

    init(workspace: Workspace, document: IntegrationDocument, options: InstallOptions, mapped: [String: Connection], audit: AuditWriter) {
        self.workspace = workspace
        self.document = document
        self.options = options
        self.mapped = mapped
        self.audit = audit
        sequence = ResourceID.Sequence(at: audit.time)
    }

    private var database: Store { workspace.database }

    mutating func install(action: AuditAction) throws -> InstallPlan {
        contentAction = action == .install ? .create : action
        // Every new id is known before the first row is written, so that any kept field may
        // name any resource of the document (an integration's `_registeredConnectionIds`, one
        // connection's `_borrowConcurrencyFromConnectionId` naming another).
        let integrationID = into?.id ?? sequence.make()
        ids["integration", default: [:]][Self.text(document.integration, "_id")] = integrationID
        let choices = try chooseConnections()
        assignIDs(["flowGroupings", "scripts", "exports", "imports", "flows", "apis", "tools"])
        let integration = try into ?? createIntegration(id: integrationID, action: action)
        try installConnections(choices, into: integration)
        try installGroups(into: integration)
        try installScripts(into: integration)
        for kind in [StepKind.export, .import] { try installSteps(kind, into: integration) }
        let keepStatus = keepsFlowStatus || into != nil
        try installFlows(into: integration, disabled: { keepStatus ? $0["disabled"] == .bool(true) : true })
        for kind in [ItemKind.api, .tool] { try installItems(kind, into: integration) }
        try installAliases(document.list("aliases"), owner: .integration(integration.id), home: integration)
        try IntegrationRecord.storeOther(document.list("other").map(JSONValue.object), of: integration.id, in: database)
        try workspace.settleAliases(force: false, audit: audit)
        if let source = sourceIntegrationID { try storeMergeBase(of: integration.id, with: source) }
        return InstallPlan(
            integration: integration, created: created, connections: connections, remapped: remapped, dryRun: options.dryRun)
    }

    /// The source's document at the moment of cloning, resource by resource in blobs, and
    /// which id became which: the base a later pull merges against.
    private func storeMergeBase(of cloneID: String, with sourceID: String) throws {
        let manifest = try document.store(in: database, base: nil)
        var map = JSONObject()
        for (list, pairs) in ids.sorted(by: { $0.key < $1.key }) {
            map[list] = .object(JSONObject(pairs.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }))
        }
        var mapBytes: [UInt8] = []
        JSONValue.object(map).appendCompact(to: &mapBytes)
        try BlobRecord.storeMergeBase(
            of: cloneID, with: sourceID, manifest: manifest, idMap: try BlobRecord.store(mapBytes, in: database),
            at: audit.time, in: database)
    }

    /// New ids for every resource of these lists, in the document's order.
    private mutating func assignIDs(_ lists: [String]) {
        for list in lists {
            for object in document.list(list) where ids[list]?[Self.text(object, "_id")] == nil {
                ids[list, default: [:]][Self.text(object, "_id")] = makeID(keeping: Self.text(object, "_id"))
            }
        }
    }

    /// The document's own id where the install keeps ids (and it is free), else a new one.
    private mutating func makeID(keeping old: String) -> String {
        into != nil && ResourceID.looksLikeID(old) && !takenIDs.contains(old) ? old : sequence.make()
    }

    /// The new id of a document id of `list`, assigned up front by `assignIDs`.
    private func newID(_ list: String, for old: String) throws -> String {
        guard let id = ids[list]?[old] else {
            throw WorkspaceError.damaged("no new id was chosen for \(list) \(old): the install stopped before writing it")
        }
        return id
    }

    /// The new id of a reference, counted as remapped.
    private mutating func remap(_ list: String, _ old: String) -> String? {
        guard let new = ids[list]?[old] else { return nil }
        remapped += 1
        return new
    }

    private mutating func record(_ kind: ResourceKind, _ sourceID: String, _ id: String, _ name: String, home: String?) throws {
        created.append(InstallPlan.Created(kind: kind, sourceID: sourceID, id: id, name: name))
        guard into == nil else { return }
        try audit.record(
            kind.auditType, id: id, name: name, integration: home, action: contentAction,
            change: FieldChange(path: "/_sourceId", old: nil, new: .string(sourceID)))
    }

    private static func text(_ object: JSONObject, _ key: String) -> String { object[key]?.stringValue ?? "" }

    private static func settings(_ object: JSONObject) -> JSONValue { object["settings"] ?? .object(JSONObject()) }

    private mutating func createIntegration(id: String, action: AuditAction) throws -> Integration {
        let head = document.integration
        let sourceID = Self.text(head, "_id")
        let integration = Integration(
            id: id, name: try Limits.name(options.name ?? Self.text(head, "name"), of: "integration"),
            description: Self.text(head, "description"), readme: Self.text(head, "readme"), createdAt: audit.time,
            updatedAt: audit.time, extra: kept(head, known: DocumentFields.integration), sourceID: sourceIntegrationID)
        try IntegrationRecord.insert(integration, into: database)
        try SettingsRecord.store(Self.settings(head), of: .integration, integration.id, at: audit.time, in: database)
        created.append(InstallPlan.Created(kind: .integration, sourceID: sourceID, id: integration.id, name: integration.name))
        try audit.record(
            .integration, id: integration.id, name: integration.name, integration: integration.id, action: action,
            change: FieldChange(path: "/_sourceId", old: nil, new: .string(sourceID)))
        return integration
    }

    /// What becomes of one connection the document names.
    struct ConnectionPlan {
        let object: JSONObject
        let connection: Connection
        let use: InstallPlan.ConnectionUse
    }

    /// Each connection the document names is mapped, reused (the workspace has that `_id`),
    /// or to be created offline; decided before anything is written.
    private mutating func chooseConnections() throws -> [ConnectionPlan] {
        try document.list("connections").map { object in
            let old = Self.text(object, "_id")
            let plan: ConnectionPlan
            if let target = mapped[old] {
                plan = ConnectionPlan(object: object, connection: target, use: .mapped)
            } else if !options.newConnections, let existing = try ConnectionRecord.find(id: old, in: database) {
                plan = ConnectionPlan(object: object, connection: existing, use: .reused)
            } else {
                let connection = Connection(
                    id: makeID(keeping: old), name: try Limits.name(Self.text(object, "name"), of: "connection"),
                    type: try Workspace.validType(object["type"]?.stringValue ?? "unknown"),
                    description: Self.text(object, "description"), offline: true, createdAt: audit.time,
                    updatedAt: audit.time, extra: JSONObject())
                plan = ConnectionPlan(object: object, connection: connection, use: .created)
            }
            ids["connections", default: [:]][old] = plan.connection.id
            return plan
        }
    }

    /// Creates the connections to be created, and registers all of them to the new integration.
    private mutating func installConnections(_ plans: [ConnectionPlan], into home: Integration) throws {
        for plan in plans {
            let old = Self.text(plan.object, "_id")
            if plan.use == .created {
                var connection = plan.connection
                connection.extra = kept(plan.object, known: DocumentFields.connection)
                try ConnectionRecord.insert(connection, into: database)
                try SettingsRecord.store(Self.settings(plan.object), of: .connection, connection.id, at: audit.time, in: database)
                try record(.connection, old, connection.id, connection.name, home: nil)
            }
            connections.append(
                InstallPlan.ConnectionChoice(sourceID: old, id: plan.connection.id, name: plan.connection.name, use: plan.use))
            try workspace.register(plan.connection, to: home, audit: audit)
        }
    }

    private mutating func installGroups(into home: Integration) throws {
        for (position, object) in document.list("flowGroupings").enumerated() {
            let old = Self.text(object, "_id")
            let group = FlowGroup(
                id: try newID("flowGroupings", for: old), integrationID: home.id,
                name: try Limits.name(Self.text(object, "name"), of: "flow group"), position: Int64(position),
                extra: DocumentFields.kept(object, known: DocumentFields.group))
            try GroupRecord.insert(group, at: audit.time, into: database)
            try SettingsRecord.store(Self.settings(object), of: .flowGroup, group.id, at: audit.time, in: database)
            try record(.flowGroup, old, group.id, group.name, home: home.id)
        }
    }

    /// Scripts first, so that the hooks of what follows can name their new ids.
    private mutating func installScripts(into home: Integration) throws {
        for object in document.list("scripts") {
            let old = Self.text(object, "_id")
            let script = Script(
                id: try newID("scripts", for: old), integrationID: home.id,
                name: try Limits.name(Self.text(object, "name"), of: "script"), content: Self.text(object, "content"),
                createdAt: audit.time, updatedAt: audit.time,
                extra: DocumentFields.kept(object, known: ["_id", "name", "content"]))
            try ScriptRecord.insert(script, into: database)
            try record(.script, old, script.id, script.name, home: home.id)
        }
    }

    /// The fields a resource keeps, with every `_…Id` that names something installed so far
    /// (hooks' `_scriptId`, a flow's `_integrationId` …) pointed at its new id.
    private mutating func kept(_ object: JSONObject, known: Set<String>) -> JSONObject {
        remapIDs(.object(DocumentFields.kept(object, known: known))).objectValue ?? JSONObject()
    }

    /// `except` leaves lists alone that the caller remaps itself (a flow's steps).
    private mutating func remapIDs(_ value: JSONValue, except: Set<String> = []) -> JSONValue {
        IDFields.remapped(value, ids.filter { !except.contains($0.key) }, count: &remapped)
    }

    private mutating func installSteps(_ kind: StepKind, into home: Integration) throws {
        let list = kind.resource.documentList
        for object in document.list(list) {
            let old = Self.text(object, "_id")
            let step = Step(
                id: try newID(list, for: old), kind: kind, integrationID: home.id,
                connectionID: object["_connectionId"]?.stringValue.flatMap { remap("connections", $0) },
                lookup: kind == .export && object["isLookup"] == .bool(true),
                name: try Limits.name(Self.text(object, "name"), of: kind.rawValue),
                description: Self.text(object, "description"), createdAt: audit.time, updatedAt: audit.time,
                extra: kept(object, known: DocumentFields.step))
            try StepRecord.insert(step, into: database)
            try SettingsRecord.store(Self.settings(object), of: kind.resource, step.id, at: audit.time, in: database)
            try record(kind.resource, old, step.id, step.name, home: home.id)
        }
    }

    /// Flow clone: the document's one flow (with its exports and imports, connections reused)
    /// installed into an existing integration under `name`, keeping its status; its group
    /// only when it stays in the same integration.
    mutating func installFlow(into home: Integration, name: String, keepGroup: Bool) throws -> Item {
        contentAction = .clone
        try installConnections(try chooseConnections(), into: home)
        assignIDs(["scripts", "exports", "imports", "flows"])
        try installScripts(into: home)
        for kind in [StepKind.export, .import] { try installSteps(kind, into: home) }
        if keepGroup {
            for flow in document.list("flows") {
                if let group = flow["_flowGroupingId"]?.stringValue { ids["flowGroupings", default: [:]][group] = group }
            }
        }
        keepOutsideTargets = true
        try installFlows(into: home, disabled: { $0["disabled"] == .bool(true) }, name: name)
        try workspace.settleAliases(force: false, audit: audit)
        guard let id = ids["flows"]?.values.first else { throw WorkspaceError.notFound("the flow to clone is gone") }
        return try workspace.findItem(.flow, id)
    }

    mutating func installFlows(into home: Integration, disabled: (JSONObject) -> Bool, name: String? = nil) throws {
        for object in document.list("flows") {
            let old = Self.text(object, "_id")
            let lists = ["pageGenerators", "pageProcessors", "routers"].map { key in
                object[key]?.arrayValue.map { remapIDs(.array($0), except: ["exports", "imports"]).arrayValue ?? $0 }
            }
            let structure = FlowStructure(pageGenerators: lists[0] ?? [], pageProcessors: lists[1], routers: lists[2])
            let references = structure.references
            var stepIDs: [StepReference: String] = [:]
            for reference in references {
                stepIDs[reference] = remap(reference.kind.resource.documentList, reference.id)
            }
            let flow = Item(
                id: try newID("flows", for: old), integrationID: home.id,
                name: try Limits.name(name ?? Self.text(object, "name"), of: "flow"), description: Self.text(object, "description"),
                details: .flow(
                    disabled: disabled(object),
                    groupID: object["_flowGroupingId"]?.stringValue.flatMap { remap("flowGroupings", $0) },
                    steps: structure.remapping(stepIDs)),
                createdAt: audit.time, updatedAt: audit.time, extra: kept(object, known: DocumentFields.flow))
            try ItemRecord.insert(flow, into: database)
            try SettingsRecord.store(Self.settings(object), of: .flow, flow.id, at: audit.time, in: database)
            try record(.flow, old, flow.id, flow.name, home: home.id)
        }
        // Flow aliases once every flow has its new id (they may name sibling flows).
        for object in document.list("flows") {
            guard let id = ids["flows"]?[Self.text(object, "_id")] else { continue }
            try installAliases((object["aliases"]?.arrayValue ?? []).compactMap(\.objectValue), owner: .flow(id), home: home)
        }
    }

    private mutating func installItems(_ kind: ItemKind, into home: Integration) throws {
        let list = kind.resource.documentList
        for object in document.list(list) {
            let old = Self.text(object, "_id")
            let details: ItemDetails =
                kind == .api
                ? .api(
                    method: try Workspace.validMethod(object["method"]?.stringValue ?? "GET"),
                    path: try Workspace.validPath(object["path"]?.stringValue ?? "/"))
                : .tool(inputSchema: object["inputSchema"] ?? .object(JSONObject()))
            let item = Item(
                id: try newID(list, for: old), integrationID: home.id, name: try Limits.name(Self.text(object, "name"), of: kind.label),
                description: Self.text(object, "description"), details: details, createdAt: audit.time,
                updatedAt: audit.time, extra: kept(object, known: kind == .api ? DocumentFields.api : DocumentFields.tool))
            try ItemRecord.insert(item, into: database)
            try record(kind.resource, old, item.id, item.name, home: home.id)
        }
    }

    private mutating func installAliases(_ objects: [JSONObject], owner: Alias.Owner, home: Integration) throws {
        for object in objects {
            guard let type = Alias.TargetType.allCases.first(where: { object[$0.field] != nil }),
                let old = object[type.field]?.stringValue,
                let target = remap(type.resource.documentList, old)
                    ?? (keepOutsideTargets ? old : nil)
            else { continue }
            let alias = Alias(
                owner: owner, alias: try Workspace.validAliasName(Self.text(object, "alias")),
                description: Self.text(object, "description"), targetType: type, targetID: target)
            try AliasRecord.insert(alias, at: audit.time, into: database)
            // A flow clone's alias that names something outside the copy is kept only where it
            // still resolves (the same integration).
            if keepOutsideTargets, try !workspace.isSound(alias) {
                try AliasRecord.delete(alias, from: database)
                continue
            }
            guard into == nil else { continue }
            try audit.record(
                .alias, id: "\(owner.id)/\(alias.alias)", name: alias.alias, integration: home.id,
                action: contentAction,
                change: FieldChange(path: "/" + type.field, old: nil, new: .string(target)))
        }
    }
}

/// Cloning: the source's document installed as a new integration.
extension Workspace {
    /// Clones an integration (SPEC §6): everything, APIs and tools too, under `Clone - <name>`
    /// unless `options.name`; connections reused unless `newConnections` or mapped. Flows
    /// arrive disabled, as in integrator.io, so a copy never runs beside its source unasked.
    public func cloneIntegration(_ ref: String, options: InstallOptions = InstallOptions()) throws -> InstallPlan {
        try write { audit in
            let source = try findIntegration(ref)
            try authorize(.read(source))
            try source.refuseIfStandalone(.clone)
            try authorize(.manageIntegrations(source))
            let document = try document(of: source)
            var options = options
            options.name = options.name ?? String("Clone - \(source.name)".prefix(Limits.nameLength))
            return try installing(document, options: options, action: .clone, audit: audit, cloneOf: source.id)
        }
    }
}
