import HTTPTypes
import Workspace

/// Revisions: snapshot, show, diff, revert, pull, and restore of deleted integrations.
extension Routes {
    static let revisions: [Route] = [
        Route(.get, "/revisions/{id}/diff", "What a revision changed; or to another (to=REV2), or to now (current=true)", query: [.string("to"), .boolean("current")], answers: .json(DocumentDiff.shape)) { call in
            .json(try call.workspace.diff(call.parameter("id"), to: call.query["to"], current: call.flag("current")).json)
        },
        Route(.post, "/revisions/{id}/revert", "Make the integration equal to the document after (before=true: before) the revision", query: [.boolean("before"), .boolean("dryRun")], answers: .json(RevertResult.shape)) { call in
            .json(try call.workspace.revert(call.parameter("id"), before: call.flag("before"), dryRun: call.flag("dryRun")).result.json)
        },
        Route(
            .post, "/integrations/{ref}/pull", "Merge the changes of its clone or source: {from, description?, take?: ours|theirs}",
            query: [.boolean("dryRun")],
            body: .object([.string("from", required: true), .string("description"), .choice("take", DocumentMerge.Side.self)]), answers: .json(PullResult.shape)
        ) { call in
            let body = call.object()
            guard let from = try call.string("from", in: body) else { throw WorkspaceError(.invalid, "give the integration to pull from as from") }
            let take = try call.string("take", in: body).map { side -> DocumentMerge.Side in
                guard let side = DocumentMerge.Side(rawValue: side) else { throw WorkspaceError(.invalid, "take must be ours or theirs") }
                return side
            }
            let result = try call.workspace.pull(
                call.parameter("ref"), from: from, description: try call.string("description", in: body), dryRun: call.flag("dryRun"), take: take)
            if !result.conflicts.isEmpty && take == nil {
                var refusal = APIError(result.conflictRefusal)
                refusal.details = [("conflicts", .array(result.conflicts.map(\.json))), ("changes", result.diff.json)]
                throw refusal
            }
            return .json(result.json)
        },
        Route(.get, "/revisions/deleted", "Deleted integrations that can be restored (their delete revisions)", query: pageQuery, answers: .list(Revision.shape)) { call in
            .json(try call.page(try call.workspace.deletedIntegrations().map(\.json)))
        },
        Route(.post, "/revisions/{id}/restore", "Bring a deleted integration back: {name?}",
              body: .object([.name()]), success: .created, answers: .json(InstallPlan.shape), links: Link("/integrations/{ref}")) { call in
            let body = call.object()
            return .json(try call.workspace.restore(call.parameter("id"), name: try call.string("name", in: body)).json)
        },
        Route(.get, "/integrations/{ref}/revisions", "An integration's revisions, newest first", query: pageQuery, answers: .list(Revision.shape)) { call in
            .json(try call.page(try call.workspace.revisions(of: call.parameter("ref")).map(\.json)))
        },
        Route(
            .post, "/integrations/{ref}/revisions",
            "Snapshot the integration: {description, ifChanged?}; with ifChanged and no change since the latest revision, 200 and that revision (recorded: false)",
            body: .object([.text("description", required: true), .boolean("ifChanged")]), success: .created, alsoAnswers: [.ok], answers: .json(Revision.snapshotShape), links: Link("/revisions/{id}", "id")
        ) { call in
            let body = call.object()
            let description = try call.string("description", in: body) ?? ""
            guard try call.bool("ifChanged", in: body) == true else {
                return .json(try call.workspace.snapshot(call.parameter("ref"), description: description).json(recorded: true))
            }
            let (revision, recorded) = try call.workspace.snapshotIfChanged(call.parameter("ref"), description: description)
            return recorded ? .json(revision.json(recorded: true)) : .answer(.ok, .json(revision.json(recorded: false)))
        },
        Route(.get, "/revisions/{id}", "A revision and what it changed", answers: .json(Revision.changesShape)) { call in
            let (revision, diff) = try call.workspace.revision(call.parameter("id"))
            return .json(revision.json(changes: diff))
        },
    ]
}
