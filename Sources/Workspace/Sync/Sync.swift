/// Git sync (`workspace sync push|pull|status INTEGRATION DIR`): an integration linked to a
/// folder by the clone-family mechanism, with the folder as the other side. Per integration and
/// lineage the workspace keeps a merge base (the folder's state last pushed or pulled, in the
/// folder's ids) and the id map from the folder's ids to its own. The folder keeps the ids of
/// the workspace that first wrote it, so a second workspace's push does not churn its files.
///
/// Sides are compared and merged as `synced` values: without `ioLayout` (how an integrator.io
/// file is written back: how a file looks, not what it says; the merged document takes the
/// folder's) and with the integration's own display order of flow groups and flows, which a
/// folder does not carry (each workspace keeps its own, as it keeps its pins). Flows' status and
/// connections' `offline` are each workspace's too: pull keeps the integration's, push keeps
/// the folder's.
struct SyncLink: Sendable {
    /// The folder's lineage (its marker's).
    let lineage: String
    /// The other side of the merge base: the lineage under a prefix no integration id has.
    var other: String { "sync:" + lineage }
}

/// What a link keeps beside its base: the id map (folder → workspace) and a digest of the
/// layout files the base was read from, so that an unchanged folder is known without reading
/// its thousands of files as a document.
struct SyncLinkState {
    var map: IDMap
    var files: String
    /// A digest of the integration as synced when the link was made, so that an unchanged
    /// integration is known without loading the base.
    var workspace: String
    /// The base's manifest, from which the next base is stored as a difference.
    var manifest: String? = nil

    var storedBytes: [UInt8] {
        var bytes: [UInt8] = []
        JSONValue.object(JSONObject([("files", .string(files)), ("ids", map.storedJSON), ("workspace", .string(workspace))]))
            .appendCompact(to: &bytes)
        return bytes
    }

    init(map: IDMap, files: String, workspace: String) {
        self.map = map
        self.files = files
        self.workspace = workspace
    }

    init(storedText text: String) throws {
        let value = try JSONValue(parsing: text)
        guard let files = value["files"]?.stringValue, let ids = value["ids"], let workspace = value["workspace"]?.stringValue else {
            throw WorkspaceError.damaged("a sync link's state is damaged")
        }
        self.init(map: try IDMap(stored: ids), files: files, workspace: workspace)
    }

    /// The integration's side as status compares it, in one SHA-256.
    static func digest(_ ours: DocumentValues) throws -> String {
        var bytes: [UInt8] = []
        for (key, value) in ours.synced(order: ours.displayOrder).entries {
            bytes += Array(key.description.utf8) + [0]
            value.appendCompact(to: &bytes)
            bytes.append(0)
        }
        return try AuditChain.sha256Hex(bytes)
    }

    /// One SHA-256 over every layout file's path and bytes, in path order.
    static func digest(_ files: DownloadFiles) throws -> String {
        var bytes: [UInt8] = []
        for (path, content) in files.files.sorted(by: { $0.key < $1.key }) {
            bytes += Array(path.utf8) + [0] + Array(String(content.count).utf8) + [0] + content
        }
        return try AuditChain.sha256Hex(bytes)
    }
}

/// What `sync push` did.
public struct SyncPushResult: Sendable {
    public let integration: Integration
    public let lineage: String
    public let written: [String]
    public let removed: [String]
    /// The layout files left as they were.
    public let unchanged: Int

    public var json: JSONValue {
        [
            "_integrationId": .string(integration.id), "integrationName": .string(integration.name), "lineage": .string(lineage),
            "written": .array(written.map(JSONValue.string)), "removed": .array(removed.map(JSONValue.string)),
            "unchanged": .int(Int64(unchanged)),
        ]
    }
}

/// What changed on each side since the merge base.
public struct SyncStatus: Sendable {
    public let integration: Integration
    public let lineage: String
    /// The folder's changes since the base.
    public let folder: DocumentDiff
    /// The integration's changes since the base.
    public let workspace: DocumentDiff

    public var json: JSONValue {
        [
            "_integrationId": .string(integration.id), "integrationName": .string(integration.name), "lineage": .string(lineage),
            "folder": folder.json, "workspace": workspace.json,
        ]
    }
}

