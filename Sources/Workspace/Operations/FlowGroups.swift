/// Flow groups: named, ordered sections of one integration's flows (SPEC §2).
extension Workspace {

    func groups(ofIntegration integrationID: String) throws -> [FlowGroup] {
        try GroupRecord.inIntegration(integrationID, in: database)
    }

    func findGroup(_ ref: String, integration integrationRef: String? = nil) throws -> FlowGroup {
        var lookup = Lookup.groups
        if let integrationRef {
            lookup.narrow(toIntegration: try findIntegration(integrationRef).id, description: "that integration")
        }
        return try lookup.find(ref, in: database)
    }

    /// The names of the given flow groups, in one query (for tables that show group names).
    public func groupNames(_ ids: Set<String>) throws -> [String: String] {
        try ResourceRecord.names(of: .flowGroup, ids, in: database)
    }

    /// The groups of an integration in display order.
    public func groups(integration ref: String) throws -> [FlowGroup] {
        try read { try groups(ofIntegration: try integration(ref).id) }
    }

    public func createGroup(name: String, integration ref: String) throws -> FlowGroup {
        try write { audit in
            let integration = try findIntegration(ref)
            try authorize(.change(integration))
            try integration.refuseIfStandalone(.groups)
            let name = try validGroupName(name, in: integration.id)
            let position = try GroupRecord.nextPosition(in: integration.id, in: database)
            let group = FlowGroup(id: ResourceID.make(at: audit.time), integrationID: integration.id, name: name, position: position)
            try GroupRecord.insert(group, at: audit.time, into: database)
            try audit.record(.flowGroup, id: group.id, name: name, integration: integration.id, action: .create)
            return group
        }
    }

    public func renameGroup(_ ref: String, to newName: String, integration: String? = nil) throws -> FlowGroup {
        try write { audit in
            let before = try findGroup(ref, integration: integration)
            try authorize(.change(try findIntegration(before.integrationID)))
            let name = try validGroupName(newName, in: before.integrationID, except: before.id)
            guard name != before.name else { return before }
            var after = before
            after.name = name
            try GroupRecord.rename(after, at: audit.time, in: database)
            try audit.record(
                .flowGroup, id: before.id, name: name, integration: before.integrationID, action: .update,
                change: FieldChange(path: "/name", old: .string(before.name), new: .string(name)))
            return after
        }
    }

    /// Moves a group within its integration's display order.
    public func reorderGroup(_ ref: String, _ placement: Placement, integration: String? = nil) throws -> [FlowGroup] {
        try write { audit in
            let group = try findGroup(ref, integration: integration)
            try authorize(.change(try findIntegration(group.integrationID)))
            let all = try groups(ofIntegration: group.integrationID)
            let resolved = try placement.anchor.map {
                placement.anchored(to: try findGroup($0, integration: group.integrationID).id)
            } ?? placement
            let before = all.map(\.id)
            let after = resolved.apply(to: before, moving: group.id)
            guard after != before else { return all }
            try GroupRecord.storePositions(after, current: all, in: database)
            try audit.record(
                .flowGroup, id: group.id, name: group.name, integration: group.integrationID, action: .reorder,
                change: FieldChange(
                    path: "/position", old: .int(Int64(before.firstIndex(of: group.id) ?? 0)),
                    new: .int(Int64(after.firstIndex(of: group.id) ?? 0))))
            return try groups(ofIntegration: group.integrationID)
        }
    }

    /// Deletes a group; its flows become unassigned.
    @discardableResult
    public func deleteGroup(_ ref: String, integration: String? = nil) throws -> FlowGroup {
        try write { audit in
            let group = try findGroup(ref, integration: integration)
            let home = try findIntegration(group.integrationID)
            try authorize(.change(home))
            var draft = BinDraft(.flowGroup, id: group.id, name: group.name, home: home)
            draft.document.flowGroups = [DocumentGroup(group, settings: try SettingsRecord.document(of: .flowGroup, group.id, in: database))]
            draft.members = try ItemRecord.flows(inGroup: group.id, in: database).map(\.id)
            draft.position = try groups(ofIntegration: home.id).firstIndex { $0.id == group.id } ?? 0
            try removeGroup(group, audit: audit)
            try putInBin(draft, audit: audit)
            return group
        }
    }

    func removeGroup(_ group: FlowGroup, audit: AuditWriter) throws {
        for member in try ItemRecord.flows(inGroup: group.id, in: database) {
            try audit.record(
                .flow, id: member.id, name: member.name, integration: group.integrationID, action: .update,
                change: FieldChange(path: "/_flowGroupingId", old: .string(group.id), new: nil))
        }
        try ItemRecord.unassign(group: group.id, in: database)
        try GroupRecord.delete(group, from: database)
        try audit.record(.flowGroup, id: group.id, name: group.name, integration: group.integrationID, action: .delete)
    }

    func validGroupName(_ raw: String, in integrationID: String, except groupID: String? = nil) throws -> String {
        let name = try Limits.name(raw, of: "flow group")
        guard name.lowercased() != FlowGroup.reservedName.lowercased() else {
            throw WorkspaceError.refused("a flow group can't be called \(FlowGroup.reservedName): that is where ungrouped flows show")
        }
        guard try !GroupRecord.exists(name, in: integrationID, except: groupID, in: database) else {
            throw WorkspaceError.refused("the integration already has a flow group named \"\(name)\"")
        }
        return name
    }
}
