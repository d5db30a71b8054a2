import Foundation
import Testing

@testable import Workspace
@testable import WorkspaceStore

/// `integration download`, `install` and `clone` through the binary.
@Suite struct DocumentCLITests {
    static func workspace() throws -> CLI {
        let cli = try CLI.initialized()
        try cli.run("integration", "create", "Shop", "--description", "Orders")
        try cli.run("connection", "create", "ERP", "--type", "netsuite")
        try cli.run("flow", "create", "Orders", "--integration", "Shop")
        try cli.run("export", "create", "Get", "--flow", "Orders", "--connection", "ERP")
        try cli.run("import", "create", "Put", "--flow", "Orders", "--connection", "ERP")
        try cli.run("settings", "set", "Orders", "/batch", "100")
        try cli.run("api", "create", "Status", "--integration", "Shop")
        try cli.run("alias", "create", "orders", "--integration", "Shop", "--target", "flow:Orders")
        return cli
    }

    @Test func downloadInstallAndCloneRoundTrip() throws {
        let cli = try Self.workspace()
        let file = cli.folder.appendingPathComponent("shop.json").path
        #expect(try cli.run("integration", "download", "Shop", "-o", file).code == 0)
        let stdout = try cli.run("integration", "download", "Shop").stdout
        #expect(try String(contentsOfFile: file, encoding: .utf8) == stdout)
        #expect(stdout.hasPrefix("{\n  \"format\": \"workspace-integration\",\n  \"version\": 1,") && stdout.hasSuffix("}\n"))
        let installed = try cli.run("integration", "install", file, "--name", "Shop copy")
        #expect(installed.code == 0 && installed.stdout.hasPrefix("Installed integration \"Shop copy\""), "\(installed.stderr)")
        #expect(installed.stdout.contains("ERP") && installed.stdout.contains("reused"))
        let piped = try cli.run(["integration", "install", "-", "--name", "From stdin", "--json"], input: stdout)
        let pipedJSON = try piped.json()
        #expect(pipedJSON["name"] == "From stdin" && pipedJSON["revision"]?["type"] == "install")
        #expect(pipedJSON["plan"]?["dryRun"] == false)
        let copied = try #require(try cli.json("flow", "list", "--integration", "Shop copy").arrayValue?.first)
        #expect(copied["disabled"] == true)
        #expect(try cli.json("settings", "get", CLI.id(copied)) == ["batch": 100])
        let clone = try cli.json("integration", "clone", "Shop")
        // The created integration first-class: `jq -r ._id` is the clone's id.
        #expect(clone["name"] == "Clone - Shop" && clone["_sourceId"] != nil && clone["_id"]?.stringValue?.count == 24)
        #expect(clone["revision"]?["type"] == "clone" && clone["revision"]?["_integrationId"] == clone["_id"])
        #expect(try cli.run("integration", "show", "Clone - Shop").stdout.contains("Cloned from:  \"Shop\""))
        #expect(try cli.json("audit", "--source", "install").arrayValue?.isEmpty == false)
    }

    @Test func aDryRunPrintsThePlanAndWritesNothing() throws {
        let cli = try Self.workspace()
        let before = try cli.state()
        let plan = try cli.run("integration", "clone", "Shop", "--dry-run")
        #expect(plan.code == 0 && plan.stdout.hasPrefix("Would create integration \"Clone - Shop\""))
        #expect(plan.stdout.contains("Nothing was written"))
        let json = try cli.json("integration", "clone", "Shop", "--dry-run", "--new-connections")
        #expect(json["plan"]?["dryRun"] == true && json["plan"]?["connections"]?[0]["use"] == "created")
        #expect(json["name"] == "Clone - Shop" && json["revision"] == .null)
        let after = try cli.state()
        #expect(after.dump == before.dump)
    }

    @Test func refusalsWriteNothing() throws {
        let cli = try Self.workspace()
        let bad = cli.folder.appendingPathComponent("bad.json")
        try #"{"format": "workspace-integration", "version": 1, "integration": {"name": ""}, "flows": [{"_id": "f"}, {"_id": "f", "name": "x", "pageGenerators": [{"_exportId": "nope"}]}]}"#
            .write(to: bad, atomically: true, encoding: .utf8)
        let result = try cli.expectFailure(3, "problems, nothing was installed", "integration", "install", bad.path)
        for part in ["integration: the integration name is empty", "duplicate _id f", "_exportId nope is not in the file"] {
            #expect(result.stderr.contains(part), "\(part): \(result.stderr)")
        }
        let malformed = cli.folder.appendingPathComponent("malformed.json")
        try #"{"format": "#.write(to: malformed, atomically: true, encoding: .utf8)
        try cli.expectFailure(3, "malformed JSON at byte", "integration", "install", malformed.path)
        try cli.expectFailure(3, "too long for an install", "integration", "install", "/dev/zero")
        for (text, message) in [
            (#"{"format": "n8n-workflow", "version": 1}"#, "unknown format"),
            (#"{"format": "workspace-integration", "version": 7, "integration": {"name": "x"}}"#, "version 7 is newer"),
            (String(repeating: "[", count: 600) + String(repeating: "]", count: 600), "nested more than 512 levels"),
            (#"{"format": "workspace-integration", "version": 1, "integration": {"name": "x"}, "aliases": [{"alias": "0123456789abcdef01234567", "description": "", "_flowId": "f"}]}"#, "looks like a resource id"),
        ] {
            let file = cli.folder.appendingPathComponent("case.json")
            try text.write(to: file, atomically: true, encoding: .utf8)
            try cli.expectFailure(3, message, "integration", "install", file.path)
        }
        try cli.expectFailure(2, "cannot read", "integration", "install", "missing.json")
        try cli.expectFailure(1, "can't be cloned", "integration", "clone", "none")
        try cli.expectFailure(1, "can't be downloaded", "integration", "download", "none")
        try cli.expectFailure(2, "no integration", "integration", "clone", "Nope")
        let mapping = try cli.expectFailure(2, "--connection x=Nope", "integration", "clone", "Shop", "--connection", "x=Nope")
        #expect(mapping.stderr.contains("the file names no connection x") && mapping.stderr.contains("no connection has the id or name"))
        try cli.expectFailure(64, "exclude each other", "integration", "clone", "Shop", "--new-connections", "--connection", "a=b")
        try cli.expectFailure(64, "error: ", "integration", "install", "x.json", "--connection", "nonsense")
        try cli.run("user", "add", "moe", "--role", "monitor")
        let denied = try cli.run(["integration", "clone", "Shop"], as: "moe")
        #expect(denied.code == 4 && denied.stderr.contains("permission denied"))
    }

    @Test func scriptsAreListedAndShownExactly() throws {
        let cli = try CLI.initialized()
        let content = "function clean(o) {\r\n  return o; // é\n}\n  "
        let document = """
            {"format": "workspace-integration", "version": 1, "integration": {"_id": "i", "name": "Hooks"},
             "scripts": [{"_id": "s", "name": "Clean", "content": \(JSONValue.string(content).compactText)}]}
            """
        #expect(try cli.run(["integration", "install", "-"], input: document).code == 0)
        #expect(try cli.run("script", "list", "--integration", "Hooks").stdout.contains("Clean"))
        #expect(try cli.run("script", "show", "Clean").stdout == content)
        #expect(try cli.json("script", "show", "Clean")["content"] == .string(content))
        try cli.expectFailure(2, "no script has the id or name", "script", "show", "Nope")
        try cli.expectFailure(64, "error: ", "script", "list")
    }
}
