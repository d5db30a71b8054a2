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
            let sourceToClone = try Self.idMap(mapText)
            var toOurs = oursIsClone ? sourceToClone : Self.inverse(sourceToClone)
            let oursDocument = try document(of: ours)
            let theirsDocument = try document(of: theirs)
            // What theirs made since gets new ids here; connections are shared, so keep theirs.
            for list in IntegrationDocument.lists where list != "connections" {
                for object in theirsDocument.list(list) {
                    guard let id = object["_id"]?.stringValue, toOurs[list]?[id] == nil else { continue }
                    toOurs[list, default: [:]][id] = ResourceID.make(at: audit.time)
                }
            }
            toOurs["integration", default: [:]][theirs.id] = ours.id
            let baseDocument = try IntegrationDocument.load(base.manifest, in: database)
            let merge = DocumentMerge(
                base: oursIsClone ? baseDocument.translated(sourceToClone) : baseDocument, ours: oursDocument,
                theirs: theirsDocument.translated(toOurs), take: take)
            // An integration keeps its own name (a clone's differs from its source's by birth),
            // and its flows their status (a clone's flows are born disabled); flows new to it
            // arrive disabled, as with clone and install.
            var merged = merge.merged.json
            var head = merged["integration"]?.objectValue ?? JSONObject()
            head["name"] = .string(ours.name)
            merged["integration"] = .object(head)
            let status = Dictionary(
                oursDocument.list("flows").compactMap { flow in flow["_id"]?.stringValue.map { ($0, flow["disabled"] ?? true) } },
                uniquingKeysWith: { first, _ in first })
            merged["flows"] = .array(merge.merged.list("flows").map { flow in
                var copy = flow
                copy["disabled"] = flow["_id"]?.stringValue.flatMap { status[$0] } ?? true
                return .object(copy)
            })
            let wanted = IntegrationDocument(json: merged)
            let diff = DocumentDiff(from: oursDocument, to: wanted)
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
            try replaceContents(of: ours, current: oursDocument, with: wanted, action: .pull, audit: audit)
            let now = try findIntegration(ours.id)
            let revision = try recordRevision(
                .pull, of: now, before: oursDocument, after: try document(of: now),
                description: description ?? "Pull from \(theirs.name)", other: theirs.id, audit: audit)
            // The new merge base: theirs as pulled, in the source's ids, and the grown id map.
            let newBase = oursIsClone ? theirsDocument : theirsDocument.translated(toOurs)
            let newMap = oursIsClone ? toOurs : Self.inverse(toOurs)
            var mapBytes: [UInt8] = []
            Self.json(newMap).appendCompact(to: &mapBytes)
            try BlobRecord.storeMergeBase(
                of: clone.id, with: source.id, manifest: try newBase.store(in: database, base: nil),
                idMap: try BlobRecord.store(mapBytes, in: database), at: audit.time, in: database)
            return PullResult(
                diff: diff, conflicts: merge.conflicts, applied: true, revision: revision, integration: now, dryRun: false)
        }
    }

    static func idMap(_ text: String) throws -> [String: [String: String]] {
        var map: [String: [String: String]] = [:]
        for (list, pairs) in (try JSONValue(parsing: text).objectValue ?? JSONObject()).pairs {
            for (old, new) in (pairs.objectValue ?? JSONObject()).pairs { map[list, default: [:]][old] = new.stringValue }
        }
        return map
    }

    static func inverse(_ map: [String: [String: String]]) -> [String: [String: String]] {
        map.mapValues { pairs in Dictionary(pairs.map { ($1, $0) }, uniquingKeysWith: { first, _ in first }) }
    }

    static func json(_ map: [String: [String: String]]) -> JSONValue {
        .object(JSONObject(map.sorted { $0.key < $1.key }.map { list, pairs in
            (list, .object(JSONObject(pairs.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })))
        }))
    }
}
