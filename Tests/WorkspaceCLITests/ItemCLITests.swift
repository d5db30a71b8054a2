import Foundation
import Testing
import Workspace

@Suite struct ItemCLITests {
    @Test(arguments: ["flow", "api", "tool"])
    func lifecycle(kind: String) throws {
        let cli = try CLI.initialized()
        let integration = CLI.id(try cli.json("integration", "create", "A"))
        let created = try cli.json(kind, "create", "first", "--description", "d")
        #expect(created["_integrationId"] == nil)
        let id = CLI.id(created)
        let shown = try cli.json(kind, "show", "first")
        #expect(shown["_id"] == created["_id"] && shown["name"] == created["name"])
        let listed = try cli.run(kind, "list")
        #expect(listed.stdout.contains(id) && listed.stdout.contains("Standalone flows"))
        let moved = try cli.json(kind, "move", id, "--to", "A")
        #expect(moved.arrayValue?.first?["_integrationId"] == .string(integration))
        #expect(try cli.json(kind, "list", "--integration", "A").arrayValue?.count == 1)
        #expect(try cli.json(kind, "list", "--integration", "none").arrayValue?.isEmpty == true)
        let edited = try cli.json(kind, "edit", "first", "--integration", "A", "--name", "second")
        #expect(edited["name"] == "second")
        let back = try cli.run(kind, "move", "second", "--to", "none")
        #expect(back.code == 0 && back.stdout.contains("Moved 1"))
        let deleted = try cli.run(kind, "delete", "second")
        #expect(deleted.code == 0 && deleted.stdout.contains("Deleted"))
        try cli.expectFailure(2, "no \(kind) has the id or name", kind, "show", id)
    }

    @Test func flowsAreEnabledUnlessDisabled() throws {
        let cli = try CLI.initialized()
        #expect(try cli.json("flow", "create", "f", "--disabled")["disabled"] == true)
        #expect(try cli.json("flow", "edit", "f", "--enable")["disabled"] == false)
        #expect(try cli.run("flow", "list").stdout.contains("enabled"))
        #expect(try cli.json("flow", "edit", "f", "--disable")["disabled"] == true)
        #expect(try cli.run("flow", "edit", "f", "--disable").stdout.hasPrefix("Nothing changed"))
        try cli.expectFailure(64, "unknown option '--disabled'", "flow", "edit", "f", "--disabled", "maybe")
        try cli.expectFailure(64, "error: ", "flow", "edit", "f", "--enable", "--disable")
    }

    @Test func apisAndToolsKeepTheirFields() throws {
        let cli = try CLI.initialized()
        let api = try cli.json("api", "create", "Orders", "--method", "post", "--path", "/orders")
        #expect(api["method"] == "POST" && api["path"] == "/orders")
        let schemaFile = cli.folder.appendingPathComponent("schema.json")
        try #"{"type":"object","properties":{"id":{"type":"integer"}}}"#.write(
            to: schemaFile, atomically: true, encoding: .utf8)
        let tool = try cli.json("tool", "create", "Lookup", "--input-schema-file", schemaFile.path)
        #expect(tool["inputSchema"]?["properties"]?["id"]?["type"] == "integer")
        let edited = try cli.json("tool", "edit", "Lookup", "--input-schema", #"{"type":"object"}"#)
        #expect(edited["inputSchema"] == ["type": "object"])
    }

    @Test func badFieldsExit3AndWriteNothing() throws {
        let cli = try CLI.initialized()
        try cli.run("api", "create", "Orders")
        try cli.run("tool", "create", "Lookup")
        try cli.expectFailure(3, "not an HTTP method", "api", "create", "X", "--method", "FETCH")
        try cli.expectFailure(3, "must start with /", "api", "edit", "Orders", "--path", "orders")
        try cli.expectFailure(3, "malformed JSON", "tool", "create", "X", "--input-schema", "{\"type\":")
        try cli.expectFailure(3, "must be a JSON object", "tool", "edit", "Lookup", "--input-schema", "[]")
        try cli.expectFailure(3, "name is empty", "flow", "create", "")
    }

    @Test func moveAndDeleteAreAllOrNone() throws {
        let cli = try CLI.initialized()
        try cli.run("integration", "create", "A")
        try cli.run("flow", "create", "f1")
        try cli.run("flow", "create", "f2")
        try cli.expectFailure(2, "\"missing\"", "flow", "move", "f1", "f2", "missing", "--to", "A")
        try cli.expectFailure(2, "no integration", "flow", "move", "f1", "--to", "Nowhere")
        try cli.expectFailure(2, "\"missing\"", "flow", "delete", "f1", "missing")
        let moved = try cli.json("flow", "move", "f1", "f2", "--to", "A")
        #expect(moved.arrayValue?.count == 2)
        try cli.expectFailure(2, "in that integration", "flow", "show", "f1", "--integration", "none")
    }

    @Test func ambiguousFlowNamesExit2WithTheIds() throws {
        let cli = try CLI.initialized()
        try cli.run("integration", "create", "A")
        let inA = CLI.id(try cli.json("flow", "create", "Orders", "--integration", "A"))
        let alone = CLI.id(try cli.json("flow", "create", "Orders"))
        let result = try cli.expectFailure(2, "\"Orders\" names 2 flows", "flow", "delete", "Orders")
        #expect(result.stderr.contains(inA) && result.stderr.contains(alone))
        #expect(try cli.json("flow", "show", "Orders", "--integration", "A")["_id"] == .string(inA))
    }
}

@Suite struct AuditCLITests {
    @Test func bareAuditListsTheNewest50() throws {
        let cli = try CLI.initialized()
        for index in 0..<60 { try cli.run("flow", "create", "flow \(index)") }
        let entries = try cli.json("audit").arrayValue ?? []
        #expect(entries.count == 50)
        #expect(entries.first?["resourceName"] == "flow 59")
        #expect(entries.first?["action"] == "create" && entries.first?["user"] == "olivia")
        #expect(entries.first?["source"] == "cli" && entries.first?["resourceType"] == "flow")
        #expect(try cli.json("audit", "--limit", "5").arrayValue?.count == 5)
        let table = try cli.run("audit", "--limit", "2").stdout.split(separator: "\n")
        #expect(table.count == 3 && table[0].hasPrefix("TIME"))
        try cli.expectFailure(3, "--limit", "audit", "--limit", "0")
    }

    @Test func updatesRecordEachChangedField() throws {
        let cli = try CLI.initialized()
        try cli.run("api", "create", "Orders", "--path", "/a")
        try cli.run("api", "edit", "Orders", "--name", "Orders v2", "--path", "/b", "--method", "GET")
        let entries = try cli.json("audit", "--limit", "2").arrayValue ?? []
        let changes = entries.compactMap { $0["fieldChange"] }
        #expect(changes.count == 2)
        #expect(changes.contains(["fieldPath": "/name", "oldValue": "Orders", "newValue": "Orders v2"]))
        #expect(changes.contains(["fieldPath": "/path", "oldValue": "/a", "newValue": "/b"]))
    }

    @Test func aRefusedCommandAddsNoAuditRow() throws {
        let cli = try CLI.initialized()
        let before = try cli.json("audit").arrayValue?.count
        try cli.expectFailure(1, "can't be deleted", "integration", "delete", "none")
        #expect(try cli.json("audit").arrayValue?.count == before)
    }
}
