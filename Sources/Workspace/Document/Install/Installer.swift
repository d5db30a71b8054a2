/// The one install engine: writes a parsed, checked document through the records, in one
/// transaction, with every reference pointed at the ids it chose. What it is for (`purpose`)
/// decides whether ids are kept, flows keep their status, rows are audited, aliases may name
/// what the document does not hold.
struct Installer {
    let workspace: Workspace
    let document: IntegrationDocument
    let purpose: InstallPurpose
    let options: InstallOptions
    /// `--connection OLD=NEW`, resolved.
    let mapped: [String: Connection]
    let audit: AuditWriter
    var ids: IDMap = [:]
    /// New ids in the order of the document, so that lists kept by `_id` keep their order.
    private var sequence: ResourceID.Sequence
    private(set) var created: [InstallPlan.Created] = []
    private(set) var connections: [InstallPlan.ConnectionChoice] = []
    private(set) var remapped = 0

    init(
        workspace: Workspace, document: IntegrationDocument, purpose: InstallPurpose, options: InstallOptions = InstallOptions(),
        mapped: [String: Connection] = [:], audit: AuditWriter
    ) {
        self.workspace = workspace
        self.document = document
        self.purpose = purpose
        self.options = options
        self.mapped = mapped
        self.audit = audit
        sequence = ResourceID.Sequence(at: audit.time)
    }

    var database: Store { workspace.database }

    /// The whole document, as a new integration or into the one a replace names.
    mutating func install() throws -> InstallPlan {
        // Every new id is known before the first row is written, so that any kept field may
        // name any resource of the document (an integration's `_registeredConnectionIds`, one
        // connection's `_borrowConcurrencyFromConnectionId` naming another).
        let integrationID = purpose.target?.id ?? options.keptIntegrationID ?? sequence.make()
        ids[.integration, default: [:]][document.integration.id] = integrationID
        let choices = try chooseConnections()
        assignIDs(document.flowGroups, document.scripts, document.exports, document.imports, document.flows, document.apis, document.tools)
        let integration = try purpose.target ?? createIntegration(id: integrationID)
        try installConnections(choices, into: integration)
        try installGroups(into: integration)
        try installScripts(into: integration)
        try installSteps(into: integration)
        try installFlows(into: integration)
        try installItems(document.apis + document.tools, into: integration)
        try installAliases(document.aliases, owner: .integration(integration.id), home: integration)
        try IntegrationRecord.storeOther(document.other.map(\.json), of: integration.id, in: database)
        try workspace.settleAliases(force: false, audit: audit)
        if case .clone(let source) = purpose { try storeMergeBase(of: integration.id, with: source.id) }
        return InstallPlan(
            integration: integration, created: created, connections: connections, remapped: remapped, dryRun: options.dryRun)
    }

    /// Flow clone: the document's one flow (with its exports and imports, connections reused)
    /// into the purpose's integration, keeping its status.
    mutating func installFlow() throws -> Item {
        guard case .flowClone(let home, _, let keepGroup) = purpose else {
            throw WorkspaceError.damaged("a flow is installed only by a flow clone")
        }
        try installPart(into: home, keepingGroups: keepGroup ? Set(document.flows.compactMap(\.groupID)) : [])
        guard let id = ids[.flow]?.values.first else { throw WorkspaceError.notFound("the flow to clone is gone") }
        return try workspace.findItem(.flow, id)
    }

    /// A recycle bin entry's part of a document into the purpose's integration: flow groups,
    /// scripts, exports, imports, flows, APIs and tools, with their connections registered.
    mutating func restorePart() throws -> [InstallPlan.Created] {
        guard case .binRestore(let home, let groups) = purpose else {
            throw WorkspaceError.damaged("a recycle bin entry is installed only by a restore")
        }
        try installPart(into: home, keepingGroups: groups)
        return created
    }

    /// What flow clone and a bin restore share: a part of a document into an integration.
    private mutating func installPart(into home: Integration, keepingGroups groups: Set<String>) throws {
        try installConnections(try chooseConnections(), into: home)
        assignIDs(document.scripts, document.exports, document.imports, document.flows, document.apis, document.tools)
        try installScripts(into: home)
        try installSteps(into: home)
        for group in groups { ids[.flowGroup, default: [:]][group] = group }
        try installFlows(into: home)
        try installItems(document.apis + document.tools, into: home)
        try workspace.settleAliases(force: false, audit: audit)
    }

    /// The source's document at the moment of cloning, resource by resource in blobs, and
    /// which id became which: the base a later pull merges against.
    private func storeMergeBase(of cloneID: String, with sourceID: String) throws {
        try BlobRecord.storeMergeBase(
            of: cloneID, with: sourceID, manifest: try document.store(in: database, base: nil),
            idMap: try BlobRecord.store(ids.storedBytes, in: database), at: audit.time, in: database)
    }

    // MARK: Ids

