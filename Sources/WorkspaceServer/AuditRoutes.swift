import HTTPTypes
import Workspace

/// The audit log: query (JSON or CSV), verify, head.
extension Routes {
    static let audit: [Route] = [
        Route(
            .get, "/audit", "The audit log, newest first; format=csv for CSV",
            query: [
                .string("integration"), .string("resource"), .choice("type", ResourceType.self), .string("user"),
                .choice("action", AuditAction.self), .choice("source", AuditSource.self), .string("since", pattern: AuditTimeSchema.pattern),
                .string("until", pattern: AuditTimeSchema.pattern), .integer("limit", minimum: 1, maximum: 1_000_000),
                .integer("after", minimum: 1, maximum: Int64.max), .choice("format", ["json", "csv"]),
            ], answers: .media([("application/json", .array(AuditEntry.shape)), ("text/csv", nil)])
        ) { call in
            let query = try auditQuery(call)
            let entries = try call.workspace.auditLog(query)
            if call.query["format"] == "csv" {
                return .bytes(Array(AuditCSV.text(entries).utf8), contentType: "text/csv; charset=utf-8", filename: "audit.csv")
            }
            return .json(.array(entries.map(\.json)))
        },
        Route(.get, "/audit/verify", "Recompute the audit log's hash chain and check the revision store",
              query: [.string("head", pattern: #"^[1-9][0-9]{0,17}:[0-9a-f]{64}$"#)], answers: .json(.record([.field("rowsChecked", .integer), .field("head", .string)]))) { call in
            let result = try call.workspace.verifyAudit(head: try call.query["head"].map { try AuditHead(parsing: $0) })
            if let problem = result.problem { throw WorkspaceError(.refused, problem.message, hint: result.hint) }
            return .json(["rowsChecked": .int(Int64(result.rowsChecked)), "head": .string(result.head)])
        },
        Route(.get, "/audit/head", "The audit log's head (SEQ:HASH) to keep elsewhere", answers: .json(.record([.field("sequence", .integer), .field("hash", .string)]))) { call in
            let head = try call.workspace.auditHead()
            return .json(["sequence": .int(head.sequence), "hash": .string(head.hash)])
        },
    ]

    /// The audit filters of SPEC §9 from the query, closed sets checked.
    private static func auditQuery(_ call: Call) throws -> AuditQuery {
        let limit = try call.query["limit"].map { text in
            guard let number = Int(text) else { throw WorkspaceError(.invalid, "limit must be a number") }
            return number
        } ?? 50
        return AuditQuery(
            integration: call.query["integration"], resource: call.query["resource"],
            type: try call.query["type"].map { try choice(ResourceType.self, $0, "type") }, user: call.query["user"],
            action: try call.query["action"].map { try choice(AuditAction.self, $0, "action") },
            source: try call.query["source"].map { try choice(AuditSource.self, $0, "source") },
            since: try call.query["since"].map { try AuditTime.parse($0) }, until: try call.query["until"].map { try AuditTime.parse($0) },
            limit: limit, after: call.query["after"].flatMap { Int64($0) })
    }
}
