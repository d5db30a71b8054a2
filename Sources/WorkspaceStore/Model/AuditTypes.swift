/// Where a change came from.
public enum AuditSource: String, CaseIterable, Sendable {
    case cli, api, web, install, system
}

/// What a change did: a closed set, so a filter naming anything else is a usage error.
public enum AuditAction: String, CaseIterable, Sendable {
    case create, update, delete, move, clone, pin, unpin, reorder, register, deregister, reconnect, disconnect
    case grant, revoke, denied, snapshot, revert, pull, restore, install
    /// An integration written to a synced folder (`sync push`).
    case push
    /// A recycle bin entry removed for good.
    case purge
}

/// The kinds of resource the log names.
public enum ResourceType: String, CaseIterable, Sendable {
    case integration, flow, api, tool, user, connection, export, `import`, flowGroup, alias, script, revision, token
    /// A recycle bin entry, or the bin's retention.
    case recycleBin

    package init(_ kind: ItemKind) { self = kind.resource.auditType }
}

/// One changed field: a JSON pointer with its value before and after (nil where there is none).
public struct FieldChange: Equatable, Sendable {
    public let path: String
    public let old: JSONValue?
    public let new: JSONValue?

    package init(path: String, old: JSONValue?, new: JSONValue?) {
        self.path = path
        self.old = old
        self.new = new
    }

    /// One change per top-level field whose value differs between `before` and `after`.
    package static func between(_ before: JSONObject, _ after: JSONObject) -> [FieldChange] {
        var keys = before.keys
        keys.append(contentsOf: after.keys.filter { before[$0] == nil })
        return keys.compactMap { key in
            before[key] == after[key] ? nil : FieldChange(path: "/" + key, old: before[key], new: after[key])
        }
    }
}
