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

enum Users {
    static func find(_ name: String, in database: Database) throws -> User? {
        guard let row = try database.row("SELECT name, role FROM users WHERE name = ?", [.text(name)]) else {
            return nil
        }
        return try decode(row)
    }

    static func decode(_ row: Row) throws -> User {
        User(name: try row.text("name"), role: try row.choice("role", as: User.Role.self))
    }
}
