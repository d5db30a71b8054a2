import ArgumentParser
import Workspace

struct FlowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flow", abstract: "Create, list, show, edit, move and delete flows.",
        subcommands: [
            Create.self, ItemList<FlowKind>.self, ItemShow<FlowKind>.self, Edit.self, ItemMove<FlowKind>.self,
            ItemDelete<FlowKind>.self,
        ])

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a flow (in Standalone unless --integration).")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var common: ItemCreateOptions
        @Flag(help: "Create it disabled.") var disabled = false

        func run() throws {
            try global.runCreate {
                try $0.createFlow(
                    name: common.name, integration: common.integration, description: common.description,
                    disabled: disabled)
            }
        }
    }

    struct Edit: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Change a flow's name, description or status.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var common: ItemEditOptions
        @Option(help: "true to disable the flow, false to enable it.") var disabled: Bool?

        func run() throws {
            try global.runEdit(.flow, common, ItemEdit(disabled: disabled))
        }
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
        static let configuration = CommandConfiguration(abstract: "Create an API (in Standalone unless --integration).")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var common: ItemCreateOptions
        @Option(help: "The HTTP method.") var method = "GET"
        @Option(help: "The path it answers, starting with /.") var path = "/"

        func run() throws {
            try global.runCreate {
                try $0.createAPI(
                    name: common.name, integration: common.integration, description: common.description,
                    method: method, path: path)
            }
        }
    }

    struct Edit: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Change an API's name, description, method or path.")
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
        @Option(help: "A file holding the input JSON Schema.") var inputSchemaFile: String?

        func validate() throws {
            if inputSchema != nil && inputSchemaFile != nil {
                throw ValidationError("--input-schema and --input-schema-file exclude each other.")
            }
        }

        func text() throws -> String? {
            try inputSchemaFile.map(TextFile.read) ?? inputSchema
        }
    }

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a tool (in Standalone unless --integration).")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var common: ItemCreateOptions
        @OptionGroup var schema: SchemaOptions

        func run() throws {
            try global.runCreate {
                try $0.createTool(
                    name: common.name, integration: common.integration, description: common.description,
                    inputSchema: try schema.text() ?? "{}")
            }
        }
    }

    struct Edit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change a tool's name, description or input schema.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var common: ItemEditOptions
        @OptionGroup var schema: SchemaOptions

        func run() throws {
            try global.runEdit(.tool, common, ItemEdit(inputSchema: try schema.text()))
        }
    }
}
