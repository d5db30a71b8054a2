import ArgumentParser
import Workspace

struct ConnectionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "connection", abstract: "Account-wide connections, registered to integrations.",
        subcommands: [
            Create.self, List.self, Show.self, Edit.self, Delete.self, Register.self, Deregister.self, Status.self,
            Reconnect.self, Disconnect.self,
        ])

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "create", abstract: "Create a connection (registered to --integration if given).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The name.") var name: String
        @Option(help: "The application: salesforce, netsuite, http ...") var type: String
        @Option(help: "Register it to this integration.") var integration: String?
        @OptionGroup var descriptionOptions: DescriptionOptions
        @Flag(help: "Create it offline.") var offline = false

        func run() throws {
            let description = try descriptionOptions.text() ?? ""
            try global.run { workspace, output in
                let connection = try workspace.createConnection(
                    name: name, type: type, description: description, offline: offline, integration: integration)
                output.emit(connection.json) { "Created connection \"\(connection.name)\" (\(connection.id))" }
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List connections (all, one integration's, or one status); --by type counts them per application.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only those registered to this integration.") var integration: String?
        @Option(help: "Only online or only offline ones.") var status: ConnectionStatus?
        @Option(help: "Group by: type (applications with counts per status).") var by: Grouping?

        enum ConnectionStatus: String, ArgumentWord { case online, offline }
        enum Grouping: String, ArgumentWord { case type }

        func validate() throws {
            if by != nil && status != nil { throw ValidationError("--by type counts both statuses: leave out --status") }
        }

        func run() throws {
            try global.run { workspace, output in
                if by != nil {
                    let applications = try workspace.applications(integration: integration)
                    output.emit(.array(applications.map(\.json))) {
                        Output.table(
                            ["APPLICATION", "ONLINE", "OFFLINE"],
                            applications.map { [$0.type, String($0.online), String($0.offline)] })
                    }
                    return
                }
                let connections = try workspace.connections(
                    integration: integration, offline: status.map { $0 == .offline })
                output.emit(.array(connections.map(\.json))) {
                    Output.table(
                        ["NAME", "ID", "TYPE", "STATUS"],
                        connections.map { [Output.cell($0.name), $0.id, $0.type, ConnectionText.status($0)] })
                }
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: "Show a connection and where it is used.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Its id or name.") var ref: String

        func run() throws {
            try global.run { workspace, output in
                let usage = try workspace.connectionUsage(ref)
                let connection = usage.connection
                output.emit(usage.json) {
                    var text = Output.fields([
                        ("Name", connection.name), ("ID", connection.id), ("Type", connection.type),
                        ("Status", ConnectionText.status(connection)), ("Description", connection.description),
                        ("Registered to", usage.integrations.map { "\"\($0.name)\"" }.joined(separator: ", ")),
                    ])
                    if !usage.steps.isEmpty {
                        text += "\n\n" + Output.table(
                            ["USED BY", "ID", "KIND", "FLOWS"],
                            usage.steps.map { use in
                                [
                                    Output.cell(use.step.name), use.step.id, use.step.kind.rawValue,
                                    use.flows.isEmpty ? "(no flow)" : use.flows.map(\.name).joined(separator: ", "),
                                ]
                            })
                    }
                    return text
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
        @OptionGroup var descriptionOptions: DescriptionOptions

        func run() throws {
            let description = try descriptionOptions.text()
            try global.run { workspace, output in
                let started = Timestamp.now()
                let connection = try workspace.editConnection(
                    ref, ConnectionEdit(name: name, type: type, description: description))
                output.emit(connection.json) {
                    Confirmation.updated(
                        "connection", connection.name, connection.id, updatedAt: connection.updatedAt, startedAt: started)
                }
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
                output.emit(connection.json) { "Deleted connection \"\(connection.name)\" (\(connection.id))" + Output.inTheBin }
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
                let home = try workspace.integration(integration)
                output.emit(connection.json) { "Registered \"\(connection.name)\" to \"\(home.name)\"" }
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
                let home = try workspace.integration(integration)
                let connection = try workspace.deregisterConnection(ref, integration: integration, force: force)
                output.emit(connection.json) { "Deregistered \"\(connection.name)\" from \"\(home.name)\"" }
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

/// `connection reconnect` and `connection disconnect`: one command each, as in the connection UIs.
protocol ConnectionSwitch: ParsableCommand {
    static var online: Bool { get }
    var global: GlobalOptions { get }
    var ref: String { get }
}

extension ConnectionSwitch {
    func run() throws {
        try global.run { workspace, output in
            let started = Timestamp.now()
            let connection = try workspace.setConnectionOnline(ref, Self.online)
            output.emit(connection.json) {
                let state = Self.online ? "online" : "offline"
                return connection.updatedAt >= started
                    ? "Connection \"\(connection.name)\" (\(connection.id)) is now \(state)"
                    : "Connection \"\(connection.name)\" (\(connection.id)) was already \(state)"
            }
        }
    }
}

extension ConnectionCommand {
    struct Reconnect: ConnectionSwitch {
        static let configuration = CommandConfiguration(commandName: "reconnect", abstract: "Bring a connection back online.")
        static let online = true
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Its id or name.") var ref: String
    }

    struct Disconnect: ConnectionSwitch {
        static let configuration = CommandConfiguration(commandName: "disconnect", abstract: "Take a connection offline.")
        static let online = false
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Its id or name.") var ref: String
    }
}

enum ConnectionText {
    static func status(_ connection: Connection) -> String { connection.offline ? "offline" : "online" }
}
