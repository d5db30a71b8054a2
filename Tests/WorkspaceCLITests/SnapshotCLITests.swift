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

/// A resource's JSON carries its settings, as integrator.io's documents do: `show` of an
/// integration, a flow, an export, an import and a connection.
@Suite struct SettingsInJSONCLITests {
    @Test func showCarriesSettings() throws {
        let cli = try CLI.initialized()
        try cli.run("integration", "create", "Shop")
        try cli.run("connection", "create", "Store", "--type", "http", "--integration", "Shop")
        try cli.run("flow", "create", "Orders", "--integration", "Shop")
        try cli.run("export", "create", "Get orders", "--flow", "Orders", "--connection", "Store")
        try cli.run("import", "create", "Put orders", "--flow", "Orders", "--connection", "Store")
        for ref in ["Shop", "flow:Orders", "export:Get orders", "import:Put orders", "connection:Store"] {
            #expect(try cli.run("settings", "set", ref, "/batch", "7").code == 0, "\(ref)")
        }
        for command in [["integration", "show", "Shop"], ["flow", "show", "Orders"], ["export", "show", "Get orders"],
                        ["import", "show", "Put orders"], ["connection", "show", "Store"]] {
            let json = try cli.run(command + ["--json"]).json()
            #expect(json["settings"] == ["batch": 7], "\(command)")
        }
    }
}
