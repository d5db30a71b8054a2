/// What a restore from the recycle bin brought back, and where.
public struct BinRestore: Sendable {
    public let entry: BinEntry
    /// Where it went (nil for a connection, which belongs to the account).
    public let integration: Integration?
    /// Every resource that came back, with the `_id` it has now.
    public let restored: [InstallPlan.Created]
    /// Places that were gone: flows a step could not go back into.
    public let notPlaced: [String]

    /// The entry's own resource as it came back.
    public var main: InstallPlan.Created? {
        restored.first { $0.kind == entry.kind && $0.sourceID == entry.resourceID }
    }

    public var json: JSONValue {
        [
            "entry": entry.json,
            "integration": integration.map { ["_id": .string($0.id), "name": .string($0.name)] } ?? .null,
            "restored": .array(restored.map(\.json)), "notPlaced": .array(notPlaced.map(JSONValue.string)),
        ]
    }

    public static let shape = JSONShape.named(
        "RecycleBinRestore",
        .record([
            .field("entry", BinEntry.shape), .field("integration", .nullable(.reference)),
            .field("restored", .array(InstallPlan.Created.shape)), .field("notPlaced", .array(.string)),
        ]))
}

extension Workspace {
    /// `recycle-bin restore ENTRY [--name NAME] [--into INTEGRATION]`: puts an entry back where
    /// it was (its integration, flow group and places among a flow's steps where they still
    /// exist), each resource under its own `_id` when that is free, with settings, aliases and
    /// registrations. Needs what creating needs there. A place that is gone is refused (exit
    /// 1) naming it; every rule holds, so a restore that would break one writes nothing.
    public func restoreFromBin(_ id: String, name: String? = nil, into target: String? = nil) throws -> BinRestore {
        try write(source: .install) { audit in
            let entry = try readableBinEntry(id)
            let contents = try BinRecord.contents(of: entry.id, in: database)
            let result: BinRestore
            switch entry.kind {
            case .integration:
                guard target == nil else {
                    throw WorkspaceError.invalid("an integration comes back as itself: --into is for what was in one")
                }
                let plan = try restoreIntegration(entry, name: name, audit: audit)
                result = BinRestore(entry: entry, integration: plan.integration, restored: plan.created, notPlaced: [])
            case .connection:
                guard target == nil else {
                    throw WorkspaceError.invalid("a connection belongs to the account: --into is for what was in an integration")
                }
                result = try restoreConnection(entry, contents, name: name, audit: audit)
            case .flowGroup:
                result = try restoreGroup(entry, contents, name: name, into: try home(for: entry, into: target), audit: audit)
            default:
                result = try restorePart(entry, contents, name: name, into: try home(for: entry, into: target), audit: audit)
            }
            try BinRecord.delete(entry.id, from: database)
            return result
        }
    }

    /// The integration an entry goes back into: `--into`, else the one it was in, which must
    /// still be there.
    private func home(for entry: BinEntry, into target: String?) throws -> Integration {
        if let target { return try findIntegration(target) }
        guard let id = entry.integrationID, let home = try integrationIfPresent(id) else {
            throw WorkspaceError.refused(
                "\(entry.kind.label) \"\(entry.name)\" was in integration \"\(entry.integrationName)\" (\(entry.integrationID ?? "")), which is gone",
                hint: "restore that integration first, or put it elsewhere with --into INTEGRATION")
        }
        return home
    }

    /// A deleted integration, from its delete revision (as `revision restore` does).
    func restoreIntegration(_ entry: BinEntry, name: String?, audit: AuditWriter) throws -> InstallPlan {
        try authorize(.manageIntegrations(nil))
        guard let revisionID = entry.revisionID, let revision = try RevisionRecord.find(revisionID, in: database),
            let manifest = revision.before
        else { throw WorkspaceError.damaged("recycle bin entry \(entry.id) names no delete revision it can restore") }
        var problems: [String] = []
        let document = try IntegrationDocument.load(manifest, in: database, problems: &problems)
        let wanted = try Limits.name(name ?? revision.integrationName, of: "integration")
        if try IntegrationRecord.named(wanted, in: database) {
            throw WorkspaceError.refused(
                "an integration is already named \"\(wanted)\"", hint: "give the restored one another: --name NAME")
        }
        var options = InstallOptions(name: wanted)
        options.keptIntegrationID = try integrationIfPresent(revision.integrationID) == nil ? revision.integrationID : nil
        options.takenIDs = try idsElsewhere(of: document)
        return try installing(document, purpose: .restore(revision), options: options, audit: audit, problems: problems)
    }

