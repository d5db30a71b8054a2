/// Where a change came from.
public enum AuditSource: String, Sendable {
    case cli, install, system
}

/// The kinds of resource the log names.
public enum ResourceType: String, Sendable {
    case integration, flow, api, tool, user, connection, export, `import`, flowGroup, alias

    init(_ kind: ItemKind) {
        switch kind {
        case .flow: self = .flow
        case .api: self = .api
        case .tool: self = .tool
        }
    }
}

/// One changed field: a JSON pointer with its value before and after (nil where there is none).
public struct FieldChange: Equatable, Sendable {
    public let path: String
    public let old: JSONValue?
    public let new: JSONValue?

    /// One change per top-level field whose value differs between `before` and `after`.
    static func between(_ before: JSONObject, _ after: JSONObject) -> [FieldChange] {
        var keys = before.keys
        keys.append(contentsOf: after.keys.filter { before[$0] == nil })
        return keys.compactMap { key in
            before[key] == after[key] ? nil : FieldChange(path: "/" + key, old: before[key], new: after[key])
        }
    }
}

/// Writes the audit rows of one command, inside that command's transaction.
struct AuditWriter {
    private let workspace: Workspace
    /// One time for every row of the command, so they read as one event.
    let time: Int64

    init(_ workspace: Workspace, time: Int64) {
        self.workspace = workspace
        self.time = time
    }

    func record(
        _ type: ResourceType, id: String, name: String, integration: String?, action: String,
        change: FieldChange? = nil
    ) throws {
        try workspace.database.run(
            """
            INSERT INTO audit (time, user, source, resource_type, resource_id, resource_name, integration_id,
                               action, field_path, old_value, new_value)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                .integer(time), .text(workspace.user.name), .text(workspace.source.rawValue), .text(type.rawValue),
                .text(id), .text(name), integration.map(SQLValue.text) ?? .null, .text(action),
                change.map { .text($0.path) } ?? .null,
                change?.old.map { .text($0.compactText) } ?? .null,
                change?.new.map { .text($0.compactText) } ?? .null,
            ])
    }

    /// One `update` row per changed field.
    func recordUpdates(
        _ type: ResourceType, id: String, name: String, integration: String?, changes: [FieldChange]
    ) throws {
        for change in changes {
            try record(type, id: id, name: name, integration: integration, action: "update", change: change)
        }
    }
}

/// One row of the audit log as read back.
public struct AuditEntry: Equatable, Sendable {
    public let sequence: Int64
    public let time: Int64
    public let user: String
    public let source: String
    public let resourceType: String
    public let resourceID: String
    public let resourceName: String
    public let integrationID: String?
    public let action: String
    public let fieldPath: String?
    public let oldValue: String?
    public let newValue: String?

    init(_ row: Row) {
        sequence = row.int(0)
        time = row.int(1)
        user = row.string(2)
        source = row.string(3)
        resourceType = row.string(4)
        resourceID = row.string(5)
        resourceName = row.string(6)
        integrationID = row.optionalString(7)
        action = row.string(8)
        fieldPath = row.optionalString(9)
        oldValue = row.optionalString(10)
        newValue = row.optionalString(11)
    }

    public var json: JSONValue {
        var object = JSONObject([
            ("time", .string(Timestamp.iso8601(time))), ("user", .string(user)), ("source", .string(source)),
            ("resourceType", .string(resourceType)), ("_resourceId", .string(resourceID)),
            ("resourceName", .string(resourceName)), ("_integrationId", .optional(integrationID)),
            ("action", .string(action)),
        ])
        if let fieldPath {
            object["fieldChange"] = [
                "fieldPath": .string(fieldPath),
                "oldValue": Self.decode(oldValue),
                "newValue": Self.decode(newValue),
            ]
        }
        return .object(object)
    }

    private static func decode(_ text: String?) -> JSONValue {
        guard let text else { return .null }
        return (try? JSONValue(parsing: text)) ?? .string(text)  // Stored by us as JSON; raw text if not.
    }
}

extension Workspace {
    static let auditColumns = """
        seq, time, user, source, resource_type, resource_id, resource_name, integration_id, action,
        field_path, old_value, new_value
        """

    /// The newest entries first.
    public func auditLog(limit: Int = 50) throws -> [AuditEntry] {
        guard limit > 0 else { throw WorkspaceError.invalid("--limit must be a positive number") }
        try read { try authorize(.readAccountAudit) }
        return try database.rows(
            "SELECT \(Self.auditColumns) FROM audit ORDER BY seq DESC LIMIT ?", [.integer(Int64(limit))]
        ).map(AuditEntry.init)
    }

    /// How many audit rows the file holds.
    public func auditCount() throws -> Int {
        Int(try database.scalar("SELECT count(*) FROM audit"))
    }
}