extension Workspace {
    /// `sync push`: writes the integration into DIR (only the files that change), links a new
    /// folder, and refuses a folder changed since the base unless `force` (pull first, as git
    /// refuses a push that is not a fast-forward).
    public func syncPush(_ ref: String, to path: String, force: Bool = false) throws -> SyncPushResult {
        let folder = SyncFolder(path)
        return try write { audit in
            let integration = try syncedIntegration(ref)
            let current = try folder.files()
            let (link, state, folderState) = try pushTarget(integration, folder, current, force: force, at: audit.time)
            let ours = try document(of: integration).values
            let toFolder = Self.folderIDs(for: ours, known: (state?.map ?? [:]).inverse, integration: integration, at: audit.time)
            // A flow or connection the folder has keeps the folder's state: each workspace keeps its own.
            let inFolder = ours.translated(toFolder).withLocalState(of: folderState)
            let (wanted, _) = IntegratorIOWriter.files(of: IntegrationDocument.assemble(inFolder.byKey), withItems: true)
            // The folder is already what it would be: nothing to write, link or audit (git's "up to date").
            if state != nil, wanted.files == current.files {
                return SyncPushResult(integration: integration, lineage: link.lineage, written: [], removed: [], unchanged: wanted.files.count)
            }
            let base = try folderDocument(wanted, folder).values
            try storeLink(
                integration, link, base: base, files: wanted, ours: ours, map: toFolder.inverse, previous: state?.manifest, at: audit.time)
            let (written, removed) = try folder.update(to: wanted, from: current)
            if try folder.lineage() == nil { try folder.writeMarker(link.lineage) }
            try audit.record(
                .integration, id: integration.id, name: integration.name, integration: integration.id, action: .push,
                change: FieldChange(path: "/sync/" + link.lineage, old: nil, new: .string(folder.path)))
            return SyncPushResult(
                integration: integration, lineage: link.lineage, written: written, removed: removed,
                unchanged: wanted.files.count - written.count)
        }
    }

    /// `sync status`: what changed in the folder and in the integration since the base.
    public func syncStatus(_ ref: String, of path: String) throws -> SyncStatus {
        let folder = SyncFolder(path)
        return try read {
            let integration = try syncedIntegration(ref, access: .read(try findIntegration(ref)))
            let (link, state) = try linkedState(integration, folder)
            let ours = try document(of: integration).values
            let files = try folder.files()
            let oursChanged = try SyncLinkState.digest(ours) != state.workspace
            let folderChanged = try SyncLinkState.digest(files) != state.files
            guard oursChanged || folderChanged else {
                return SyncStatus(integration: integration, lineage: link.lineage, folder: .none, workspace: .none)
            }
            let base = try DocumentValues(stored: state.manifest ?? "", in: database)
            let order = ours.displayOrder
            let baseHere = base.translated(state.map)
            return SyncStatus(
                integration: integration, lineage: link.lineage, folder: try folderChanges(files, since: base, state, folder),
                workspace: oursChanged
                    ? DocumentDiff(from: baseHere.synced(order: order), to: ours.withLocalState(of: baseHere).synced(order: order)) : .none)
        }
    }

    /// `sync pull`: the folder's changes since the base merged into the integration, by
    /// revision pull's rules (conflicts leave everything unwritten unless `take`; the
    /// integration keeps its name and its flows their status; new flows arrive disabled).
    /// Records a `pull` revision naming the folder and moves the base to the folder's state.
    public func syncPull(
        _ ref: String, from path: String, description: String? = nil, dryRun: Bool = false, take: DocumentMerge.Side? = nil
    ) throws -> PullResult {
        let folder = SyncFolder(path)
        return try write { audit in
            let integration = try syncedIntegration(ref)
            let (link, base, state) = try linked(integration, folder)
            let files = try folder.files()
            let theirsDocument = try folderDocument(files, folder)
            let theirs = theirsDocument.values
            let toOurs = try workspaceIDs(for: theirsDocument, known: state.map, integration: integration, at: audit.time)
            let theirsInOurs = theirs.translated(toOurs)
            let oursDocument = try document(of: integration)
            let ours = oursDocument.values
            let order = ours.displayOrder
            let merge = DocumentMerge(
                base: base.translated(toOurs).synced(order: order), ours: ours.synced(order: order),
                theirs: theirsInOurs.synced(order: order), take: take)
            var wanted = merge.merged
            wanted.keep(of: oursDocument, name: integration.name)
            let result = ours.resolving(
                wanted.values, order: order, layouts: theirsInOurs.layouts.merging(ours.layouts) { folder, _ in folder },
                namedOnly: theirsInOurs.namedOnly)
            let diff = DocumentDiff(from: ours.synced(order: order), to: result.synced(order: nil))
            if (!merge.conflicts.isEmpty && take == nil) || dryRun {
                return PullResult(diff: diff, conflicts: merge.conflicts, applied: false, revision: nil, integration: integration, dryRun: dryRun)
            }
            var revision: Revision?
            var after = ours
            if !diff.isEmpty {
                // The merge read synced values (a stub connection as its id): the rules apply to the result.
                var problems: [String] = []
                let pulled = IntegrationDocument.assemble(result.byKey, problems: &problems)
                try replace(integration, current: ours, with: pulled, problems: problems, action: .pull, audit: audit)
                let now = try findIntegration(integration.id)
                after = try document(of: now).values
                revision = try recordRevision(
                    .pull, of: now, before: ours, after: after, description: description ?? "Pull from folder \(folder.path)", audit: audit)
            }
            try storeLink(integration, link, base: theirs, files: files, ours: after, map: toOurs, previous: state.manifest, at: audit.time)
            return PullResult(
                diff: diff, conflicts: merge.conflicts, applied: true, revision: revision, integration: try findIntegration(integration.id),
                dryRun: false)
        }
    }

