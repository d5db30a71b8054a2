import ArgumentParser
import Workspace

struct FlowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flow", abstract: "Create, list, show, edit, move, clone and delete flows; order their steps.",
        subcommands: [
            Create.self, List.self, Show.self, Edit.self, Move.self, Clone.self, ItemDelete<FlowKind>.self,
            Steps.self,
        ])

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "create", abstract: "Create a flow (in Standalone unless --integration).")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var common: ItemCreateOptions
        @Option(help: "A flow group of the integration.") var group: String?
        @Flag(help: "Create it disabled.") var disabled = false

        func run() throws {
            let description = try common.descriptionOptions.text() ?? ""
            try global.runCreate {
                try $0.createFlow(
                    name: common.name, integration: common.integration, group: group, description: description,
                    disabled: disabled)
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List flows; one integration's by flow group in display order, unassigned last.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only those in this integration (`none` for Standalone).") var integration: String?
        @Option(help: "Only those in this flow group.") var group: String?

        func run() throws {
            try global.run { workspace, output in
                let flows =
                    try group.map { try workspace.flows(inGroup: $0, integration: integration) }
                    ?? workspace.items(.flow, integration: integration)
                // The names are for people's table only; JSON carries the ids.
                try output.emit(.array(flows.map(\.json))) {
                    ItemText.table(
                        .flow, flows, integrationNames: try workspace.integrationNames(Set(flows.map(\.integrationID))),
                        groupNames: try workspace.groupNames(Set(flows.compactMap(\.groupID))))
                }
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a flow with its page generators and processors.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Its id or name.") var ref: String
        @Option(help: "Look for the name only in this integration.") var integration: String?

        func run() throws {
            try global.run { workspace, output in
                let view = try workspace.flowView(ref, integration: integration)
                let groupNames = try workspace.groupNames(Set([view.flow.groupID].compactMap { $0 }))
                let homes = try workspace.integrationNames([view.flow.integrationID])
                output.emit(view.json) {
                    ItemText.details(view.flow, integrationNames: homes, groupNames: groupNames)
                        + (view.steps.isEmpty ? "" : "\n\n" + StepText.table(view.steps))
                }
            }
        }
    }

    struct Edit: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "edit", abstract: "Change a flow's name, description or status.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var common: ItemEditOptions
        @Flag(help: "Enable or disable the flow.") var status: FlowStatus?

        func run() throws {
            try global.runEdit(.flow, common, ItemEdit(disabled: status.map { $0 == .disable }))
        }
    }

    struct Move: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "move",
            abstract: "Move flows (with their steps) to an integration, all or none.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Their ids or names.") var refs: [String]
        @Option(help: "The integration to move them to (`none` for Standalone).") var to: String
        @Option(help: "A flow group of the target (default: unassigned).") var group: String?
        @Option(help: "Look for the names only in this integration.") var integration: String?
        @Flag(help: "Also remove the aliases the move would leave dangling.") var force = false

        func run() throws {
            try global.run { workspace, output in
                let moved = try workspace.moveItems(.flow, refs, to: to, from: integration, group: group, force: force)
                try output.emit(.array(moved.map(\.json))) { try ItemText.moved(moved, .flow, to: to, workspace) }
            }
        }
    }

    struct Clone: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "clone", abstract: "Copy a flow with its steps.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Its id or name.") var ref: String
        @Option(help: "The integration to put the copy in (default: the flow's own).") var to: String?
        @Option(help: "The copy's name (default: Clone - <name>).") var name: String?
        @Option(help: "Look for the name only in this integration.") var integration: String?

        func run() throws {
            try global.run { workspace, output in
                let view = try workspace.cloneFlow(ref, to: to, name: name, integration: integration)
                output.emit(view.json) { "Cloned flow into \"\(view.flow.name)\" (\(view.flow.id))" }
            }
        }
    }

    struct Steps: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "steps",
            abstract: "List a flow's steps in order (routers and branches too); add, remove or move one.",
            discussion: """
                A step is an export or import of the flow's integration. --add puts one into the flow (an export
                as a page generator, or with --lookup as a page processor; an import as a page processor), at the
                end of its list or next to another step; --remove takes one out (the export or import stays);
                --move reorders one. STEP is the id or name of the export or import.
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The flow's id or name.") var ref: String
        @Option(help: "Add this export or import: export:REF or import:REF.") var add: String?
        @Flag(help: "With --add: the export is a lookup (a page processor).") var lookup = false
        @Option(help: "Take this step out of the flow.") var remove: String?
        @Option(help: "Move this step (with --before, --after, --first or --last).") var move: String?
        @OptionGroup var position: PlacementOptions

        func validate() throws {
            let actions = [add, remove, move].compactMap { $0 }.count
            guard actions <= 1 else { throw ValidationError("give only one of --add, --remove, --move") }
            let placement = try position.placement()
            if move != nil && placement == nil {
                throw ValidationError("--move needs one of --before, --after, --first, --last")
            }
            if placement != nil && add == nil && move == nil {
                throw ValidationError("--before, --after, --first and --last go with --add or --move")
            }
            if lookup && add == nil { throw ValidationError("--lookup goes with --add") }
        }

        func run() throws {
            try global.run { workspace, output in
                let placement = try position.placement()
                let view =
                    if let add {
                        try workspace.addFlowStep(ref, step: add, lookup: lookup, placement: placement)
                    } else if let remove {
                        try workspace.removeFlowStep(ref, step: remove)
                    } else if let move, let placement {
                        try workspace.moveFlowStep(ref, step: move, placement)
                    } else {
                        try workspace.flowView(ref)
                    }
                output.emit(.array(view.steps.map(\.json))) {
                    view.steps.isEmpty ? "Flow \"\(view.flow.name)\" has no steps" : StepText.table(view.steps)
                }
            }
        }
    }
}

/// `flow edit --enable | --disable`.
enum FlowStatus: String, EnumerableFlag {
    case enable, disable

    static func help(for value: FlowStatus) -> ArgumentHelp? {
        value == .enable ? "Enable the flow." : "Disable the flow."
    }
}

struct APICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "api", abstract: "Create, list, show, edit, move and delete APIs.",
        subcommands: [
            Create.self, ItemList<APIKind>.self, ItemShow<APIKind>.self, Edit.self, ItemMove<APIKind>.self,
            ItemDelete<APIKind>.self,
        ])

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "create", abstract: "Create an API (in Standalone unless --integration).")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var common: ItemCreateOptions
        @Option(help: "The HTTP method.") var method = "GET"
        @Option(help: "The path it answers, starting with /.") var path = "/"

        func run() throws {
            let description = try common.descriptionOptions.text() ?? ""
            try global.runCreate {
                try $0.createAPI(
                    name: common.name, integration: common.integration, description: description, method: method,
                    path: path)
            }
        }
    }

    struct Edit: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "edit", abstract: "Change an API's name, description, method or path.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var common: ItemEditOptions
        @Option(help: "A new HTTP method.") var method: String?
        @Option(help: "A new path.") var path: String?

        func run() throws {
            try global.runEdit(.api, common, ItemEdit(method: method, path: path))
        }
    }
}

struct ToolCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tool", abstract: "Create, list, show, edit, move and delete tools.",
        subcommands: [
            Create.self, ItemList<ToolKind>.self, ItemShow<ToolKind>.self, Edit.self, ItemMove<ToolKind>.self,
            ItemDelete<ToolKind>.self,
        ])

    /// A tool's input schema comes inline or from a file.
    struct SchemaOptions: ParsableArguments {
        @Option(help: "The input JSON Schema, as JSON text.") var inputSchema: String?
        @Option(help: "A file holding the input JSON Schema (- reads standard input).") var inputSchemaFile: String?

        func validate() throws {
            if inputSchema != nil && inputSchemaFile != nil {
                throw ValidationError("--input-schema and --input-schema-file exclude each other")
            }
        }

        func text() throws -> String? {
            try inputSchemaFile.map { try TextFile.read($0, limit: Limits.settingsBytes, what: "an input schema") }
                ?? inputSchema
        }
    }

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "create", abstract: "Create a tool (in Standalone unless --integration).")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var common: ItemCreateOptions
        @OptionGroup var schema: SchemaOptions

        func run() throws {
            let description = try common.descriptionOptions.text() ?? ""
            let inputSchema = try schema.text() ?? "{}"
            try global.runCreate {
                try $0.createTool(
                    name: common.name, integration: common.integration, description: description,
                    inputSchema: inputSchema)
            }
        }
    }

    struct Edit: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "edit",
            abstract: "Change a tool's name, description or input schema.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var common: ItemEditOptions
        @OptionGroup var schema: SchemaOptions

        func run() throws {
            try global.runEdit(.tool, common, ItemEdit(inputSchema: try schema.text()))
        }
    }
}
