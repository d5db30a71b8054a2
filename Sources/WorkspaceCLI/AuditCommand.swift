import ArgumentParser
import Workspace

struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Read the audit log, newest first.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "How many entries to show.") var limit = 50

    func run() throws {
        try global.run { workspace, output in
            let entries = try workspace.auditLog(limit: limit)
            output.emit(.array(entries.map(\.json))) { AuditText.table(entries) }
        }
    }
}

enum AuditText {
    static func table(_ entries: [AuditEntry]) -> String {
        Output.table(
            ["TIME", "USER", "ACTION", "TYPE", "NAME", "FIELD", "OLD", "NEW"],
            entries.map { entry in
                [
                    Timestamp.iso8601(entry.time), entry.user, entry.action, entry.resourceType,
                    Output.cell(entry.resourceName, limit: 30), entry.fieldPath ?? "",
                    Output.cell(entry.oldValue ?? "", limit: 30), Output.cell(entry.newValue ?? "", limit: 30),
                ]
            })
    }
}
