/// Exports and imports: resources of an integration that its flows use as steps (SPEC §3).
extension Workspace {
    /// Resolves a REF, narrowed to one integration's or one flow's when given.
    func findStep(_ kind: StepKind, _ ref: String, integration: String? = nil, flow: String? = nil) throws -> Step {
        try stepLookup(kind, integration: integration, flow: flow).find(ref, in: database)
    }

    private func stepLookup(_ kind: StepKind, integration: String?, flow: String?) throws -> Lookup<Step> {
        var lookup = Lookup.steps(kind)
        if let integration {
            lookup.narrow(toIntegration: try findIntegration(integration).id, description: "that integration")
        }
        if let flow {
            lookup.narrow(toStepsOf: try findItem(.flow, flow).id, kind: kind, description: "that flow")
        }
        return lookup
    }

    /// The exports and imports some flows name, by reference, in two queries.
    func stepResources(_ references: [StepReference]) throws -> [StepReference: Step] {
        Dictionary(try StepRecord.all(references, in: database).map { ($0.reference, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The exports and imports used by some flows, each once, in creation order.
    func steps(usedBy flowIDs: [String]) throws -> [Step] {
        try StepRecord.used(by: flowIDs, in: database)
    }

    /// Every export and import an integration holds, in creation order.
    func steps(inIntegrationID id: String) throws -> [Step] {
        try StepRecord.inIntegration(id, in: database)
    }

    /// The flows that use an export or import, in creation order.
    func flowsUsing(_ reference: StepReference) throws -> [FlowUse] {
        try flowsUsing([reference], except: [])[reference] ?? []
    }

    /// The flows other than `excluded` that use any of some exports and imports, in one query.
    func flowsUsing(_ references: [StepReference], except excluded: Set<String>) throws -> [StepReference: [FlowUse]] {
        try StepRecord.flowsUsing(references, except: excluded, in: database)
    }

    // MARK: Reading

    /// One export or import with the flows that use it.
    public func step(_ kind: StepKind, _ ref: String, integration: String? = nil, flow: String? = nil) throws
        -> StepView
    {
        try read {
            let step = try findStep(kind, ref, integration: integration, flow: flow)
            try authorize(.read(try findIntegration(step.integrationID)))
            var view = StepView(
                step: step, flows: try flowsUsing(step.reference).map { ($0.id, $0.name) },
                connectionName: try step.connectionID.map { try findConnection($0).name })
            view.settings = try SettingsRecord.document(of: kind.resource, step.id, in: database)
            return view
        }
    }

    /// The exports or imports the user may read: one integration's, one flow's (in flow
    /// order), or all.
    public func steps(_ kind: StepKind, integration: String? = nil, flow: String? = nil) throws -> [Step] {
        try read {
            if let flow {
                return try flowView(flow, integration: integration).steps.compactMap(\.resource)
                    .filter { $0.kind == kind }
            }
            if let integration {
                let home = try self.integration(integration)
                return try steps(inIntegrationID: home.id).filter { $0.kind == kind }
            }
            return try StepRecord.all(kind, visibleTo: visibility, in: database)
        }
    }

    /// A flow with its steps in order and the exports and imports they name.
    public func flowView(_ ref: String, integration: String? = nil) throws -> FlowView {
        try read {
            let flow = try item(.flow, ref, integration: integration)
            var view = FlowView(flow: flow, steps: try stepViews(of: flow), aliases: try aliases(ownedBy: .flow(flow.id)))
            let home = try home(of: flow)
            view.allowed = capabilities(on: home, access: try access(to: home.id)).filter { [.read, .change, .aliases].contains($0) }
            view.settings = try SettingsRecord.document(of: .flow, flow.id, in: database)
            return view
        }
    }

    func stepViews(of flow: Item) throws -> [FlowStepView] {
        let steps = flow.structure.steps
        let resources = try stepResources(steps.map(\.reference))
        let names = try connectionNames(Set(resources.values.compactMap(\.connectionID)))
        return steps.map { step in
            let resource = resources[step.reference]
            return FlowStepView(step: step, resource: resource, connectionName: resource?.connectionID.flatMap { names[$0] })
        }
    }

    /// Connection names by id, in one query.
    public func connectionNames(_ ids: Set<String>) throws -> [String: String] {
        try ResourceRecord.names(of: .connection, ids, in: database)
    }

    // MARK: Creating and changing

    /// Creates an export or import in an integration (Standalone when neither is given), or in
    /// a flow's integration and appended to that flow: an export as a page generator (with
    /// `lookup`, a page processor), an import as a page processor. Its connection, if any, is
    /// registered to the integration.
    public func createStep(
        _ kind: StepKind, name: String, flow flowRef: String? = nil, integration integrationRef: String? = nil,
        connection connectionRef: String? = nil, lookup: Bool = false, description: String = ""
    ) throws -> Step {
        let name = try Limits.name(name, of: kind.rawValue)
        let description = try Limits.description(description)
        guard kind == .export || !lookup else { throw WorkspaceError.invalid("only exports can be lookups") }
        guard flowRef == nil || integrationRef == nil else {
            throw WorkspaceError.invalid("give --flow or --integration, not both", hint: "a flow's exports and imports live in its integration")
        }
        return try write { audit in
            let flow = try flowRef.map { try findItem(.flow, $0) }
            let home = try findIntegration(flow?.integrationID ?? integrationRef ?? ResourceID.standalone)
            try authorize(.change(home))
            let connection = try connectionRef.map(findConnection)
            if let connection { try authorize(.connection(connection, .monitor)) }
            let step = Step(
                id: ResourceID.make(at: audit.time), kind: kind, integrationID: home.id, connectionID: connection?.id,
                lookup: lookup, name: name, description: description, createdAt: audit.time, updatedAt: audit.time,
                extra: JSONObject())
            try StepRecord.insert(step, into: database)
            try audit.record(kind.resourceType, id: step.id, name: name, integration: home.id, action: .create)
            if let connection { try register(connection, to: home, audit: audit) }
            if var flow { try placeStep(step, in: &flow, placement: nil, audit: audit) }
            return step
        }
    }

    /// Changes an export's or import's name, description or connection (the new one is
    /// registered to its integration).
    public func editStep(
        _ kind: StepKind, _ ref: String, integration: String? = nil, flow: String? = nil, name: String? = nil,
        description: String? = nil, connection connectionRef: String? = nil
    ) throws -> Step {
        try write { audit in
            let before = try findStep(kind, ref, integration: integration, flow: flow)
            let home = try findIntegration(before.integrationID)
            try authorize(.change(home))
            var after = before
            if let name { after.name = try Limits.name(name, of: kind.rawValue) }
            if let description { after.description = try Limits.description(description) }
            if let connectionRef {
                let connection = try findConnection(connectionRef)
                try authorize(.connection(connection, .monitor))
                after.connectionID = connection.id
                try register(connection, to: home, audit: audit)
            }
            let changes = FieldChange.between(before.editableFields, after.editableFields)
            guard !changes.isEmpty else { return before }
            after.updatedAt = audit.time
            try StepRecord.update(after, in: database)
            try audit.recordUpdates(kind.resourceType, id: after.id, name: after.name, integration: home.id, changes: changes)
            return after
        }
    }

    /// Deletes exports or imports, all or none. One a flow uses is refused, naming the flows,
    /// unless `force`, which also takes it out of those flows (and removes aliases naming it).
    @discardableResult
    public func deleteSteps(_ kind: StepKind, _ refs: [String], integration: String? = nil, force: Bool = false)
        throws -> [Step]
    {
        try write { audit in
            guard !refs.isEmpty else { throw WorkspaceError.invalid("name at least one \(kind.rawValue)") }
            var seen = Set<String>()
            let doomed = try stepLookup(kind, integration: integration, flow: nil).findAll(refs, in: database)
                .filter { seen.insert($0.id).inserted }
            for homeID in Set(doomed.map(\.integrationID)) { try authorize(.change(try findIntegration(homeID))) }
            var drafts: [BinDraft] = []
            for step in doomed {
                let users = try flowsUsing(step.reference)
                guard users.isEmpty || force else {
                    throw WorkspaceError.refused(
                        "\(kind.rawValue) \"\(step.name)\" is used by " + Self.describeFlows(users),
                        hint: "take it out of those flows first (`workspace flow steps FLOW --remove STEP`), or pass --force")
                }
                let flows = try users.map { try findItem(.flow, $0.id) }
                drafts.append(try binDraft(of: step, usedBy: flows))
                for var flow in flows {
                    try changeStructure(of: &flow, audit: audit) { $0.removeAll(step.reference) }
                }
            }
            try removeSteps(doomed, audit: audit)
            Self.claim(try settleAliases(force: force, audit: audit), into: &drafts)
            for draft in drafts { try putInBin(draft, audit: audit) }
            return doomed
        }
    }

    static func describeFlows(_ flows: [FlowUse]) -> String {
        (flows.count == 1 ? "flow " : "flows ") + flows.map { "\"\($0.name)\" (\($0.id))" }.joined(separator: ", ")
    }

    func removeSteps(_ steps: [Step], audit: AuditWriter) throws {
        for step in steps {
            try StepRecord.delete(step, from: database)
            try audit.record(step.kind.resourceType, id: step.id, name: step.name, integration: step.integrationID, action: .delete)
        }
    }

    /// Moves exports and imports to another integration and registers their connections there.
    func moveSteps(_ steps: [Step], to target: Integration, audit: AuditWriter) throws {
        let moving = steps.filter { $0.integrationID != target.id }
        for kind in StepKind.allCases {
            let ids = moving.filter { $0.kind == kind }.map(\.id)
            try StepRecord.relocate(ids, of: kind, to: target.id, at: audit.time, in: database)
        }
        for step in moving {
            try audit.record(
                step.kind.resourceType, id: step.id, name: step.name, integration: target.id, action: .move,
                change: FieldChange(path: "/_integrationId", old: .string(step.integrationID), new: .string(target.id)))
        }
        try registerConnections(of: steps, to: target, audit: audit)
    }

    /// Registers the connections some exports and imports use to `integration`, in one query.
    func registerConnections(of steps: [Step], to integration: Integration, audit: AuditWriter) throws {
        let ids = Set(steps.compactMap(\.connectionID))
        guard !ids.isEmpty else { return }
        for connection in try ConnectionRecord.all(ids: ids, in: database) {
            try register(connection, to: integration, audit: audit)
        }
    }
}
