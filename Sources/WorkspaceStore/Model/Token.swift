/// An API token (SPEC §10): it acts as its user. Only its SHA-256 is stored; the secret is
/// shown once, when it is made.
public struct Token: Equatable, Sendable {
    public let id: String
    public let user: String
    public let label: String
    public let createdBy: String
    public let createdAt: Int64

    package init(id: String, user: String, label: String, createdBy: String, createdAt: Int64) {
        self.id = id
        self.user = user
        self.label = label
        self.createdBy = createdBy
        self.createdAt = createdAt
    }

    public var json: JSONValue {
        [
            "_id": .string(id), "user": .string(user), "label": .string(label), "createdBy": .string(createdBy),
            "createdAt": .string(Timestamp.iso8601(createdAt)),
        ]
    }

    public static let shape = JSONShape.named(
        "Token",
        .record([
            .field("_id", .string), .field("user", .string), .field("label", .string), .field("createdBy", .string), .field("createdAt", .time),
        ]))
}

/// A token just made, with its secret (never stored, never shown again).
public struct NewToken: Sendable {
    public let token: Token
    public let secret: String

    package init(token: Token, secret: String) {
        self.token = token
        self.secret = secret
    }

    public var json: JSONValue {
        guard case .object(var object) = token.json else { return token.json }
        object["token"] = .string(secret)
        return .object(object)
    }

    public static let shape = Token.shape.adding([.field("token", .string)], named: "NewToken")
}
