import HTTPTypes
import Workspace

/// Integrations (the Home page, pins and tiles, clone, download, install) and their flow groups.
extension Routes {
    static let integrations: [Route] = [
        Route(.get, "/integrations", "The Home page: integrations with the caller's pins and tile order", query: [.choice("view", HomeView.self), .choice("sort", HomeSort.self), .string("search")] + pageQuery, answers: .list(IntegrationSummary.shape)) { call in
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
            body: .object([.name(required: true), .string("description"), .string("readme")]), success: .created, answers: .json(Integration.shape), links: Link("/integrations/{ref}")
        ) { call in
            let body = call.object()
            let integration = try call.workspace.createIntegration(
                name: try call.string("name", in: body) ?? "", description: try call.string("description", in: body) ?? "",
                readme: try call.string("readme", in: body) ?? "")
            return .json(integration.json)
        },
        Route(.get, "/integrations/{ref}", "An integration and its counts", answers: .json(IntegrationSummary.shape)) { call in
            .json(try call.workspace.integrationSummary(call.parameter("ref")).json)
        },
        Route(
            .patch, "/integrations/{ref}", "Change an integration's name, description or readme",
            body: .object([.name(), .string("description"), .string("readme")]), answers: .json(Integration.shape)
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
        Route(.put, "/integrations/{ref}/pin", "Pin an integration to the top of the caller's list view", answers: .json(Integration.shape)) { call in
            .json(try call.workspace.pin(call.parameter("ref")).json)
        },
        Route(.delete, "/integrations/{ref}/pin", "Unpin an integration", answers: .json(Integration.shape)) { call in
            .json(try call.workspace.unpin(call.parameter("ref")).json)
        },
        Route(.post, "/integrations/{ref}/reorder", "Move a tile in the caller's tile order: {before|after: REF} or {first|last: true}",
              body: placementBody, answers: .list(IntegrationSummary.shape)) { call in
            .json(.array(try call.workspace.reorderTile(call.parameter("ref"), try placement(call)).map(\.json)))
        },
        Route(.post, "/integrations/{ref}/clone", "Clone an integration with everything in it (flows disabled)",
              body: .object([.name(), .stringMap("connections"), .boolean("newConnections")]), success: .created, answers: .json(InstallPlan.shape), links: Link("/integrations/{ref}")) { call in
            let body = call.object()
            let options = InstallOptions(
                name: try call.string("name", in: body), connections: connectionMap(body["connections"]),
                newConnections: try call.bool("newConnections", in: body) ?? false)
            return .json(try call.workspace.cloneIntegration(call.parameter("ref"), options: options).json)
        },
        Route(.get, "/integrations/{ref}/download", "The integration document, or with format=integrator.io its download as a zip",
              query: [.choice("format", ["workspace", "integrator.io"])], answers: .media([("application/json", IntegrationDocument.shape), ("application/zip", nil)])) { call in
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
            answers: .json(InstallPlan.shape), links: Link("/integrations/{ref}"), bodyLimit: Limits.installBytes
        ) { call in
            let options = InstallOptions(
                name: call.query["name"], connections: try connectionMap(query: call.query["connections"]), dryRun: call.flag("dryRun"))
            return .json(try call.workspace.install(call.body, options: options).json)
        },
    ]

    static let groups: [Route] = [
        Route(.get, "/integrations/{ref}/groups", "An integration's flow groups in display order", query: pageQuery, answers: .list(FlowGroup.shape)) { call in
            .json(try call.page(try call.workspace.groups(integration: call.parameter("ref")).map(\.json)))
        },
        Route(.post, "/integrations/{ref}/groups", "Create a flow group at the end: {name}",
              body: .object([.name(required: true)]), success: .created, answers: .json(FlowGroup.shape), links: Link("/groups/{ref}")) { call in
            let body = call.object()
            return .json(try call.workspace.createGroup(name: try call.string("name", in: body) ?? "", integration: call.parameter("ref")).json)
        },
        Route(.patch, "/groups/{ref}", "Rename a flow group: {name}", query: [.string("integration")],
              body: .object([.name(required: true)]), answers: .json(FlowGroup.shape)) { call in
            let body = call.object()
            return .json(
                try call.workspace.renameGroup(call.parameter("ref"), to: try call.string("name", in: body) ?? "", integration: call.query["integration"]).json)
        },
        Route(.post, "/groups/{ref}/reorder", "Move a flow group: {before|after: REF} or {first|last: true}", query: [.string("integration")],
              body: placementBody, answers: .list(FlowGroup.shape)) { call in
            .json(.array(try call.workspace.reorderGroup(call.parameter("ref"), try placement(call), integration: call.query["integration"]).map(\.json)))
        },
        Route(.delete, "/groups/{ref}", "Delete a flow group; its flows become unassigned", query: [.string("integration")],
              success: .noContent) { call in
            _ = try call.workspace.deleteGroup(call.parameter("ref"), integration: call.query["integration"])
            return .empty
        },
    ]
}
