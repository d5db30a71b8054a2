import ArgumentParser
import Workspace

/// `workspace sync push|pull|status INTEGRATION DIR`: an integration linked to a folder you
/// commit (integrator.io's layout, plus apis/ and tools/), merged both ways.
struct SyncCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Sync an integration with a folder you keep in git: push, pull (three-way), status.",
        subcommands: [Push.self, Pull.self, Status.self])

    struct Push: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "push",
            abstract: "Write the integration into DIR (only the files that change), linking a new folder.",
            discussion: """
                DIR is a new or empty folder (the integration is linked to it and a .workspace-sync.json marker \
                names the link), or a folder this integration is linked to. A folder changed since the last \
                push or pull is refused (pull first), unless --force.
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The integration's id or name.") var integration: String
        @Argument(help: "The folder.") var dir: String
        @Flag(help: "Overwrite a folder that changed since the last push or pull.") var force = false

        func run() throws {
            try global.run { workspace, output in
                let result = try workspace.syncPush(integration, to: dir, force: force)
                output.emit(result.json) { SyncText.describe(result, dir) }
            }
        }
    }

    struct Pull: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "pull",
            abstract: "Merge the folder's changes since the last push or pull into the integration (three-way).",
            discussion: """
                The rules of `revision pull`: every conflict reported at once (exit 1, nothing written) unless \
                --take settles them; the integration keeps its name and its flows their status; new flows \
                arrive disabled. Records a pull revision and moves the link's base to the folder's state.
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The integration that takes the changes.") var integration: String
        @Argument(help: "The folder it is linked to.") var dir: String
        @Option(name: .customShort("m"), help: "A description for the pull revision.") var message: String?
        @Flag(help: "Print the merge, and write nothing.") var dryRun = false
        @Option(help: "Settle every conflict for one side: ours (the workspace) or theirs (the folder).")
        var take: DocumentMerge.Side?

        func run() throws {
            try global.run { workspace, output in
                let result = try workspace.syncPull(integration, from: dir, description: message, dryRun: dryRun, take: take)
                try result.report(to: output, took: take) { SyncText.describe(result) }
            }
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "status", abstract: "What changed in the folder and in the integration since the last push or pull.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The integration's id or name.") var integration: String
        @Argument(help: "The folder it is linked to.") var dir: String

        func run() throws {
            try global.run { workspace, output in
                let status = try workspace.syncStatus(integration, of: dir)
                output.emit(status.json) { SyncText.describe(status, dir) }
            }
        }
    }
}

enum SyncText {
    static func describe(_ result: SyncPushResult, _ dir: String) -> String {
        var lines = ["Pushed \"\(result.integration.name)\" to \(dir) (lineage \(result.lineage)): "
            + "\(result.written.count) written, \(result.removed.count) removed, \(result.unchanged) unchanged"]
        lines += result.written.map { "  wrote   \($0)" } + result.removed.map { "  removed \($0)" }
        return lines.joined(separator: "\n")
    }

    static func describe(_ status: SyncStatus, _ dir: String) -> String {
        guard !status.folder.isEmpty || !status.workspace.isEmpty else {
            return "\"\(status.integration.name)\" and \(dir) are in sync (lineage \(status.lineage))."
        }
        return [
            "In \(dir) since the last push or pull:", status.folder.isEmpty ? "Nothing." : RevisionText.describe(status.folder),
            "In \"\(status.integration.name)\" since then:", status.workspace.isEmpty ? "Nothing." : RevisionText.describe(status.workspace),
        ].joined(separator: "\n")
    }

    static func describe(_ result: PullResult) -> String {
        if result.applied && result.revision == nil { return "Already up to date." }
        return RevisionText.describe(result)
    }
}
