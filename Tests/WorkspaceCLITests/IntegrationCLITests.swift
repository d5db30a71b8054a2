import Foundation
import Testing
import Workspace

@Suite struct IntegrationCLITests {
    @Test func createShowEditListDelete() throws {
        let cli = try CLI.initialized()
        let created = try cli.run("integration", "create", "Shopify to NetSuite", "--description", "Orders")
        #expect(created.code == 0)
        #expect(created.stdout.hasPrefix("Created integration \"Shopify to NetSuite\" ("))
        let readme = cli.folder.appendingPathComponent("README.md")
        try "# Orders\nSync every hour.".write(to: readme, atomically: true, encoding: .utf8)
        let edited = try cli.json(
            "integration", "edit", "Shopify to NetSuite", "--name", "Shopify → NetSuite", "--readme-file", readme.path)
        #expect(edited["name"] == "Shopify → NetSuite")
        #expect(edited["readme"] == "# Orders\nSync every hour.")
        let id = CLI.id(edited)
        try cli.run("flow", "create", "Orders", "--integration", id)
        try cli.run("api", "create", "Order API", "--integration", id)
        let shown = try cli.json("integration", "show", id)
        #expect(shown["numFlows"] == 1 && shown["numApis"] == 1 && shown["numTools"] == 0)
        #expect(shown["description"] == "Orders")
        let text = try cli.run("integration", "show", "Shopify → NetSuite")
        #expect(text.stdout.contains("Flows:") && text.stdout.contains("Sync every hour."))
        let table = try cli.run("integration", "list")
        let lines = table.stdout.split(separator: "\n")
        #expect(lines.first?.hasPrefix("NAME") == true)
        #expect(lines.count == 3)
        #expect(lines[2].contains("Shopify → NetSuite") && lines[2].contains(id))
        let deleted = try cli.run("integration", "delete", id, "--cascade")
        #expect(deleted.code == 0 && deleted.stdout.contains("Deleted integration"))
        #expect(try cli.json("flow", "list").arrayValue?.isEmpty == true)
    }

    @Test func ambiguousAndMissingNamesExit2ListingTheIds() throws {
        let cli = try CLI.initialized()
        let first = CLI.id(try cli.json("integration", "create", "Orders"))
        let second = CLI.id(try cli.json("integration", "create", "Orders"))
        let result = try cli.expectFailure(2, "\"Orders\" names 2 integrations", "integration", "show", "Orders")
        #expect(result.stderr.contains(first) && result.stderr.contains(second))
        try cli.expectFailure(2, "no integration has the id or name \"Nope\"", "integration", "show", "Nope")
        try cli.expectFailure(2, "no integration", "integration", "edit", "Nope", "--name", "x")
        try cli.expectFailure(2, "names 2 integrations", "integration", "delete", "Orders")
    }

    @Test func invalidInputExits3() throws {
        let cli = try CLI.initialized()
        try cli.expectFailure(3, "name is empty", "integration", "create", "  ")
        try cli.expectFailure(3, "limit is 256", "integration", "create", String(repeating: "x", count: 257))
        try cli.expectFailure(3, "control character", "integration", "create", "a\u{1}b")
        try cli.expectFailure(
            3, "description", "integration", "create", "A", "--description", String(repeating: "d", count: 10_001))
        let big = cli.folder.appendingPathComponent("big.md")
        try Data(repeating: 0x61, count: (1 << 20) + 1).write(to: big)
        try cli.expectFailure(3, "readme", "integration", "create", "A", "--readme-file", big.path)
        let binary = cli.folder.appendingPathComponent("bin.md")
        try Data([0xFF, 0xFE, 0x00]).write(to: binary)
        try cli.expectFailure(3, "not UTF-8", "integration", "create", "A", "--readme-file", binary.path)
        try cli.expectFailure(2, "cannot read", "integration", "create", "A", "--readme-file", "/no/such/file")
    }

    @Test func standaloneIsProtected() throws {
        let cli = try CLI.initialized()
        try cli.expectFailure(1, "Standalone flows can't be renamed", "integration", "edit", "none", "--name", "Mine")
        try cli.expectFailure(
            1, "Standalone flows can't be edited", "integration", "edit", "Standalone flows", "--description", "x")
        try cli.expectFailure(1, "Standalone flows can't be deleted", "integration", "delete", "none")
        try cli.expectFailure(1, "Standalone flows can't be deleted", "integration", "delete", "none", "--cascade")
    }

    @Test func deleteRefusesANonEmptyIntegrationUnlessDetachOrCascade() throws {
        let cli = try CLI.initialized()
        try cli.run("integration", "create", "A")
        let flow = CLI.id(try cli.json("flow", "create", "f", "--integration", "A"))
        try cli.run("tool", "create", "t", "--integration", "A")
        let refused = try cli.expectFailure(1, "is not empty: it holds 1 flow, 1 tool", "integration", "delete", "A")
        #expect(refused.stderr.contains("--detach"))
        #expect(try cli.run("integration", "delete", "A", "--detach").code == 0)
        let moved = try cli.json("flow", "show", flow)
        #expect(moved["_integrationId"] == nil)
        let standalone = try cli.json("integration", "show", "none")
        #expect(standalone["numFlows"] == 1 && standalone["numTools"] == 1)
    }

    @Test func homeIsIntegrationList() throws {
        let cli = try CLI.initialized()
        try cli.run("integration", "create", "A")
        #expect(try cli.run("home").stdout == cli.run("integration", "list").stdout)
        #expect(try cli.json("home") == cli.json("integration", "list"))
    }
}
