import ArgumentParser
import Workspace

struct SettingsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "settings",
        abstract: "JSON settings on integrations, flow groups, flows, exports, imports and connections.",
        discussion: """
            REF is an id or a name; prefix the kind when a name is shared: integration:, group:, flow:, \
            export:, import:, connection: (or pass --group for a flow group).
            """,
        subcommands: [Get.self, Set.self, Unset.self, Resolve.self])

    /// REF and --group, shared by every settings command.
    struct Target: ParsableArguments {
        @Argument(help: "The resource: an id, a name, or kind:REF.") var ref: String
        @Flag(help: "REF names a flow group.") var group = false
    }

    struct Get: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "get", abstract: "Print a settings document or one value in it.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var target: Target
        @Argument(help: "A JSON pointer such as /a/b/0 (default: the whole document).") var pointer = ""

        func run() throws {
            try global.run { workspace, _ in
                Output.print(try workspace.settings(target.ref, group: target.group, at: pointer).prettyText)
            }
        }
    }

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set", abstract: "Set one value (JSON text), or replace the document with --file.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var target: Target
        @Argument(help: "A JSON pointer such as /a/b; missing parent objects are created.") var pointer: String?
        @Argument(help: "The value as JSON text (or raw text with --string).") var value: String?
        @Flag(help: "Take VALUE as a plain string, not JSON.") var string = false
        @Option(help: "A file holding the whole new document, a JSON object (- reads standard input).")
        var file: String?

        func validate() throws {
            if file != nil {
                guard pointer == nil, value == nil else {
                    throw ValidationError("--file replaces the whole document: give no POINTER or VALUE")
                }
            } else {
                guard pointer != nil, value != nil else { throw ValidationError("give POINTER and VALUE, or --file FILE") }
            }
        }

        func run() throws {
            let replacement = try file.map { try TextFile.read($0, limit: Limits.settingsBytes, what: "a settings document") }
            let parsed = try value.map { string ? JSONValue.string($0) : try Self.parse($0) }
            try global.run { workspace, output in
                let document: JSONValue
                if let replacement {
                    document = try workspace.replaceSettings(target.ref, group: target.group, with: JSONValue(parsing: replacement))
                } else if let pointer, let parsed {
                    document = try workspace.setSetting(target.ref, group: target.group, at: pointer, to: parsed)
                } else {
                    return
                }
                output.emit(document) { "Updated the settings of \(target.ref)" }
            }
        }

        /// VALUE as JSON; text that is not JSON gets a hint that says how to pass a string.
        private static func parse(_ value: String) throws -> JSONValue {
            do {
                return try JSONValue(parsing: value)
            } catch let error as WorkspaceError {
                let quoted = JSONValue.string(value).compactText
                throw WorkspaceError(
                    .invalid, "VALUE is not JSON (\(error.message))",
                    hint: "to store the text, quote it as JSON ('\(quoted)') or pass --string")
            }
        }
    }

    struct Unset: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "unset", abstract: "Remove one value.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var target: Target
        @Argument(help: "A JSON pointer such as /a/b.") var pointer: String

        func run() throws {
            try global.run { workspace, output in
                let document = try workspace.unsetSetting(target.ref, group: target.group, at: pointer)
                output.emit(document) { "Removed \(pointer) from the settings of \(target.ref)" }
            }
        }
    }

    struct Resolve: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "resolve",
            abstract: "The effective settings: integration ⊕ flow group ⊕ flow ⊕ step, as JSON merge patches.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var target: Target
        @Flag(help: "List every leaf with its value, the level and resource it comes from, and what it overrides.")
        var explain = false
        @Flag(help: "integrator.io's runtime view: {integration, flowGrouping, flow, export|import, connection}.")
        var namespaced = false
        @Option(help: "For an export or import several flows use: resolve it as this flow's step.") var flow: String?

        func validate() throws {
            if explain && namespaced { throw ValidationError("--explain and --namespaced exclude each other") }
        }

        func run() throws {
            try global.run { workspace, output in
                let resolved = try workspace.resolveSettings(target.ref, group: target.group, flow: flow)
                if namespaced {
                    Output.print(resolved.namespaced.prettyText)
                } else if explain {
                    output.emit(.array(resolved.origins.map(\.json))) { SettingsText.explain(resolved.origins) }
                } else {
                    Output.print(resolved.effective.prettyText)
                }
            }
        }
    }
}

enum SettingsText {
    static func explain(_ origins: [SettingOrigin]) -> String {
        Output.table(
            ["POINTER", "VALUE", "LEVEL", "RESOURCE", "OVERRIDES"],
            origins.map { origin in
                [
                    origin.pointer.description, origin.removed ? "(removed)" : Output.cell(origin.value.compactText),
                    origin.level.rawValue, origin.resourceID,
                    origin.overrides.reversed().map { "\(Output.cell($0.value.compactText, limit: 30)) (\($0.level.rawValue))" }
                        .joined(separator: ", "),
                ]
            })
    }
}
