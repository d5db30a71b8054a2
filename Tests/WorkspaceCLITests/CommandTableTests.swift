import ArgumentParser
import Testing

@testable import WorkspaceCLI

/// The top-level commands are named twice: in `WorkspaceCommand.commands`, which finds a
/// command line's command without evaluating every group (start-up), and in each command's
/// own configuration, which help and the parser use. The two must agree.
@Suite struct CommandTableTests {
    @Test func theTableNamesEachCommandAsItsConfigurationDoes() {
        for (name, type) in WorkspaceCommand.commands {
            #expect(type._commandName == name, "\(type) is \(type._commandName), not \(name)")
        }
        #expect(WorkspaceCommand.configuration.subcommands.count == WorkspaceCommand.commands.count)
    }
}
