import ArgumentParser
import Workspace

struct AliasCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alias", abstract: "Names for flows, connections, exports and imports that never dangle.",
        subcommands: [Create.self, List.self, Resolve.self, Delete.self])

    /// --integration and --flow: whose list an alias belongs to.
    struct Owner: ParsableArguments {
        @Option(help: "The integration.") var integration: String
        @Option(help: "A flow of the integration, for the flow's own list.") var flow: String?
    }

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "create", abstract: "Create an alias.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The alias: letters, digits, _ and - (stored lower-cased).") var alias: String
        @OptionGroup var owner: Owner
        @Option(help: "What it names: an id or name, or flow:, connection:, export:, import: REF.") var target: String
        @OptionGroup var descriptionOptions: DescriptionOptions

        func run() throws {
            let description = try descriptionOptions.text() ?? ""
            try global.run { workspace, output in
                let created = try workspace.createAlias(
                    alias, integration: owner.integration, flow: owner.flow, target: target, description: description)
                let name = try workspace.targetNames(of: [created])[created.targetID] ?? created.targetID
                output.emit(created.json) {
                    "Created alias \(created.alias) → \(created.targetType.rawValue) \"\(name)\" (\(created.targetID))"
                }
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List an integration's or a flow's aliases.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var owner: Owner
        @Flag(help: "For a flow: also the integration's aliases it sees.") var inherited = false

        func run() throws {
            try global.run { workspace, output in
                let views = try workspace.aliases(integration: owner.integration, flow: owner.flow, inherited: inherited)
                let names = try workspace.targetNames(of: views.map(\.alias))
                output.emit(.array(views.map(\.json))) { AliasText.table(views, names: names) }
            }
        }
    }

    struct Resolve: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "resolve", abstract: "What an alias names, as the flow (or integration) sees it.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The alias.") var alias: String
        @OptionGroup var owner: Owner

        func run() throws {
            try global.run { workspace, output in
                let view = try workspace.resolveAlias(alias, integration: owner.integration, flow: owner.flow)
                output.emit(view.json) { "\(view.alias.targetType.rawValue) \(view.alias.targetID)" }
            }
        }
    }

    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "delete", abstract: "Delete an alias.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The alias.") var alias: String
        @OptionGroup var owner: Owner

        func run() throws {
            try global.run { workspace, output in
                let deleted = try workspace.deleteAlias(alias, integration: owner.integration, flow: owner.flow)
                output.emit(deleted.json) { "Deleted alias \(deleted.alias)" }
            }
        }
    }
}

enum AliasText {
    static func table(_ views: [AliasView], names: [String: String]) -> String {
        Output.table(
            ["ALIAS", "TARGET", "NAME", "ID", "FROM", "DESCRIPTION"],
            views.map {
                [
                    $0.alias.alias, $0.alias.targetType.rawValue, Output.cell(names[$0.alias.targetID] ?? "", limit: 30),
                    $0.alias.targetID, $0.inherited ? "integration" : "", Output.cell($0.alias.description),
                ]
            })
    }
}
