/// Where a change came from.
public enum AuditSource: String, CaseIterable, Sendable {
    case cli, api, web, install, system
}

/// What a change did: a closed set, so a filter naming anything else is a usage error.
public enum AuditAction: String, CaseIterable, Sendable {
    case create, update, delete, move, clone, pin, unpin, reorder, register, deregister, reconnect, disconnect
    case grant, revoke, denied, snapshot, revert, pull, restore, install
}

/// The kinds of resource the log names.
public enum ResourceType: String, CaseIterable, Sendable {
    case integration, flow, api, tool, user, connection, export, `import`, flowGroup, alias, script, revision, token

    init(_ kind: ItemKind) { self = kind.resource.auditType }
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

/// Writes the audit rows of one command, inside that command's transaction, each chained to
/// the one before by its hash.
final class AuditWriter {
    private let workspace: Workspace
    /// One time for every row of the command, so they read as one event.
    let time: Int64
    /// The newest row's sequence number, time and hash, read once per command.
    private var tail: (sequence: Int64, time: Int64, hash: String)?
    /// Reused for each row's canonical bytes.
    private var buffer: [UInt8] = []
    /// Where the command's changes come from (the workspace's, unless a command says: install).
    let source: AuditSource

    init(_ workspace: Workspace, time: Int64, source: AuditSource? = nil) {
        self.workspace = workspace
        self.time = time
        self.source = source ?? workspace.source
    }

