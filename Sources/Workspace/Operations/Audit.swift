/// Writes the audit rows of one command, inside that command's transaction, each chained to
/// the one before by its hash.
final class AuditWriter {
    private let workspace: Workspace
    /// One time for every row of the command, so they read as one event.
    let time: Int64
    /// The newest row, read once per command.
    private var tail: AuditTail?
    /// Reused for each row's canonical bytes.
    private var buffer: [UInt8] = []
    /// Where the command's changes come from (the workspace's, unless a command says: install).
    let source: AuditSource

    /// The sequence number of the last row this writer appended (nil before its first).
    var lastSequence: Int64? { tail?.sequence }

    init(_ workspace: Workspace, time: Int64, source: AuditSource? = nil) {
        self.workspace = workspace
        self.time = time
        self.source = source ?? workspace.source
    }

    func record(
        _ type: ResourceType, id: String, name: String, integration: String?, action: AuditAction,
        change: FieldChange? = nil
    ) throws {
        let event = AuditEvent(
            user: workspace.user.name, source: source, type: type, id: id, name: name, integrationID: integration,
            action: action, change: change)
        tail = try AuditRecord.append(
            event, at: time, after: try tail ?? AuditRecord.tail(in: workspace.database), buffer: &buffer,
            in: workspace.database)
    }

    /// One `update` row per changed field.
    func recordUpdates(
        _ type: ResourceType, id: String, name: String, integration: String?, changes: [FieldChange]
    ) throws {
        for change in changes {
            try record(type, id: id, name: name, integration: integration, action: .update, change: change)
        }
    }
}

extension AuditEntry {
    /// The new value as people and exports read it: a revision's seal names its time in
    /// ISO 8601 like every other time shown, not in the epoch milliseconds it is sealed with.
    /// (The stored text, which the hash chain covers, is unchanged.)
    public var shownNewValue: String? {
        guard fieldPath == RevisionStoreCheck.sealPath, let newValue,
            case .object(var seal)? = try? JSONValue(parsing: newValue), case .int(let milliseconds)? = seal["createdAt"]
        else { return newValue }
        seal["createdAt"] = .string(Timestamp.iso8601(milliseconds))
        return JSONValue.object(seal).compactText
    }

    public var json: JSONValue {
        var object = JSONObject([
            ("sequence", .int(sequence)), ("time", .string(Timestamp.iso8601(time))), ("user", .string(user)), ("source", .string(source.rawValue)),
            ("resourceType", .string(resourceType.rawValue)), ("_resourceId", .string(resourceID)),
            ("resourceName", .string(resourceName)), ("_integrationId", .optional(integrationID)),
            ("action", .string(action.rawValue)),
        ])
        if let fieldPath {
            object["fieldChange"] = [
                "fieldPath": .string(fieldPath),
                "oldValue": Self.decode(oldValue),
                "newValue": Self.decode(shownNewValue),
            ]
        }
        return .object(object)
    }

    public static let shape = JSONShape.named(
        "AuditEntry",
        .record([
            .field("sequence", .integer), .field("time", .time), .field("user", .string), .field("source", .choice(of: AuditSource.self)),
            .field("resourceType", .choice(of: ResourceType.self)), .field("_resourceId", .string), .field("resourceName", .string),
            .field("_integrationId", .nullable(.string)), .field("action", .choice(of: AuditAction.self)),
            .optional(
                "fieldChange", .record([.field("fieldPath", .string), .field("oldValue", .anyValue), .field("newValue", .anyValue)])),
        ]))

    private static func decode(_ text: String?) -> JSONValue {
        guard let text else { return .null }
        return (try? JSONValue(parsing: text)) ?? .string(text)  // Stored by us as JSON; raw text if not.
    }
}


extension Workspace {

    /// The newest entries first. Without an integration it is the account-wide log (owner or
    /// administrator); with one, anyone who may read that integration (Standalone is `none`).
    public func auditLog(_ query: AuditQuery = AuditQuery()) throws -> [AuditEntry] {
        guard query.limit > 0 else { throw WorkspaceError.invalid("--limit must be a positive number") }
        return try read {
            try AuditRecord.page(query, integrationID: try auditScope(query), in: database)
        }
    }

    /// The newest entries first, at most `limit` (the account-wide log).
    public func auditLog(limit: Int) throws -> [AuditEntry] {
        try auditLog(AuditQuery(limit: limit))
    }

    /// The integration whose log `query` asks for, after its permission check; nil for the
    /// account-wide log (owner or administrator).
    func auditScope(_ query: AuditQuery) throws -> String? {
        guard let ref = query.integration else {
            try authorize(.readAccountAudit)
            return nil
        }
        return try auditScope(ref)
    }

    /// The integration id whose log `ref` asks for. A deleted integration's log stays readable
    /// by its id to those who may read the account-wide log.
    private func auditScope(_ ref: String) throws -> String {
        do {
            let integration = try findIntegration(ref)
            try authorize(.read(integration))
            return integration.id
        } catch let error as WorkspaceError where error.kind == .notFound && ResourceID.looksLikeID(ref) {
            try authorize(.readAccountAudit)
            return ref.lowercased()
        }
    }

    /// How many audit rows the file holds.
    public func auditCount() throws -> Int {
        try AuditRecord.count(in: database)
    }

    /// Recomputes the hash chain from the first row and reports the first row that breaks it
    /// (owner or administrator), then checks the revision store against the log's revision rows.
    /// With `head` (a sequence number and hash kept elsewhere), also proves the log still holds
    /// that row unchanged.
    public func verifyAudit(head anchor: AuditHead? = nil) throws -> AuditVerification {
        try read {
            try authorize(.readAccountAudit)
            var result = try AuditRecord.verifyChain(anchor: anchor, in: database)
            if result.problem == nil, let found = try RevisionStoreCheck(database: database).firstProblem() {
                result.problem = (found.sequence, found.message)
                result.inRevisionStore = true
            }
            return result
        }
    }

    /// `audit head`: the newest row's sequence number and hash, to keep elsewhere (a ticket, a
    /// CI log) and give back to `audit verify --head`.
    public func auditHead() throws -> AuditHead {
        try read {
            try authorize(.readAccountAudit)
            return try AuditRecord.head(in: database)
        }
    }
}
