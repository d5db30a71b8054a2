import ArgumentParser
import Workspace

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension IntegrationCommand {
    struct Download: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "download",
            abstract: "Write an integration's document, or an integrator.io download (stdout unless -o).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The integration's id or name.") var ref: String
        @Option(name: .shortAndLong, help: "Write it to this file (or, for integrator.io, FILE.zip or a new DIR) instead of standard output.")
        var output: String?
        @Option(help: "workspace (the integration document) or integrator.io (its download layout).")
        var format: DownloadFormat = .workspace

        func run() throws {
            try global.run { workspace, _ in
                switch format {
                case .workspace:
                    let document = try workspace.download(ref)
                    if let output {
                        try LocalFile.write(document.canonicalBytes, to: output)
                    } else {
                        Output.print(document.canonicalText, terminator: "")
                    }
                case .integratorIO:
                    let (files, notes) = try workspace.downloadIntegratorIO(ref)
                    if let output, !output.hasSuffix(".zip") {
                        try DownloadFolder.write(files, to: output)
                    } else {
                        let zip = try ZipArchive.make(files)
                        try LocalFile.write(zip, to: output ?? "/dev/stdout")
                    }
                    for note in notes { Output.note(note) }
                }
            }
        }
    }

    enum DownloadFormat: String, ArgumentWord {
        case workspace
        case integratorIO = "integrator.io"
    }

    struct Install: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "install",
            abstract: "Install an integration document or an integrator.io download as a new integration (flows disabled).",
            discussion: """
                The whole file is checked first and every problem reported at once (exit 3, nothing written). \
                Every resource gets a new id; references and aliases follow. A connection the file names is \
                reused when the workspace has that id, else created offline, unless --connection maps it. \
                An integrator.io download (the zip its Download button makes, or the folder it unpacks to) is \
                told apart by its content; what it names but cannot resolve is kept as it was and listed.
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "An integration document, an integrator.io .zip, or the folder it unpacks to (- reads standard input).")
        var file: String
        @Option(help: "The new integration's name (default: the document's).") var name: String?
        @Option(help: "Use the workspace's connection NEW for the file's connection OLD (OLD=NEW; repeatable).")
        var connection: [ConnectionMapping] = []
        @Flag(help: "Print what would be created, and write nothing.") var dryRun = false
        @Flag(help: "Link the new integration to the folder, to follow it with `workspace sync pull` (a folder only).")
        var link = false

        func validate() throws {
            if link && (file == "-" || !DownloadFolder.isDirectory(file)) { throw ValidationError("--link takes a folder") }
        }

        func run() throws {
            let options = InstallOptions(name: name, connections: ConnectionMapping.map(connection), dryRun: dryRun)
            let folder = file != "-" && DownloadFolder.isDirectory(file)
            let bytes = folder ? [] : try LocalFile.read(file, limit: Limits.installBytes, what: "an install")
            // Hidden entries (.git, a sync marker, .DS_Store) are not the integration's content.
            let download = folder && !link ? try DownloadFolder.read(file, skippingHidden: true) : nil
            try global.run { workspace, output in
                let plan =
                    link
                    ? try workspace.installLinked(folder: file, options: options)
                    : try download.map { try workspace.install(download: $0, options: options) } ?? workspace.install(bytes, options: options)
                output.emit(plan.json) { PlanText.describe(plan, verb: link ? "Installed and linked" : "Installed") }
            }
        }
    }

    struct Clone: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "clone",
            abstract: "Copy an integration with everything in it (flows disabled; APIs and tools too).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The integration's id or name.") var ref: String
        @Option(help: "The copy's name (default: Clone - <name>).") var name: String?
        @Flag(help: "Copy every connection (created offline) instead of reusing it.") var newConnections = false
        @Option(help: "Use connection NEW where the source uses OLD (OLD=NEW; repeatable).")
        var connection: [ConnectionMapping] = []
        @Flag(help: "Print what would be created, and write nothing.") var dryRun = false

        func validate() throws {
            if newConnections && !connection.isEmpty {
                throw ValidationError("--new-connections and --connection exclude each other")
            }
        }

        func run() throws {
            try global.run { workspace, output in
                let plan = try workspace.cloneIntegration(
                    ref,
                    options: InstallOptions(
                        name: name, connections: ConnectionMapping.map(connection), newConnections: newConnections,
                        dryRun: dryRun))
                output.emit(plan.json) { PlanText.describe(plan, verb: "Cloned into") }
            }
        }
    }
}

/// `--connection OLD=NEW`.
struct ConnectionMapping: ExpressibleByArgument {
    let old: String
    let new: String

    init?(argument: String) {
        guard let (old, new) = InstallOptions.connectionMapping(argument) else { return nil }
        self.old = old
        self.new = new
    }

    static func map(_ mappings: [ConnectionMapping]) -> [String: String] {
        Dictionary(mappings.map { ($0.old, $0.new) }, uniquingKeysWith: { _, last in last })
    }
}

/// How an install or clone plan reads for people.
enum PlanText {
    static func describe(_ plan: InstallPlan, verb: String) -> String {
        let integration = plan.integration
        var counts: [ResourceKind: Int] = [:]
        for created in plan.created where created.kind != .integration { counts[created.kind, default: 0] += 1 }
        let parts = ResourceKind.allCases.compactMap { kind in
            counts[kind].map { "\($0) \($0 == 1 ? kind.label : kind.label + "s")" }
        }
        var lines = [
            (plan.dryRun ? "Would create" : verb) + " integration \"\(integration.name)\" (\(plan.dryRun ? "new id" : integration.id))"
                + (parts.isEmpty ? "" : " with " + parts.joined(separator: ", ")),
            "\(plan.remapped) reference\(plan.remapped == 1 ? "" : "s") remapped to the new ids",
        ]
        if !plan.connections.isEmpty {
            lines.append(
                Output.table(
                    ["CONNECTION", "FROM", "USE", "ID"],
                    plan.connections.map { [Output.cell($0.name), $0.sourceID, $0.use.rawValue, $0.id] }))
        }
        if !plan.notes.isEmpty {
            lines.append("Kept as they were (not resolvable in the download):")
            lines += plan.notes.map { "  - \($0)" }
        }
        if plan.dryRun { lines.append("Nothing was written (--dry-run).") }
        return lines.joined(separator: "\n")
    }
}
