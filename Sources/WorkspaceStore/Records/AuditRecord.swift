/// What one audit row says; the store gives it its sequence number, time and hash.
package struct AuditEvent: Sendable {
    package let user: String
    package let source: AuditSource
    package let type: ResourceType
    package let id: String
    package let name: String
    package let integrationID: String?
    package let action: AuditAction
    package let change: FieldChange?

    package init(
        user: String, source: AuditSource, type: ResourceType, id: String, name: String, integrationID: String?,
        action: AuditAction, change: FieldChange?
    ) {
        self.user = user
        self.source = source
        self.type = type
        self.id = id
        self.name = name
        self.integrationID = integrationID
        self.action = action
        self.change = change
    }
}

/// The audit log's newest row: where the next row chains on.
package struct AuditTail: Sendable {
    package let sequence: Int64
    package let time: Int64
    package let hash: String
}

/// The `audit` table: the only code that appends to it (each row chained to the one before by
/// its hash), pages through it and walks its chain.
package enum AuditRecord {
    /// The newest row (sequence 0 and an empty hash before the first).
    package static func tail(in database: Store) throws -> AuditTail {
        guard let row = try database.row("SELECT seq, time, hash FROM audit ORDER BY seq DESC LIMIT 1") else {
            return AuditTail(sequence: 0, time: 0, hash: "")
        }
        return AuditTail(sequence: try row.integer("seq"), time: try row.integer("time"), hash: try row.text("hash"))
    }

    /// Appends `event` after `tail` at `time` (never earlier than the row before, even if the
    /// clock stepped back: time bounds rely on it); returns the new tail. The sequence number
    /// is the tail's + 1, computed under the command's write lock, never taken from a sequence
    /// that a rollback would leave with gaps; the primary key guards it too.
    package static func append(
        _ event: AuditEvent, at time: Int64, after tail: AuditTail, buffer: inout [UInt8], in database: Store
    ) throws -> AuditTail {
        let rowTime = max(time, tail.time)
        let values: [SQLValue] = [
            .integer(tail.sequence + 1), .integer(rowTime), .text(event.user), .text(event.source.rawValue),
            .text(event.type.rawValue), .text(event.id), .text(event.name), event.integrationID.map(SQLValue.text) ?? .null,
            .text(event.action.rawValue), event.change.map { .text($0.path) } ?? .null,
            event.change?.old.map { .text($0.compactText) } ?? .null,
            event.change?.new.map { .text($0.compactText) } ?? .null,
        ]
        let hash = try AuditChain.hash(Row(values: values), previous: tail.hash, buffer: &buffer)
        try database.write(
            "INSERT INTO audit (\(AuditChain.columns), hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            values + [.text(hash)])
        return AuditTail(sequence: tail.sequence + 1, time: rowTime, hash: hash)
    }

    /// The newest entries first that match `query`, read in the integration `integrationID`
    /// when given (its permission checked by the caller; `query.integration` is not read here).
    package static func page(_ query: AuditQuery, integrationID: String?, in database: Store) throws -> [AuditEntry] {
        let (sql, values) = pageQuery(query, integrationID: integrationID)
        return try database.rows(sql, values).map(decode)
    }

    /// The statement of a page. Every filter has an index whose second column is `seq`, so a
    /// page is read newest-first from the index.
    static func pageQuery(_ query: AuditQuery, integrationID: String?) -> (String, [SQLValue]) {
        var conditions: [String] = []
        var values: [SQLValue] = []
        func add(_ condition: String, _ value: String?) {
            guard let value else { return }
            conditions.append(condition)
            values.append(contentsOf: Array(repeating: .text(value), count: condition.count { $0 == "?" }))
        }
        add("integration_id = ?", integrationID)
        add("resource_id = ? OR resource_name = ?", query.resource?.trimmingBlanks())
        add("resource_type = ?", query.type?.rawValue)
        add("user_name = ?", query.user)
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
        if let after = query.after {
            conditions.append("seq < ?")
            values.append(.integer(after))
        }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.map { "(\($0))" }.joined(separator: " AND ")
        return (
            "SELECT \(AuditChain.columns) FROM audit \(filter) ORDER BY seq DESC LIMIT ?",
            values + [.integer(Int64(query.limit))]
        )
    }

    private static func decode(_ row: Row) throws -> AuditEntry {
        AuditEntry(
            sequence: try row.integer("seq"),
            time: try row.integer("time"),
            user: try row.text("user_name"),
            source: try row.choice("source", as: AuditSource.self),
            resourceType: try row.choice("resource_type", as: ResourceType.self),
            resourceID: try row.text("resource_id"),
            resourceName: try row.text("resource_name"),
            integrationID: try row.optionalText("integration_id"),
            action: try row.choice("action", as: AuditAction.self),
            fieldPath: try row.optionalText("field_path"),
            oldValue: try row.optionalText("old_value"),
            newValue: try row.optionalText("new_value"))
    }

    /// How many rows the log holds.
    package static func count(in database: Store) throws -> Int {
        Int(try database.scalar("SELECT count(*) FROM audit"))
    }

    /// The newest row's sequence number and hash (0 and "" for an empty log).
    package static func head(in database: Store) throws -> AuditHead {
        let tail = try tail(in: database)
        return AuditHead(sequence: tail.sequence, hash: tail.hash)
    }

    /// Recomputes the hash chain from the first row and reports the first row that breaks it;
    /// with `anchor` (a sequence number and hash kept elsewhere), also proves the log still
    /// holds that row unchanged — which catches rows cut from the end and a chain recomputed
    /// after an edit, which the chain alone cannot show.
    package static func verifyChain(anchor: AuditHead?, in database: Store) throws -> AuditVerification {
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
        var result = AuditVerification(rowsChecked: checked, problem: problem, head: previous)
        result.lastGood = lastGood
        return result
    }
}
