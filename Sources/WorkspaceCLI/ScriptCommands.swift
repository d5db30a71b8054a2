import ArgumentParser
import Workspace

struct ScriptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "script", abstract: "Scripts of an integration, which hooks name by _scriptId.",
        subcommands: [List.self, Show.self, Delete.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List an integration's scripts.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "The integration (`none` for Standalone).") var integration: String

        func run() throws {
            try global.run { workspace, output in
                let scripts = try workspace.scripts(integration: integration)
                output.emit(.array(scripts.map(\.json))) {
                    Output.table(
                        ["NAME", "ID", "BYTES"], scripts.map { [Output.cell($0.name), $0.id, String($0.content.utf8.count)] })
                }
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: "Print a script's content (with --json, its fields and content).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Its id or name.") var ref: String
        @Option(help: "Look for the name only in this integration.") var integration: String?

        func run() throws {
            try global.run { workspace, output in
                let script = try workspace.script(ref, integration: integration)
                // The content exactly as kept: no newline added.
                if output.json { output.emit(script.jsonWithContent) { "" } } else { Output.print(script.content, terminator: "") }
            }
        }
    }

    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "delete", abstract: "Delete a script no hook names (it goes to the recycle bin).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Its id or name.") var ref: String
        @Option(help: "Look for the name only in this integration.") var integration: String?

        func run() throws {
            try global.run { workspace, output in
                let script = try workspace.deleteScript(ref, integration: integration)
                output.emit(script.json) { "Deleted script \"\(script.name)\" (\(script.id))" + Output.inTheBin }
            }
        }
    }
}
