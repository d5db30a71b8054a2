/// Revisions of integrations (SPEC §8): snapshot, list, show, diff, revert, and the revisions
/// install, clone and delete record so that an integration's history starts where it began.
extension Workspace {
    /// Records a revision of `integration`: its document before and after (stored as delta
    /// manifests against its previous revision), audited with the revision's id.
    @discardableResult
    /// `storedBefore` names a manifest already stored (a snapshot's before is the previous
    /// revision's after), instead of a document to store.
    func recordRevision(
        _ type: Revision.Kind, of integration: Integration, before: DocumentValues?, storedBefore: String? = nil,
        after: DocumentValues?, description: String = "", other: String? = nil, audit: AuditWriter
    ) throws -> Revision {
        let previous = try RevisionRecord.latest(of: integration.id, in: database)
        var base = storedBefore ?? previous?.after ?? previous?.before
        var beforeHash = storedBefore
        if let before {
            beforeHash = try before.store(in: database, base: base)
            base = beforeHash
        }
        let afterHash = try after.map { try $0.store(in: database, base: base) }
        let revision = Revision(
            id: ResourceID.make(at: audit.time), integrationID: integration.id, integrationName: integration.name, type: type,
            description: description, user: user.name, createdAt: audit.time, before: beforeHash, after: afterHash,
            otherID: other)
        try RevisionRecord.insert(revision, into: database)
        try audit.record(
            .revision, id: revision.id, name: integration.name, integration: integration.id, action: type.auditAction,
            change: FieldChange(path: RevisionStoreCheck.sealPath, old: nil, new: revision.seal))
        return revision
    }

    /// `revision snapshot INTEGRATION -m TEXT`.
    public func snapshot(_ ref: String, description: String) throws -> Revision {
        let text = try Self.snapshotDescription(description)
        return try write { audit in
            let integration = try findIntegration(ref)
            try integration.refuseIfStandalone(.revisions)
            try authorize(.change(integration))
            let previous = try RevisionRecord.latest(of: integration.id, in: database)
            return try recordRevision(
                .snapshot, of: integration, before: nil, storedBefore: previous?.after, after: try document(of: integration).values,
                description: text, audit: audit)
        }
    }

    /// `revision snapshot --if-changed` (integrator.io's `ignoreIfNoChanges`): a snapshot only
    /// when the integration differs from its latest revision; else that revision, not recorded.
    public func snapshotIfChanged(_ ref: String, description: String) throws -> (revision: Revision, recorded: Bool) {
        _ = try Self.snapshotDescription(description)
        let latest: Revision? = try read {
            let integration = try findIntegration(ref)
            try integration.refuseIfStandalone(.revisions)
            try authorize(.change(integration))
            guard let latest = try RevisionRecord.latest(of: integration.id, in: database), let after = latest.after else { return nil }
            let stored = try DocumentValues(stored: after, in: database)
            let current = try document(of: integration).values
            return stored.entries.map(\.key) == current.entries.map(\.key) && stored.entries.map(\.value) == current.entries.map(\.value)
                ? latest : nil
        }
        if let latest { return (latest, false) }
        return (try snapshot(ref, description: description), true)
    }

    /// A snapshot's description: trimmed, not empty, within the limit (whether it is recorded or not).
    private static func snapshotDescription(_ description: String) throws -> String {
        let text = try Limits.description(description.trimmingBlanks())
        guard !text.isEmpty else { throw WorkspaceError.invalid("a snapshot needs a description (-m TEXT)") }
        return text
    }

    /// An integration's revisions, newest first; a deleted integration's too (by its id).
    public func revisions(of ref: String) throws -> [Revision] {
        try read {
            if let integration = try integrationIfPresent(ref) {
                try integration.refuseIfStandalone(.revisions)
                try authorize(.read(integration))
                return try RevisionRecord.history(of: integration.id, in: database)
            }
            let history = try RevisionRecord.history(of: ref, in: database)
            guard !history.isEmpty else { _ = try findIntegration(ref); return [] }
            try authorize(.readEverything)
            return history
        }
    }

    /// A revision with the documents before and after it.
    public func revision(_ id: String) throws -> (revision: Revision, diff: DocumentDiff) {
        try read {
            let revision = try readableRevision(id)
            return (revision, try DocumentDiff(from: document(at: revision, after: false), to: document(at: revision, after: true)))
        }
    }

    /// `revision diff REV [REV2 | --current]`: what REV changed; or from REV to REV2 (both of one
    /// integration); or from REV to the integration as it is now.
    public func diff(_ id: String, to other: String? = nil, current: Bool = false) throws -> DocumentDiff {
        try read {
            let revision = try readableRevision(id)
            if let other {
                let second = try readableRevision(other)
                guard second.integrationID == revision.integrationID else {
                    throw WorkspaceError.refused(
                        "revision \(other) is of another integration (\(second.integrationName)) than \(id) (\(revision.integrationName))")
                }
                return DocumentDiff(from: try document(at: revision, after: true), to: try document(at: second, after: true))
            }
            if current {
                let integration = try liveIntegration(of: revision)
                return DocumentDiff(from: try document(at: revision, after: true), to: try document(of: integration).values)
            }
            return DocumentDiff(from: try document(at: revision, after: false), to: try document(at: revision, after: true))
        }
    }

