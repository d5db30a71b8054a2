import Foundation
import Testing

@testable import Workspace
@testable import WorkspaceStore

/// `revision snapshot --if-changed` through the binary.
@Suite struct SnapshotCLITests {
    @Test func ifChangedRecordsOnlyAChange() throws {
        let cli = try CLI.initialized()
        try cli.run("integration", "create", "Shop")
        let first = try cli.json("revision", "snapshot", "Shop", "-m", "one", "--if-changed")
        #expect(first["recorded"] == true)
        let before = try cli.state()
        let again = try cli.run("revision", "snapshot", "Shop", "-m", "two", "--if-changed")
        #expect(again.code == 0 && again.stdout.contains("has not changed since revision"), "\(again.stderr)")
        #expect(try cli.state().dump == before.dump)
        try cli.run("integration", "edit", "Shop", "--description", "now different")
        let changed = try cli.json("revision", "snapshot", "Shop", "-m", "three", "--if-changed")
        #expect(changed["recorded"] == true && changed["_id"] != first["_id"])
    }
}
