/// A person who acts on the workspace.
public struct User: Equatable, Sendable {
    public enum Role: String, CaseIterable, Sendable {
        case owner, administrator, manage, monitor, tile
    }

    public let name: String
    public let role: Role

    public var json: JSONValue {
        ["name": .string(name), "role": .string(role.rawValue)]
    }
}