    /// New ids for every resource of these lists, in the document's order.
    private mutating func assignIDs(_ lists: [any DocumentResource]...) {
        for resource in lists.joined() where ids[resource.kind]?[resource.id] == nil {
            ids[resource.kind, default: [:]][resource.id] = makeID(keeping: resource.id)
        }
    }

    /// The document's own id where the install keeps ids (and it is free), else a new one.
    private mutating func makeID(keeping old: String) -> String {
        purpose.keepsIDs && ResourceID.looksLikeID(old) && !options.takenIDs.contains(old) ? old : sequence.make()
    }

    /// The new id of a document resource, assigned up front by `assignIDs`.
    private func newID(of resource: any DocumentResource) throws -> String {
        guard let id = ids[resource.kind]?[resource.id] else {
            throw WorkspaceError.damaged(
                "no new id was chosen for \(resource.kind.documentList) \(resource.id): the install stopped before writing it")
        }
        return id
    }

    /// The new id of a reference, counted as remapped.
    private mutating func remap(_ kind: ResourceKind, _ old: String) -> String? {
        guard let new = ids[kind]?[old] else { return nil }
        remapped += 1
        return new
    }

    /// Kept fields with every `_…Id` that names something installed (hooks' `_scriptId`, a
    /// flow's `_integrationId` …) pointed at its new id; `except` leaves kinds alone that the
    /// caller remaps itself (a flow's steps).
    private mutating func remapIDs(_ value: JSONValue, except: Set<ResourceKind> = []) -> JSONValue {
        IDFields.remapped(value, except.isEmpty ? ids : ids.filter { !except.contains($0.key) }, count: &remapped)
    }

    private mutating func remapped(_ kept: JSONObject) -> JSONObject { remapIDs(.object(kept)).objectValue ?? kept }

    private mutating func record(_ resource: any DocumentResource, id: String, name: String, home: String?) throws {
        created.append(InstallPlan.Created(kind: resource.kind, sourceID: resource.id, id: id, name: name))
        guard purpose.auditsEachRow else { return }
        try audit.record(
            resource.kind.auditType, id: id, name: name, integration: home, action: purpose.contentAction,
            change: FieldChange(path: "/_sourceId", old: nil, new: .string(resource.id)))
    }

    // MARK: Resources

    private mutating func createIntegration(id: String) throws -> Integration {
        let head = document.integration
        let name = try options.name.map { try Limits.name($0, of: "integration") } ?? head.name
        var sourceID: String?
        if case .clone(let source) = purpose { sourceID = source.id }
        let integration = Integration(
            id: id, name: name, description: head.description, readme: head.readme, createdAt: audit.time,
            updatedAt: audit.time, extra: remapped(head.kept), sourceID: sourceID)
        try IntegrationRecord.insert(integration, into: database)
        try SettingsRecord.store(head.settings, of: .integration, integration.id, at: audit.time, in: database)
        created.append(InstallPlan.Created(kind: .integration, sourceID: head.id, id: integration.id, name: integration.name))
        try audit.record(
            .integration, id: integration.id, name: integration.name, integration: integration.id,
            action: purpose.integrationAction, change: FieldChange(path: "/_sourceId", old: nil, new: .string(head.id)))
        return integration
    }

    /// What becomes of one connection the document names.
    private struct ConnectionPlan {
        let part: DocumentConnection
        let connection: Connection
        let use: InstallPlan.ConnectionUse
    }

    /// Each connection the document names is mapped, reused (the workspace has that `_id`),
    /// or to be created offline; decided before anything is written.
    private mutating func chooseConnections() throws -> [ConnectionPlan] {
        try document.connections.map { part in
            let plan: ConnectionPlan
            if let target = mapped[part.id] {
                plan = ConnectionPlan(part: part, connection: target, use: .mapped)
            } else if !options.newConnections, let existing = try ConnectionRecord.find(id: part.id, in: database) {
                plan = ConnectionPlan(part: part, connection: existing, use: .reused)
            } else {
                let connection = Connection(
                    id: makeID(keeping: part.id), name: part.name, type: part.type, description: part.description, offline: true,
                    createdAt: audit.time, updatedAt: audit.time, extra: JSONObject())
                plan = ConnectionPlan(part: part, connection: connection, use: .created)
            }
            ids[.connection, default: [:]][part.id] = plan.connection.id
            return plan
        }
    }

    /// Creates the connections to be created, and registers all of them to the integration.
    private mutating func installConnections(_ plans: [ConnectionPlan], into home: Integration) throws {
        for plan in plans {
            if plan.use == .created {
                var connection = plan.connection
                connection.extra = remapped(plan.part.kept)
                try ConnectionRecord.insert(connection, into: database)
                try SettingsRecord.store(plan.part.settings, of: .connection, connection.id, at: audit.time, in: database)
                try record(plan.part, id: connection.id, name: connection.name, home: nil)
            }
            connections.append(
                InstallPlan.ConnectionChoice(sourceID: plan.part.id, id: plan.connection.id, name: plan.connection.name, use: plan.use))
            try workspace.register(plan.connection, to: home, audit: audit)
        }
    }

