import ArgumentParser
import Workspace

/// Names the kind a generic item command works on.
protocol ItemCommandKind {
    static var kind: ItemKind { get }
}

enum FlowKind: ItemCommandKind { static var kind: ItemKind { .flow } }
enum APIKind: ItemCommandKind { static var kind: ItemKind { .api } }
enum ToolKind: ItemCommandKind { static var kind: ItemKind { .tool } }

struct ItemList<Kind: ItemCommandKind>: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "list", abstract: "List \(Kind.kind.pluralLabel), oldest first.")
    }

    @OptionGroup var global: GlobalOptions
    @Option(help: "Only those in this integration (`none` for Standalone).") var integration: String?

    func run() throws {
        try global.run { workspace, output in
            let items = try workspace.items(Kind.kind, integration: integration)
            try output.emit(.array(items.map(\.json))) {
                ItemText.table(Kind.kind, items, integrationNames: try workspace.integrationNames(Set(items.map(\.integrationID))))
            }
        }
    }
}

struct ItemShow<Kind: ItemCommandKind>: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "show", abstract: "Show one \(Kind.kind.label).")
    }

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Its id or name.") var ref: String
    @Option(help: "Look for the name only in this integration.") var integration: String?

    func run() throws {
        try global.run { workspace, output in
            let item = try workspace.item(Kind.kind, ref, integration: integration)
            let names = try workspace.integrationNames([item.integrationID])
            output.emit(item.json) { ItemText.details(item, integrationNames: names) }
        }
    }
}

struct ItemMove<Kind: ItemCommandKind>: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "move", abstract: "Move \(Kind.kind.pluralLabel) to another integration, all or none.")
    }

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Their ids or names.") var refs: [String]
    @Option(help: "The integration to move them to (`none` for Standalone).") var to: String
    @Option(help: "Look for the names only in this integration.") var integration: String?

    func run() throws {
        try global.run { workspace, output in
            let moved = try workspace.moveItems(Kind.kind, refs, to: to, from: integration)
            try output.emit(.array(moved.map(\.json))) { try ItemText.moved(moved, Kind.kind, to: to, workspace) }
        }
    }
}

struct ItemDelete<Kind: ItemCommandKind>: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "delete", abstract: "Delete \(Kind.kind.pluralLabel), all or none.")
    }

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Their ids or names.") var refs: [String]
    @Option(help: "Look for the names only in this integration.") var integration: String?
    @Flag(
        help: ArgumentHelp(
            "Also remove the aliases that name what is deleted.", visibility: Kind.kind == .flow ? .default : .hidden))
    var force = false

    func run() throws {
        try global.run { workspace, output in
            let deleted = try workspace.deleteItems(Kind.kind, refs, integration: integration, force: force)
            output.emit(.array(deleted.map(\.json))) {
                "Deleted " + deleted.map { "\(Kind.kind.label) \"\($0.name)\" (\($0.id))" }.joined(separator: ", ") + Output.inTheBin
            }
        }
    }
}

/// Options every `create` shares.
struct ItemCreateOptions: ParsableArguments {
    @Argument(help: "The name.") var name: String
    @Option(help: "The integration to create it in (default: Standalone).") var integration: String?
    @OptionGroup var descriptionOptions: DescriptionOptions
}

/// Options every `edit` shares.
struct ItemEditOptions: ParsableArguments {
    @Argument(help: "Its id or name.") var ref: String
    @Option(help: "Look for the name only in this integration.") var integration: String?
    @Option(help: "A new name.") var name: String?
    @OptionGroup var descriptionOptions: DescriptionOptions
}

extension GlobalOptions {
    /// Runs an edit and prints the result.
    func runEdit(_ kind: ItemKind, _ options: ItemEditOptions, _ edit: ItemEdit) throws {
        var edit = edit
        edit.name = options.name
        edit.description = try options.descriptionOptions.text()
        try run { workspace, output in
            let started = Timestamp.now()
            let item = try workspace.editItem(kind, options.ref, integration: options.integration, edit)
            output.emit(item.json) {
                Confirmation.updated(kind.label, item.name, item.id, updatedAt: item.updatedAt, startedAt: started)
            }
        }
    }

    /// Runs a create and prints the result.
    func runCreate(_ create: (Workspace) throws -> Item) throws {
        try run { workspace, output in
            let item = try create(workspace)
            let home = try workspace.integrationNames([item.integrationID])[item.integrationID] ?? item.integrationID
            output.emit(item.json) { "Created \(item.kind.label) \"\(item.name)\" (\(item.id)) in \"\(home)\"" }
        }
    }
}

/// How flows, APIs and tools read for people.
enum ItemText {
    static func count(_ count: Int, _ kind: ItemKind) -> String {
        "\(count) \(count == 1 ? kind.label : kind.pluralLabel)"
    }

    /// "Moved 2 flows to "Shopify to NetSuite"".
    static func moved(_ items: [Item], _ kind: ItemKind, to ref: String, _ workspace: Workspace) throws -> String {
        guard let target = items.first?.integrationID else { return "Moved nothing" }
        let name = try workspace.integrationNames([target])[target] ?? ref
        return "Moved \(count(items.count, kind)) to \"\(name)\""
    }

    /// `integrationNames` and `groupNames` map ids to names for the INTEGRATION and GROUP columns.
    static func table(
        _ kind: ItemKind, _ items: [Item], integrationNames: [String: String], groupNames: [String: String] = [:]
    ) -> String {
        let header = ["NAME", "ID", "INTEGRATION"] + detailHeader(kind)
        return Output.table(
            header,
            items.map {
                [Output.cell($0.name), $0.id, Output.cell(integrationNames[$0.integrationID] ?? $0.integrationID, limit: 30)]
                    + detailCells($0, groupNames)
            })
    }

    private static func detailHeader(_ kind: ItemKind) -> [String] {
        switch kind {
        case .flow: ["STATUS", "GROUP"]
        case .api: ["METHOD", "PATH"]
        case .tool: ["DESCRIPTION"]
        }
    }

    private static func detailCells(_ item: Item, _ groupNames: [String: String]) -> [String] {
        switch item.details {
        case .flow(let disabled, let group, _):
            [disabled ? "disabled" : "enabled", group.map { Output.cell(groupNames[$0] ?? $0, limit: 30) } ?? ""]
        case .api(let method, let path): [method, Output.cell(path)]
        case .tool: [Output.cell(item.description)]
        }
    }

    static func details(_ item: Item, integrationNames: [String: String], groupNames: [String: String] = [:]) -> String {
        var pairs = [
            ("Name", item.name), ("ID", item.id),
            ("Integration", integrationNames[item.integrationID].map { "\($0) (\(item.integrationID))" } ?? item.integrationID),
            ("Description", item.description),
        ]
        switch item.details {
        case .flow(let disabled, let group, _):
            pairs.append(("Status", disabled ? "disabled" : "enabled"))
            if let group { pairs.append(("Flow group", groupNames[group] ?? group)) }
        case .api(let method, let path): pairs += [("Method", method), ("Path", path)]
        case .tool(let schema): pairs.append(("Input schema", schema.compactText))
        }
        pairs += [("Created", Timestamp.iso8601(item.createdAt)), ("Modified", Timestamp.iso8601(item.updatedAt))]
        return Output.fields(pairs)
    }
}