    /// `integration install DIR --link`: installs the folder and links the new integration to
    /// it (base: the folder as read; id map: the folder's ids to the new ones), so that this
    /// workspace can follow what another pushes there. A folder without a marker gets one.
    public func installLinked(folder path: String, options: InstallOptions = InstallOptions()) throws -> InstallPlan {
        let folder = SyncFolder(path)
        let files = try folder.files()
        let lineage = try folder.lineage()
        let (json, notes) = try IntegratorIOReader.read(files)
        let (plan, link) = try write(source: .install) { audit -> (InstallPlan, SyncLink?) in
            try authorize(.manageIntegrations(nil))
            var problems: [String] = []
            guard let document = IntegrationDocument(parsing: json, problems: &problems) else { throw Self.refusal(problems) }
            let plan = try installing(document, purpose: .install(.integratorIO(notes: notes)), options: options, audit: audit, problems: problems)
            if options.dryRun { return (plan, nil) }
            var map: IDMap = [.integration: [document.integration.id: plan.integration.id]]
            for created in plan.created { map[created.kind, default: [:]][created.sourceID] = created.id }
            for connection in plan.connections { map[.connection, default: [:]][connection.sourceID] = connection.id }
            // A folder with a marker links here too: this workspace gets its own link to the lineage.
            let link = SyncLink(lineage: lineage ?? ResourceID.make(at: audit.time))
            let installed = try self.document(of: plan.integration).values
            try storeLink(plan.integration, link, base: document.values, files: files, ours: installed, map: map, previous: nil, at: audit.time)
            return (plan, link)
        }
        if let link, lineage == nil { try folder.writeMarker(link.lineage) }
        return plan
    }

    // MARK: The link

    /// Where a push goes: the folder's link (refused when the folder changed since its base,
    /// unless `force`), or a new one for an empty folder; with the link's state and base.
    private func pushTarget(_ integration: Integration, _ folder: SyncFolder, _ current: DownloadFiles, force: Bool, at time: Int64)
        throws -> (SyncLink, SyncLinkState?, DocumentValues?)
    {
        guard let lineage = try folder.lineage() else {
            guard current.files.isEmpty else {
                throw WorkspaceError.refused(
                    "\(folder.path) holds an integration but no sync marker",
                    hint: "link to it with `workspace integration install \(folder.path) --link`, or push to an empty folder")
            }
            return (SyncLink(lineage: ResourceID.make(at: time)), nil, nil)
        }
        let link = SyncLink(lineage: lineage)
        guard let (base, state) = try linkBase(integration, link) else {
            throw WorkspaceError.refused(
                "\(folder.path) is synced with another integration (lineage \(lineage))",
                hint: "link this workspace to it with `workspace integration install \(folder.path) --link`, or push to an empty folder")
        }
        let changed = try folderChanges(current, since: base, state, folder)
        guard changed.isEmpty || force else {
            throw WorkspaceError.refused(
                "\(folder.path) changed since it was last pushed or pulled (\(changed.changes.count) resource\(changed.changes.count == 1 ? "" : "s"))",
                hint: "`workspace sync pull` first (see `workspace sync status`), or --force to overwrite the folder")
        }
        return (link, state, base)
    }