    /// Flows, exports, imports, APIs, tools and scripts, with what went along with them.
    private func restorePart(_ entry: BinEntry, _ contents: JSONValue, name: String?, into home: Integration, audit: AuditWriter)
        throws -> BinRestore
    {
        try authorize(.change(home))
        var document = try Self.document(in: contents, of: entry)
        if let name { try document.rename(entry.resourceID, of: entry.kind, to: try Limits.name(name, of: entry.kind.label)) }
        let groups = home.id == entry.integrationID ? Set(try groups(ofIntegration: home.id).map(\.id)) : []
        var options = InstallOptions()
        options.takenIDs = try idsElsewhere(of: document)
        var installer = Installer(workspace: self, document: document, purpose: .binRestore(into: home, groups: groups), options: options, audit: audit)
        let restored = try installer.restorePart()
        let ids = Dictionary(restored.map { ($0.sourceID, $0.id) }, uniquingKeysWith: { first, _ in first })
        try dropMissingSteps(of: restored.filter { $0.kind == .flow }.map(\.id), audit: audit)
        let notPlaced = try placeSteps(Self.uses(in: contents), ids: ids, home: home, audit: audit)
        try restoreAliases(Self.aliases(in: contents), ids: ids, within: home.id, audit: audit)
        return BinRestore(entry: entry, integration: home, restored: restored, notPlaced: notPlaced)
    }

