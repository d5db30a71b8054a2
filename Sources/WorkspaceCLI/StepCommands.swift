import ArgumentParser
import Workspace

/// Names the kind a generic export/import command works on.
protocol StepCommandKind {
    static var kind: StepKind { get }
}

enum ExportKind: StepCommandKind { static var kind: StepKind { .export } }
enum ImportKind: StepCommandKind { static var kind: StepKind { .import } }

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Exports: resources of an integration that flows use as page generators or lookups.",
        subcommands: [
            Create.self, StepList<ExportKind>.self, StepShow<ExportKind>.self, StepEdit<ExportKind>.self,
            StepDelete<ExportKind>.self,
        ])

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create",
            abstract: "Create an export in an integration, or in a flow's integration and append it to the flow.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var common: StepCreateOptions
        @Flag(help: "A lookup (isLookup): a page processor of type export, not a page generator.") var lookup = false

        func run() throws { try common.run(.export, lookup: lookup, global) }
    }
}

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Imports: resources of an integration that flows use as page processors.",
        subcommands: [
            Create.self, StepList<ImportKind>.self, StepShow<ImportKind>.self, StepEdit<ImportKind>.self,
            StepDelete<ImportKind>.self,
        ])

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create",
            abstract: "Create an import in an integration, or in a flow's integration and append it to the flow.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var common: StepCreateOptions

        func run() throws { try common.run(.import, lookup: false, global) }
    }
}

struct StepCreateOptions: ParsableArguments {
    @Argument(help: "The name.") var name: String
    @Option(help: "Append it to this flow (it is created in the flow's integration).") var flow: String?
    @Option(help: "Create it in this integration without adding it to a flow (`none` for Standalone).")
    var integration: String?
    @Option(help: "The connection it uses, registered to its integration (none for webhooks and listeners).")
    var connection: String?
    @OptionGroup var description: DescriptionOptions

    func validate() throws {
        guard (flow == nil) != (integration == nil) else { throw ValidationError("give one of --flow or --integration") }
    }

    func run(_ kind: StepKind, lookup: Bool, _ global: GlobalOptions) throws {
        let description = try description.text() ?? ""
        try global.run { workspace, output in
            let step = try workspace.createStep(
                kind, name: name, flow: flow, integration: integration, connection: connection, lookup: lookup,
                description: description)
            let home = try workspace.integrationNames([step.integrationID])[step.integrationID] ?? step.integrationID
            output.emit(step.json) {
                "Created \(kind.rawValue) \"\(step.name)\" (\(step.id)) in \"\(home)\""
                    + (flow.map { " and added it to flow \"\($0)\"" } ?? "")
            }
        }
    }
}

struct StepList<Kind: StepCommandKind>: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "list", abstract: "List \(Kind.kind.rawValue)s: all, one integration's, or one flow's in order.")
    }

    @OptionGroup var global: GlobalOptions
    @Option(help: "Only this integration's (`none` for Standalone).") var integration: String?
    @Option(help: "Only those this flow uses, in flow order.") var flow: String?

    func run() throws {
        try global.run { workspace, output in
            let steps = try workspace.steps(Kind.kind, integration: integration, flow: flow)
            let names = try StepText.names(steps, workspace)
            output.emit(.array(steps.map(\.json))) { StepText.table(steps, names) }
        }
    }
}

struct StepShow<Kind: StepCommandKind>: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "show", abstract: "Show one \(Kind.kind.rawValue) and the flows that use it.")
    }

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Its id or name.") var ref: String
    @Option(help: "Look for the name only in this integration.") var integration: String?
    @Option(help: "Look for the name only among this flow's steps.") var flow: String?

    func run() throws {
        try global.run { workspace, output in
            let view = try workspace.step(Kind.kind, ref, integration: integration, flow: flow)
            let step = view.step
            let home = try workspace.integrationNames([step.integrationID])[step.integrationID] ?? step.integrationID
            output.emit(view.json) {
                var pairs = [
                    ("Name", step.name), ("ID", step.id), ("Integration", home),
                    ("Connection", step.connectionID.map { "\(view.connectionName ?? $0) (\($0))" } ?? "none"),
                ]
                if step.kind == .export { pairs.append(("Lookup", step.lookup ? "yes" : "no")) }
                pairs.append(("Description", step.description))
                pairs.append(
                    ("Used by", view.flows.isEmpty ? "no flow" : view.flows.map { "\"\($0.name)\" (\($0.id))" }.joined(separator: ", ")))
                return Output.fields(pairs)
            }
        }
    }
}

struct StepEdit<Kind: StepCommandKind>: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "edit", abstract: "Change an \(Kind.kind.rawValue)'s name, description or connection.")
    }

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Its id or name.") var ref: String
    @Option(help: "Look for the name only in this integration.") var integration: String?
    @Option(help: "A new name.") var name: String?
    @OptionGroup var description: DescriptionOptions
    @Option(help: "Another connection (registered to its integration).") var connection: String?

    func run() throws {
        let description = try description.text()
        try global.run { workspace, output in
            let started = Timestamp.now()
            let step = try workspace.editStep(
                Kind.kind, ref, integration: integration, name: name, description: description, connection: connection)
            output.emit(step.json) {
                Confirmation.updated(Kind.kind.rawValue, step.name, step.id, updatedAt: step.updatedAt, startedAt: started)
            }
        }
    }
}

struct StepDelete<Kind: StepCommandKind>: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "delete", abstract: "Delete \(Kind.kind.rawValue)s, all or none.")
    }

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Their ids or names.") var refs: [String]
    @Option(help: "Look for the names only in this integration.") var integration: String?
    @Flag(help: "Also take them out of the flows that use them, and remove the aliases that name them.") var force = false

    func run() throws {
        try global.run { workspace, output in
            let deleted = try workspace.deleteSteps(Kind.kind, refs, integration: integration, force: force)
            output.emit(.array(deleted.map(\.json))) {
                "Deleted " + deleted.map { "\(Kind.kind.rawValue) \"\($0.name)\" (\($0.id))" }.joined(separator: ", ") + Output.inTheBin
            }
        }
    }
}

enum StepText {
    /// Names of the integrations and connections a listing mentions, in two queries.
    static func names(_ steps: [Step], _ workspace: Workspace) throws -> [String: String] {
        try workspace.integrationNames(Set(steps.map(\.integrationID)))
            .merging(try workspace.connectionNames(Set(steps.compactMap(\.connectionID)))) { first, _ in first }
    }

    static func table(_ steps: [Step], _ names: [String: String]) -> String {
        Output.table(
            ["NAME", "ID", "KIND", "CONNECTION", "INTEGRATION"],
            steps.map {
                [
                    Output.cell($0.name), $0.id, $0.kind == .export && $0.lookup ? "export (lookup)" : $0.kind.rawValue,
                    Output.cell($0.connectionID.map { names[$0] ?? $0 } ?? "none", limit: 30),
                    Output.cell(names[$0.integrationID] ?? $0.integrationID, limit: 30),
                ]
            })
    }

    /// A flow's steps in order, with where each sits.
    static func table(_ steps: [FlowStepView]) -> String {
        Output.table(
            ["#", "NAME", "ID", "KIND", "ROLE", "CONNECTION"],
            steps.enumerated().map { index, view in
                [
                    String(index + 1), Output.cell(view.resource?.name ?? "(missing)"), view.step.reference.id,
                    view.step.reference.kind.rawValue, view.step.isLookup ? view.step.list.label + " (lookup)" : view.step.list.label,
                    Output.cell(view.connectionName ?? view.resource?.connectionID ?? "none", limit: 30),
                ]
            })
    }
}
