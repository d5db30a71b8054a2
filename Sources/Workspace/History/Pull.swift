/// What a pull did (or, in a dry run or refused for conflicts, would do).
public struct PullResult: Sendable {
    /// Ours before → ours after the merge.
    public let diff: DocumentDiff
    public let conflicts: [DocumentMerge.Conflict]
    /// Written: not a dry run, and no conflict left unsettled.
    public let applied: Bool
    public let revision: Revision?
    /// The integration that takes the changes, after them (as it is, when nothing was written).
    public let integration: Integration
    public let dryRun: Bool

    public var result: LifecycleResult {
        LifecycleResult(
            integration: integration, revision: revision,
            plan: JSONObject([
                ("dryRun", .bool(dryRun)), ("applied", .bool(applied)), ("changes", diff.json),
                ("conflicts", .array(conflicts.map(\.json))),
            ]))
    }

    public var json: JSONValue { result.json }

    public static let shape = LifecycleResult.shape(
        "Pulled",
        plan: .record([
            .field("dryRun", .boolean), .field("applied", .boolean), .field("changes", DocumentDiff.shape),
            .field("conflicts", .array(DocumentMerge.Conflict.shape)),
        ]))

    /// What the CLI (exit 1) and the API (409, with the conflicts) say of conflicts left unsettled.
    public var conflictRefusal: WorkspaceError {
        WorkspaceError(
            .refused, "\(conflicts.count) conflict\(conflicts.count == 1 ? "" : "s"): nothing was pulled",
            hint: "settle them with --take ours or --take theirs (take in the API), or change one side and pull again")
    }
}

extension Workspace {
    /// `revision pull INTEGRATION --from CLONE`: a three-way merge of the other side's changes
    /// since the merge base (the clone, or the last pull) into INTEGRATION, only between an
    /// integration and its direct clone or source. Conflicts leave everything unwritten unless
    /// `take` settles them. Records a `pull` revision and the new merge base.
    public func pull(
        _ ref: String, from otherRef: String, description: String? = nil, dryRun: Bool = false, take: DocumentMerge.Side? = nil
    ) throws -> PullResult {
        try write { audit in
            let ours = try findIntegration(ref)
            let theirs = try findIntegration(otherRef)
            try ours.refuseIfStandalone(.revisions)
            try theirs.refuseIfStandalone(.revisions)
            try authorize(.change(ours))
            try authorize(.read(theirs))
            let oursIsClone: Bool
            if ours.sourceID == theirs.id {
                oursIsClone = true
            } else if theirs.sourceID == ours.id {
                oursIsClone = false
            } else {
                throw WorkspaceError.refused(
                    "\"\(ours.name)\" and \"\(theirs.name)\" are not an integration and its clone",
                    hint: "pull works between an integration and its direct clone or source, either way")
            }
            let (clone, source) = oursIsClone ? (ours, theirs) : (theirs, ours)
            guard let base = try BlobRecord.mergeBase(of: clone.id, with: source.id, in: database),
                let mapText = try BlobRecord.content(base.idMap, in: database)
            else { throw WorkspaceError.damaged("the merge base of \"\(clone.name)\" with \"\(source.name)\" is missing") }
            let sourceToClone = try IDMap(storedText: mapText)
            var toOurs = oursIsClone ? sourceToClone : sourceToClone.inverse
            let oursDocument = try document(of: ours)
            let oursValues = oursDocument.values
            let theirsDocument = try document(of: theirs)
            // What theirs made since gets new ids here; connections are shared, so keep theirs.
            for (kind, resources) in theirsDocument.resourceLists where kind != .connection {
                for resource in resources where toOurs[kind]?[resource.id] == nil {
                    toOurs[kind, default: [:]][resource.id] = ResourceID.make(at: audit.time)
                }
            }
            toOurs[.integration, default: [:]][theirs.id] = ours.id
            // Each side rendered once, the base read as stored; theirs and a clone's base in our ids.
            let theirsValues = theirsDocument.values
            let theirsInOurs = theirsValues.translated(toOurs)
            let baseValues = try DocumentValues(stored: base.manifest, in: database)
            let merge = DocumentMerge(
                base: oursIsClone ? baseValues.translated(sourceToClone) : baseValues, ours: oursValues, theirs: theirsInOurs,
                take: take)
            var wanted = merge.merged
            wanted.keep(of: oursDocument, name: ours.name)
            let diff = DocumentDiff(from: oursValues, to: wanted.values)
            if !merge.conflicts.isEmpty && take == nil {
                return PullResult(
                    diff: diff, conflicts: merge.conflicts, applied: false, revision: nil, integration: ours, dryRun: dryRun)
            }
            guard !diff.isEmpty else {
                throw WorkspaceError.refused("nothing to pull: \"\(ours.name)\" already has every change of \"\(theirs.name)\"")
            }
            if dryRun {
                return PullResult(
                    diff: diff, conflicts: merge.conflicts, applied: false, revision: nil, integration: ours, dryRun: true)
            }
            try replace(ours, current: oursValues, with: wanted, problems: merge.problems, action: .pull, audit: audit)
            let now = try findIntegration(ours.id)
            let revision = try recordRevision(
                .pull, of: now, before: oursValues, after: try document(of: now).values,
                description: description ?? "Pull from \(theirs.name)", other: theirs.id, audit: audit)
            // The new merge base: theirs as pulled, in the source's ids, and the grown id map.
            let newBase = oursIsClone ? theirsValues : theirsInOurs
            let newMap = oursIsClone ? toOurs : toOurs.inverse
            try BlobRecord.storeMergeBase(
                of: clone.id, with: source.id, manifest: try newBase.store(in: database, base: nil),
                idMap: try BlobRecord.store(newMap.storedBytes, in: database), at: audit.time, in: database)
            return PullResult(
                diff: diff, conflicts: merge.conflicts, applied: true, revision: revision, integration: now, dryRun: false)
        }
    }
}

extension IntegrationDocument {
    /// What a pull keeps of the integration that takes it: its own name (a clone's differs from
    /// its source's by birth), and its flows their status (a clone's are born disabled); flows
    /// new to it arrive disabled, as with clone and install.
    mutating func keep(of ours: IntegrationDocument, name: String) {
        integration.name = name
        let status = Dictionary(ours.flows.map { ($0.id, $0.disabled) }, uniquingKeysWith: { first, _ in first })
        for index in flows.indices { flows[index].disabled = status[flows[index].id] ?? true }
    }
}
