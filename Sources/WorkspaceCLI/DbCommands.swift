import ArgumentParser
import Workspace

/// `workspace db info | copy`: the database a workspace lives in, and moving it between
/// engines (a SQLite file, a PostgreSQL database). Owner or administrator.
struct DbCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db", abstract: "The workspace's database: describe it, or copy it to the other engine, verified.",
        subcommands: [Info.self, Copy.self])

    /// Rows per table, as `db info` and `db copy` show them.
    static func rowsTable(_ tables: [TableCount]) -> String {
        Output.table(["TABLE", "ROWS"], tables.map { [$0.table, String($0.rows)] })
    }

    struct Info: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "info", abstract: "Engine, its version, schema version, size and rows per table.")
        @OptionGroup var global: GlobalOptions

        func run() throws {
            try global.run { workspace, output in
                let info = try workspace.databaseInfo()
                output.emit(info.json) {
                    """
                    Engine:         \(info.engine.rawValue) \(info.engineVersion)
                    Location:       \(info.location)
                    Schema version: \(info.schemaVersion)
                    Size:           \(info.bytes) bytes

                    """ + DbCommand.rowsTable(info.tables)
                }
            }
        }
    }

    struct Copy: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "copy",
            abstract: "Copy the workspace into a new file or an empty PostgreSQL database, in one transaction, and verify it.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Where: a new file's path, or an empty database's postgres:// address.") var to: String
        @Flag(help: "Check the target and show what would be copied; write nothing.") var dryRun = false

        func run() throws {
            try global.run { workspace, output in
                let copy = try workspace.copyDatabase(to: to, dryRun: dryRun)
                output.emit(copy.json) {
                    let table = DbCommand.rowsTable(copy.tables)
                    guard !copy.dryRun else {
                        return "Would copy \(copy.rows) rows to \(copy.target) (\(copy.targetEngine.rawValue)); nothing written\n" + table
                    }
                    return table + """

                        Copied \(copy.rows) rows to \(copy.target) (\(copy.targetEngine.rawValue)) and verified them: \
                        the same rows per table, content digest \(copy.digest ?? ""), audit chain intact to \(copy.auditHead.text)
                        """
                }
            }
        }
    }
}