    func record(
        _ type: ResourceType, id: String, name: String, integration: String?, action: AuditAction,
        change: FieldChange? = nil
    ) throws {
        let last = try tail ?? lastRow()
        // Never earlier than the row before, even if the clock stepped back: time bounds rely on it.
        let rowTime = max(time, last.time)
        let values: [SQLValue] = [
            .integer(last.sequence + 1), .integer(rowTime), .text(workspace.user.name), .text(source.rawValue),
            .text(type.rawValue), .text(id), .text(name), integration.map(SQLValue.text) ?? .null, .text(action.rawValue),
            change.map { .text($0.path) } ?? .null,
            change?.old.map { .text($0.compactText) } ?? .null,
            change?.new.map { .text($0.compactText) } ?? .null,
        ]
        let hash = try AuditChain.hash(Row(values: values), previous: last.hash, buffer: &buffer)
        try workspace.database.run(
            "INSERT INTO audit (\(AuditChain.columns), hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            values + [.text(hash)])
        tail = (last.sequence + 1, rowTime, hash)
    }

    private func lastRow() throws -> (sequence: Int64, time: Int64, hash: String) {
        guard let row = try workspace.database.row("SELECT seq, time, hash FROM audit ORDER BY seq DESC LIMIT 1") else {
            return (0, 0, "")
        }
        return (try row.integer(at: 0), try row.integer(at: 1), try row.text(at: 2))
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

    init(_ row: Row) throws {
        sequence = try row.integer("seq")
        time = try row.integer("time")
        user = try row.text("user")
        source = try row.text("source")
        resourceType = try row.text("resource_type")
        resourceID = try row.text("resource_id")
        resourceName = try row.text("resource_name")
        integrationID = try row.optionalText("integration_id")
        action = try row.text("action")
        fieldPath = try row.optionalText("field_path")
        oldValue = try row.optionalText("old_value")
        newValue = try row.optionalText("new_value")
    }

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
            ("time", .string(Timestamp.iso8601(time))), ("user", .string(user)), ("source", .string(source)),
            ("resourceType", .string(resourceType)), ("_resourceId", .string(resourceID)),
            ("resourceName", .string(resourceName)), ("_integrationId", .optional(integrationID)),
            ("action", .string(action)),
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

    private static func decode(_ text: String?) -> JSONValue {
        guard let text else { return .null }
        return (try? JSONValue(parsing: text)) ?? .string(text)  // Stored by us as JSON; raw text if not.
    }
}

/// Filters of `workspace audit`; nil means any.
public struct AuditQuery: Sendable {
    public var integration: String?
    /// An id or a name, matched against the recorded resource (so deleted ones are found too).
    public var resource: String?
    public var type: ResourceType?
    public var user: String?
    public var action: AuditAction?
    public var source: AuditSource?
    /// UTC milliseconds, inclusive.
    public var since: Int64?
    public var until: Int64?
    public var limit = 50

    public init(
        integration: String? = nil, resource: String? = nil, type: ResourceType? = nil, user: String? = nil,
        action: AuditAction? = nil, source: AuditSource? = nil, since: Int64? = nil, until: Int64? = nil,
        limit: Int = 50
    ) {
        self.integration = integration
        self.resource = resource
        self.type = type
        self.user = user
        self.action = action
        self.source = source
        self.since = since
        self.until = until
        self.limit = limit
    }
}

/// What `audit verify` found.
public struct AuditVerification: Equatable, Sendable {
    public let rowsChecked: Int
    /// The first row that does not match the chain, with what is wrong.
    public let problem: (sequence: Int64, message: String)?
    /// The last row known good before the problem (0: none), for the hint.
    public var lastGood: Int64 = 0
    /// The problem is in the revision store, which the (intact) log's revision rows vouch for.
    public var inRevisionStore = false
    /// The newest row's hash: keep it elsewhere to detect rows removed from the end later.
    public let head: String

    /// How to read the problem: where the changes made outside workspace begin.
    public var hint: String {
        if inRevisionStore { return "the revision store was changed outside workspace; the audit log's chain itself is intact" }
        return lastGood > 0
            ? "the log was changed outside workspace after row \(lastGood)"
            : "the log was changed outside workspace from its first row"
    }

    public static func == (lhs: AuditVerification, rhs: AuditVerification) -> Bool {
        lhs.rowsChecked == rhs.rowsChecked && lhs.problem?.sequence == rhs.problem?.sequence && lhs.head == rhs.head
    }
}

/// A point of the audit log's chain: a row's sequence number and hash, written `SEQ:HASH`.
public struct AuditHead: Equatable, Sendable {
    public let sequence: Int64
    public let hash: String

    public init(sequence: Int64, hash: String) {
        self.sequence = sequence
        self.hash = hash
    }

    /// Parses `SEQ:HASH` (a positive sequence number and 64 hex digits).
    public init(parsing text: String) throws {
        let parts = text.split(separator: ":", maxSplits: 1)
        guard parts.count == 2, let sequence = Int64(parts[0]), sequence > 0, parts[1].utf8.count == 64,
            parts[1].utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) })
        else { throw WorkspaceError.invalid("\"\(text)\" is not a head: give SEQ:HASH as `workspace audit head` prints it") }
        self.init(sequence: sequence, hash: String(parts[1]))
    }

    public var text: String { "\(sequence):\(hash)" }
}

extension Workspace {

    /// The newest entries first. Without an integration it is the account-wide log (owner or
    /// administrator); with one, anyone who may read that integration (Standalone is `none`).
    public func auditLog(_ query: AuditQuery = AuditQuery()) throws -> [AuditEntry] {
        guard query.limit > 0 else { throw WorkspaceError.invalid("--limit must be a positive number") }
        return try read {
            let (sql, values) = try auditSQL(query)
            return try database.rows(sql, values).map { try AuditEntry($0) }
        }
    }

    /// The newest entries first, at most `limit` (the account-wide log).
    public func auditLog(limit: Int) throws -> [AuditEntry] {
        try auditLog(AuditQuery(limit: limit))
    }

