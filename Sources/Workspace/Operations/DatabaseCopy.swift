/// What `db copy` did, or in a dry run would do.
public struct DatabaseCopy: Sendable {
    public let source: String
    /// The target without any password.
    public let target: String
    public let targetEngine: Engine
    public let tables: [TableCount]
    public let dryRun: Bool
    /// The content digest both sides were proved to share (nil in a dry run).
    public let digest: String?
    /// The source's audit head, which the copy's chain was verified to reach.
    public let auditHead: AuditHead

    public var rows: Int { tables.reduce(0) { $0 + $1.rows } }

    public var json: JSONValue {
        [
            "source": .string(source), "target": .string(target), "targetEngine": .string(targetEngine.rawValue),
            "dryRun": .bool(dryRun), "tables": .array(tables.map(\.json)), "digest": .optional(digest),
            "auditHead": .string(auditHead.text),
        ]
    }
}

/// The workspace's database: what it is, and moving it to the other engine (SQLite file ↔
/// PostgreSQL database). Both read the whole workspace: owner or administrator.
extension Workspace {
    public func databaseInfo() throws -> DatabaseInfo {
        try read {
            try authorize(.readWholeWorkspace)
            return try database.info()
        }
    }

    /// Copies every table into `target` (a new file or an empty PostgreSQL database) in one
    /// transaction, from one snapshot of this workspace, then proves the copy: the same rows
    /// per table, the same content digest, and an intact audit chain that reaches this
    /// workspace's head, with an intact revision store. A dry run checks the target and
    /// reports the plan, writing nothing.
    public func copyDatabase(to target: String, dryRun: Bool = false) throws -> DatabaseCopy {
        try read {
            try authorize(.readWholeWorkspace)
            let tables = try database.tableCounts()
            let head = try AuditRecord.head(in: database)
            let targetEngine: Engine = Store.isAddress(target) ? .postgresql : .sqlite
            guard !dryRun else {
                try Self.requireEmpty(target)
                return DatabaseCopy(
                    source: location, target: Store.redacted(target), targetEngine: targetEngine, tables: tables, dryRun: true,
                    digest: nil, auditHead: head)
            }
            let copy = try Self.makeStore(at: target) { try database.copyRows(to: $0) }
            let digest = try database.contentDigest()
            try Self.verify(copy, tables: tables, digest: digest, head: head)
            return DatabaseCopy(
                source: location, target: copy.location, targetEngine: copy.engine, tables: tables, dryRun: false,
                digest: digest, auditHead: head)
        }
    }

    /// The copy holds what the source held, or the copy is refused as damaged (exit 5).
    private static func verify(_ copy: Store, tables: [TableCount], digest: String, head: AuditHead) throws {
        func mismatch(_ what: String) -> WorkspaceError {
            .damaged(
                "the copy at \(copy.location) does not match the workspace: \(what)",
                hint: "the copy was left as it is, for inspection; remove it and copy again")
        }
        let copied = try copy.tableCounts()
        if let differing = zip(tables, copied).first(where: { $0 != $1 }) {
            throw mismatch("table \(differing.0.table) has \(differing.1.rows) rows, not \(differing.0.rows)")
        }
        guard try copy.contentDigest() == digest else { throw mismatch("the content digests differ") }
        let chain = try AuditRecord.verifyChain(anchor: head.sequence > 0 ? head : nil, in: copy)
        if let problem = chain.problem { throw mismatch("its audit log: \(problem.message)") }
        if let problem = try RevisionStoreCheck(database: copy).firstProblem() {
            throw mismatch("its revision store: \(problem.message)")
        }
    }
}
