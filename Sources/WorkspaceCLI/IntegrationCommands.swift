import ArgumentParser
import Workspace

struct IntegrationCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "integration",
        abstract: "Create, show, edit, list and delete integrations.",
        subcommands: [
            Create.self, Show.self, Edit.self, Delete.self, List.self, Pin.self, Unpin.self, Reorder.self, Clone.self,
            Download.self, Install.self,
        ]
    )

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "create", abstract: "Create an integration.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The integration's name.") var name: String
        @OptionGroup var description: DescriptionOptions
        @Option(help: "A file whose text becomes the readme (- reads standard input).") var readmeFile: String?

        func run() throws {
            let description = try description.text() ?? ""
            let readme = try readmeFile.map(IntegrationText.readme) ?? ""
            try global.run { workspace, output in
                let integration = try workspace.createIntegration(name: name, description: description, readme: readme)
                output.emit(integration.json) { "Created integration \"\(integration.name)\" (\(integration.id))" }
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Show an integration and its counts.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The integration's id or name.") var ref: String

        func run() throws {
            try global.run { workspace, output in
                let summary = try workspace.integrationSummary(ref)
                // A deleted source is named by its id.
                let source = try summary.integration.sourceID.map { id in
                    try workspace.integrationNames([id])[id].map { "\"\($0)\" (\(id))" } ?? id
                }
                output.emit(summary.json) { IntegrationText.details(summary, clonedFrom: source) }
            }
        }
    }

    struct Edit: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "edit", abstract: "Change an integration's name, description or readme.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The integration's id or name.") var ref: String
        @Option(help: "A new name.") var name: String?
        @OptionGroup var description: DescriptionOptions
        @Option(help: "A file whose text becomes the readme (- reads standard input).") var readmeFile: String?

        func validate() throws {
            guard name != nil || description.description != nil || description.descriptionFile != nil
                || readmeFile != nil
            else {
                throw ValidationError("give at least one of --name, --description, --description-file, --readme-file")
            }
        }

        func run() throws {
            let description = try description.text()
            let readme = try readmeFile.map(IntegrationText.readme)
            try global.run { workspace, output in
                let started = Timestamp.now()
                let integration = try workspace.editIntegration(
                    ref, name: name, description: description, readme: readme)
                output.emit(integration.json) {
                    Confirmation.updated(
                        "integration", integration.name, integration.id, updatedAt: integration.updatedAt,
                        startedAt: started)
                }
            }
        }
    }

    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "delete",
            abstract: "Delete an integration; refused while it holds anything unless --detach or --cascade.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The integration's id or name.") var ref: String
        @Flag(help: "Move its flows, APIs, tools, exports and imports to Standalone first.") var detach = false
        @Flag(help: "Delete its flows, APIs, tools, exports and imports too.") var cascade = false
        @Flag(help: "With --detach: also remove the detached flows' aliases (Standalone has none).") var force = false

        func validate() throws {
            if detach && cascade { throw ValidationError("--detach and --cascade exclude each other") }
        }

        func run() throws {
            try global.run { workspace, output in
                let mode: DeleteMode = detach ? .detach : cascade ? .cascade : .refuseIfNotEmpty
                let integration = try workspace.deleteIntegration(ref, mode: mode, force: force)
                output.emit(integration.json) { "Deleted integration \"\(integration.name)\" (\(integration.id))" + Output.inTheBin }
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List integrations (the Home page).")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var home: HomeOptions

        func run() throws { try home.run(global) }
    }

    struct Pin: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "pin", abstract: "Pin an integration to the top of your list view.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The integration's id or name.") var ref: String

        func run() throws {
            try global.run { workspace, output in
                let integration = try workspace.pin(ref)
                output.emit(integration.json) { "Pinned \"\(integration.name)\"" }
            }
        }
    }

    struct Unpin: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "unpin", abstract: "Unpin an integration.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The integration's id or name.") var ref: String

        func run() throws {
            try global.run { workspace, output in
                let integration = try workspace.unpin(ref)
                output.emit(integration.json) { "Unpinned \"\(integration.name)\"" }
            }
        }
    }

    struct Reorder: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "reorder", abstract: "Drag and drop a tile: move it in your tile order.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The integration's id or name.") var ref: String
        @OptionGroup var position: PlacementOptions

        func validate() throws { _ = try position.required() }

        func run() throws {
            try global.run { workspace, output in
                let summaries = try workspace.reorderTile(ref, try position.required())
                output.emit(.array(summaries.map(\.json))) { IntegrationText.table(summaries) }
            }
        }
    }
}

struct Home: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "home", abstract: "The Home page: the same as `integration list`.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var home: HomeOptions

    func run() throws { try home.run(global) }
}

extension HomeView: ArgumentWord {}
extension HomeSort: ArgumentWord {}

/// --view, --sort and --search of the Home page.
struct HomeOptions: ParsableArguments {
    @Option(help: "tile (your manual order) or list (pinned first, then sorted).") var view: HomeView = .tile
    @Option(help: "How the list view sorts: name, flows or status.") var sort: HomeSort = .name
    @Option(help: "Keep integrations whose name or description, or a flow's, contains this.") var search: String?

    func run(_ global: GlobalOptions) throws {
        try global.run { workspace, output in
            let summaries = try workspace.home(view: view, sort: sort, search: search)
            output.emit(.array(summaries.map(\.json))) { IntegrationText.table(summaries) }
        }
    }
}

/// How integrations read for people.
enum IntegrationText {
    static func readme(_ path: String) throws -> String {
        try TextFile.read(path, limit: Limits.readmeBytes, what: "a readme")
    }

    static func table(_ summaries: [IntegrationSummary]) -> String {
        Output.table(
            ["NAME", "ID", "FLOWS", "APIS", "TOOLS", "APPLICATIONS", "OFFLINE", "PINNED"],
            summaries.map { summary in
                [
                    Output.cell(summary.integration.name), summary.integration.id, String(summary.counts.flows),
                    String(summary.counts.apis), String(summary.counts.tools),
                    Output.cell(summary.counts.applications.joined(separator: ", "), limit: 30),
                    String(summary.counts.offlineConnections), summary.pinned == true ? "yes" : "",
                ]
            })
    }

    static func details(_ summary: IntegrationSummary, clonedFrom source: String? = nil) -> String {
        let integration = summary.integration
        let counts = summary.counts
        var pairs: [(String, String)] = [("Name", integration.name), ("ID", integration.id)]
        if let source { pairs.append(("Cloned from", source)) }
        pairs += [
            ("Description", integration.description), ("Flows", String(counts.flows)), ("APIs", String(counts.apis)),
            ("Tools", String(counts.tools)), ("Exports", String(counts.exports ?? 0)), ("Imports", String(counts.imports ?? 0)),
            ("Flow groups", (summary.groups ?? []).map(\.name).joined(separator: ", ")),
            ("Connections", "\(counts.connections) (\(counts.offlineConnections) offline)"),
            ("Applications", counts.applications.joined(separator: ", ")),
            ("Created", Timestamp.iso8601(integration.createdAt)), ("Modified", Timestamp.iso8601(integration.updatedAt)),
        ]
        var text = Output.fields(pairs)
        if !integration.readme.isEmpty { text += "\n\n" + integration.readme }
        return text
    }
}
