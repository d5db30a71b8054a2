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
    ]
}
