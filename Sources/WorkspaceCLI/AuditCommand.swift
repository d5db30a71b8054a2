import ArgumentParser
import Workspace

struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Read the audit log, newest first; `audit verify` checks its hash chain.",
        subcommands: [Verify.self, Head.self])

    @OptionGroup var global: GlobalOptions
    @Option(help: "Only this integration's log (`none` for Standalone); open to anyone who may read it.")
    var integration: String?
    @Option(help: "Only this resource (an id or a name; deleted ones too).") var resource: String?
    @Option(help: "Only this resource type.") var type: ResourceType?
    @Option(help: "Only this user's changes.") var user: String?
    @Option(help: "Only this action.") var action: AuditAction?
    @Option(help: "Only changes from this source.") var source: AuditSource?
    @Option(help: "From this time: ISO 8601, or a duration ago such as 2h or 7d.") var since: String?
    @Option(help: "Up to this time: ISO 8601, or a duration ago.") var until: String?
    @Option(help: "How many entries to show.") var limit = 50
    @Option(help: "The next page: entries older than this sequence (the last one shown).") var after: Int64?
    @Flag(help: "Print CSV (RFC 4180).") var csv = false

    func validate() throws {
        if csv && global.json { throw ValidationError("--csv and --json exclude each other") }
    }

    func run() throws {
        try global.run { workspace, output in
            let query = AuditQuery(
                integration: integration, resource: resource, type: type, user: user, action: action, source: source,
                since: try since.map { try AuditTime.parse($0) }, until: try until.map { try AuditTime.parse($0) },
                limit: limit, after: after)
            let entries = try workspace.auditLog(query)
            if csv {
                Output.print(AuditCSV.text(entries), terminator: "")
            } else {
                output.emit(.array(entries.map(\.json))) { AuditText.table(entries) }
            }
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify", abstract: "Recompute the audit log's hash chain; exit 1 at the first row that breaks it.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Also prove the log still holds this head unchanged (SEQ:HASH, from `audit head`).")
        var head: String?

        func run() throws {
            let anchor = try head.map { try AuditHead(parsing: $0) }
            try global.run { workspace, output in
                let result = try workspace.verifyAudit(head: anchor)
                if let problem = result.problem {
                    Output.error(problem.message, hint: result.hint)
                    throw ExitCode(1)
                }
                output.emit(["rowsChecked": .int(Int64(result.rowsChecked)), "head": .string(result.head)]) {
                    "The audit log is intact: \(result.rowsChecked) rows checked (head \(result.head))"
                }
            }
        }
    }
}

extension AuditCommand {
    struct Head: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "head", abstract: "Print the audit log's head (SEQ:HASH) to keep elsewhere for `audit verify --head`.")
        @OptionGroup var global: GlobalOptions

        func run() throws {
            try global.run { workspace, output in
                let head = try workspace.auditHead()
                output.emit(["sequence": .int(head.sequence), "hash": .string(head.hash)]) { head.text }
            }
        }
    }
}

enum AuditText {
    static func table(_ entries: [AuditEntry]) -> String {
        Output.table(
            ["TIME", "USER", "ACTION", "TYPE", "NAME", "FIELD", "OLD", "NEW"],
            entries.map { entry in
                [
                    Timestamp.iso8601(entry.time), entry.user, entry.action.rawValue, entry.resourceType.rawValue,
                    Output.cell(entry.resourceName, limit: 30), entry.fieldPath ?? "",
                    Output.cell(entry.oldValue ?? "", limit: 30), Output.cell(entry.shownNewValue ?? "", limit: 30),
                ]
            })
    }

}

extension ResourceType: ArgumentWord {}
extension AuditAction: ArgumentWord {}
extension AuditSource: ArgumentWord {}