    /// `revision revert REV [--before] [--dry-run]`: the integration made equal to the document
    /// after (or before) REV, through the rules of every write; records a `revert` revision.
    public func revert(_ id: String, before: Bool = false, dryRun: Bool = false) throws -> RevertResult {
        try write { audit in
            let revision = try readableRevision(id)
            let integration = try liveIntegration(of: revision)
            try authorize(.change(integration))
            guard let target = before ? revision.before : revision.after else {
                throw WorkspaceError.refused(
                    "revision \(id) (\(revision.type.rawValue)) has no document \(before ? "before" : "after") it to revert to")
            }
            let run = {
                let current = try self.document(of: integration).values
                var problems: [String] = []
                let wanted = try IntegrationDocument.load(target, in: self.database, problems: &problems)
                let diff = try self.replace(
                    integration, current: current, with: wanted, problems: problems, action: .revert, audit: audit)
                guard !diff.isEmpty else {
                    throw WorkspaceError.refused(
                        "nothing to revert: integration \"\(integration.name)\" already equals revision \(id)\(before ? " (before)" : "")")
                }
                let now = try self.findIntegration(integration.id)
                let recorded = try self.recordRevision(
                    .revert, of: now, before: current, after: try self.document(of: now).values,
                    description: "Revert to \(before ? "before " : "")\(id)", other: nil, audit: audit)
                return (diff, Optional(recorded))
            }
            if dryRun {
                let (diff, _) = try database.undoing(run)
                return RevertResult(diff: diff, revision: nil, integration: integration, dryRun: true)
            }
            let (diff, recorded) = try run()
            return RevertResult(diff: diff, revision: recorded, integration: try findIntegration(integration.id), dryRun: false)
        }
    }

    /// The integration `ref` names, or nil when it names none (deleted, or never there). Only
    /// "not found" is an answer here: a busy or damaged file is the error it is.
    func integrationIfPresent(_ ref: String) throws -> Integration? {
        do { return try findIntegration(ref) } catch let error as WorkspaceError where error.kind == .notFound { return nil }
    }

    /// A revision the user may read.
    func readableRevision(_ id: String) throws -> Revision {
        guard let revision = try RevisionRecord.find(id, in: database) else {
            throw WorkspaceError.notFound("no revision \(id)", hint: "workspace revision list INTEGRATION")
        }
        if let integration = try integrationIfPresent(revision.integrationID) {
            try authorize(.read(integration))
        } else {
            try authorize(.readEverything)
        }
        return revision
    }

    /// The integration a revision is of, which must still exist.
    private func liveIntegration(of revision: Revision) throws -> Integration {
        do {
            return try findIntegration(revision.integrationID)
        } catch let error as WorkspaceError where error.kind == .notFound {
            throw WorkspaceError.refused(
                "integration \"\(revision.integrationName)\" was deleted", hint: "workspace revision restore REV brings it back")
        }
    }

    /// The resources of the document after (or before) a revision, as stored, in the document's
    /// order; an empty document's where it has none. What a diff compares.
    func document(at revision: Revision, after: Bool) throws -> DocumentValues {
        guard let hash = after ? revision.after : revision.before else { return IntegrationDocument.empty.values }
        return try DocumentValues(stored: hash, in: database)
    }
}

/// Deleted integrations and bringing them back.
extension Workspace {
    /// `revision deleted`: the delete revisions of integrations that are gone and not restored.
    public func deletedIntegrations() throws -> [Revision] {
        try read {
            try authorize(.readEverything)
            return try RevisionRecord.restorable(in: database)
        }
    }

    /// `revision restore REV [--name NAME]`: the deleted integration installed again from its
    /// delete revision, which is its recycle bin entry (ids kept where free; flows as they were;
    /// missing connections created offline), recorded as a `restore` revision.
    public func restore(_ id: String, name: String? = nil) throws -> InstallPlan {
        try write(source: .install) { audit in
            try authorize(.manageIntegrations(nil))
            guard let revision = try RevisionRecord.find(id, in: database) else {
                throw WorkspaceError.notFound("no revision \(id)", hint: "workspace revision deleted")
            }
            guard revision.type == .delete else {
                throw WorkspaceError.refused(
                    "revision \(id) is a \(revision.type.rawValue), not a delete: only deleted integrations are restored",
                    hint: "workspace revision deleted")
            }
            guard let entry = try BinRecord.find(revision.id, in: database) else {
                throw WorkspaceError.refused(
                    "integration \"\(revision.integrationName)\" was already restored, or purged: it is not in the recycle bin")
            }
            let plan = try restoreIntegration(entry, name: name, audit: audit)
            try BinRecord.delete(entry.id, from: database)
            return plan
        }
    }
}
