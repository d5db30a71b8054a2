import ArgumentParser
import Workspace

struct ConnectionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "connection", abstract: "Account-wide connections, registered to integrations.",
        subcommands: [Create.self, List.self, Show.self, Edit.self, Delete.self, Register.self, Deregister.self, Status.self])

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "create", abstract: "Create a connection (registered to --integration if given).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The name.") var name: String
        @Option(help: "The application: salesforce, netsuite, http ...") var type: String
        @Option(help: "Register it to this integration.") var integration: String?
        @Option(help: "A description.") var description = ""
        @Flag(help: "Create it offline.") var offline = false

        func run() throws {
            try global.run { workspace, output in
                let connection = try workspace.createConnection(
                    name: name, type: type, description: description, offline: offline, integration: integration)
                output.emit(connection.json) { "Created connection \"\(connection.name)\" (\(connection.id))" }
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List connections, all or those registered to one integration.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only those registered to this integration.") var integration: String?

        func run() throws {
            try global.run { workspace, output in
                let connections = try workspace.connections(integration: integration)
                output.emit(.array(connections.map(\.json))) {
                    Output.table(
                        ["NAME", "ID", "TYPE", "STATUS"],
                        connections.map { [Output.cell($0.name), $0.id, $0.type, ConnectionText.status($0)] })
                }
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a connection.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Its id or name.") var ref: String

        func run() throws {
            try global.run { workspace, output in
                let connection = try workspace.connection(ref)
                output.emit(connection.json) {
                    Output.fields([
                        ("Name", connection.name), ("ID", connection.id), ("Type", connection.type),
                        ("Status", ConnectionText.status(connection)), ("Description", connection.description),
                    ])
                }
            }
        }
    }

    struct Edit: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "edit", abstract: "Change a connection's name, type, description or status.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Its id or name.") var ref: String
        @Option(help: "A new name.") var name: String?
        @Option(help: "A new application type.") var type: String?
        @Option(help: "A new description.") var description: String?
        @Option(help: "true to take it offline, false to bring it online.") var offline: Bool?

        func run() throws {
            try global.run { workspace, output in
                let connection = try workspace.editConnection(
                    ref, ConnectionEdit(name: name, type: type, description: description, offline: offline))
                output.emit(connection.json) { "Updated connection \"\(connection.name)\" (\(connection.id))" }
            }
        }
    }

    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "delete", abstract: "Delete a connection no step uses.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Its id or name.") var ref: String
        @Flag(help: "Also remove the aliases that name it.") var force = false

        func run() throws {
            try global.run { workspace, output in
                let connection = try workspace.deleteConnection(ref, force: force)
                output.emit(connection.json) { "Deleted connection \"\(connection.name)\" (\(connection.id))" }
            }
        }
    }

    struct Register: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "register", abstract: "Register a connection to an integration.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Its id or name.") var ref: String
        @Option(help: "The integration.") var integration: String

        func run() throws {
            try global.run { workspace, output in
                let connection = try workspace.registerConnection(ref, integration: integration)
                output.emit(connection.json) { "Registered \"\(connection.name)\" to \(integration)" }
            }
        }
    }

    struct Deregister: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "deregister", abstract: "Deregister a connection from an integration.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Its id or name.") var ref: String
        @Option(help: "The integration.") var integration: String
        @Flag(help: "Also remove the integration's aliases that name it.") var force = false

        func run() throws {
            try global.run { workspace, output in
                let connection = try workspace.deregisterConnection(ref, integration: integration, force: force)
                output.emit(connection.json) { "Deregistered \"\(connection.name)\" from \(integration)" }
            }
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "status", abstract: "Print online or offline.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Its id or name.") var ref: String

        func run() throws {
            try global.run { workspace, output in
                let connection = try workspace.connection(ref)
                output.emit(["_id": .string(connection.id), "offline": .bool(connection.offline)]) {
                    ConnectionText.status(connection)
                }
            }
        }
    }
}

enum ConnectionText {
    static func status(_ connection: Connection) -> String { connection.offline ? "offline" : "online" }
}
