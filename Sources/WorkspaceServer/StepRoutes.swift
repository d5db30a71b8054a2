import HTTPTypes
import Workspace

/// Exports and imports, which share their routes' shape.
extension Routes {
    static func steps(_ kind: StepKind, _ plural: String) -> [Route] {
        [
            Route(.get, "/\(plural)", "\(plural.capitalized): all, one integration's, or one flow's in order",
                  query: [.string("integration"), .string("flow")] + pageQuery, answers: .list(Step.shape(kind))) { call in
                .json(try call.page(try call.workspace.steps(kind, integration: call.query["integration"], flow: call.query["flow"]).map(\.json)))
            },
            Route(
                .post, "/\(plural)", "Create one in an integration, or in a flow's and append it to the flow",
                body: .exclusive(
                    [
                        .name(required: true), .string("_flowId"), .string("_integrationId"), .string("_connectionId"),
                        .string("description"),
                    ] + (kind == .export ? [.boolean("isLookup")] : []), ("_flowId", "_integrationId")), success: .created, answers: .json(Step.shape(kind)), links: Link("/\(plural)/{ref}")
            ) { call in
                let body = call.object()
                let step = try call.workspace.createStep(
                    kind, name: try call.string("name", in: body) ?? "", flow: try call.string("_flowId", in: body),
                    integration: try call.string("_integrationId", in: body), connection: try call.string("_connectionId", in: body),
                    lookup: try call.bool("isLookup", in: body) ?? false, description: try call.string("description", in: body) ?? "")
                return .json(step.json)
            },
            Route(.get, "/\(plural)/{ref}", "One of them", answers: .json(StepView.shape(kind))) { call in .json(try call.workspace.step(kind, call.parameter("ref")).json) },
            Route(
                .patch, "/\(plural)/{ref}", "Change its name, description or connection",
                body: .object([.name(), .string("description"), .string("_connectionId")]), answers: .json(Step.shape(kind))
            ) { call in
                let body = call.object()
                let step = try call.workspace.editStep(
                    kind, call.parameter("ref"), name: try call.string("name", in: body), description: try call.string("description", in: body),
                    connection: try call.string("_connectionId", in: body))
                return .json(step.json)
            },
            Route(
                .delete, "/\(plural)/{ref}", "Delete it (refused while a flow uses it; force: and the aliases that name it)",
                query: [.string("integration"), .boolean("force")], success: .noContent
            ) { call in
                _ = try call.workspace.deleteSteps(kind, [call.parameter("ref")], integration: call.query["integration"], force: call.flag("force"))
                return .empty
            },
        ]
    }
}
