/// A person who acts on the workspace.
public struct User: Equatable, Sendable {
    public enum Role: String, CaseIterable, Sendable {
        case owner, administrator, manage, monitor, tile
    }

    public let name: String
    public let role: Role

    package init(name: String, role: Role) {
        self.name = name
        self.role = role
    }

    public var json: JSONValue {
        ["name": .string(name), "role": .string(role.rawValue)]
    }

    public static let shape = JSONShape.record([.field("name", .string), .field("role", .choice(of: Role.self))])
}

/// A user's per-integration access, as listed by `user list` and `whoami`.
public struct Grant: Equatable, Sendable {
    public let integrationID: String
    public let integrationName: String
    public let access: Access

    package init(integrationID: String, integrationName: String, access: Access) {
        self.integrationID = integrationID
        self.integrationName = integrationName
        self.access = access
    }

    package var json: JSONValue {
        [
            "_integrationId": .string(integrationID), "integrationName": .string(integrationName),
            "access": .string(access.name),
        ]
    }

    package static let shape = JSONShape.record([
        .field("_integrationId", .string), .field("integrationName", .string), .field("access", .choice(Access.grantNames)),
    ])
}
