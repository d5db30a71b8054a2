import ArgumentParser
import Workspace

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a workspace file with its owner and the Standalone flows bucket.")

    @OptionGroup var global: GlobalOptions

    @Option(help: "The owner's user name (default: $USER).")
    var owner: String?

    func run() throws {
        let workspace = try Workspace.create(at: global.path, owner: owner ?? global.userName)
        global.output.emit(["path": .string(workspace.location), "owner": workspace.user.json]) {
            "Created workspace \(workspace.location) owned by \(workspace.user.name)"
        }
    }
}
