/// What an install is for. Install, clone, flow clone, restore, revert and pull all write a
/// document through one engine (`Installer`); every way in which they differ follows from this.
enum InstallPurpose {
    /// A file from outside, as a new integration.
    case install(InstallSource)
    /// A copy of `source`, recorded on it with the merge base a later pull merges against.
    case clone(source: Integration)
    /// A flow's part of its integration's document into `into`, named `name`; its group kept
    /// only when it stays in the same integration.
    case flowClone(into: Integration, name: String, keepGroup: Bool)
    /// A deleted integration brought back from its delete revision.
    case restore(Revision)
    /// What a recycle bin entry holds, put back into `into`; flows keep the flow groups of
    /// `groups` (those of `into` they were in).
    case binRestore(into: Integration, groups: Set<String>)
    /// Revert and pull: the integration's contents made equal to the document, ids kept,
    /// audited as the difference with `action`.
    case replace(Integration, action: AuditAction)

    /// Resources keep the document's `_id` where it is free (else they get new ones).
    var keepsIDs: Bool {
        switch self {
        case .replace, .restore, .binRestore: true
        case .install, .clone, .flowClone: false
        }
    }

    /// Flows keep the status the document gives them; otherwise they arrive disabled, as in
    /// integrator.io, so that a copy never runs beside its source unasked.
    var keepsFlowStatus: Bool {
        switch self {
        case .install, .clone: false
        case .flowClone, .restore, .replace, .binRestore: true
        }
    }

    /// Each created row is audited (a replace audits the difference instead).
    var auditsEachRow: Bool {
        if case .replace = self { return false }
        return true
    }

    /// Every `_scriptId` must name a script of the document. An integrator.io download keeps
    /// one it cannot resolve (its reader notes it); so does a document the workspace made itself.
    var scriptsMustResolve: Bool {
        if case .install(.document) = self { return true }
        return false
    }

    /// A flow clone's aliases may name what its partial document does not hold: kept where
    /// they still resolve.
    var keepsOutsideAliasTargets: Bool {
        switch self {
        case .flowClone, .binRestore: true
        case .install, .clone, .restore, .replace: false
        }
    }

    /// The revision that starts the new integration's history (revert and pull record their own).
    var revision: (kind: Revision.Kind, other: String?)? {
        switch self {
        case .install: (.install, nil)
        case .clone(let source): (.clone, source.id)
        case .restore(let deletion): (.restore, deletion.id)
        case .flowClone, .replace, .binRestore: nil
        }
    }

    /// What the new integration's own audit row says.
    var integrationAction: AuditAction {
        switch self {
        case .install: .install
        case .clone, .flowClone: .clone
        case .restore, .binRestore: .restore
        case .replace(_, let action): action
        }
    }

    /// What each created resource's audit row says.
    var contentAction: AuditAction {
        if case .install = self { return .create }
        return integrationAction
    }

    /// The integration the document goes into, when it is not a new one.
    var target: Integration? {
        switch self {
        case .flowClone(let into, _, _), .binRestore(let into, _): into
        case .replace(let integration, _): integration
        case .install, .clone, .restore: nil
        }
    }

    /// What the reader of an integrator.io download noted.
    var notes: [String] {
        if case .install(.integratorIO(let notes)) = self { return notes }
        return []
    }
}

/// Where an installed file comes from.
enum InstallSource {
    /// The workspace's own integration document.
    case document
    /// An integrator.io download, with what its reader noted (references kept as they were).
    case integratorIO(notes: [String])
}
