/// One revision of an integration (SPEC §8): what happened, by whom, and the integration's
/// document before and after it (as manifest hashes; none before an install, none after a delete).
public struct Revision: Equatable, Sendable {
    public enum Kind: String, CaseIterable, Sendable {
        case snapshot, pull, revert, delete, install, clone, restore
    }

    public let id: String
    public let integrationID: String
    public let integrationName: String
    public let type: Kind
    public let description: String
    public let user: String
    public let createdAt: Int64
    public let before: String?
    public let after: String?
    /// The other side: the integration pulled from or cloned from, or the delete revision restored.
    public let otherID: String?

    package init(
        id: String, integrationID: String, integrationName: String, type: Kind, description: String, user: String,
        createdAt: Int64, before: String?, after: String?, otherID: String?
    ) {
        self.id = id
        self.integrationID = integrationID
        self.integrationName = integrationName
        self.type = type
        self.description = description
        self.user = user
        self.createdAt = createdAt
        self.before = before
        self.after = after
        self.otherID = otherID
    }

    public var json: JSONValue {
        var object = JSONObject([
            ("_id", .string(id)), ("_integrationId", .string(integrationID)), ("integrationName", .string(integrationName)),
            ("type", .string(type.rawValue)), ("status", "completed"), ("description", .string(description)),
            ("user", .string(user)), ("createdAt", .string(Timestamp.iso8601(createdAt))),
        ])
        if let otherID { object[type == .restore ? "_restoredFromId" : "_otherIntegrationId"] = .string(otherID) }
        return .object(object)
    }

    public static let shape = JSONShape.record([
        .field("_id", .string), .field("_integrationId", .string), .field("integrationName", .string), .field("type", .choice(of: Kind.self)),
        .field("status", .choice(["completed"])), .field("description", .string), .field("user", .string), .field("createdAt", .time),
        .optional("_restoredFromId", .string), .optional("_otherIntegrationId", .string),
    ])
}

extension Revision.Kind {
    package var auditAction: AuditAction {
        switch self {
        case .snapshot: .snapshot
        case .pull: .pull
        case .revert: .revert
        case .delete: .delete
        case .install: .install
        case .clone: .clone
        case .restore: .restore
        }
    }
}
