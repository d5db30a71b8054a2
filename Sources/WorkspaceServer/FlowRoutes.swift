import HTTPTypes
import Workspace

/// Flows: create, show, edit, move (one or several), clone, delete, and their steps.
extension Routes {
    static let flows: [Route] = [
        Route(.get, "/flows", "Flows: all the caller may read, or one integration's", query: [.string("integration")] + pageQuery, answers: .list(Item.shape(.flow))) { call in
            .json(try call.page(try call.workspace.items(.flow, integration: call.query["integration"]).map(\.json)))
        },
        Route(
            .post, "/flows", "Create a flow (in Standalone unless _integrationId)",
            body: .object([
                .name(required: true), .string("_integrationId"), .string("_flowGroupingId"), .string("description"),
                .boolean("disabled"),
            ]), success: .created, answers: .json(Item.shape(.flow)), links: Link("/flows/{ref}")
        ) { call in
            let body = call.object()
            let flow = try call.workspace.createFlow(
                name: try call.string("name", in: body) ?? "", integration: try call.string("_integrationId", in: body),
                group: try call.string("_flowGroupingId", in: body), description: try call.string("description", in: body) ?? "",
                disabled: try call.bool("disabled", in: body) ?? false)
            return .json(flow.json)
        },
        Route(.get, "/flows/{ref}", "A flow with its page generators, page processors and routers", answers: .json(FlowView.shape)) { call in
            .json(try call.workspace.flowView(call.parameter("ref")).json)
        },
        Route(
            .patch, "/flows/{ref}", "Change a flow's name, description or status (disabled)",
            body: .object([.name(), .string("description"), .boolean("disabled")]), answers: .json(Item.shape(.flow))
        ) { call in
            let body = call.object()
            let edit = ItemEdit(
                name: try call.string("name", in: body), description: try call.string("description", in: body),
                disabled: try call.bool("disabled", in: body))
            return .json(try call.workspace.editItem(.flow, call.parameter("ref"), edit).json)
        },
        Route(
            .post, "/flows/{ref}/move", "Move a flow to another integration: {_integrationId, _flowGroupingId?}",
            body: .object([.string("_integrationId", required: true), .string("_flowGroupingId"), .boolean("force")]), answers: .list(Item.shape(.flow))
        ) { call in
            let body = call.object()
            let moved = try call.workspace.moveItems(
                .flow, [call.parameter("ref")], to: try call.string("_integrationId", in: body) ?? "",
                group: try call.string("_flowGroupingId", in: body), force: try call.bool("force", in: body) ?? false)
            return .json(.array(moved.map(\.json)))
        },
        bulkMove(.flow, "flows"),
        Route(.post, "/flows/{ref}/clone", "Copy a flow with its steps: {name?, _integrationId?}",
              body: .object([.name(), .string("_integrationId")]), success: .created, answers: .json(FlowView.shape), links: Link("/flows/{ref}")) { call in
            let body = call.object()
            return .json(
                try call.workspace.cloneFlow(call.parameter("ref"), to: try call.string("_integrationId", in: body), name: try call.string("name", in: body)).json)
        },
        Route(.get, "/flows/{ref}/steps", "A flow's steps in order, routers and branches too", answers: .list(FlowStepView.shape)) { call in
            .json(.array(try call.workspace.flowView(call.parameter("ref")).steps.map(\.json)))
        },
        Route(
            .post, "/flows/{ref}/steps", "Add a step: {step, lookup?, before|after|first|last?}",
            body: .object([.string("step", required: true), .boolean("lookup")] + placementFields), answers: .json(FlowView.shape)
        ) { call in
            let body = call.object()
            guard let step = try call.string("step", in: body) else { throw WorkspaceError(.invalid, "give the step to add as step") }
            let placement = try? placement(call)
            let view = try call.workspace.addFlowStep(call.parameter("ref"), step: step, lookup: try call.bool("lookup", in: body) ?? false, placement: placement)
            return .json(view.json)
        },
        Route(.post, "/flows/{ref}/steps/{step}/move", "Move a step: {before|after: REF} or {first|last: true}",
              body: placementBody, answers: .json(FlowView.shape)) { call in
            .json(try call.workspace.moveFlowStep(call.parameter("ref"), step: call.parameter("step"), try placement(call)).json)
        },
        Route(.delete, "/flows/{ref}/steps/{step}", "Remove a step from the flow", answers: .json(FlowView.shape)) { call in
            .json(try call.workspace.removeFlowStep(call.parameter("ref"), step: call.parameter("step")).json)
        },
        Route(
            .delete, "/flows/{ref}", "Delete a flow (force: and the aliases that name it)",
            query: [.string("integration"), .boolean("force")], success: .noContent
        ) { call in
            _ = try call.workspace.deleteItems(.flow, [call.parameter("ref")], integration: call.query["integration"], force: call.flag("force"))
            return .empty
        },
    ]

    /// `POST /flows/move` (and APIs', tools'): several at once to one integration, all or none,
    /// as `flow move A B C` does.
    static func bulkMove(_ kind: ItemKind, _ plural: String) -> Route {
        var fields: [BodyField] = [.strings("refs", required: true), .string("_integrationId", required: true), .string("integration")]
        if kind == .flow { fields.append(.string("_flowGroupingId")) }
        fields.append(.boolean("force"))
        return Route(
            .post, "/\(plural)/move", "Move several to one integration, all or none: {refs, _integrationId, integration?, force?}",
            body: .object(fields), answers: .list(Item.shape(kind))
        ) { call in
            let body = call.object()
            let refs = (body["refs"]?.arrayValue ?? []).compactMap(\.stringValue)
            let moved = try call.workspace.moveItems(
                kind, refs, to: try call.string("_integrationId", in: body) ?? "", from: try call.string("integration", in: body),
                group: try call.string("_flowGroupingId", in: body), force: try call.bool("force", in: body) ?? false)
            return .json(.array(moved.map(\.json)))
        }
    }
}
