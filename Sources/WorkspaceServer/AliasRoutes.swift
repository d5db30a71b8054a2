import HTTPTypes
import Workspace

/// Aliases: names for flows, connections, exports and imports, in an integration or a flow.
extension Routes {
    static let aliases: [Route] = [
        Route(.get, "/integrations/{ref}/aliases", "An integration's or a flow's aliases",
              query: [.string("flow"), .boolean("inherited")], answers: .list(AliasView.shape)) { call in
            .json(
                .array(
                    try call.workspace.aliases(integration: call.parameter("ref"), flow: call.query["flow"], inherited: call.flag("inherited")).map(\.json)))
        },
        Route(.post, "/integrations/{ref}/aliases", "Create an alias: {alias, target, _flowId?, description?}",
              body: .object([
                  BodyField(name: "alias", kind: .string, required: true, constraints: [("pattern", #"^(?![0-9a-f]{24}$)[A-Za-z0-9_-]{1,256}$"#)]),
                  .text("target", required: true), .string("_flowId"), .string("description"),
              ]),
              success: .created, answers: .json(Alias.shape), links: Link("/integrations/{ref}/aliases/{alias}", "alias", from: "alias")) { call in
            let body = call.object()
            let alias = try call.workspace.createAlias(
                try call.string("alias", in: body) ?? "", integration: call.parameter("ref"), flow: try call.string("_flowId", in: body),
                target: try call.string("target", in: body) ?? "", description: try call.string("description", in: body) ?? "")
            return .json(alias.json)
        },
        Route(.get, "/integrations/{ref}/aliases/{alias}", "What an alias names, as the flow (or integration) sees it", query: [.string("flow")], answers: .json(AliasView.shape)) { call in
            .json(try call.workspace.resolveAlias(call.parameter("alias"), integration: call.parameter("ref"), flow: call.query["flow"]).json)
        },
        Route(.delete, "/integrations/{ref}/aliases/{alias}", "Delete an alias", query: [.string("flow")], success: .noContent) { call in
            _ = try call.workspace.deleteAlias(call.parameter("alias"), integration: call.parameter("ref"), flow: call.query["flow"])
            return .empty
        },
    ]
}
