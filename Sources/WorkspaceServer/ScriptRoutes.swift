import HTTPTypes
import Workspace

/// Scripts, which live in an integration.
extension Routes {
    static let scripts: [Route] = [
        Route(.get, "/integrations/{ref}/scripts", "An integration's scripts", query: pageQuery, answers: .list(Script.shape)) { call in
            .json(try call.page(try call.workspace.scripts(integration: call.parameter("ref")).map(\.json)))
        },
        Route(.get, "/scripts/{ref}", "A script with its content", answers: .json(Script.shape)) { call in
            .json(try call.workspace.script(call.parameter("ref")).jsonWithContent)
        },
        Route(.delete, "/scripts/{ref}", "Delete a script no hook names (it goes to the recycle bin)", success: .noContent) { call in
            _ = try call.workspace.deleteScript(call.parameter("ref"))
            return .empty
        },
    ]
}
