import Foundation
import Testing

@testable import Workspace
@testable import WorkspaceStore

/// SIGKILL at random moments during a large write (a clone of a 200-flow integration): the
/// file stays sound, the audit chain verifies, the clone is all there or not there at all, and
/// the next command works. (The reliability campaign's crash check, in miniature.)
@Suite struct CrashCLITests {
    @Test(.sqliteOnly) func aKilledCloneIsAllOrNothing() throws {
        let cli = try CLI.initialized()
        let setup = try Workspace.open(at: cli.path, as: "olivia")
        try setup.batch {
            _ = try setup.createIntegration(name: "Big")
            for index in 0..<200 {
                let flow = try setup.createFlow(name: "Flow \(index)", integration: "Big")
                _ = try setup.createStep(.export, name: "Get \(index)", flow: flow.id)
            }
        }
        // A clone that finishes: how many audit rows a whole one writes.
        #expect(try cli.run("integration", "clone", "Big", "--name", "Whole").code == 0)
        let whole = try setup.integration("Whole")
        let rowsOfAClone = try setup.database.scalar("SELECT count(*) FROM audit WHERE integration_id = ?", [.text(whole.id)])
        var generator = SystemRandomNumberGenerator()
        var killed = 0
        for attempt in 0..<8 {
            let process = Process()
            process.executableURL = CLI.binary
            process.arguments = ["integration", "clone", "Big", "--name", "Clone \(attempt)"]
            process.environment = ["WORKSPACE_DB": cli.path, "WORKSPACE_USER": "olivia"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            usleep(UInt32.random(in: 2_000...120_000, using: &generator))
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                killed += 1
            }
            process.waitUntilExit()
            let check = try Workspace.open(at: cli.path, as: "olivia")
            #expect(try check.database.scalar("SELECT count(*) FROM pragma_integrity_check WHERE integrity_check <> 'ok'") == 0)
            #expect(try check.verifyAudit().problem == nil)
            if let clone = try? check.integration("Clone \(attempt)") {
                #expect(try check.items(.flow, integration: clone.id).count == 200)
                #expect(
                    try check.database.scalar("SELECT count(*) FROM audit WHERE integration_id = ?", [.text(clone.id)])
                        == rowsOfAClone)
            }
            #expect(try cli.run("home").code == 0, "the next command works")
        }
        #expect(killed > 0, "no clone was killed: they all finished within the delays")
    }
}
