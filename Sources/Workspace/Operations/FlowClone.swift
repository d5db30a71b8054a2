extension Workspace {
    /// Copies a flow with its exports and imports (new ids) into its own integration or
    /// `target`; default name `Clone - <name>`. The copy keeps its flow group only when it
    /// stays in the same integration; its connections are registered where it lands.
    public func cloneFlow(_ ref: String, to target: String? = nil, name: String? = nil, integration: String? = nil)
        throws -> FlowView
    {
        try write { audit in
            let source = try findItem(.flow, ref, integration: integration)
            let sourceHome = try home(of: source)
            try authorize(.read(sourceHome))
            let destination = try target.map(findIntegration) ?? sourceHome
            try authorize(.change(destination))
            var copy = Item(
                id: ResourceID.make(at: audit.time), integrationID: destination.id,
                name: try Limits.name(name ?? String("Clone - \(source.name)".prefix(Limits.nameLength)), of: "flow"),
                description: source.description, details: source.details, createdAt: audit.time,
                updatedAt: audit.time, extra: source.extra)
            if case .flow(let disabled, let groupID) = source.details {
                copy.details = .flow(disabled: disabled, groupID: destination.id == sourceHome.id ? groupID : nil)
            }
            try insert(copy)
            try audit.record(
                .flow, id: copy.id, name: copy.name, integration: destination.id, action: "clone",
                change: FieldChange(path: "/_sourceId", old: nil, new: .string(source.id)))
            let steps = try steps(ofFlow: source.id).map { step in
                let cloned = Step(
                    id: ResourceID.make(at: audit.time), kind: step.kind, flowID: copy.id, connectionID: step.connectionID,
                    lookup: step.lookup, position: step.position, name: step.name, description: step.description,
                    createdAt: audit.time, updatedAt: audit.time, extra: step.extra)
                try insert(cloned)
                try audit.record(
                    step.kind.resourceType, id: cloned.id, name: cloned.name, integration: destination.id,
                    action: "clone", change: FieldChange(path: "/_sourceId", old: nil, new: .string(step.id)))
                return cloned
            }
            try registerConnections(ofFlows: [copy], to: destination, audit: audit)
            let remap = Dictionary(uniqueKeysWithValues: zip(try self.steps(ofFlow: source.id).map(\.id), steps.map(\.id)))
            try copyAliases(of: source.id, to: copy, remapping: remap, audit: audit)
            try settleAliases(force: false, audit: audit)
            return FlowView(flow: copy, steps: steps)
        }
    }

    /// Gives the copy the source flow's aliases, pointed at the copied steps; an alias whose
    /// target is out of the copy's integration is not copied.
    private func copyAliases(of sourceID: String, to copy: Item, remapping: [String: String], audit: AuditWriter) throws {
        for alias in try aliases(ownedBy: .flow(sourceID)) {
            let copied = Alias(
                owner: .flow(copy.id), alias: alias.alias, description: alias.description, targetType: alias.targetType,
                targetID: remapping[alias.targetID] ?? alias.targetID)
            try insert(copied, at: audit.time)
            guard try isSound(copied) else {
                try database.run(
                    "DELETE FROM aliases WHERE owner_type = 'flow' AND owner_id = ? AND alias = ?",
                    [.text(copy.id), .text(copied.alias)])
                continue
            }
            try audit.record(
                .alias, id: "\(copy.id)/\(copied.alias)", name: copied.alias, integration: copy.integrationID,
                action: "clone", change: FieldChange(path: "/" + copied.targetType.field, old: nil, new: .string(copied.targetID)))
        }
    }
}
