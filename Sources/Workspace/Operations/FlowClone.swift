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
                try insert(copy)
                try copySettings(of: step.kind.table, from: step.id, to: copy.id)
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
            try insert(copy)
            try indexSteps(of: copy)
            try copySettings(of: "flows", from: source.id, to: copy.id)
            try audit.record(
                .flow, id: copy.id, name: copy.name, integration: destination.id, action: .clone,
                change: FieldChange(path: "/_sourceId", old: nil, new: .string(source.id)))
            try registerConnections(of: copiedSteps, to: destination, audit: audit)
            try copyAliases(of: source.id, to: copy, remapping: remap, audit: audit)
            try settleAliases(force: false, audit: audit)
            return FlowView(flow: copy, steps: try stepViews(of: copy))
        }
    }

    /// Gives a copy its source's settings document as it is.
    private func copySettings(of table: String, from sourceID: String, to copyID: String) throws {
        try database.run(
            "UPDATE \(table) SET settings = (SELECT settings FROM \(table) WHERE id = ?) WHERE id = ?",
            [.text(sourceID), .text(copyID)])
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
                action: .clone, change: FieldChange(path: "/" + copied.targetType.field, old: nil, new: .string(copied.targetID)))
        }
    }
}
