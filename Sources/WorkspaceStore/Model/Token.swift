/// An API token (SPEC §10): it acts as its user. Only its SHA-256 is stored; the secret is
/// shown once, when it is made.
public struct Token: Equatable, Sendable {
    public let id: String
    public let user: String
    public let label: String
    public let createdBy: String
    public let createdAt: Int64
    /// What it may reach (never more than its user may).
    public let scope: TokenScope
    /// When it stops working (ms); nil: never.
    public let expiresAt: Int64?
    /// When it last opened the workspace, to the minute (ms); nil: never used.
    public let lastUsedAt: Int64?

    package init(
        id: String, user: String, label: String, createdBy: String, createdAt: Int64, scope: TokenScope = .full,
        expiresAt: Int64? = nil, lastUsedAt: Int64? = nil
    ) {
        self.id = id
        self.user = user
        self.label = label
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.scope = scope
        self.expiresAt = expiresAt
        self.lastUsedAt = lastUsedAt
    }

    /// Whether it has expired at `now` (ms).
    public func hasExpired(at now: Int64) -> Bool { expiresAt.map { $0 <= now } ?? false }

    public var json: JSONValue {
        [
            "_id": .string(id), "user": .string(user), "label": .string(label), "createdBy": .string(createdBy),
            "createdAt": .string(Timestamp.iso8601(createdAt)), "scope": .array(scope.grants.map { .string($0.text) }),
            "expiresAt": expiresAt.map { .string(Timestamp.iso8601($0)) } ?? .null,
            "lastUsedAt": lastUsedAt.map { .string(Timestamp.iso8601($0)) } ?? .null,
        ]
    }

    public static let shape = JSONShape.named(
        "Token",
        .record([
            .field("_id", .string), .field("user", .string), .field("label", .string), .field("createdBy", .string), .field("createdAt", .time),
            .field("scope", .array(.string)), .field("expiresAt", .nullable(.time)), .field("lastUsedAt", .nullable(.time)),
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