    /// The integration to sync, which the caller may change (manage access), never Standalone.
    private func syncedIntegration(_ ref: String, access: Permission? = nil) throws -> Integration {
        let integration = try findIntegration(ref)
        try integration.refuseIfStandalone(.revisions)
        try authorize(access ?? .change(integration))
        return integration
    }

    /// The link, its base (the folder's ids) and its id map (folder → workspace), or a refusal
    /// saying how to make one.
    private func linked(_ integration: Integration, _ folder: SyncFolder) throws -> (SyncLink, DocumentValues, SyncLinkState) {
        let (link, state) = try linkedState(integration, folder)
        return (link, try DocumentValues(stored: state.manifest ?? "", in: database), state)
    }

    /// The link and its state, without its base.
    private func linkedState(_ integration: Integration, _ folder: SyncFolder) throws -> (SyncLink, SyncLinkState) {
        guard folder.exists else { throw WorkspaceError.notFound("no folder \(folder.path)") }
        guard let lineage = try folder.lineage() else {
            throw WorkspaceError.refused(
                "\(folder.path) is not a synced folder (it has no \(SyncFolder.markerName))",
                hint: "push the integration there first, or install it with `workspace integration install \(folder.path) --link`")
        }
        let link = SyncLink(lineage: lineage)
        guard let state = try linkState(integration, link) else {
            throw WorkspaceError.refused(
                "\"\(integration.name)\" is not linked to \(folder.path) (lineage \(lineage))",
                hint: "install the folder with `workspace integration install \(folder.path) --link`")
        }
        return (link, state)
    }

    private func linkBase(_ integration: Integration, _ link: SyncLink) throws -> (DocumentValues, SyncLinkState)? {
        guard let state = try linkState(integration, link) else { return nil }
        return (try DocumentValues(stored: state.manifest ?? "", in: database), state)
    }

    private func linkState(_ integration: Integration, _ link: SyncLink) throws -> SyncLinkState? {
        guard let stored = try BlobRecord.mergeBase(of: integration.id, with: link.other, in: database) else { return nil }
        guard let text = try BlobRecord.content(stored.idMap, in: database) else {
            throw WorkspaceError.damaged("the sync base of \"\(integration.name)\" is missing its id map")
        }
        var state = try SyncLinkState(storedText: text)
        state.manifest = stored.manifest
        return state
    }

    /// The base (stored as the difference from the one before), the id map and the files' digest.
    private func storeLink(
        _ integration: Integration, _ link: SyncLink, base: DocumentValues, files: DownloadFiles, ours: DocumentValues, map: IDMap,
        previous: String?, at time: Int64
    ) throws {
        let state = SyncLinkState(map: map, files: try SyncLinkState.digest(files), workspace: try SyncLinkState.digest(ours))
        try BlobRecord.storeMergeBase(
            of: integration.id, with: link.other, manifest: try base.store(in: database, base: previous),
            idMap: try BlobRecord.store(state.storedBytes, in: database), at: time, in: database)
    }

    /// What changed in the folder since the base: nothing when its files are the ones the base
    /// was read from (known by their digest, without reading them as a document).
    private func folderChanges(_ files: DownloadFiles, since base: DocumentValues, _ state: SyncLinkState, _ folder: SyncFolder) throws
        -> DocumentDiff
    {
        if try SyncLinkState.digest(files) == state.files { return .none }
        return DocumentDiff(from: base.synced(order: nil), to: try folderDocument(files, folder).values.synced(order: nil))
    }

    // MARK: The sides

    /// The folder's files as a document, checked as an install checks a folder (every problem
    /// at once, nothing written).
    private func folderDocument(_ files: DownloadFiles, _ folder: SyncFolder) throws -> IntegrationDocument {
        guard !files.files.isEmpty else { throw WorkspaceError.invalid("\(folder.path) holds no integration (no integration.json)") }
        let (json, _) = try IntegratorIOReader.read(files)
        var problems: [String] = []
        guard let document = IntegrationDocument(parsing: json, problems: &problems) else { throw Self.refusal(problems) }
        problems += DocumentReferences(document, scriptsMustResolve: false).problems
        guard problems.isEmpty else { throw Self.refusal(problems) }
        return document
    }

