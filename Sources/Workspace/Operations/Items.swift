/// Flows, APIs and tools: one lifecycle for the three kinds (SPEC §2).
extension Workspace {
    public static let httpMethods: Set<String> = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]

    // MARK: Reading

    /// Resolves a REF to one flow, API or tool the user may read, optionally only within one integration.
    public func item(_ kind: ItemKind, _ ref: String, integration integrationRef: String? = nil) throws -> Item {
        try read {
            let item = try findItem(kind, ref, integration: integrationRef)
            try authorize(.read(try home(of: item)))
            return item
        }
    }

    /// Resolves a REF without a permission check; the caller checks what it does.
    func findItem(_ kind: ItemKind, _ ref: String, integration integrationRef: String? = nil) throws -> Item {
        try itemLookup(kind, integration: integrationRef).find(ref, in: database)
    }

    private func itemLookup(_ kind: ItemKind, integration integrationRef: String?) throws -> Lookup<Item> {
        var lookup = Lookup.items(kind)
        if let integrationRef {
            lookup.narrow(toIntegration: try findIntegration(integrationRef).id, description: "that integration")
        }
        return lookup
    }

    /// All items of a kind the user may read, in creation order; only one integration's when given.
    public func items(_ kind: ItemKind, integration integrationRef: String? = nil) throws -> [Item] {
        try read {
            guard let integrationRef else {
                return try ItemRecord.all(kind, visibleTo: visibility, in: database)
            }
            return try items(kind, inIntegrationID: try integration(integrationRef).id)
        }
    }

    /// An integration's items in display order: flows by group (groups in order, unassigned
    /// last), then by creation.
    func items(_ kind: ItemKind, inIntegrationID id: String) throws -> [Item] {
        try ItemRecord.inIntegration(kind, id, in: database)
    }

    /// The flows of one flow group, in creation order.
    public func flows(inGroup ref: String, integration: String? = nil) throws -> [Item] {
        try read {
            let group = try findGroup(ref, integration: integration)
            try authorize(.read(try findIntegration(group.integrationID)))
            return try ItemRecord.flows(inGroup: group.id, in: database)
        }
    }

    // MARK: Creating

    /// Creates a flow, in a flow group of its integration when `group` names one.
    public func createFlow(
        name: String, integration: String? = nil, group: String? = nil, description: String = "", disabled: Bool = false
    ) throws -> Item {
        try createItem(name: name, integration: integration, description: description) { home in
            .flow(disabled: disabled, groupID: try group.map { try groupFor(home, $0).id }, steps: FlowStructure())
        }
    }

    /// A flow group of `integration` (Standalone has none).
    func groupFor(_ integration: Integration, _ ref: String) throws -> FlowGroup {
        try integration.refuseIfStandalone(.groups)
        return try findGroup(ref, integration: integration.id)
    }

    public func createAPI(
        name: String, integration: String? = nil, description: String = "", method: String = "GET", path: String = "/"
    ) throws -> Item {
        let details = ItemDetails.api(method: try Self.validMethod(method), path: try Self.validPath(path))
        return try createItem(name: name, integration: integration, description: description) { _ in details }
    }

    public func createTool(name: String, integration: String? = nil, description: String = "", inputSchema: String = "{}")
        throws -> Item
    {
        let details = ItemDetails.tool(inputSchema: try Self.validSchema(inputSchema))
        return try createItem(name: name, integration: integration, description: description) { _ in details }
    }

    /// Creates an item; `details` is worked out once its home integration is known.
    private func createItem(
        name: String, integration integrationRef: String?, description: String,
        details makeDetails: (Integration) throws -> ItemDetails
    ) throws -> Item {
        try write { audit in
            let home = try findIntegration(integrationRef ?? ResourceID.standalone)
            try authorize(.change(home))
            let details = try makeDetails(home)
            let name = try Limits.name(name, of: details.kind.label)
            let description = try Limits.description(description)
            let item = Item(
                id: ResourceID.make(at: audit.time), integrationID: home.id, name: name, description: description,
                details: details, createdAt: audit.time, updatedAt: audit.time, extra: JSONObject())
            try ItemRecord.insert(item, into: database)
            try audit.record(
                ResourceType(item.kind), id: item.id, name: item.name, integration: item.integrationID,
                action: .create)
            return item
        }
    }

    // MARK: Editing

    /// Changes the given fields; one audit row per field that really changed.
    public func editItem(_ kind: ItemKind, _ ref: String, integration: String? = nil, _ edit: ItemEdit) throws -> Item {
        try write { audit in
            let before = try findItem(kind, ref, integration: integration)
            try authorize(.change(try home(of: before)))
            var after = before
            if let name = edit.name { after.name = try Limits.name(name, of: kind.label) }
            if let description = edit.description { after.description = try Limits.description(description) }
            after.details = try Self.edited(before.details, with: edit)
            let changes = FieldChange.between(before.editableFields, after.editableFields)
            guard !changes.isEmpty else { return before }
            after.updatedAt = audit.time
            try ItemRecord.update(after, in: database)
            try audit.recordUpdates(
                ResourceType(kind), id: after.id, name: after.name, integration: after.integrationID, changes: changes)
            return after
        }
    }

    private static func edited(_ details: ItemDetails, with edit: ItemEdit) throws -> ItemDetails {
        switch details {
        case .flow(let disabled, let groupID, let steps):
            return .flow(disabled: edit.disabled ?? disabled, groupID: groupID, steps: steps)
        case .api(let method, let path):
            return .api(
                method: try edit.method.map(validMethod) ?? method, path: try edit.path.map(validPath) ?? path)
        case .tool(let schema):
            return .tool(inputSchema: try edit.inputSchema.map(validSchema) ?? schema)
        }
    }

    static func validMethod(_ method: String) throws -> String {
        let upper = method.trimmingBlanks().uppercased()
        guard httpMethods.contains(upper) else {
            throw WorkspaceError.invalid(
                "\"\(method)\" is not an HTTP method", hint: "use one of \(httpMethods.sorted().joined(separator: ", "))")
        }
        return upper
    }

    static func validPath(_ path: String) throws -> String {
        let trimmed = path.trimmingBlanks()
        guard trimmed.hasPrefix("/"), !trimmed.unicodeScalars.contains(where: { $0.properties.isWhitespace }) else {
            throw WorkspaceError.invalid("the API path \"\(path)\" must start with / and contain no blanks")
        }
        guard trimmed.count <= Limits.nameLength * 8 else { throw WorkspaceError.invalid("the API path is too long") }
        return trimmed
    }

    static func validSchema(_ text: String) throws -> JSONValue {
        guard text.utf8.count <= Limits.settingsBytes else {
            throw WorkspaceError.invalid("the input schema is over 1 MiB")
        }
        let schema = try JSONValue(parsing: text)
        guard case .object = schema else {
            throw WorkspaceError.invalid("the input schema must be a JSON object (a JSON Schema)")
        }
        return schema
    }

    // MARK: Moving and deleting

    /// Moves every REF to one integration, all or none. Flows take their steps along (their
    /// connections get registered there) and land in `group`, else unassigned; items already
    /// there only change group.
    public func moveItems(
        _ kind: ItemKind, _ refs: [String], to target: String, from source: String? = nil, group: String? = nil,
        force: Bool = false
    ) throws -> [Item] {
        guard kind == .flow || group == nil else { throw WorkspaceError.invalid("only flows belong to flow groups") }
        return try write { audit in
            let moving = try uniqueItems(kind, refs, integration: source)
            let destination = try findIntegration(target)
            try authorize(.change(destination))
            let landing = try group.map { try groupFor(destination, $0) }
            let moved = try relocate(moving, to: destination, group: landing, audit: audit)
            try settleAliases(force: force, audit: audit)
            return moved
        }
    }

    /// Deletes every REF, all or none; aliases naming a deleted flow or step are refused
    /// unless `force` removes them too.
    @discardableResult
    public func deleteItems(_ kind: ItemKind, _ refs: [String], integration: String? = nil, force: Bool = false)
        throws -> [Item]
    {
        try write { audit in
            let doomed = try uniqueItems(kind, refs, integration: integration)
            var drafts = try doomed.map { try binDraft(of: $0) }
            let deletedSteps = try remove(doomed, audit: audit)
            Self.narrowSteps(of: &drafts, to: Set(deletedSteps.map(\.id)))
            Self.claim(try settleAliases(force: force, audit: audit), into: &drafts)
            for draft in drafts { try putInBin(draft, audit: audit) }
            return doomed
        }
    }

    /// Resolves every REF, each of which the user must be allowed to change.
    private func uniqueItems(_ kind: ItemKind, _ refs: [String], integration: String?) throws -> [Item] {
        guard !refs.isEmpty else { throw WorkspaceError.invalid("name at least one \(kind.label)") }
        var seen = Set<String>()
        let items = try itemLookup(kind, integration: integration).findAll(refs, in: database).filter { seen.insert($0.id).inserted }
        for homeID in Set(items.map(\.integrationID)) { try authorize(.change(try findIntegration(homeID))) }
        return items
    }

    /// Moves items to `target`; flows take the exports and imports they use along (refused
    /// while one is also used by a flow that stays behind) and register their connections there.
    @discardableResult
    func relocate(_ items: [Item], to target: Integration, group: FlowGroup? = nil, audit: AuditWriter) throws -> [Item] {
        let leaving = items.filter { $0.kind == .flow && $0.integrationID != target.id }
        let taken = try steps(usedBy: leaving.map(\.id))
        try refuseSharedSteps(taken, movingFlows: Set(leaving.map(\.id)))
        // Every item that changes lands in the target and in `group` (else unassigned): items
        // already there without a new group are left alone.
        var changed: [ItemKind: [String]] = [:]
        let moved = try items.map { item in
            let staying = item.integrationID == target.id
            let groupID = group?.id ?? (staying ? item.groupID : nil)
            guard !staying || groupID != item.groupID else { return item }
            var moved = item
            moved.integrationID = target.id
            moved.updatedAt = audit.time
            if case .flow(let disabled, _, let steps) = item.details {
                moved.details = .flow(disabled: disabled, groupID: groupID, steps: steps)
            }
            changed[item.kind, default: []].append(item.id)
            if !staying {
                try audit.record(
                    ResourceType(item.kind), id: item.id, name: item.name, integration: target.id, action: .move,
                    change: FieldChange(path: "/_integrationId", old: .string(item.integrationID), new: .string(target.id)))
            }
            if groupID != item.groupID {
                try audit.record(
                    .flow, id: item.id, name: item.name, integration: target.id, action: .update,
                    change: FieldChange(
                        path: "/_flowGroupingId", old: item.groupID.map(JSONValue.string), new: groupID.map(JSONValue.string)))
            }
            return moved
        }
        for (kind, ids) in changed {
            try ItemRecord.relocate(ids, of: kind, to: target.id, group: group?.id, at: audit.time, in: database)
        }
        try moveSteps(taken, to: target, audit: audit)
        return moved
    }

    /// Refuses a move that would take an export or import away from a flow that stays.
    /// (One query, however many flows move.)
    private func refuseSharedSteps(_ steps: [Step], movingFlows: Set<String>) throws {
        let staying = try flowsUsing(steps.map(\.reference), except: movingFlows)
        guard let step = steps.first(where: { staying[$0.reference] != nil }), let flows = staying[step.reference] else {
            return
        }
        let movers = try flowsUsing(step.reference).filter { movingFlows.contains($0.id) }
        throw WorkspaceError.refused(
            "\(step.kind.rawValue) \"\(step.name)\" of \(Self.describeFlows(movers)) is also used by \(Self.describeFlows(flows)), which would stay behind",
            hint: "move those flows in the same command, or take the step out of one of them first")
    }

    /// Deletes items. A deleted flow takes with it the exports and imports that no remaining
    /// flow uses (those shared with another flow stay); returns those.
    @discardableResult
    func remove(_ items: [Item], audit: AuditWriter) throws -> [Step] {
        let flowIDs = items.filter { $0.kind == .flow }.map(\.id)
        let used = try steps(usedBy: flowIDs)
        for item in items {
            if item.kind == .flow { try removeAliases(ownedBy: .flow(item.id), audit: audit) }
            try ItemRecord.delete(item, from: database)
            try audit.record(
                ResourceType(item.kind), id: item.id, name: item.name, integration: item.integrationID,
                action: .delete)
        }
        let stillUsed = try flowsUsing(used.map(\.reference), except: [])
        let deleted = used.filter { stillUsed[$0.reference] == nil }
        try removeSteps(deleted, audit: audit)
        return deleted
    }
}
