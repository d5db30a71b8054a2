/// How `integration delete` treats what the integration holds.
public enum DeleteMode: Sendable {
    /// Refuse while it holds anything.
    case refuseIfNotEmpty
    /// Move its flows, APIs and tools to Standalone first.
    case detach
    /// Delete its flows, APIs and tools too.
    case cascade
}

extension Workspace {
    /// Resolves an integration REF (`none` or "Standalone flows" for the bucket) the user may read.
    public func integration(_ ref: String) throws -> Integration {
        try read {
            let integration = try findIntegration(ref)
            try authorize(.read(integration))
            return integration
        }
    }

    /// Resolves an integration REF without a permission check; the caller checks what it does.
    func findIntegration(_ ref: String) throws -> Integration {
        try Lookup.integrations.find(ref, in: database)
    }

    /// Integration names by id, in one query (for listings that name where things live).
    /// Only those the user may read: a name is not given away by its id.
    public func integrationNames(_ ids: Set<String>) throws -> [String: String] {
        try ResourceRecord.names(of: .integration, ids, in: database).filter { try access(to: $0.key) >= .monitor }
    }

    /// The integration an item lives in.
    func home(of item: Item) throws -> Integration {
        try findIntegration(item.integrationID)
    }

    public func createIntegration(name: String, description: String = "", readme: String = "") throws
        -> Integration
    {
        let now = Timestamp.now()
        let integration = Integration(
            id: ResourceID.make(at: now), name: try Limits.name(name, of: "integration"),
            description: try Limits.description(description), readme: try Limits.readme(readme),
            createdAt: now, updatedAt: now, extra: JSONObject())
        return try write { audit in
            try authorize(.manageIntegrations(nil))
            try IntegrationRecord.insert(integration, into: database)
            try audit.record(
                .integration, id: integration.id, name: integration.name, integration: integration.id,
                action: .create)
            return integration
        }
    }

    /// Every integration the user may read, with its counts, in the user's tile order.
    public func integrationSummaries() throws -> [IntegrationSummary] {
        try home(view: .tile)
    }

    /// The integrations listings show the user: all for roles that read everything, else
    /// Standalone and the integrations granted to them.
    /// A token scoped to some integrations shows those alone (and only where the user may read them).
    var visibility: Visibility {
        let byRole: Visibility = user.role.baseAccess == .none ? .granted(to: user.name) : .everything
        guard !scope.readsEverything else { return byRole }
        return .within(scope.integrationIDs, byRole)
    }

    /// An integration with its counts, flow groups and registered connections.
    public func integrationSummary(_ ref: String) throws -> IntegrationSummary {
        try read {
            let integration = try integration(ref)
            var summary = IntegrationSummary(integration: integration, counts: try SummaryRecord.counts(of: integration.id, in: database))
            summary.groups = try groups(ofIntegration: integration.id)
            summary.registeredConnectionIDs = try ConnectionRecord.registered(to: integration.id, in: database)
            if !integration.isStandalone { summary.aliases = try aliases(ownedBy: .integration(integration.id)) }
            summary.allowed = capabilities(on: integration, access: try access(to: integration.id))
            if !integration.isStandalone { summary.settings = try SettingsRecord.document(of: .integration, integration.id, in: database) }
            return summary
        }
    }

    /// Changes the given fields; one audit row per field that really changed.
    public func editIntegration(_ ref: String, name: String? = nil, description: String? = nil, readme: String? = nil)
        throws -> Integration
    {
        try write { audit in
            let before = try findIntegration(ref)
            try authorize(.change(before))
            try before.refuseIfStandalone(name == nil ? .edit : .rename)
            var after = before
            if let name { after.name = try Limits.name(name, of: "integration") }
            if let description { after.description = try Limits.description(description) }
            if let readme { after.readme = try Limits.readme(readme) }
            let changes = FieldChange.between(before.editableFields, after.editableFields)
            guard !changes.isEmpty else { return before }
            after.updatedAt = audit.time
            try IntegrationRecord.update(after, in: database)
            try audit.recordUpdates(
                .integration, id: after.id, name: after.name, integration: after.id, changes: changes)
            return after
        }
    }

    /// Deletes an integration; what it holds is refused, detached to Standalone or deleted with
    /// it. Its own aliases go with it; detached flows' aliases would dangle in Standalone, so
    /// `--detach` is refused while they exist unless `force` removes them.
    @discardableResult
    public func deleteIntegration(_ ref: String, mode: DeleteMode = .refuseIfNotEmpty, force: Bool = false) throws
        -> Integration
    {
        try write { audit in
            let integration = try findIntegration(ref)
            try authorize(.manageIntegrations(integration))
            try integration.refuseIfStandalone(.delete)
            // Its whole document, kept by a delete revision so that it can be restored.
            let document = try document(of: integration)
            let held = try ItemKind.allCases.flatMap { try items($0, inIntegrationID: integration.id) }
            let heldSteps = try steps(inIntegrationID: integration.id)
            let heldScripts = try ScriptRecord.inIntegration(integration.id, in: database)
            try removeAliases(ownedBy: .integration(integration.id), audit: audit)
            if !held.isEmpty || !heldSteps.isEmpty || !heldScripts.isEmpty {
                switch mode {
                case .refuseIfNotEmpty:
                    var counts = IntegrationCounts(of: held)
                    counts.exports = heldSteps.count { $0.kind == .export }
                    counts.imports = heldSteps.count { $0.kind == .import }
                    counts.scripts = heldScripts.count
                    throw WorkspaceError.refused(
                        "integration \"\(integration.name)\" is not empty: it holds \(counts.phrase)",
                        hint: "use --detach to move them to Standalone, or --cascade to delete them too")
                case .detach:
                    let standalone = try findIntegration(ResourceID.standalone)
                    try relocate(held, to: standalone, audit: audit)
                    // Read again: the flows took the exports and imports they use along.
                    try moveSteps(try steps(inIntegrationID: integration.id), to: standalone, audit: audit)
                    try removeScripts(heldScripts, of: integration, detach: true, audit: audit)
                case .cascade:
                    try remove(held, audit: audit)
                    // Read again: deleting the flows deleted the exports and imports only they used.
                    try removeSteps(try steps(inIntegrationID: integration.id), audit: audit)
                    try removeScripts(heldScripts, of: integration, detach: false, audit: audit)
                }
            }
            for group in try groups(ofIntegration: integration.id) { try removeGroup(group, audit: audit) }
            for connectionID in try registrations(ofIntegration: integration.id) {
                try unregister(try findConnection(connectionID), from: integration.id, audit: audit)
            }
            try revokeAllGrants(on: integration, audit: audit)
            try settleAliases(force: force, audit: audit)
            let revision = try recordRevision(.delete, of: integration, before: document.values, after: nil, audit: audit)
            // Its bin entry is its delete revision; what came along is what was deleted with it.
            var draft = BinDraft(.integration, id: integration.id, name: integration.name, home: integration)
            draft.document.flowGroups = document.flowGroups
            if mode == .cascade { draft.document = document }
            try putInBin(draft, audit: audit, id: revision.id, revision: revision.id)
            try IntegrationRecord.delete(integration, from: database)
            try audit.record(
                .integration, id: integration.id, name: integration.name, integration: integration.id,
                action: .delete)
            return integration
        }
    }
}
