import ArgumentParser
import Workspace

struct RevisionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revision",
        abstract: "Snapshots, diffs, reverts and pulls of integrations; restore what was deleted.",
        subcommands: [Snapshot.self, List.self, Show.self, Diff.self, Revert.self, Pull.self, Deleted.self, Restore.self])

    struct Snapshot: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "snapshot", abstract: "Record the integration as it is now.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The integration's id or name.") var integration: String
        @Option(name: .customShort("m"), help: "What this snapshot is (required).") var message: String
        @Flag(help: "Record it only if the integration changed since its latest revision.") var ifChanged = false

        func run() throws {
            try global.run { workspace, output in
                guard ifChanged else {
                    let revision = try workspace.snapshot(integration, description: message)
                    output.emit(revision.json) { "Recorded snapshot \(revision.id) of \"\(revision.integrationName)\"" }
                    return
                }
                let (revision, recorded) = try workspace.snapshotIfChanged(integration, description: message)
                output.emit(revision.json(recorded: recorded)) {
                    recorded
                        ? "Recorded snapshot \(revision.id) of \"\(revision.integrationName)\""
                        : "\"\(revision.integrationName)\" has not changed since revision \(revision.id): nothing recorded"
                }
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "An integration's revisions, newest first.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The integration's id or name (or the id of a deleted one).") var integration: String

        func run() throws {
            try global.run { workspace, output in
                let revisions = try workspace.revisions(of: integration)
                output.emit(.array(revisions.map(\.json))) { RevisionText.table(revisions) }
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "A revision and what it changed.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The revision's id.") var revision: String

        func run() throws {
            try global.run { workspace, output in
                let (shown, diff) = try workspace.revision(revision)
                output.emit(shown.json(changes: diff)) {
                    Output.fields([
                        ("Revision", shown.id), ("Type", shown.type.rawValue), ("Integration", "\(shown.integrationName) (\(shown.integrationID))"),
                        ("Description", shown.description), ("User", shown.user), ("Created", Timestamp.iso8601(shown.createdAt)),
                    ]) + "\n\n" + RevisionText.describe(diff)
                }
            }
        }
    }

    struct Diff: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "diff", abstract: "What REV changed; or REV to REV2; or REV to now (--current).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "A revision's id.") var revision: String
        @Argument(help: "A later revision of the same integration.") var other: String?
        @Flag(help: "Compare REV with the integration as it is now.") var current = false

        func validate() throws {
            if current && other != nil { throw ValidationError("REV2 and --current exclude each other") }
        }

        func run() throws {
            try global.run { workspace, output in
                let diff = try workspace.diff(revision, to: other, current: current)
                output.emit(diff.json) { RevisionText.describe(diff) }
            }
        }
    }

    struct Revert: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "revert", abstract: "Make the integration equal to the document after (or before) REV.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "A revision's id.") var revision: String
        @Flag(help: "Revert to the document before REV instead.") var before = false
        @Flag(help: "Print what would change, and write nothing.") var dryRun = false

        func run() throws {
            try global.run { workspace, output in
                let reverted = try workspace.revert(revision, before: before, dryRun: dryRun)
                output.emit(reverted.result.json) {
                    RevisionText.describe(reverted.diff) + "\n"
                        + (reverted.revision.map { "Recorded revert \($0.id)" } ?? "Nothing was written (--dry-run).")
                }
            }
        }
    }

    struct Pull: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "pull", abstract: "Merge the changes of an integration's clone or source into it (three-way).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The integration that takes the changes.") var integration: String
        @Option(help: "Its direct clone or source.") var from: String
        @Option(name: .customShort("m"), help: "A description for the pull revision.") var message: String?
        @Flag(help: "Print the merge, and write nothing.") var dryRun = false
        @Option(help: "Settle every conflict for one side: ours or theirs.") var take: DocumentMerge.Side?

        func run() throws {
            try global.run { workspace, output in
                let result = try workspace.pull(integration, from: from, description: message, dryRun: dryRun, take: take)
                try result.report(to: output, took: take) { RevisionText.describe(result) }
            }
        }
    }

    struct Deleted: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "deleted", abstract: "Deleted integrations that can be restored (their delete revisions).")
        @OptionGroup var global: GlobalOptions

        func run() throws {
            try global.run { workspace, output in
                let revisions = try workspace.deletedIntegrations()
                output.emit(.array(revisions.map(\.json))) { RevisionText.table(revisions) }
            }
        }
    }

    struct Restore: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "restore", abstract: "Bring a deleted integration back from its delete revision.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The delete revision's id (see revision deleted).") var revision: String
        @Option(help: "A new name, when the old one is taken now.") var name: String?

        func run() throws {
            try global.run { workspace, output in
                let plan = try workspace.restore(revision, name: name)
                output.emit(plan.json) { PlanText.describe(plan, verb: "Restored") }
            }
        }
    }
}

extension DocumentMerge.Side: ArgumentWord {}

/// Revisions and differences as people read them.
enum RevisionText {
    static func table(_ revisions: [Revision]) -> String {
        Output.table(
            ["ID", "TYPE", "INTEGRATION", "USER", "CREATED", "DESCRIPTION"],
            revisions.map {
                [$0.id, $0.type.rawValue, Output.cell($0.integrationName), $0.user, Timestamp.iso8601($0.createdAt), Output.cell($0.description)]
            })
    }

    static func describe(_ diff: DocumentDiff) -> String {
        guard !diff.isEmpty else { return "No differences." }
        return diff.changes.map { change in
            let name = change.name.isEmpty ? "" : " \"\(change.name)\""
            var lines = ["\(change.status.rawValue) \(change.kind)\(name)" + (change.id.map { " (\($0))" } ?? "")]
            for field in change.fields {
                if let move = field.move {
                    lines.append("  \(field.pointer): moved \(move.id) from \(move.from) to \(move.to)")
                } else {
                    lines.append("  \(field.pointer): \(value(field.old)) → \(value(field.new))")
                }
            }
            return lines.joined(separator: "\n")
        }.joined(separator: "\n")
    }

    static func describe(_ result: PullResult) -> String {
        var lines = [describe(result.diff)]
        if !result.conflicts.isEmpty {
            lines.append("\(result.conflicts.count) conflict\(result.conflicts.count == 1 ? "" : "s"):")
            for conflict in result.conflicts {
                lines.append(
                    "  \(conflict.kind) \"\(conflict.name)\" \(conflict.pointer): base \(value(conflict.base)), "
                        + "ours \(value(conflict.ours)), theirs \(value(conflict.theirs))")
            }
        }
        if let revision = result.revision { lines.append("Recorded pull \(revision.id)") } else if result.conflicts.isEmpty {
            lines.append("Nothing was written (--dry-run).")
        }
        return lines.joined(separator: "\n")
    }

    private static func value(_ value: JSONValue?) -> String {
        guard let value else { return "(none)" }
        let text = value.compactText
        return text.count > 80 ? String(text.prefix(77)) + "…" : text
    }
}

extension PullResult {
    /// Prints a pull (revision or sync), then refuses (exit 1) when conflicts were left unsettled.
    func report(to output: Output, took take: DocumentMerge.Side?, text: () -> String) throws {
        output.emit(json, text: text)
        if !conflicts.isEmpty && take == nil { throw conflictRefusal }
    }
}
