import ArgumentParser

@main
struct WorkspaceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workspace",
        abstract: "Organize integrator.io-style workspaces: integrations, flows, APIs and tools in one SQLite file.",
        subcommands: [
            Init.self, IntegrationCommand.self, Home.self, FlowCommand.self, GroupCommand.self, APICommand.self,
            ToolCommand.self, ConnectionCommand.self, ExportCommand.self, ImportCommand.self, AuditCommand.self,
            UserCommand.self, WhoAmI.self, SettingsCommand.self, AliasCommand.self,
        ]
    )
}
