import ArgumentParser
import Workspace

extension User.Role: ArgumentWord {}

extension Access: ExpressibleByArgument {
    public init?(argument: String) { self.init(grantName: argument) }

    public static var allValueStrings: [String] { Access.grantNames }
}

struct UserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Manage users, roles and per-integration access (owner or administrator).",
        subcommands: [Add.self, Edit.self, Remove.self, Grant.self, Revoke.self, List.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "Add a user with a role.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The user's name.") var name: String
        @Option(help: "owner, administrator, manage, monitor or tile.") var role: User.Role

        func run() throws {
            try global.run { workspace, output in
                let user = try workspace.addUser(name, role: role)
                output.emit(user.json) { "Added user \(user.name) (\(user.role.rawValue))" }
            }
        }
    }

    struct Edit: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "edit", abstract: "Change a user's role.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The user's name.") var name: String
        @Option(help: "owner, administrator, manage, monitor or tile.") var role: User.Role

        func run() throws {
            try global.run { workspace, output in
                let user = try workspace.setRole(name, to: role)
                output.emit(user.json) { "\(user.name) is now \(user.role.rawValue)" }
            }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "remove", abstract: "Remove a user and their grants.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The user's name.") var name: String

        func run() throws {
            try global.run { workspace, output in
                let user = try workspace.removeUser(name)
                output.emit(user.json) { "Removed user \(user.name)" }
            }
        }
    }

    struct Grant: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "grant", abstract: "Give a user manage or monitor access to one integration.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The user's name.") var name: String
        @Option(help: "The integration's id or name.") var integration: String
        @Option(help: "manage or monitor.") var access: Access

        func run() throws {
            try global.run { workspace, output in
                let result = try workspace.grant(name, integration: integration, access: access)
                output.emit(result.json) { "\(name) has \(access.name) access to \(integration)" }
            }
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Take a user's access to one integration away.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The user's name.") var name: String
        @Option(help: "The integration's id or name.") var integration: String

        func run() throws {
            try global.run { workspace, output in
                let result = try workspace.revoke(name, integration: integration)
                output.emit(result.json) { "\(name) no longer has access to \(integration)" }
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List users, their roles and grants.")
        @OptionGroup var global: GlobalOptions

        func run() throws {
            try global.run { workspace, output in
                let users = try workspace.users()
                output.emit(.array(users.map(\.json))) {
                    Output.table(["NAME", "ROLE", "INTEGRATIONS"], users.map { [$0.user.name, $0.user.role.rawValue, UserText.grants($0)] })
                }
            }
        }
    }
}

struct WhoAmI: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "whoami", abstract: "Show the acting user, role and grants.")
    @OptionGroup var global: GlobalOptions

    func run() throws {
        try global.run { workspace, output in
            let me = try workspace.whoami()
            output.emit(me.json) {
                Output.fields([("User", me.user.name), ("Role", me.user.role.rawValue), ("Integrations", UserText.grants(me))])
            }
        }
    }
}

enum UserText {
    static func grants(_ access: UserAccess) -> String {
        access.grants.map { "\($0.integrationName) (\($0.access.name))" }.joined(separator: ", ")
    }
}

