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
            let sourceSteps = try steps(usedBy: [source.id])
            var remap: [String: String] = [:]
            let copiedSteps = try sourceSteps.map { step in
                let copy = Step(
                    id: ResourceID.make(at: audit.time), kind: step.kind, integrationID: destination.id,
                    connectionID: step.connectionID, lookup: step.lookup, name: step.name, description: step.description,
                    createdAt: audit.time, updatedAt: audit.time, extra: step.extra)
                remap[step.id] = copy.id
                try StepRecord.insert(copy, into: database)
                try SettingsRecord.copy(of: step.kind.resource, from: step.id, to: copy.id, in: database)
                try audit.record(
                    step.kind.resourceType, id: copy.id, name: copy.name, integration: destination.id, action: .clone,
                    change: FieldChange(path: "/_sourceId", old: nil, new: .string(step.id)))
                return copy
            }
            let copy = Item(
                id: ResourceID.make(at: audit.time), integrationID: destination.id,
                name: try Limits.name(name ?? String("Clone - \(source.name)".prefix(Limits.nameLength)), of: "flow"),
                description: source.description,
                details: .flow(
                    disabled: source.isDisabled, groupID: destination.id == sourceHome.id ? source.groupID : nil,
                    steps: source.structure.remapping(remap)),
                createdAt: audit.time, updatedAt: audit.time, extra: source.extra)
            try ItemRecord.insert(copy, into: database)
            try SettingsRecord.copy(of: .flow, from: source.id, to: copy.id, in: database)
            try audit.record(
                .flow, id: copy.id, name: copy.name, integration: destination.id, action: .clone,
                change: FieldChange(path: "/_sourceId", old: nil, new: .string(source.id)))
            try registerConnections(of: copiedSteps, to: destination, audit: audit)
            try copyAliases(of: source.id, to: copy, remapping: remap, audit: audit)
            try settleAliases(force: false, audit: audit)
            return FlowView(flow: copy, steps: try stepViews(of: copy))
        }
    }

    /// Gives the copy the source flow's aliases, pointed at the copied steps; an alias whose
    /// target is out of the copy's integration is not copied.
    private func copyAliases(of sourceID: String, to copy: Item, remapping: [String: String], audit: AuditWriter) throws {
        for alias in try aliases(ownedBy: .flow(sourceID)) {
            let copied = Alias(
                owner: .flow(copy.id), alias: alias.alias, description: alias.description, targetType: alias.targetType,
                targetID: remapping[alias.targetID] ?? alias.targetID)
            try AliasRecord.insert(copied, at: audit.time, into: database)
            guard try isSound(copied) else {
                try AliasRecord.delete(copied, from: database)
                continue
            }
            try audit.record(
                .alias, id: "\(copy.id)/\(copied.alias)", name: copied.alias, integration: copy.integrationID,
                action: .clone, change: FieldChange(path: "/" + copied.targetType.field, old: nil, new: .string(copied.targetID)))
        }
    }
}
