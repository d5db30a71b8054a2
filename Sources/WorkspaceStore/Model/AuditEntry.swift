/// One row of the audit log as read back.
public struct AuditEntry: Equatable, Sendable {
    public let sequence: Int64
    public let time: Int64
    public let user: String
    public let source: AuditSource
    public let resourceType: ResourceType
    public let resourceID: String
    public let resourceName: String
    public let integrationID: String?
    public let action: AuditAction
    public let fieldPath: String?
    public let oldValue: String?
    public let newValue: String?

    package init(
        sequence: Int64, time: Int64, user: String, source: AuditSource, resourceType: ResourceType,
        resourceID: String, resourceName: String, integrationID: String?, action: AuditAction, fieldPath: String?,
        oldValue: String?, newValue: String?
    ) {
        self.sequence = sequence
        self.time = time
        self.user = user
        self.source = source
        self.resourceType = resourceType
        self.resourceID = resourceID
        self.resourceName = resourceName
        self.integrationID = integrationID
        self.action = action
        self.fieldPath = fieldPath
        self.oldValue = oldValue
        self.newValue = newValue
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
    /// The next page: rows older than this sequence (the last row of the page before).
    public var after: Int64?

    public init(
        integration: String? = nil, resource: String? = nil, type: ResourceType? = nil, user: String? = nil,
        action: AuditAction? = nil, source: AuditSource? = nil, since: Int64? = nil, until: Int64? = nil,
        limit: Int = 50, after: Int64? = nil
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
        self.after = after
    }
}

/// What `audit verify` found.
public struct AuditVerification: Equatable, Sendable {
    public let rowsChecked: Int
    /// The first row that does not match the chain, with what is wrong.
    public package(set) var problem: (sequence: Int64, message: String)?
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

