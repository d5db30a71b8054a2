import HTTPTypes
import Workspace

/// The rest of the API: flow groups, APIs and tools, exports and imports with a flow's steps,
/// scripts, aliases, connections' lifecycle, revision work, the audit log, users and tokens.
extension Routes {
    static let groups: [Route] = [
        Route(.get, "/integrations/{ref}/groups", "An integration's flow groups in display order", query: pageQuery) { call in
            .json(try call.page(try call.workspace.groups(integration: call.parameter("ref")).map(\.json)))
        },
        Route(.post, "/integrations/{ref}/groups", "Create a flow group at the end: {name}",
              body: .object([.name(required: true)]), success: .created) { call in
            let body = call.object()
            return .json(try call.workspace.createGroup(name: try call.string("name", in: body) ?? "", integration: call.parameter("ref")).json)
        },
        Route(.patch, "/groups/{ref}", "Rename a flow group: {name}", query: [.string("integration")],
              body: .object([.name(required: true)])) { call in
            let body = call.object()
            return .json(
                try call.workspace.renameGroup(call.parameter("ref"), to: try call.string("name", in: body) ?? "", integration: call.query["integration"]).json)
        },
        Route(.post, "/groups/{ref}/reorder", "Move a flow group: {before|after: REF} or {first|last: true}", query: [.string("integration")],
              body: placementBody) { call in
            .json(.array(try call.workspace.reorderGroup(call.parameter("ref"), try placement(call), integration: call.query["integration"]).map(\.json)))
        },
        Route(.delete, "/groups/{ref}", "Delete a flow group; its flows become unassigned", query: [.string("integration")],
              success: .noContent) { call in
            _ = try call.workspace.deleteGroup(call.parameter("ref"), integration: call.query["integration"])
            return .empty
        },
    ]

    /// APIs and tools share their routes' shape.
    static func items(_ kind: ItemKind, _ plural: String) -> [Route] {
        [
            Route(.get, "/\(plural)", "\(plural.capitalized): all the caller may read, or one integration's", query: [.string("integration")] + pageQuery) { call in
                .json(try call.page(try call.workspace.items(kind, integration: call.query["integration"]).map(\.json)))
            },
            Route(
                .post, "/\(plural)", "Create one (in Standalone unless _integrationId)",
                body: .object([.name(required: true), .string("_integrationId"), .string("description")] + itemFields(kind)),
                success: .created
            ) { call in
                let body = call.object()
                let name = try call.string("name", in: body) ?? ""
                let integration = try call.string("_integrationId", in: body)
                let description = try call.string("description", in: body) ?? ""
                let item =
                    kind == .api
                    ? try call.workspace.createAPI(
                        name: name, integration: integration, description: description, method: try call.string("method", in: body) ?? "GET",
                        path: try call.string("path", in: body) ?? "/")
                    : try call.workspace.createTool(
                        name: name, integration: integration, description: description,
                        inputSchema: schemaText(body["inputSchema"]) ?? "{}")
                return .json(item.json)
            },
            Route(.get, "/\(plural)/{ref}", "One of them") { call in .json(try call.workspace.item(kind, call.parameter("ref")).json) },
            Route(
                .patch, "/\(plural)/{ref}", "Change its name, description, method and path, or input schema",
                body: .object([.name(), .string("description")] + itemFields(kind))
            ) { call in
                let body = call.object()
                let edit = ItemEdit(
                    name: try call.string("name", in: body), description: try call.string("description", in: body),
                    method: try call.string("method", in: body), path: try call.string("path", in: body),
                    inputSchema: schemaText(body["inputSchema"]))
                return .json(try call.workspace.editItem(kind, call.parameter("ref"), edit).json)
            },
            bulkMove(kind, plural),
            Route(
                .post, "/\(plural)/{ref}/move", "Move it to another integration: {_integrationId, force?}",
                body: .object([.string("_integrationId", required: true), .boolean("force")])
            ) { call in
                let body = call.object()
                let target = try call.string("_integrationId", in: body) ?? ""
                let moved = try call.workspace.moveItems(kind, [call.parameter("ref")], to: target, force: try call.bool("force", in: body) ?? false)
                return .json(.array(moved.map(\.json)))
            },
            Route(
                .delete, "/\(plural)/{ref}", "Delete it (force: and the aliases that name it)",
                query: [.string("integration"), .boolean("force")], success: .noContent
            ) { call in
                _ = try call.workspace.deleteItems(kind, [call.parameter("ref")], integration: call.query["integration"], force: call.flag("force"))
                return .empty
            },
        ]
    }