    /// A flow group at its old place among the groups, with its flows that are still there and
    /// in no group.
    private func restoreGroup(_ entry: BinEntry, _ contents: JSONValue, name: String?, into home: Integration, audit: AuditWriter)
        throws -> BinRestore
    {
        try authorize(.change(home))
        try home.refuseIfStandalone(.groups)
        guard let part = try Self.document(in: contents, of: entry).flowGroups.first else {
            throw WorkspaceError.damaged("recycle bin entry \(entry.id) holds no flow group")
        }
        let groupName = try validGroupName(name ?? part.name, in: home.id)
        let current = try groups(ofIntegration: home.id)
        let id = try ResourceRecord.ids([part.id], of: .flowGroup, outside: "", in: database).isEmpty
            ? part.id : ResourceID.make(at: audit.time)
        let group = FlowGroup(id: id, integrationID: home.id, name: groupName, position: Int64(current.count), extra: part.kept)
        try GroupRecord.insert(group, at: audit.time, into: database)
        try SettingsRecord.store(part.settings, of: .flowGroup, group.id, at: audit.time, in: database)
        var order = current.map(\.id)
        var position = order.count
        if case .int(let old)? = contents["position"] { position = min(Int(old), order.count) }
        order.insert(group.id, at: position)
        try GroupRecord.storePositions(order, current: current + [group], in: database)
        try audit.record(
            .flowGroup, id: group.id, name: group.name, integration: home.id, action: .restore,
            change: FieldChange(path: "/_sourceId", old: nil, new: .string(part.id)))
        let members = Set(contents["members"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        let back = try items(.flow, inIntegrationID: home.id).filter { members.contains($0.id) && $0.groupID == nil }
        try ItemRecord.relocate(back.map(\.id), of: .flow, to: home.id, group: group.id, at: audit.time, in: database)
        for flow in back {
            try audit.record(
                .flow, id: flow.id, name: flow.name, integration: home.id, action: .update,
                change: FieldChange(path: "/_flowGroupingId", old: nil, new: .string(group.id)))
        }
        let created = InstallPlan.Created(kind: .flowGroup, sourceID: part.id, id: group.id, name: group.name)
        let gone = members.subtracting(back.map(\.id)).sorted()
        return BinRestore(entry: entry, integration: home, restored: [created], notPlaced: gone)
    }

    /// A connection (offline or not, as it was), registered again where those integrations remain.
    private func restoreConnection(_ entry: BinEntry, _ contents: JSONValue, name: String?, audit: AuditWriter) throws -> BinRestore {
        try authorize(.manageConnections)
        guard let part = try Self.document(in: contents, of: entry).connections.first else {
            throw WorkspaceError.damaged("recycle bin entry \(entry.id) holds no connection")
        }
        let id = try ConnectionRecord.find(id: part.id, in: database) == nil ? part.id : ResourceID.make(at: audit.time)
        let connection = Connection(
            id: id, name: try Limits.name(name ?? part.name, of: "connection"), type: part.type, description: part.description,
            offline: part.offline, createdAt: audit.time, updatedAt: audit.time, extra: part.kept)
        try ConnectionRecord.insert(connection, into: database)
        try SettingsRecord.store(part.settings, of: .connection, connection.id, at: audit.time, in: database)
        try audit.record(
            .connection, id: connection.id, name: connection.name, integration: nil, action: .restore,
            change: FieldChange(path: "/_sourceId", old: nil, new: .string(part.id)))
        var notPlaced: [String] = []
        for integrationID in contents["registrations"]?.arrayValue?.compactMap(\.stringValue) ?? [] {
            guard let integration = try integrationIfPresent(integrationID) else {
                notPlaced.append(integrationID)
                continue
            }
            try register(connection, to: integration, audit: audit)
        }
        try restoreAliases(Self.aliases(in: contents), ids: [part.id: connection.id], audit: audit)
        return BinRestore(
            entry: entry, integration: nil,
            restored: [InstallPlan.Created(kind: .connection, sourceID: part.id, id: connection.id, name: connection.name)],
            notPlaced: notPlaced)
    }

    /// A restored flow may name a shared step that has been deleted since, or that stays in
    /// another integration (a restore `--into`): that entry goes, since a flow names only
    /// its own integration's steps.
    private func dropMissingSteps(of flowIDs: [String], audit: AuditWriter) throws {
        for flowID in flowIDs {
            var flow = try findItem(.flow, flowID)
            let references = flow.structure.references
            let existing = Set(
                try StepRecord.all(references, in: database).filter { $0.integrationID == flow.integrationID }.map(\.reference))
            let missing = Set(references).subtracting(existing)
            guard !missing.isEmpty else { continue }
            try changeStructure(of: &flow, audit: audit) { structure in for reference in missing { structure.removeAll(reference) } }
        }
    }

    /// A deleted export or import back into the flows it was taken out of, where they and their
    /// list remain; returns the flows it could not go back into.
    private func placeSteps(_ places: [StepPlace], ids: [String: String], home: Integration, audit: AuditWriter) throws -> [String] {
        var notPlaced: [String] = []
        for place in places.sorted(by: { ($0.flowID, $0.index) < ($1.flowID, $1.index) }) {
            guard var flow = try? findItem(.flow, place.flowID), flow.integrationID == home.id,
                place.list == .generators || place.list == .processors || flow.structure.lists.contains(place.list)
            else {
                if !notPlaced.contains(place.flowID) { notPlaced.append(place.flowID) }
                continue
            }
            var count = 0
            let entry = IDFields.remapped(place.entry, [.export: ids, .import: ids], count: &count)
            try changeStructure(of: &flow, audit: audit) { structure in
                let anchorPresent = place.after.map { anchor in
                    structure.entries(of: place.list).contains { FlowStep($0, list: place.list, index: 0)?.reference == anchor }
                } ?? false
                if anchorPresent {
                    structure.insert(entry, into: place.list, .after(""), anchor: place.after)
                } else {
                    var entries = structure.entries(of: place.list)
                    entries.insert(entry, at: min(place.after == nil ? 0 : place.index, entries.count))
                    structure.setEntries(entries, of: place.list)
                }
            }
        }
        return notPlaced
    }

    /// Aliases the delete removed, back on their owners (those gone, or outside `within` when
    /// it is given, are left out); the alias rule holds: a name taken since refuses the restore.
    private func restoreAliases(_ aliases: [Alias], ids: [String: String], within home: String? = nil, audit: AuditWriter) throws {
        for removed in aliases {
            let owner = removed.owner
            let ownerHome: String?
            switch owner {
            case .integration(let id): ownerHome = try integrationIfPresent(id)?.id
            case .flow(let id): ownerHome = try ItemRecord.integrationID(ofFlow: id, in: database)
            }
            guard let ownerHome, home == nil || ownerHome == home else { continue }
            if try AliasRecord.exists(removed.alias, ownedBy: owner, in: database) {
                throw WorkspaceError.refused(
                    "alias \(removed.alias) is taken since it was removed: restoring it would break the alias rule",
                    hint: "delete or rename that alias first (`workspace alias delete`)")
            }
            let alias = Alias(
                owner: owner, alias: removed.alias, description: removed.description, targetType: removed.targetType,
                targetID: ids[removed.targetID] ?? removed.targetID)
            try AliasRecord.insert(alias, at: audit.time, into: database)
            try audit.record(
                .alias, id: "\(owner.id)/\(alias.alias)", name: alias.alias, integration: ownerHome,
                action: .restore, change: FieldChange(path: "/" + alias.targetType.field, old: nil, new: .string(alias.targetID)))
        }
        try settleAliases(force: false, audit: audit)
    }

    // MARK: Contents

    static func document(in contents: JSONValue, of entry: BinEntry) throws -> IntegrationDocument {
        guard case .object(let json)? = contents["document"] else {
            throw WorkspaceError.damaged("recycle bin entry \(entry.id) keeps no document")
        }
        return IntegrationDocument(json: json)
    }

    static func uses(in contents: JSONValue) -> [StepPlace] {
        contents["uses"]?.arrayValue?.compactMap(StepPlace.init) ?? []
    }

    static func aliases(in contents: JSONValue) -> [Alias] {
        contents["aliases"]?.arrayValue?.compactMap { Alias(bin: $0) } ?? []
    }
}

extension IntegrationDocument {
    /// Renames the resource `id` of a kind (a restore under `--name`).
    mutating func rename(_ id: String, of kind: ResourceKind, to name: String) throws {
        switch kind {
        case .flow: if let index = flows.firstIndex(where: { $0.id == id }) { flows[index].name = name }
        case .export: if let index = exports.firstIndex(where: { $0.id == id }) { exports[index].name = name }
        case .import: if let index = imports.firstIndex(where: { $0.id == id }) { imports[index].name = name }
        case .api: if let index = apis.firstIndex(where: { $0.id == id }) { apis[index].name = name }
        case .tool: if let index = tools.firstIndex(where: { $0.id == id }) { tools[index].name = name }
        case .script: if let index = scripts.firstIndex(where: { $0.id == id }) { scripts[index].name = name }
        case .integration, .flowGroup, .connection: throw WorkspaceError.damaged("a \(kind.label) is not renamed in a document part")
        }
    }
}
