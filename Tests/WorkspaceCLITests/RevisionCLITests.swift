import Foundation
import Testing

@testable import Workspace
@testable import WorkspaceStore

/// `workspace revision …` through the binary, each refusal proved to write nothing.
@Suite struct RevisionCLITests {
    static func workspace() throws -> CLI {
        let cli = try CLI.initialized()
        try cli.run("integration", "create", "Shop")
        try cli.run("integration", "create", "Other")
        try cli.run("flow", "create", "Orders", "--integration", "Shop")
        try cli.run("export", "create", "Get", "--flow", "Orders")
        try cli.run("import", "create", "Put", "--flow", "Orders")
        return cli
    }

    static func id(_ cli: CLI, _ arguments: String...) throws -> String {
        let result = try cli.run(arguments + ["--json"])
        #expect(result.code == 0, "\(arguments): \(result.stderr)")
        return CLI.id(try result.json())
    }

    @Test func snapshotListShowDiffRevert() throws {
        let cli = try Self.workspace()
        let snapshot = try cli.run("revision", "snapshot", "Shop", "-m", "Before the change")
        #expect(snapshot.code == 0 && snapshot.stdout.hasPrefix("Recorded snapshot "), "\(snapshot.stderr)")
        let revision = try #require(try cli.json("revision", "list", "Shop").arrayValue?.first)
        #expect(revision["type"] == "snapshot" && revision["description"] == "Before the change")
        let id = CLI.id(revision)
        try cli.run("flow", "edit", "Orders", "--description", "Hourly")
        let diff = try cli.run("revision", "diff", id, "--current")
        #expect(diff.stdout.contains("update flow \"Orders\"") && diff.stdout.contains("/description: \"\" → \"Hourly\""))
        let json = try cli.json("revision", "diff", id, "--current")
        #expect(json[0]["fields"]?[0]["path"] == "/description" && json[0]["fields"]?[0]["new"] == "Hourly")
        let shown = try cli.run("revision", "show", id).stdout
        #expect(shown.contains("Type:") && shown.contains("snapshot") && shown.contains("Before the change"))
        let before = try cli.state()
        let dry = try cli.run("revision", "revert", id, "--dry-run")
        #expect(dry.code == 0 && dry.stdout.contains("Nothing was written"))
        #expect(try cli.state().dump == before.dump)
        let reverted = try cli.run("revision", "revert", id)
        #expect(reverted.code == 0 && reverted.stdout.contains("Recorded revert"), "\(reverted.stderr)")
        #expect(try cli.json("flow", "show", "Orders")["description"] == "")
        try cli.expectFailure(1, "nothing to revert", "revision", "revert", id)
        #expect(try cli.json("audit", "--type", "revision").arrayValue?.count == 2)
    }

    @Test func errorPathsWriteNothing() throws {
        let cli = try Self.workspace()
        try cli.expectFailure(2, "no revision 6b0000000000000000000000", "revision", "show", "6b0000000000000000000000")
        try cli.expectFailure(2, "no revision", "revision", "revert", "6b0000000000000000000000")
        try cli.expectFailure(64, "-m", "revision", "snapshot", "Shop")
        try cli.expectFailure(1, "Standalone", "revision", "snapshot", "none", "-m", "x")
        let shop = try Self.id(cli, "revision", "snapshot", "Shop", "-m", "a")
        let other = try Self.id(cli, "revision", "snapshot", "Other", "-m", "b")
        try cli.expectFailure(1, "another integration", "revision", "diff", shop, other)
        try cli.expectFailure(1, "not an integration and its clone", "revision", "pull", "Shop", "--from", "Other")
        try cli.expectFailure(64, "exclude each other", "revision", "diff", shop, other, "--current")
    }

    @Test func pullAndItsConflicts() throws {
        let cli = try Self.workspace()
        try cli.run("integration", "clone", "Shop", "--name", "Copy")
        try cli.run("flow", "edit", "Orders", "--integration", "Shop", "--description", "A")
        let pulled = try cli.run("revision", "pull", "Copy", "--from", "Shop", "-m", "Take A")
        #expect(pulled.code == 0 && pulled.stdout.contains("Recorded pull"), "\(pulled.stderr)")
        try cli.expectFailure(1, "nothing to pull", "revision", "pull", "Copy", "--from", "Shop")
        try cli.run("flow", "edit", "Orders", "--integration", "Shop", "--description", "B")
        try cli.run("flow", "edit", "Orders", "--integration", "Copy", "--description", "C")
        let before = try cli.state()
        let conflict = try cli.run("revision", "pull", "Copy", "--from", "Shop")
        #expect(conflict.code == 1)
        #expect(conflict.stdout.contains("1 conflict:") && conflict.stdout.contains("base \"A\", ours \"C\", theirs \"B\""))
        #expect(conflict.stderr.hasPrefix("error: 1 conflict: nothing was pulled"))
        let json = try cli.run(["revision", "pull", "Copy", "--from", "Shop", "--json"])
        let report = try json.json()
        #expect(json.code == 1 && report["plan"]?["conflicts"]?[0]["theirs"] == "B")
        #expect(report["name"] == "Copy" && report["revision"] == .null && report["plan"]?["applied"] == false)
        let after = try cli.state()
        #expect(after.dump == before.dump && after.bytes == before.bytes)
        #expect(try cli.run("revision", "pull", "Copy", "--from", "Shop", "--take", "theirs").code == 0)
        #expect(try cli.json("flow", "show", "Orders", "--integration", "Copy")["description"] == "B")
    }

    @Test func deleteDeletedRestore() throws {
        let cli = try Self.workspace()
        try cli.run("integration", "delete", "Shop", "--cascade")
        let deleted = try #require(try cli.json("revision", "deleted").arrayValue?.first)
        #expect(deleted["type"] == "delete" && deleted["integrationName"] == "Shop")
        try cli.run("integration", "create", "Shop")
        try cli.expectFailure(1, "already named \"Shop\"", "revision", "restore", CLI.id(deleted))
        let restored = try cli.run("revision", "restore", CLI.id(deleted), "--name", "Shop again", "--json")
        #expect(restored.code == 0, "\(restored.stderr)")
        // The restored integration first-class (`jq -r ._id`), its restore revision beside it.
        let json = try restored.json()
        #expect(json["name"] == "Shop again" && json["revision"]?["type"] == "restore")
        #expect(json["revision"]?["_integrationId"] == json["_id"] && json["plan"]?["created"]?.arrayValue?.isEmpty == false)
        #expect(try cli.json("flow", "list", "--integration", "Shop again").arrayValue?.count == 1)
        #expect(try cli.json("revision", "deleted").arrayValue?.isEmpty == true)
        try cli.expectFailure(1, "already restored", "revision", "restore", CLI.id(deleted))
    }
}