    /// Workspace ids → the folder's: those the link knows, and a resource new to the folder
    /// keeps its own id (this workspace writes it first).
    static func folderIDs(for ours: DocumentValues, known: IDMap, integration: Integration, at time: Int64) -> IDMap {
        var map = known
        if map[.integration]?[integration.id] == nil { map[.integration, default: [:]][integration.id] = integration.id }
        let taken = known.mapValues { Set($0.values) }
        for case (.resource(let kind, let id), _) in ours.entries where map[kind]?[id] == nil {
            map[kind, default: [:]][id] = taken[kind]?.contains(id) == true ? ResourceID.make(at: time) : id
        }
        return map
    }

    /// The folder's ids → this workspace's: those the link knows; a connection this workspace
    /// has under the same id is that one; anything else new gets a new id.
    private func workspaceIDs(for theirs: IntegrationDocument, known: IDMap, integration: Integration, at time: Int64) throws -> IDMap {
        var map = known
        map[.integration, default: [:]][theirs.integration.id] = integration.id
        for (kind, resources) in theirs.resourceLists {
            for resource in resources where map[kind]?[resource.id] == nil {
                let existing = kind == .connection ? try? ConnectionRecord.find(id: resource.id, in: database) : nil
                map[kind, default: [:]][resource.id] = existing == nil ? ResourceID.make(at: time) : resource.id
            }
        }
        return map
    }
}

extension DocumentValues {
    /// What sync compares: every resource without its `ioLayout`, aliases by name, a connection
    /// the folder does not hold by its id alone, and the display order `order` (the
    /// integration's own), or the one these values have.
    func synced(order: JSONValue?) -> DocumentValues {
        DocumentValues(entries: entries.map { key, value in
            if key == .order, let order { return (key, order) }
            if key == .aliases { return (key, Self.byName(value)) }
            guard case .object(var object) = value else { return (key, value) }
            // A connection the folder only names (its files hold none) is, to the folder, its id.
            if case .resource(.connection, _) = key, !IOLayout.isContained(object) { return (key, ["_id": object["_id"] ?? .null]) }
            object[IOLayout.field] = nil
            if let aliases = object["aliases"] { object["aliases"] = Self.byName(aliases) }
            return (key, .object(object))
        })
    }

    /// An alias list in name order: the order a file lists aliases in is how it looks.
    private static func byName(_ aliases: JSONValue) -> JSONValue {
        guard case .array(let list) = aliases else { return aliases }
        return .array(list.sorted { ($0["alias"]?.stringValue ?? "") < ($1["alias"]?.stringValue ?? "") })
    }

    /// Each flow and connection `other` has with the state it has there: a flow's status
    /// (`disabled`), a connection's `offline`. They say what runs where, not what it is.
    func withLocalState(of other: DocumentValues?) -> DocumentValues {
        guard let other else { return self }
        let there = other.byKey
        return DocumentValues(entries: entries.map { key, value in
            guard case .resource(let kind, _) = key, kind == .flow || kind == .connection, case .object(var object) = value else {
                return (key, value)
            }
            let field = kind == .flow ? "disabled" : "offline"
            guard let state = there[key]?[field] else { return (key, value) }
            object[field] = state
            return (key, .object(object))
        })
    }

    /// The display order of flow groups and flows.
    var displayOrder: JSONValue? { entries.last { $0.key == .order }?.value }

    /// The merged values made whole again: a resource the merge left as these values have it
    /// (compared as synced), or a connection the folder only names (it can say nothing of
    /// it), keeps its own full value; any other takes the layout given for it (the folder's:
    /// how its file looks).
    func resolving(
        _ merged: DocumentValues, order: JSONValue?, layouts: [ResourceKey: JSONValue], namedOnly: Set<ResourceKey>
    ) -> DocumentValues {
        let own = byKey
        let ownSynced = synced(order: order).byKey
        return DocumentValues(entries: merged.entries.map { key, value in
            if ownSynced[key] == value || namedOnly.contains(key), let original = own[key] { return (key, original) }
            guard case .object(var object) = value, let layout = layouts[key] else { return (key, value) }
            object[IOLayout.field] = layout
            return (key, .object(object))
        })
    }

    /// The connections these values name but do not hold (a download's stubs).
    var namedOnly: Set<ResourceKey> {
        Set(entries.compactMap { key, value in
            guard case .resource(.connection, _) = key, let object = value.objectValue, !IOLayout.isContained(object) else { return nil }
            return key
        })
    }

    /// Each resource's `ioLayout`.
    var layouts: [ResourceKey: JSONValue] {
        var layouts: [ResourceKey: JSONValue] = [:]
        for (key, value) in entries { if let layout = value[IOLayout.field] { layouts[key] = layout } }
        return layouts
    }
}
