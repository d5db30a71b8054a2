/// One entry of the recycle bin (SPEC §8, v3): a deleted resource with what was deleted along
/// with it, restorable until it is purged. A deleted integration's entry is its delete revision
/// (the same id), which keeps its whole document.
public struct BinEntry: Equatable, Sendable {
    public let id: String
    public let kind: ResourceKind
    /// The deleted resource's own `_id`.
    public let resourceID: String
    public let name: String
    /// The integration it was in (nil for a connection, which belongs to the account).
    public let integrationID: String?
    public let integrationName: String
    public let user: String
    public let deletedAt: Int64
    /// An integration's delete revision.
    public let revisionID: String?
    /// What was deleted along with it, by list: `{"exports": 2, "imports": 1}`.
    public let along: JSONObject
    /// When the retention purges it (ms); set by the listing, which knows the retention.
    public var purgeAt: Int64?
    /// What the caller may do with it, as the listing found (the server checks again).
    public var allowed: [Action]?

    public enum Action: String, CaseIterable, Sendable {
        case restore, purge
    }

    package init(
        id: String, kind: ResourceKind, resourceID: String, name: String, integrationID: String?, integrationName: String,
        user: String, deletedAt: Int64, revisionID: String?, along: JSONObject, purgeAt: Int64? = nil
    ) {
        self.id = id
        self.kind = kind
        self.resourceID = resourceID
        self.name = name
        self.integrationID = integrationID
        self.integrationName = integrationName
        self.user = user
        self.deletedAt = deletedAt
        self.revisionID = revisionID
        self.along = along
        self.purgeAt = purgeAt
    }

    /// "2 exports, 1 import", or "" when it came alone.
    public var alongPhrase: String {
        along.pairs.compactMap { key, value -> String? in
            guard case .int(let count) = value, count > 0 else { return nil }
            let label = ResourceKind(documentKey: key)?.label ?? key
            return "\(count) \(label)\(count == 1 ? "" : "s")"
        }.joined(separator: ", ")
    }

    /// Eleven fields, written without looking each key up: a bin lists ten thousand of these.
    /// (An integration's entry is its delete revision: the same `_id`.)
    public var json: JSONValue {
        .object(
            JSONObject(distinct: [
                ("_id", .string(id)), ("type", .string(kind.rawValue)), ("_resourceId", .string(resourceID)), ("name", .string(name)),
                ("_integrationId", integrationID.map(JSONValue.string) ?? .null), ("integrationName", .string(integrationName)),
                ("deletedBy", .string(user)), ("deletedAt", .string(Timestamp.iso8601(deletedAt))),
                ("purgeAt", purgeAt.map { .string(Timestamp.iso8601($0)) } ?? .null), ("along", .object(along)),
                ("allowed", allowed.map { .array($0.map { .string($0.rawValue) }) } ?? .null),
            ]))
    }

    public static let shape = JSONShape.named(
        "RecycleBinEntry",
        .record([
            .field("_id", .string), .field("type", .choice(of: ResourceKind.self)), .field("_resourceId", .string), .field("name", .string),
            .field("_integrationId", .nullable(.string)), .field("integrationName", .string), .field("deletedBy", .string),
            .field("deletedAt", .time), .field("purgeAt", .nullable(.time)),
            .field("along", .map(.integer)), .field("allowed", .nullable(.array(.choice(of: Action.self)))),
        ]))
}
