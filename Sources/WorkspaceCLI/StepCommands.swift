import ArgumentParser
import Workspace

/// Names the kind a generic step command works on.
protocol StepCommandKind {
    static var kind: Step.Kind { get }
}

enum ExportKind: StepCommandKind { static var kind: Step.Kind { .export } }
enum ImportKind: StepCommandKind { static var kind: Step.Kind { .import } }

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Exports: a flow's page generators, or lookups among its page processors.",
        subcommands: [
            Create.self, StepList<ExportKind>.self, StepShow<ExportKind>.self, StepEdit<ExportKind>.self,
            StepDelete<ExportKind>.self,
        ])

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "create", abstract: "Add an export to a flow.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var common: StepCreateOptions
        @Flag(help: "A lookup: a page processor of type export, not a page generator.") var lookup = false

        func run() throws { try common.run(.export, lookup: lookup, global) }
    }
}

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Imports: page processors of a flow.",
        subcommands: [
            Create.self, StepList<ImportKind>.self, StepShow<ImportKind>.self, StepEdit<ImportKind>.self,
            StepDelete<ImportKind>.self,
        ])

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "create", abstract: "Add an import to a flow.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var common: StepCreateOptions

        func run() throws { try common.run(.import, lookup: false, global) }
    }
}

struct StepCreateOptions: ParsableArguments {
    @Argument(help: "The name.") var name: String
    @Option(help: "The flow it belongs to.") var flow: String
    @Option(help: "The connection it uses (registered to the flow's integration).") var connection: String
    @Option(help: "A description.") var description = ""

    func run(_ kind: Step.Kind, lookup: Bool, _ global: GlobalOptions) throws {
        try global.run { workspace, output in
            let step = try workspace.createStep(
                kind, name: name, flow: flow, connection: connection, lookup: lookup, description: description)
            output.emit(step.json) { "Created \(kind.rawValue) \"\(step.name)\" (\(step.id)) in flow \(step.flowID)" }
        }
    }
}

struct StepList<Kind: StepCommandKind>: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "list", abstract: "List \(Kind.kind.rawValue)s, all or one flow's.")
    }

    @OptionGroup var global: GlobalOptions
    @Option(help: "Only this flow's, in flow order.") var flow: String?

    func run() throws {
        try global.run { workspace, output in
            let steps = try workspace.steps(Kind.kind, flow: flow)
            output.emit(.array(steps.map(\.json))) { StepText.table(steps) }
        }
    }
}

struct StepShow<Kind: StepCommandKind>: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "show", abstract: "Show one \(Kind.kind.rawValue).")
    }

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Its id or name.") var ref: String
    @Option(help: "Look for the name only in this flow.") var flow: String?

    func run() throws {
        try global.run { workspace, output in
            let step = try workspace.step(Kind.kind, ref, flow: flow)
            output.emit(step.json) {
                Output.fields([
                    ("Name", step.name), ("ID", step.id), ("Flow", step.flowID), ("Connection", step.connectionID),
                    ("Role", StepText.role(step)), ("Description", step.description),
                ])
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
    @Option(help: "Look for the name only in this flow.") var flow: String?
    @Option(help: "A new name.") var name: String?
    @Option(help: "A new description.") var description: String?
    @Option(help: "Another connection (registered to the flow's integration).") var connection: String?

    func run() throws {
        try global.run { workspace, output in
            let step = try workspace.editStep(
                Kind.kind, ref, flow: flow, name: name, description: description, connection: connection)
            output.emit(step.json) { "Updated \(Kind.kind.rawValue) \"\(step.name)\" (\(step.id))" }
        }
    }
}

struct StepDelete<Kind: StepCommandKind>: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "delete", abstract: "Delete \(Kind.kind.rawValue)s, all or none.")
    }

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Their ids or names.") var refs: [String]
    @Option(help: "Look for the names only in this flow.") var flow: String?
    @Flag(help: "Also remove the aliases that name them.") var force = false

    func run() throws {
        try global.run { workspace, output in
            let deleted = try workspace.deleteSteps(Kind.kind, refs, flow: flow, force: force)
            output.emit(.array(deleted.map(\.json))) {
                "Deleted " + deleted.map { "\(Kind.kind.rawValue) \"\($0.name)\" (\($0.id))" }.joined(separator: ", ")
            }
        }
    }
}

enum StepText {
    static func role(_ step: Step) -> String {
        step.isPageGenerator ? "page generator" : "page processor (\(step.kind.rawValue)\(step.lookup ? ", lookup" : ""))"
    }

    static func table(_ steps: [Step]) -> String {
        Output.table(
            ["NAME", "ID", "ROLE", "CONNECTION", "FLOW"],
            steps.map { [Output.cell($0.name), $0.id, role($0), $0.connectionID, $0.flowID] })
    }
}
