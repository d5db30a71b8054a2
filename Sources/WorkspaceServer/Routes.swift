import HTTPTypes
import Workspace

/// One route of the API: what it is (for the router and the OpenAPI document alike, so the
/// two cannot drift) and the library call it makes.
struct Route: Sendable {
    let method: HTTPRequest.Method
    /// OpenAPI style: `/api/v1/integrations/{ref}`.
    let path: String
    let summary: String
    /// The query parameters it reads and the body it takes: checked before `handle` runs
    /// (anything else is refused, naming it), and described by the OpenAPI document.
    let query: [QueryParameter]
    let body: RequestBody
    /// The status of a success, and any other a success may answer (`Reply.answer`).
    let success: HTTPResponse.Status
    let alsoAnswers: [HTTPResponse.Status]
    /// The largest body it takes (SPEC §11: 256 MiB for install, 1 MiB otherwise).
    let bodyLimit: Int
    let handle: @Sendable (Call) throws -> Reply

    /// `body` defaults to none for GET and DELETE, to an empty object (or nothing) otherwise.
    init(
        _ method: HTTPRequest.Method, _ path: String, _ summary: String, query: [QueryParameter] = [], body: RequestBody? = nil,
        success: HTTPResponse.Status = .ok, alsoAnswers: [HTTPResponse.Status] = [], bodyLimit: Int = 1 << 20,
        _ handle: @escaping @Sendable (Call) throws -> Reply
    ) {
        self.method = method
        self.path = "/api/v1" + path
        self.summary = summary
        self.query = query
        self.body = body ?? (method == .get || method == .delete ? .none : .object([]))
        self.success = success
        self.alsoAnswers = alsoAnswers
        self.bodyLimit = bodyLimit
        self.handle = handle
    }

    /// The path's parameter names, in order.
    var parameters: [String] {
        path.split(separator: "/").compactMap { part in
            part.hasPrefix("{") && part.hasSuffix("}") ? String(part.dropFirst().dropLast()) : nil
        }
    }

    /// Hummingbird's form of the path: `/api/v1/integrations/:ref`.
    var routerPath: String {
        path.split(separator: "/", omittingEmptySubsequences: false).map { part in
            part.hasPrefix("{") && part.hasSuffix("}") ? ":" + part.dropFirst().dropLast() : String(part)
        }.joined(separator: "/")
    }
}

/// The API under /api/v1/: integrator.io's JSON shapes and names, each route one library call.
enum Routes {
    /// Fixed paths (`/revisions/deleted`) before their parameterized neighbours (`/revisions/{id}`).
    static let all: [Route] =
        integrations + flows + flowWork + groups + items(.api, "apis") + items(.tool, "tools") + steps(.export, "exports")
        + steps(.import, "imports") + scriptsAndAliases + connections + connectionWork + settings + revisionWork + revisions
        + auditWork + people + userWork

