import ArgumentParser
import Workspace

/// `workspace recycle-bin list | restore | purge | retention` (SPEC §8, v3).
struct RecycleBinCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recycle-bin",
        abstract: "Deleted resources, restorable until the retention (30 days unless an owner says otherwise) purges them.",
        subcommands: [List.self, Restore.self, Purge.self, Retention.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "The entries you may read, newest first.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only entries of this kind: \(ResourceKind.allValueStrings.joined(separator: ", ")).") var type: ResourceKind?
        @Option(help: "Only entries that were in this integration (an id, or a live integration's name).") var integration: String?

        func run() throws {
            try global.run { workspace, output in
                let entries = try workspace.binEntries(type: type, integration: integration)
                output.emit(.array(entries.map(\.json))) {
                    guard !entries.isEmpty else { return "The recycle bin is empty" }
                    return Output.table(
                        ["ENTRY", "TYPE", "NAME", "INTEGRATION", "WITH", "DELETED", "BY", "PURGED"],
                        entries.map {
                            [
                                $0.id, $0.kind.rawValue, Output.cell($0.name), Output.cell($0.integrationName), $0.alongPhrase,
                                Timestamp.iso8601($0.deletedAt), $0.user, $0.purgeAt.map(Timestamp.iso8601) ?? "",
                            ]
                        })
                }
            }
        }
    }

    struct Restore: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "restore", abstract: "Put an entry back where it was, with what was deleted along with it.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The entry's id (from `recycle-bin list`).") var entry: String
        @Option(help: "Another name for what comes back (when its old one is taken now).") var name: String?
        @Option(help: "Put it into this integration instead of the one it was in.") var into: String?

        func run() throws {
            try global.run { workspace, output in
                let restored = try workspace.restoreFromBin(entry, name: name, into: into)
                output.emit(restored.json) { Self.describe(restored) }
            }
        }

        static func describe(_ restored: BinRestore) -> String {
            let entry = restored.entry
            let main = restored.main
            var text = "Restored \(entry.kind.label) \"\(main?.name ?? entry.name)\" (\(main?.id ?? entry.resourceID))"
            if let integration = restored.integration, entry.kind != .integration {
                text += " into \"\(integration.name)\" (\(integration.id))"
            }
            if !entry.alongPhrase.isEmpty { text += ", with \(entry.alongPhrase)" }
            if !restored.notPlaced.isEmpty { text += "\nNot put back where it was (gone): " + restored.notPlaced.joined(separator: ", ") }
            return text
        }
    }

    struct Purge: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "purge", abstract: "Remove an entry, or every entry older than a duration, for good (owner or administrator).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The entry's id.") var entry: String?
        @Option(help: "Every entry deleted longer ago than this: 90s, 30m, 2h, 7d, 2w.") var olderThan: String?

        func validate() throws {
            guard (entry == nil) != (olderThan == nil) else {
                throw ValidationError("give an ENTRY or --older-than DURATION (one of them)")
            }
        }

        func run() throws {
            try global.run { workspace, output in
                if let entry {
                    let purged = try workspace.purgeBinEntry(entry)
                    output.emit(purged.json) { "Purged \(purged.kind.label) \"\(purged.name)\" (\(purged.id)) for good" }
                } else if let olderThan {
                    let purged = try workspace.purgeBin(olderThan: try AuditTime.duration(olderThan))
                    output.emit(.array(purged.map(\.json))) {
                        "Purged \(purged.count) entr\(purged.count == 1 ? "y" : "ies") older than \(olderThan)"
                    }
                }
            }
        }
    }

    struct Retention: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "retention", abstract: "Print how many days entries stay; with DAYS, set it (owners only).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Days entries stay before the next write purges them (1 to 3650).") var days: Int?

        func run() throws {
            try global.run { workspace, output in
                let now = try days.map { try workspace.setBinRetention(days: $0) } ?? workspace.binRetentionDays()
                output.emit(["retentionDays": .int(Int64(now))]) {
                    days == nil ? "Entries stay \(now) days" : "Entries now stay \(now) days"
                }
            }
        }
    }
}

extension ResourceKind: ArgumentWord {}
