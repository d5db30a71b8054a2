import HTTPTypes
import Workspace

/// Users, their roles and grants, and tokens.
extension Routes {
    static let users: [Route] = [
        Route(.get, "/whoami", "The caller: user, role and grants", answers: .json(UserAccess.shape)) { call in .json(try call.workspace.whoami().json) },
        Route(.get, "/users", "Users, their roles and grants (owner or administrator)", query: pageQuery, answers: .list(UserAccess.shape)) { call in
            .json(try call.page(try call.workspace.users().map(\.json), key: "name"))
        },
        Route(
            .post, "/users", "Add a user: {name, role}",
            body: .object([.name(required: true), .choice("role", User.Role.self).needed]), success: .created, answers: .json(User.shape), links: Link("/users/{name}", "name", from: "name")
        ) { call in
            let body = call.object()
            return .json(try call.workspace.addUser(try call.string("name", in: body) ?? "", role: try role(call.string("role", in: body))).json)
        },
        Route(.patch, "/users/{name}", "Change a user's role: {role}", body: .object([.choice("role", User.Role.self).needed]), answers: .json(User.shape)) { call in
            .json(try call.workspace.setRole(call.parameter("name"), to: try role(call.string("role", in: call.object()))).json)
        },
        Route(.delete, "/users/{name}", "Remove a user, their grants and tokens", success: .noContent) { call in
            _ = try call.workspace.removeUser(call.parameter("name"))
            return .empty
        },
        Route(.put, "/users/{name}/grants/{integration}", "Give a user manage or monitor access to one integration: {access}",
              body: .object([.choice("access", Access.grantNames).needed]), answers: .json(UserAccess.shape)) { call in
            guard let access = try call.string("access", in: call.object()).flatMap(Access.init(grantName:)) else {
                throw WorkspaceError(.invalid, "access must be manage or monitor")
            }
            return .json(try call.workspace.grant(call.parameter("name"), integration: call.parameter("integration"), access: access).json)
        },
        Route(.delete, "/users/{name}/grants/{integration}", "Take a user's access to one integration away", answers: .json(UserAccess.shape)) { call in
            .json(try call.workspace.revoke(call.parameter("name"), integration: call.parameter("integration")).json)
        },
        Route(.get, "/tokens", "The caller's tokens (everyone's for the owner or an administrator), never their secrets", query: pageQuery, answers: .list(Token.shape)) { call in
            .json(try call.page(try call.workspace.tokens().map(\.json)))
        },
        Route(
            .post, "/tokens",
            "Make a token: {user?, label?, scope?, expires?}; scope: [\"full\" | \"read\" | \"integration:REF[:manage|:monitor]\"] (default full); its secret is in the answer, once",
            body: .object([
                .string("user"), .label("label"), BodyField.strings("scope").items(pattern: "^(full|read|integration:.+)$"),
                .choice("expires", TokenLifetime.self),
            ]), success: .created,
            answers: .json(NewToken.shape), links: Link("/tokens/{id}", "id")
        ) { call in
            let body = call.object()
            let expires = try call.string("expires", in: body).map { try choice(TokenLifetime.self, $0, "expires") } ?? .never
            return .json(
                try call.workspace.createToken(
                    for: try call.string("user", in: body), label: try call.string("label", in: body) ?? "",
                    scopes: (body["scope"]?.arrayValue ?? []).compactMap(\.stringValue), expires: expires
                ).json)
        },
        Route(.delete, "/tokens/{id}", "Revoke a token", success: .noContent) { call in
            _ = try call.workspace.revokeToken(call.parameter("id"))
            return .empty
        },
    ]

    static func role(_ text: String?) throws -> User.Role {
        guard let text, let role = User.Role(rawValue: text) else {
            throw WorkspaceError(.invalid, "role must be one of \(User.Role.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return role
    }
}