    /// The query for `query`, after its permission check. Every filter has an index whose
    /// second column is `seq`, so a page is read newest-first from the index.
    func auditSQL(_ query: AuditQuery) throws -> (String, [SQLValue]) {
        var conditions: [String] = []
        var values: [SQLValue] = []
        func add(_ condition: String, _ value: String?) {
            guard let value else { return }
            conditions.append(condition)
            values.append(contentsOf: Array(repeating: .text(value), count: condition.count { $0 == "?" }))
        }
        if let ref = query.integration {
            add("integration_id = ?", try auditScope(ref))
        } else {
            try authorize(.readAccountAudit)
        }
        add("resource_id = ? OR resource_name = ?", query.resource?.trimmingBlanks())
        add("resource_type = ?", query.type?.rawValue)
        add("user = ?", query.user)
        add("action = ?", query.action?.rawValue)
        add("source = ?", query.source?.rawValue)
        // Times never decrease along the log (the writer sees to it), so a time bound is a
        // sequence bound found in the time index: the page is then read by sequence.
        if let since = query.since {
            conditions.append("seq >= (SELECT seq FROM audit WHERE time >= ? ORDER BY time, seq LIMIT 1)")
            values.append(.integer(since))
        }
        if let until = query.until {
            conditions.append("seq <= (SELECT seq FROM audit WHERE time <= ? ORDER BY time DESC, seq DESC LIMIT 1)")
            values.append(.integer(until))
        }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.map { "(\($0))" }.joined(separator: " AND ")
        return (
            "SELECT \(AuditChain.columns) FROM audit \(filter) ORDER BY seq DESC LIMIT ?",
            values + [.integer(Int64(query.limit))]
        )
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
        Int(try database.scalar("SELECT count(*) FROM audit"))
    }

    /// Recomputes the hash chain from the first row and reports the first row that breaks it
    /// (owner or administrator), then checks the revision store against the log's revision rows.
    /// Recomputes the chain; with `head` (a sequence number and hash kept elsewhere), also
    /// proves the log still holds that row unchanged — which catches rows cut from the end and
    /// a chain recomputed after an edit, which the chain alone cannot show.
    public func verifyAudit(head anchor: AuditHead? = nil) throws -> AuditVerification {
        try read {
            try authorize(.readAccountAudit)
            var previous = ""
            var expectedSequence: Int64 = 1
            var checked = 0
            var problem: (Int64, String)?
            var lastGood: Int64 = 0
            var anchorFound = false
            var buffer: [UInt8] = []
            try database.forEach("SELECT \(AuditChain.columns), hash FROM audit ORDER BY seq") { row in
                guard problem == nil else { return }
                let sequence = try row.integer(at: 0)
                let hash = try AuditChain.hash(row, previous: previous, buffer: &buffer)
                if sequence != expectedSequence {
                    problem = (sequence, "row \(expectedSequence) is missing before row \(sequence): rows were removed or reordered")
                } else if row.values.count <= 12 || row.values[12] != .text(hash) {
                    problem = (sequence, "row \(sequence) does not match its hash: it was altered, or rows were reordered")
                } else if let anchor, anchor.sequence == sequence, anchor.hash != hash {
                    problem = (sequence, "row \(sequence) is not the head you kept (\(anchor.text)): the log was altered and re-chained")
                } else {
                    checked += 1
                    lastGood = sequence
                    if anchor?.sequence == sequence { anchorFound = true }
                }
                previous = hash
                expectedSequence = sequence + 1
            }
            if problem == nil, let anchor, !anchorFound {
                problem = (anchor.sequence, "the log no longer holds row \(anchor.sequence), the head you kept: rows were cut from its end")
            }
            var inRevisionStore = false
            if problem == nil, let found = try RevisionStoreCheck(database: database).firstProblem() {
                problem = (found.sequence, found.message)
                inRevisionStore = true
            }
            var result = AuditVerification(rowsChecked: checked, problem: problem, head: previous)
            result.lastGood = lastGood
            result.inRevisionStore = inRevisionStore
            return result
        }
    }

    /// `audit head`: the newest row's sequence number and hash, to keep elsewhere (a ticket, a
    /// CI log) and give back to `audit verify --head`.
    public func auditHead() throws -> AuditHead {
        try read {
            try authorize(.readAccountAudit)
            guard let row = try database.row("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1", []) else {
                return AuditHead(sequence: 0, hash: "")
            }
            return AuditHead(sequence: try row.integer("seq"), hash: try row.text("hash"))
        }
    }
}
