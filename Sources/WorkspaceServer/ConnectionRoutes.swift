import HTTPTypes
import Workspace

/// Connections: create, show, edit, status, registration to integrations, delete.
extension Routes {
    static let connections: [Route] = [
        Route(.get, "/connections", "Connections: all, or one integration's", query: [.string("integration")] + pageQuery, answers: .list(Connection.shape)) { call in
            .json(try call.page(try call.workspace.connections(integration: call.query["integration"]).map(\.json)))
        },
        Route(.post, "/connections/{ref}/reconnect", "Bring a connection back online", answers: .json(Connection.shape)) { call in
            .json(try call.workspace.setConnectionOnline(call.parameter("ref"), true).json)
        },
        Route(.post, "/connections/{ref}/disconnect", "Take a connection offline", answers: .json(Connection.shape)) { call in
            .json(try call.workspace.setConnectionOnline(call.parameter("ref"), false).json)
        },
        Route(.post, "/connections", "Create a connection: {name, type, offline?, _integrationId?}",
              body: .object([
                  .name(required: true), BodyField(name: "type", kind: .string, required: true, constraints: [("pattern", #"^[A-Za-z0-9._-]{1,64}$"#)]),
                  .string("description"), .boolean("offline"),
                  .string("_integrationId"),
              ]), success: .created, answers: .json(Connection.shape), links: Link("/connections/{ref}")) { call in
            let body = call.object()
            let connection = try call.workspace.createConnection(
                name: try call.string("name", in: body) ?? "", type: try call.string("type", in: body) ?? "",
                description: try call.string("description", in: body) ?? "", offline: try call.bool("offline", in: body) ?? false,
                integration: try call.string("_integrationId", in: body))
            return .json(connection.json)
        },
        Route(.get, "/connections/{ref}", "A connection and where it is used", answers: .json(ConnectionUsage.shape)) { call in
            .json(try call.workspace.connectionUsage(call.parameter("ref")).json)
        },
        Route(.get, "/connections/{ref}/status", "online or offline", answers: .json(.record([.field("_id", .string), .field("status", .choice(["online", "offline"]))]))) { call in
            let connection = try call.workspace.connection(call.parameter("ref"))
            return .json(["_id": .string(connection.id), "status": .string(connection.offline ? "offline" : "online")])
        },
        Route(
            .patch, "/connections/{ref}", "Change a connection's name, type or description",
            body: .object([.name(), .string("type"), .string("description")]), answers: .json(Connection.shape)
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
        Route(.put, "/connections/{ref}/integrations/{integration}", "Register a connection to an integration", answers: .json(Connection.shape)) { call in
            .json(try call.workspace.registerConnection(call.parameter("ref"), integration: call.parameter("integration")).json)
        },
        Route(.delete, "/connections/{ref}/integrations/{integration}", "Deregister a connection from an integration", answers: .json(Connection.shape)) { call in
            .json(try call.workspace.deregisterConnection(call.parameter("ref"), integration: call.parameter("integration")).json)
        },
    ]

    /// `{"OLD": "NEW"}`: the source's (or the file's) connection OLD becomes the workspace's NEW.
    static func connectionMap(_ value: JSONValue?) -> [String: String] {
        var map: [String: String] = [:]
        for (old, new) in value?.objectValue?.pairs ?? [] { map[old] = new.stringValue }
        return map
    }

    /// `OLD=NEW,OLD2=NEW2` in the install's query.
    static func connectionMap(query: String?) throws -> [String: String] {
        var map: [String: String] = [:]
        guard let query else { return map }
        for pair in query.unicodeScalars.split(separator: ",", omittingEmptySubsequences: false).map(String.init) {
            guard let (old, new) = InstallOptions.connectionMapping(String(pair)) else {
                throw WorkspaceError(.invalid, "connections takes OLD=NEW pairs separated by commas, not \"\(pair)\"")
            }
            map[old] = new
        }
        return map
    }
}
