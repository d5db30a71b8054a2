import ArgumentParser
import Workspace

struct GroupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "group", abstract: "Flow groups: named, ordered sections of an integration's flows.",
        subcommands: [Create.self, List.self, Rename.self, Reorder.self, Delete.self])

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "create", abstract: "Create a flow group at the end of the integration's groups.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The name, unique in the integration.") var name: String
        @Option(help: "The integration.") var integration: String

        func run() throws {
            try global.run { workspace, output in
                let group = try workspace.createGroup(name: name, integration: integration)
                output.emit(group.json) { "Created flow group \"\(group.name)\" (\(group.id))" }
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List an integration's flow groups in display order.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "The integration.") var integration: String

        func run() throws {
            try global.run { workspace, output in
                let groups = try workspace.groups(integration: integration)
                output.emit(.array(groups.map(\.json))) {
                    Output.table(["NAME", "ID"], groups.map { [Output.cell($0.name), $0.id] })
                }
            }
        }
    }

    struct Rename: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "rename", abstract: "Rename a flow group.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Its id or name.") var ref: String
        @Argument(help: "The new name.") var name: String
        @Option(help: "Look for the name only in this integration.") var integration: String?

        func run() throws {
            try global.run { workspace, output in
                let group = try workspace.renameGroup(ref, to: name, integration: integration)
                output.emit(group.json) { "Renamed flow group to \"\(group.name)\" (\(group.id))" }
            }
        }
    }

    struct Reorder: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "reorder", abstract: "Move a flow group within its integration.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Its id or name.") var ref: String
        @OptionGroup var position: PlacementOptions
        @Option(help: "Look for the names only in this integration.") var integration: String?

        func validate() throws { _ = try position.required() }

        func run() throws {
            try global.run { workspace, output in
                let groups = try workspace.reorderGroup(ref, try position.required(), integration: integration)
                output.emit(.array(groups.map(\.json))) {
                    Output.table(["NAME", "ID"], groups.map { [Output.cell($0.name), $0.id] })
                }
            }
        }
    }

    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "delete", abstract: "Delete a flow group; its flows become unassigned.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Its id or name.") var ref: String
        @Option(help: "Look for the name only in this integration.") var integration: String?

        func run() throws {
            try global.run { workspace, output in
                let group = try workspace.deleteGroup(ref, integration: integration)
                output.emit(group.json) { "Deleted flow group \"\(group.name)\" (\(group.id))" + Output.inTheBin }
            }
        }
    }
}