    private mutating func installGroups(into home: Integration) throws {
        for (position, part) in document.flowGroups.enumerated() {
            let group = FlowGroup(
                id: try newID(of: part), integrationID: home.id, name: part.name, position: Int64(position), extra: part.kept)
            try GroupRecord.insert(group, at: audit.time, into: database)
            try SettingsRecord.store(part.settings, of: .flowGroup, group.id, at: audit.time, in: database)
            try record(part, id: group.id, name: group.name, home: home.id)
        }
    }

    /// Scripts first, so that the hooks of what follows can name their new ids.
    private mutating func installScripts(into home: Integration) throws {
        for part in document.scripts {
            let script = Script(
                id: try newID(of: part), integrationID: home.id, name: part.name, content: part.content, createdAt: audit.time,
                updatedAt: audit.time, extra: part.kept)
            try ScriptRecord.insert(script, into: database)
            try record(part, id: script.id, name: script.name, home: home.id)
        }
    }

    private mutating func installSteps(into home: Integration) throws {
        for part in document.exports + document.imports {
            let step = Step(
                id: try newID(of: part), kind: part.stepKind, integrationID: home.id,
                connectionID: part.connectionID.flatMap { remap(.connection, $0) }, lookup: part.lookup, name: part.name,
                description: part.description, createdAt: audit.time, updatedAt: audit.time, extra: remapped(part.kept))
            try StepRecord.insert(step, into: database)
            try SettingsRecord.store(part.settings, of: part.kind, step.id, at: audit.time, in: database)
            try record(part, id: step.id, name: step.name, home: home.id)
        }
    }

    private mutating func installFlows(into home: Integration) throws {
        var name: String?
        if case .flowClone(_, let cloneName, _) = purpose { name = cloneName }
        for part in document.flows {
            var structure = part.structure
            let steps: Set<ResourceKind> = [.export, .import]
            structure.pageGenerators = remapIDs(.array(structure.pageGenerators), except: steps).arrayValue ?? structure.pageGenerators
            structure.pageProcessors = structure.pageProcessors.map { remapIDs(.array($0), except: steps).arrayValue ?? $0 }
            structure.routers = structure.routers.map { remapIDs(.array($0), except: steps).arrayValue ?? $0 }
            var stepIDs: [StepReference: String] = [:]
            for reference in structure.references { stepIDs[reference] = remap(reference.kind.resource, reference.id) }
            let flow = Item(
                id: try newID(of: part), integrationID: home.id, name: try name.map { try Limits.name($0, of: "flow") } ?? part.name,
                description: part.description,
                details: .flow(
                    disabled: purpose.keepsFlowStatus ? part.disabled : true, groupID: part.groupID.flatMap { remap(.flowGroup, $0) },
                    steps: structure.remapping(stepIDs)),
                createdAt: audit.time, updatedAt: audit.time, extra: remapped(part.kept))
            try ItemRecord.insert(flow, into: database)
            try SettingsRecord.store(part.settings, of: .flow, flow.id, at: audit.time, in: database)
            try record(part, id: flow.id, name: flow.name, home: home.id)
        }
        // Flow aliases once every flow has its new id (they may name sibling flows).
        for part in document.flows {
            guard let id = ids[.flow]?[part.id] else { continue }
            try installAliases(part.aliases, owner: .flow(id), home: home)
        }
    }

    private mutating func installItems(_ parts: [DocumentItem], into home: Integration) throws {
        for part in parts {
            let item = Item(
                id: try newID(of: part), integrationID: home.id, name: part.name, description: part.description,
                details: part.details, createdAt: audit.time, updatedAt: audit.time, extra: remapped(part.kept))
            try ItemRecord.insert(item, into: database)
            try record(part, id: item.id, name: item.name, home: home.id)
        }
    }

    private mutating func installAliases(_ parts: [DocumentAlias], owner: Alias.Owner, home: Integration) throws {
        for part in parts {
            guard let target = remap(part.targetType.resource, part.targetID) ?? (purpose.keepsOutsideAliasTargets ? part.targetID : nil)
            else { continue }
            let alias = Alias(owner: owner, alias: part.alias, description: part.description, targetType: part.targetType, targetID: target)
            try AliasRecord.insert(alias, at: audit.time, into: database)
            // A flow clone's alias that names something outside the copy is kept only where it
            // still resolves (the same integration).
            if purpose.keepsOutsideAliasTargets, try !workspace.isSound(alias) {
                try AliasRecord.delete(alias, from: database)
                continue
            }
            guard purpose.auditsEachRow else { continue }
            try audit.record(
                .alias, id: "\(owner.id)/\(alias.alias)", name: alias.alias, integration: home.id, action: purpose.contentAction,
                change: FieldChange(path: "/" + part.targetType.field, old: nil, new: .string(target)))
        }
    }
}
