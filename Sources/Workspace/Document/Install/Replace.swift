/// The replace purpose of the install engine: what revert and pull write.
extension Workspace {
    /// Makes an integration equal to a document: its contents replaced by the document's, ids
    /// kept (a resource that now lives elsewhere comes back as a copy with a new id), every
    /// rule of an install applied (the fields' rules, which `problems` brings from the parse,
    /// and references); audited as the difference, one row per changed field. Returns that
    /// difference.
    @discardableResult
    func replace(
        _ integration: Integration, current: DocumentValues, with target: IntegrationDocument, problems parsed: [String],
        action: AuditAction, audit: AuditWriter
    ) throws -> DocumentDiff {
        // The integration keeps its own id and identity; the document's head is its state.
        var wanted = target
        wanted.integration.id = integration.id
        let diff = DocumentDiff(from: current, to: wanted.values)
        guard !diff.isEmpty else { return diff }
        // The workspace made this document: a `_scriptId` kept verbatim from integrator.io stays.
        let problems = parsed + DocumentReferences(wanted, scriptsMustResolve: false).problems
        guard problems.isEmpty else {
            throw WorkspaceError.invalid("the revision's document has problems:\n" + problems.map { "  - \($0)" }.joined(separator: "\n"))
        }
        if try editInPlace(diff, of: integration, to: wanted, at: audit.time) {
            var updated = integration
            updated.updatedAt = audit.time
            try IntegrationRecord.update(updated, in: database)
            try settleAliases(force: false, audit: audit)
            try auditDifference(diff, of: updated, action: action, audit: audit)
            return diff
        }
        try ResourceRecord.deleteContents(of: integration.id, in: database)
        let head = wanted.integration
        var updated = integration
        updated.name = head.name.isEmpty ? integration.name : head.name
        updated.description = head.description
        updated.readme = head.readme
        updated.extra = head.kept
        updated.updatedAt = audit.time
        try IntegrationRecord.update(updated, in: database)
        try IntegrationRecord.storeExtra(updated, in: database)
        try SettingsRecord.store(head.settings, of: .integration, integration.id, at: audit.time, in: database)
        var options = InstallOptions()
        options.takenIDs = try idsElsewhere(of: wanted, than: integration.id)
        var installer = Installer(
            workspace: self, document: wanted, purpose: .replace(updated, action: action), options: options, audit: audit)
        _ = try installer.install()
        let kept = Set(wanted.connections.map(\.id))
        for connectionID in try registrations(ofIntegration: integration.id) where !kept.contains(connectionID) {
            try unregister(try findConnection(connectionID), from: integration.id, audit: audit)
        }
        try auditDifference(diff, of: updated, action: action, audit: audit)
        return diff
    }

    /// When every change is an edit of a flow, API, tool, export, import or script the
    /// integration has (nothing created, deleted or reordered; its own fields, groups, aliases
    /// and connections as they are), rewrites those rows and nothing else: a revert or a pull of a
    /// few changes in a large integration writes a few rows, not all of them. False otherwise.
    private func editInPlace(_ diff: DocumentDiff, of integration: Integration, to wanted: IntegrationDocument, at time: Int64) throws
        -> Bool
    {
        let editable: Set<ResourceKind> = [.flow, .api, .tool, .export, .import, .script]
        var changed = Set<ResourceKey>()
        for change in diff.changes {
            guard change.status == .update, case .resource(let kind, _) = change.key, editable.contains(kind) else { return false }
            changed.insert(change.key)
        }
        for part in wanted.flows where changed.contains(.resource(.flow, id: part.id)) {
            let flow = Item(
                id: part.id, integrationID: integration.id, name: part.name, description: part.description,
                details: .flow(disabled: part.disabled, groupID: part.groupID, steps: part.structure), createdAt: time, updatedAt: time,
                extra: part.kept)
            try ItemRecord.overwrite(flow, in: database)
            try SettingsRecord.store(part.settings, of: .flow, part.id, at: time, in: database)
            for alias in try aliases(ownedBy: .flow(part.id)) { try AliasRecord.delete(alias, from: database) }
            for alias in part.aliases {
                try AliasRecord.insert(
                    Alias(owner: .flow(part.id), alias: alias.alias, description: alias.description, targetType: alias.targetType, targetID: alias.targetID),
                    at: time, into: database)
            }
        }
        for part in wanted.apis + wanted.tools where changed.contains(.resource(part.kind, id: part.id)) {
            try ItemRecord.overwrite(
                Item(
                    id: part.id, integrationID: integration.id, name: part.name, description: part.description, details: part.details,
                    createdAt: time, updatedAt: time, extra: part.kept), in: database)
        }
        for part in wanted.exports + wanted.imports where changed.contains(.resource(part.kind, id: part.id)) {
            try StepRecord.overwrite(
                Step(
                    id: part.id, kind: part.stepKind, integrationID: integration.id, connectionID: part.connectionID, lookup: part.lookup,
                    name: part.name, description: part.description, createdAt: time, updatedAt: time, extra: part.kept), in: database)
            try SettingsRecord.store(part.settings, of: part.kind, part.id, at: time, in: database)
        }
        for part in wanted.scripts where changed.contains(.resource(.script, id: part.id)) {
            try ScriptRecord.overwrite(
                Script(
                    id: part.id, integrationID: integration.id, name: part.name, content: part.content, createdAt: time, updatedAt: time,
                    extra: part.kept), in: database)
        }
        return true
    }

    /// Ids of a document's resources that now belong to another integration.
    /// The document's ids that resources outside `integrationID` hold (anywhere, for "").
    func idsElsewhere(of document: IntegrationDocument, than integrationID: String = "") throws -> Set<String> {
        var taken = Set<String>()
        for (kind, resources) in document.resourceLists where kind != .connection {
            taken.formUnion(try ResourceRecord.ids(resources.map(\.id), of: kind, outside: integrationID, in: database))
        }
        return taken
    }

    /// One audit row per changed field of each changed resource (one per resource created or deleted).
    private func auditDifference(_ diff: DocumentDiff, of integration: Integration, action: AuditAction, audit: AuditWriter) throws {
        for change in diff.changes {
            let id = change.id ?? integration.id
            let name = change.name.isEmpty ? integration.name : change.name
            if change.fields.isEmpty {
                try audit.record(
                    change.key.auditType, id: id, name: name, integration: integration.id, action: action,
                    change: FieldChange(path: "/status", old: nil, new: .string(change.status.rawValue)))
            }
            for field in change.fields {
                try audit.record(
                    change.key.auditType, id: id, name: name, integration: integration.id, action: action,
                    change: FieldChange(path: field.pointer.description, old: field.old, new: field.new))
            }
        }
    }
}
