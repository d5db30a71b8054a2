import HTTPTypes
import Workspace

/// APIs and tools, which share their routes' shape.
extension Routes {
    /// APIs and tools share their routes' shape.
    static func items(_ kind: ItemKind, _ plural: String) -> [Route] {
        [
            Route(.get, "/\(plural)", "\(plural.capitalized): all the caller may read, or one integration's", query: [.string("integration")] + pageQuery, answers: .list(Item.shape(kind))) { call in
                .json(try call.page(try call.workspace.items(kind, integration: call.query["integration"]).map(\.json)))
            },
            Route(
                .post, "/\(plural)", "Create one (in Standalone unless _integrationId)",
                body: .object([.name(required: true), .string("_integrationId"), .string("description")] + itemFields(kind)),
                success: .created, answers: .json(Item.shape(kind)), links: Link("/\(plural)/{ref}")
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
            Route(.get, "/\(plural)/{ref}", "One of them", answers: .json(Item.shape(kind))) { call in .json(try call.workspace.item(kind, call.parameter("ref")).json) },
            Route(
                .patch, "/\(plural)/{ref}", "Change its name, description, method and path, or input schema",
                body: .object([.name(), .string("description")] + itemFields(kind)), answers: .json(Item.shape(kind))
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
                body: .object([.string("_integrationId", required: true), .boolean("force")]), answers: .list(Item.shape(kind))
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
}