    static func steps(_ kind: StepKind, _ plural: String) -> [Route] {
        [
            Route(.get, "/\(plural)", "\(plural.capitalized): all, one integration's, or one flow's in order",
                  query: [.string("integration"), .string("flow")] + pageQuery) { call in
                .json(try call.page(try call.workspace.steps(kind, integration: call.query["integration"], flow: call.query["flow"]).map(\.json)))
            },
            Route(
                .post, "/\(plural)", "Create one in an integration, or in a flow's and append it to the flow",
                body: .exclusive(
                    [
                        .name(required: true), .string("_flowId"), .string("_integrationId"), .string("_connectionId"),
                        .string("description"),
                    ] + (kind == .export ? [.boolean("isLookup")] : []), ("_flowId", "_integrationId")), success: .created
            ) { call in
                let body = call.object()
                let step = try call.workspace.createStep(
                    kind, name: try call.string("name", in: body) ?? "", flow: try call.string("_flowId", in: body),
                    integration: try call.string("_integrationId", in: body), connection: try call.string("_connectionId", in: body),
                    lookup: try call.bool("isLookup", in: body) ?? false, description: try call.string("description", in: body) ?? "")
                return .json(step.json)
            },
            Route(.get, "/\(plural)/{ref}", "One of them") { call in .json(try call.workspace.step(kind, call.parameter("ref")).json) },
            Route(
                .patch, "/\(plural)/{ref}", "Change its name, description or connection",
                body: .object([.name(), .string("description"), .string("_connectionId")])
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

    static let flowWork: [Route] = [
        Route(.post, "/flows/{ref}/clone", "Copy a flow with its steps: {name?, _integrationId?}",
              body: .object([.name(), .string("_integrationId")]), success: .created) { call in
            let body = call.object()
            return .json(
                try call.workspace.cloneFlow(call.parameter("ref"), to: try call.string("_integrationId", in: body), name: try call.string("name", in: body)).json)
        },
        Route(.get, "/flows/{ref}/steps", "A flow's steps in order, routers and branches too") { call in
            .json(.array(try call.workspace.flowView(call.parameter("ref")).steps.map(\.json)))
        },
        Route(
            .post, "/flows/{ref}/steps", "Add a step: {step, lookup?, before|after|first|last?}",
            body: .object([.string("step", required: true), .boolean("lookup")] + placementFields)
        ) { call in
            let body = call.object()
            guard let step = try call.string("step", in: body) else { throw WorkspaceError(.invalid, "give the step to add as step") }
            let placement = try? placement(call)
            let view = try call.workspace.addFlowStep(call.parameter("ref"), step: step, lookup: try call.bool("lookup", in: body) ?? false, placement: placement)
            return .json(view.json)
        },
        Route(.post, "/flows/{ref}/steps/{step}/move", "Move a step: {before|after: REF} or {first|last: true}",
              body: placementBody) { call in
            .json(try call.workspace.moveFlowStep(call.parameter("ref"), step: call.parameter("step"), try placement(call)).json)
        },
        Route(.delete, "/flows/{ref}/steps/{step}", "Remove a step from the flow") { call in
            .json(try call.workspace.removeFlowStep(call.parameter("ref"), step: call.parameter("step")).json)
        },
    ]

    static let scriptsAndAliases: [Route] = [
        Route(.get, "/integrations/{ref}/scripts", "An integration's scripts", query: pageQuery) { call in
            .json(try call.page(try call.workspace.scripts(integration: call.parameter("ref")).map(\.json)))
        },
        Route(.get, "/scripts/{ref}", "A script with its content") { call in
            .json(try call.workspace.script(call.parameter("ref")).jsonWithContent)
        },
        Route(.get, "/integrations/{ref}/aliases", "An integration's or a flow's aliases",
              query: [.string("flow"), .boolean("inherited")]) { call in
            .json(
                .array(
                    try call.workspace.aliases(integration: call.parameter("ref"), flow: call.query["flow"], inherited: call.flag("inherited")).map(\.json)))
        },
        Route(.post, "/integrations/{ref}/aliases", "Create an alias: {alias, target, _flowId?, description?}",
              body: .object([
                  BodyField(name: "alias", kind: .string, required: true, constraints: [("pattern", #"^(?![0-9a-f]{24}$)[A-Za-z0-9_-]{1,256}$"#)]),
                  .text("target", required: true), .string("_flowId"), .string("description"),
              ]),
              success: .created) { call in
            let body = call.object()
            let alias = try call.workspace.createAlias(
                try call.string("alias", in: body) ?? "", integration: call.parameter("ref"), flow: try call.string("_flowId", in: body),
                target: try call.string("target", in: body) ?? "", description: try call.string("description", in: body) ?? "")
            return .json(alias.json)
        },
        Route(.get, "/integrations/{ref}/aliases/{alias}", "What an alias names, as the flow (or integration) sees it", query: [.string("flow")]) { call in
            .json(try call.workspace.resolveAlias(call.parameter("alias"), integration: call.parameter("ref"), flow: call.query["flow"]).json)
        },
        Route(.delete, "/integrations/{ref}/aliases/{alias}", "Delete an alias", query: [.string("flow")], success: .noContent) { call in
            _ = try call.workspace.deleteAlias(call.parameter("alias"), integration: call.parameter("ref"), flow: call.query["flow"])
            return .empty
        },
    ]

    static let connectionWork: [Route] = [
        Route(.post, "/connections", "Create a connection: {name, type, offline?, _integrationId?}",
              body: .object([
                  .name(required: true), BodyField(name: "type", kind: .string, required: true, constraints: [("pattern", #"^[A-Za-z0-9._-]{1,64}$"#)]),
                  .string("description"), .boolean("offline"),
                  .string("_integrationId"),
              ]), success: .created) { call in
            let body = call.object()
            let connection = try call.workspace.createConnection(
                name: try call.string("name", in: body) ?? "", type: try call.string("type", in: body) ?? "",
                description: try call.string("description", in: body) ?? "", offline: try call.bool("offline", in: body) ?? false,
                integration: try call.string("_integrationId", in: body))
            return .json(connection.json)
        },
        Route(.get, "/connections/{ref}", "A connection and where it is used") { call in
            .json(try call.workspace.connectionUsage(call.parameter("ref")).json)
        },
        Route(.get, "/connections/{ref}/status", "online or offline") { call in
            let connection = try call.workspace.connection(call.parameter("ref"))
            return .json(["_id": .string(connection.id), "status": .string(connection.offline ? "offline" : "online")])
        },
        Route(
            .patch, "/connections/{ref}", "Change a connection's name, type or description",
            body: .object([.name(), .string("type"), .string("description")])
        ) { call in
            let body = call.object()
            var edit = ConnectionEdit()
            edit.name = try call.string("name", in: body)
            edit.type = try call.string("type", in: body)
            edit.description = try call.string("description", in: body)
            return .json(try call.workspace.editConnection(call.parameter("ref"), edit).json)
        },
        Route(.delete, "/connections/{ref}", "Delete a connection no step uses", success: .noContent) { call in
            try call.workspace.deleteConnection(call.parameter("ref"))
            return .empty
        },
        Route(.put, "/connections/{ref}/integrations/{integration}", "Register a connection to an integration") { call in
            .json(try call.workspace.registerConnection(call.parameter("ref"), integration: call.parameter("integration")).json)
        },
        Route(.delete, "/connections/{ref}/integrations/{integration}", "Deregister a connection from an integration") { call in
            .json(try call.workspace.deregisterConnection(call.parameter("ref"), integration: call.parameter("integration")).json)
        },
    ]

    static let revisionWork: [Route] = [
        Route(.get, "/revisions/{id}/diff", "What a revision changed; or to another (to=REV2), or to now (current=true)", query: [.string("to"), .boolean("current")]) { call in
            .json(try call.workspace.diff(call.parameter("id"), to: call.query["to"], current: call.flag("current")).json)
        },
        Route(.post, "/revisions/{id}/revert", "Make the integration equal to the document after (before=true: before) the revision", query: [.boolean("before"), .boolean("dryRun")]) { call in
            .json(try call.workspace.revert(call.parameter("id"), before: call.flag("before"), dryRun: call.flag("dryRun")).result.json)
        },
        Route(
            .post, "/integrations/{ref}/pull", "Merge the changes of its clone or source: {from, description?, take?: ours|theirs}",
            query: [.boolean("dryRun")],
            body: .object([.string("from", required: true), .string("description"), .choice("take", DocumentMerge.Side.self)])
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
        Route(.get, "/revisions/deleted", "Deleted integrations that can be restored (their delete revisions)", query: pageQuery) { call in
            .json(try call.page(try call.workspace.deletedIntegrations().map(\.json)))
        },
        Route(.post, "/revisions/{id}/restore", "Bring a deleted integration back: {name?}",
              body: .object([.name()]), success: .created) { call in
            let body = call.object()
            return .json(try call.workspace.restore(call.parameter("id"), name: try call.string("name", in: body)).json)
        },
    ]

    static let auditWork: [Route] = [
        Route(.get, "/audit/verify", "Recompute the audit log's hash chain and check the revision store",
              query: [.string("head", pattern: #"^[1-9][0-9]{0,17}:[0-9a-f]{64}$"#)]) { call in
            let result = try call.workspace.verifyAudit(head: try call.query["head"].map { try AuditHead(parsing: $0) })
            if let problem = result.problem { throw WorkspaceError(.refused, problem.message, hint: result.hint) }
            return .json(["rowsChecked": .int(Int64(result.rowsChecked)), "head": .string(result.head)])
        },
        Route(.get, "/audit/head", "The audit log's head (SEQ:HASH) to keep elsewhere") { call in
            let head = try call.workspace.auditHead()
            return .json(["sequence": .int(head.sequence), "hash": .string(head.hash)])
        },
    ]

    static let userWork: [Route] = [
        Route(
            .post, "/users", "Add a user: {name, role}",
            body: .object([.name(required: true), .choice("role", User.Role.self).needed]), success: .created
        ) { call in
            let body = call.object()
            return .json(try call.workspace.addUser(try call.string("name", in: body) ?? "", role: try role(call.string("role", in: body))).json)
        },
        Route(.patch, "/users/{name}", "Change a user's role: {role}", body: .object([.choice("role", User.Role.self).needed])) { call in
            .json(try call.workspace.setRole(call.parameter("name"), to: try role(call.string("role", in: call.object()))).json)
        },
        Route(.delete, "/users/{name}", "Remove a user, their grants and tokens", success: .noContent) { call in
            _ = try call.workspace.removeUser(call.parameter("name"))
            return .empty
        },
        Route(.put, "/users/{name}/grants/{integration}", "Give a user manage or monitor access to one integration: {access}",
              body: .object([.choice("access", ["manage", "monitor"]).needed])) { call in
            let access: Access =
                switch try call.string("access", in: call.object()) {
                case "manage": .manage
                case "monitor": .monitor
                default: throw WorkspaceError(.invalid, "access must be manage or monitor")
                }
            return .json(try call.workspace.grant(call.parameter("name"), integration: call.parameter("integration"), access: access).json)
        },
        Route(.delete, "/users/{name}/grants/{integration}", "Take a user's access to one integration away") { call in
            .json(try call.workspace.revoke(call.parameter("name"), integration: call.parameter("integration")).json)
        },
        Route(.get, "/tokens", "The caller's tokens (everyone's for the owner or an administrator), never their secrets", query: pageQuery) { call in
            .json(try call.page(try call.workspace.tokens().map(\.json)))
        },
        Route(.post, "/tokens", "Make a token: {user?, label?}; its secret is in the answer, once",
              body: .object([.string("user"), .label("label")]), success: .created) { call in
            let body = call.object()
            return .json(try call.workspace.createToken(for: try call.string("user", in: body), label: try call.string("label", in: body) ?? "").json)
        },
        Route(.delete, "/tokens/{id}", "Revoke a token", success: .noContent) { call in
            _ = try call.workspace.revokeToken(call.parameter("id"))
            return .empty
        },
    ]

    /// An API's method and path, or a tool's input schema (a JSON object, or its text).
    static func itemFields(_ kind: ItemKind) -> [BodyField] {
        kind == .api
            ? [.choice("method", Workspace.httpMethods.sorted()), BodyField(name: "path", kind: .string, required: false, constraints: [("pattern", #"^/\S*$"#)])]
            : [.object("inputSchema")]
    }

    /// A tool's input schema given as JSON, or as JSON text in a string.
    static func schemaText(_ value: JSONValue?) -> String? {
        guard let value, value != .null else { return nil }
        return value.stringValue ?? value.compactText
    }

    static func role(_ text: String?) throws -> User.Role {
        guard let text, let role = User.Role(rawValue: text) else {
            throw WorkspaceError(.invalid, "role must be one of \(User.Role.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return role
    }
}