    static let integrations: [Route] = [
        Route(.get, "/integrations", "The Home page: integrations with the caller's pins and tile order", query: [.choice("view", HomeView.self), .choice("sort", HomeSort.self), .string("search")] + pageQuery) { call in
            let view = try call.query["view"].map { try choice(HomeView.self, $0, "view") } ?? .tile
            let sort = try call.query["sort"].map { try choice(HomeSort.self, $0, "sort") } ?? .name
            let search = call.query["search"]
            let page = "\(call.query["limit"] ?? "") \(call.query["after"] ?? "")"
            return try call.keptAnswer("home \(view) \(sort) \(search ?? "") \(page)") {
                try call.page(try call.workspace.home(view: view, sort: sort, search: search).map(\.json))
            }
        },
        Route(
            .post, "/integrations", "Create an integration",
            body: .object([.name(required: true), .string("description"), .string("readme")]), success: .created
        ) { call in
            let body = call.object()
            let integration = try call.workspace.createIntegration(
                name: try call.string("name", in: body) ?? "", description: try call.string("description", in: body) ?? "",
                readme: try call.string("readme", in: body) ?? "")
            return .json(integration.json)
        },
        Route(.get, "/integrations/{ref}", "An integration and its counts") { call in
            .json(try call.workspace.integrationSummary(call.parameter("ref")).json)
        },
        Route(
            .patch, "/integrations/{ref}", "Change an integration's name, description or readme",
            body: .object([.name(), .string("description"), .string("readme")])
        ) { call in
            let body = call.object()
            let integration = try call.workspace.editIntegration(
                call.parameter("ref"), name: try call.string("name", in: body), description: try call.string("description", in: body),
                readme: try call.string("readme", in: body))
            return .json(integration.json)
        },
        Route(.delete, "/integrations/{ref}", "Delete an integration (mode=detach or cascade when it holds anything)",
              query: [.choice("mode", ["detach", "cascade"]), .boolean("force")], success: .noContent) { call in
            let mode: DeleteMode =
                switch call.query["mode"] {
                case nil: .refuseIfNotEmpty
                case "detach": .detach
                case "cascade": .cascade
                case let other?: throw WorkspaceError(.invalid, "mode must be detach or cascade, not \(other)")
                }
            _ = try call.workspace.deleteIntegration(call.parameter("ref"), mode: mode, force: call.flag("force"))
            return .empty
        },
        Route(.put, "/integrations/{ref}/pin", "Pin an integration to the top of the caller's list view") { call in
            .json(try call.workspace.pin(call.parameter("ref")).json)
        },
        Route(.delete, "/integrations/{ref}/pin", "Unpin an integration") { call in
            .json(try call.workspace.unpin(call.parameter("ref")).json)
        },
        Route(.post, "/integrations/{ref}/reorder", "Move a tile in the caller's tile order: {before|after: REF} or {first|last: true}",
              body: placementBody) { call in
            .json(.array(try call.workspace.reorderTile(call.parameter("ref"), try placement(call)).map(\.json)))
        },
        Route(.post, "/integrations/{ref}/clone", "Clone an integration with everything in it (flows disabled)",
              body: .object([.name(), .stringMap("connections"), .boolean("newConnections")]), success: .created) { call in
            let body = call.object()
            let options = InstallOptions(
                name: try call.string("name", in: body), connections: connectionMap(body["connections"]),
                newConnections: try call.bool("newConnections", in: body) ?? false)
            return .json(try call.workspace.cloneIntegration(call.parameter("ref"), options: options).json)
        },
        Route(.get, "/integrations/{ref}/download", "The integration document, or with format=integrator.io its download as a zip",
              query: [.choice("format", ["workspace", "integrator.io"])]) { call in
            switch call.query["format"] ?? "workspace" {
            case "workspace":
                let document = try call.workspace.download(call.parameter("ref"))
                return .bytes(document.canonicalBytes, contentType: "application/json", filename: nil)
            case "integrator.io":
                let (files, _) = try call.workspace.downloadIntegratorIO(call.parameter("ref"))
                return .bytes(try ZipArchive.make(files), contentType: "application/zip", filename: "integration.zip")
            case let other: throw WorkspaceError(.invalid, "format must be workspace or integrator.io, not \(other)")
            }
        },
        Route(
            .post, "/integrations/install", "Install an integration document or an integrator.io zip (the request body) as a new integration",
            query: [.string("name", pattern: BodyField.namePattern), .string("connections", pattern: #"^[^,=]+=[^,]+(,[^,=]+=[^,]+)*$"#), .boolean("dryRun")], body: .file, success: .created,
            bodyLimit: Limits.installBytes
        ) { call in
            let options = InstallOptions(
                name: call.query["name"], connections: try connectionMap(query: call.query["connections"]), dryRun: call.flag("dryRun"))
            return .json(try call.workspace.install(call.body, options: options).json)
        },
    ]

    static let flows: [Route] = [
        Route(.get, "/flows", "Flows: all the caller may read, or one integration's", query: [.string("integration")] + pageQuery) { call in
            .json(try call.page(try call.workspace.items(.flow, integration: call.query["integration"]).map(\.json)))
        },
        Route(
            .post, "/flows", "Create a flow (in Standalone unless _integrationId)",
            body: .object([
                .name(required: true), .string("_integrationId"), .string("_flowGroupingId"), .string("description"),
                .boolean("disabled"),
            ]), success: .created
        ) { call in
            let body = call.object()
            let flow = try call.workspace.createFlow(
                name: try call.string("name", in: body) ?? "", integration: try call.string("_integrationId", in: body),
                group: try call.string("_flowGroupingId", in: body), description: try call.string("description", in: body) ?? "",
                disabled: try call.bool("disabled", in: body) ?? false)
            return .json(flow.json)
        },
        Route(.get, "/flows/{ref}", "A flow with its page generators, page processors and routers") { call in
            .json(try call.workspace.flowView(call.parameter("ref")).json)
        },
        Route(
            .patch, "/flows/{ref}", "Change a flow's name, description or status (disabled)",
            body: .object([.name(), .string("description"), .boolean("disabled")])
        ) { call in
            let body = call.object()
            let edit = ItemEdit(
                name: try call.string("name", in: body), description: try call.string("description", in: body),
                disabled: try call.bool("disabled", in: body))
            return .json(try call.workspace.editItem(.flow, call.parameter("ref"), edit).json)
        },
        Route(
            .post, "/flows/{ref}/move", "Move a flow to another integration: {_integrationId, _flowGroupingId?}",
            body: .object([.string("_integrationId", required: true), .string("_flowGroupingId"), .boolean("force")])
        ) { call in
            let body = call.object()
            let moved = try call.workspace.moveItems(
                .flow, [call.parameter("ref")], to: try call.string("_integrationId", in: body) ?? "",
                group: try call.string("_flowGroupingId", in: body), force: try call.bool("force", in: body) ?? false)
            return .json(.array(moved.map(\.json)))
        },
        bulkMove(.flow, "flows"),
        Route(
            .delete, "/flows/{ref}", "Delete a flow (force: and the aliases that name it)",
            query: [.string("integration"), .boolean("force")], success: .noContent
        ) { call in
            _ = try call.workspace.deleteItems(.flow, [call.parameter("ref")], integration: call.query["integration"], force: call.flag("force"))
            return .empty
        },
    ]

    static let connections: [Route] = [
        Route(.get, "/connections", "Connections: all, or one integration's", query: [.string("integration")] + pageQuery) { call in
            .json(try call.page(try call.workspace.connections(integration: call.query["integration"]).map(\.json)))
        },
        Route(.post, "/connections/{ref}/reconnect", "Bring a connection back online") { call in
            .json(try call.workspace.setConnectionOnline(call.parameter("ref"), true).json)
        },
        Route(.post, "/connections/{ref}/disconnect", "Take a connection offline") { call in
            .json(try call.workspace.setConnectionOnline(call.parameter("ref"), false).json)
        },
    ]

    static let settings: [Route] = [
        Route(.get, "/settings/{ref}", "A settings document, or the value at pointer in it", query: settingsQuery) { call in
            .json(try call.workspace.settings(call.parameter("ref"), group: call.flag("group"), at: call.query["pointer"] ?? ""))
        },
        Route(.put, "/settings/{ref}", "Set the value at pointer (the body, JSON), or replace the whole document", query: settingsQuery,
              body: .json) { call in
            let value = try call.value()
            if let pointer = call.query["pointer"], !pointer.isEmpty {
                return .json(try call.workspace.setSetting(call.parameter("ref"), group: call.flag("group"), at: pointer, to: value))
            }
            return .json(try call.workspace.replaceSettings(call.parameter("ref"), group: call.flag("group"), with: value))
        },
        Route(.delete, "/settings/{ref}", "Remove the value at pointer", query: [.string("pointer", pattern: #"^(/([^~/]|~[01])*)+$"#).needed, .boolean("group")]) { call in
            .json(try call.workspace.unsetSetting(call.parameter("ref"), group: call.flag("group"), at: call.query["pointer"] ?? ""))
        },
        Route(.get, "/settings/{ref}/resolved", "The effective settings, with where each value comes from", query: [.boolean("group")]) { call in
            let resolved = try call.workspace.resolveSettings(call.parameter("ref"), group: call.flag("group"))
            return .json(["settings": resolved.effective, "origins": .array(resolved.origins.map(\.json))])
        },
    ]

    static let revisions: [Route] = [
        Route(.get, "/integrations/{ref}/revisions", "An integration's revisions, newest first", query: pageQuery) { call in
            .json(try call.page(try call.workspace.revisions(of: call.parameter("ref")).map(\.json)))
        },
        Route(
            .post, "/integrations/{ref}/revisions",
            "Snapshot the integration: {description, ifChanged?}; with ifChanged and no change since the latest revision, 200 and that revision (recorded: false)",
            body: .object([.text("description", required: true), .boolean("ifChanged")]), success: .created, alsoAnswers: [.ok]
        ) { call in
            let body = call.object()
            let description = try call.string("description", in: body) ?? ""
            guard try call.bool("ifChanged", in: body) == true else {
                return .json(try call.workspace.snapshot(call.parameter("ref"), description: description).json(recorded: true))
            }
            let (revision, recorded) = try call.workspace.snapshotIfChanged(call.parameter("ref"), description: description)
            return recorded ? .json(revision.json(recorded: true)) : .answer(.ok, .json(revision.json(recorded: false)))
        },
        Route(.get, "/revisions/{id}", "A revision and what it changed") { call in
            let (revision, diff) = try call.workspace.revision(call.parameter("id"))
            return .json(revision.json(changes: diff))
        },
    ]

    static let people: [Route] = [
        Route(.get, "/whoami", "The caller: user, role and grants") { call in .json(try call.workspace.whoami().json) },
        Route(.get, "/users", "Users, their roles and grants (owner or administrator)", query: pageQuery) { call in
            .json(try call.page(try call.workspace.users().map(\.json), key: "name"))
        },
        Route(
            .get, "/audit", "The audit log, newest first; format=csv for CSV",
            query: [
                .string("integration"), .string("resource"), .choice("type", ResourceType.self), .string("user"),
                .choice("action", AuditAction.self), .choice("source", AuditSource.self), .string("since", pattern: AuditTimeSchema.pattern),
                .string("until", pattern: AuditTimeSchema.pattern), .integer("limit", minimum: 1, maximum: 1_000_000),
                .integer("after", minimum: 1, maximum: Int64.max), .choice("format", ["json", "csv"]),
            ]
        ) { call in
            let query = try auditQuery(call)
            let entries = try call.workspace.auditLog(query)
            if call.query["format"] == "csv" {
                return .bytes(Array(AuditCSV.text(entries).utf8), contentType: "text/csv; charset=utf-8", filename: "audit.csv")
            }
            return .json(.array(entries.map(\.json)))
        },
    ]

    /// The audit filters of SPEC §9 from the query, closed sets checked.
    private static func auditQuery(_ call: Call) throws -> AuditQuery {
        let limit = try call.query["limit"].map { text in
            guard let number = Int(text) else { throw WorkspaceError(.invalid, "limit must be a number") }
            return number
        } ?? 50
        return AuditQuery(
            integration: call.query["integration"], resource: call.query["resource"],
            type: try call.query["type"].map { try choice(ResourceType.self, $0, "type") }, user: call.query["user"],
            action: try call.query["action"].map { try choice(AuditAction.self, $0, "action") },
            source: try call.query["source"].map { try choice(AuditSource.self, $0, "source") },
            since: try call.query["since"].map { try AuditTime.parse($0) }, until: try call.query["until"].map { try AuditTime.parse($0) },
            limit: limit, after: call.query["after"].flatMap { Int64($0) })
    }

    static func choice<T: RawRepresentable & CaseIterable>(_ type: T.Type, _ text: String, _ name: String) throws -> T
    where T.RawValue == String {
        guard let value = T(rawValue: text) else {
            throw WorkspaceError(.invalid, "\(name) must be one of \(T.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return value
    }

    /// `POST /flows/move` (and APIs', tools'): several at once to one integration, all or none,
    /// as `flow move A B C` does.
    static func bulkMove(_ kind: ItemKind, _ plural: String) -> Route {
        var fields: [BodyField] = [.strings("refs", required: true), .string("_integrationId", required: true), .string("integration")]
        if kind == .flow { fields.append(.string("_flowGroupingId")) }
        fields.append(.boolean("force"))
        return Route(
            .post, "/\(plural)/move", "Move several to one integration, all or none: {refs, _integrationId, integration?, force?}",
            body: .object(fields)
        ) { call in
            let body = call.object()
            let refs = (body["refs"]?.arrayValue ?? []).compactMap(\.stringValue)
            let moved = try call.workspace.moveItems(
                kind, refs, to: try call.string("_integrationId", in: body) ?? "", from: try call.string("integration", in: body),
                group: try call.string("_flowGroupingId", in: body), force: try call.bool("force", in: body) ?? false)
            return .json(.array(moved.map(\.json)))
        }
    }

    /// `{"OLD": "NEW"}`: the source's (or the file's) connection OLD becomes the workspace's NEW.
    static func connectionMap(_ value: JSONValue?) -> [String: String] {
        var map: [String: String] = [:]
        for (old, new) in value?.objectValue?.pairs ?? [] { map[old] = new.stringValue }
        return map
    }

    /// `OLD=NEW,OLD2=NEW2` in the install's query.
    static func connectionMap(query: String?) throws -> [String: String] {
        var map: [String: String] = [:]
        for pair in (query ?? "").split(separator: ",") {
            guard let (old, new) = InstallOptions.connectionMapping(String(pair)) else {
                throw WorkspaceError(.invalid, "connections takes OLD=NEW pairs separated by commas, not \"\(pair)\"")
            }
            map[old] = new
        }
        return map
    }

    /// A list's page: at most `limit` items after the one `after` names (its `_id`, a user's
    /// name, an alias's alias; an audit row's sequence).
    static let pageQuery: [QueryParameter] = [.integer("limit", minimum: 1, maximum: 1_000_000), .string("after")]

    /// The query of the settings routes.
    static let settingsQuery: [QueryParameter] = [.string("pointer", pattern: pointerPattern), .boolean("group")]

    /// A JSON pointer (RFC 6901): `~` only as `~0` or `~1`.
    static let pointerPattern = #"^(/([^~/]|~[01])*)*$"#

    /// Where a tile, group or step goes.
    static let placementFields: [BodyField] = [.string("before"), .string("after"), .flag("first"), .flag("last")]
    static let placementBody = RequestBody.oneOf(placementFields)

    /// `{"before": REF}`, `{"after": REF}`, `{"first": true}` or `{"last": true}`.
    static func placement(_ call: Call) throws -> Placement {
        let body = call.object()
        if let before = try call.string("before", in: body) { return .before(before) }
        if let after = try call.string("after", in: body) { return .after(after) }
        if try call.bool("first", in: body) == true { return .first }
        if try call.bool("last", in: body) == true { return .last }
        throw WorkspaceError(.invalid, "give before, after, first or last")
    }
}
