import Testing

@testable import Workspace
@testable import WorkspaceStore

@Suite struct ItemTests {
    @Test func itemsWithoutAHomeLandInStandalone() throws {
        let scratch = try Scratch()
        let flow = try scratch.workspace.createFlow(name: "f")
        let api = try scratch.workspace.createAPI(name: "a")
        let tool = try scratch.workspace.createTool(name: "t")
        #expect([flow, api, tool].allSatisfy { $0.integrationID == "none" })
        #expect(flow.json["_integrationId"] == nil)
        #expect(try scratch.workspace.lastAudit(3).map(\.resourceType.rawValue) == ["flow", "api", "tool"])
    }

    @Test func createInAnIntegrationByName() throws {
        let scratch = try Scratch()
        let integration = try scratch.workspace.createIntegration(name: "A")
        let flow = try scratch.workspace.createFlow(name: "f", integration: "A", description: "d", disabled: true)
        #expect(flow.integrationID == integration.id)
        #expect(flow.json["_integrationId"] == .string(integration.id))
        #expect(flow.json["disabled"] == .bool(true))
        #expect(try scratch.workspace.items(.flow, integration: "A") == [flow])
        #expect(try scratch.workspace.items(.flow, integration: "none").isEmpty)
    }

    @Test func createInAMissingIntegrationWritesNothing() throws {
        let scratch = try Scratch()
        try scratch.expectRefusal(.notFound) { _ = try scratch.workspace.createFlow(name: "f", integration: "nope") }
    }

    @Test func apisCarryAMethodAndAPath() throws {
        let scratch = try Scratch()
        let api = try scratch.workspace.createAPI(name: "a", method: "post", path: "/orders/{id}")
        #expect(api.details == .api(method: "POST", path: "/orders/{id}"))
        try scratch.expectRefusal(.invalid, containing: "HTTP method") {
            _ = try scratch.workspace.createAPI(name: "b", method: "FETCH")
        }
        try scratch.expectRefusal(.invalid, containing: "path") {
            _ = try scratch.workspace.createAPI(name: "b", path: "orders")
        }
    }

    @Test func toolsCarryAnInputSchemaObject() throws {
        let scratch = try Scratch()
        let tool = try scratch.workspace.createTool(name: "t", inputSchema: #"{"type":"object","required":["id"]}"#)
        #expect(tool.json["inputSchema"]?["required"] == .array(["id"]))
        #expect(try scratch.workspace.item(.tool, "t") == tool)
        try scratch.expectRefusal(.invalid, containing: "malformed JSON") {
            _ = try scratch.workspace.createTool(name: "u", inputSchema: "{")
        }
        try scratch.expectRefusal(.invalid, containing: "JSON object") {
            _ = try scratch.workspace.createTool(name: "u", inputSchema: "[1]")
        }
    }

    @Test func namesNarrowToAnIntegration() throws {
        let scratch = try Scratch()
        _ = try scratch.workspace.createIntegration(name: "A")
        let inA = try scratch.workspace.createFlow(name: "Orders", integration: "A")
        let standalone = try scratch.workspace.createFlow(name: "Orders")
        try scratch.expectRefusal(.notFound, containing: "2 flows") { _ = try scratch.workspace.item(.flow, "Orders") }
        #expect(try scratch.workspace.item(.flow, "Orders", integration: "A") == inA)
        #expect(try scratch.workspace.item(.flow, "Orders", integration: "none") == standalone)
        try scratch.expectRefusal(.notFound) { _ = try scratch.workspace.item(.flow, standalone.id, integration: "A") }
    }

    @Test func editWritesOneAuditRowPerChangedField() throws {
        let scratch = try Scratch()
        let api = try scratch.workspace.createAPI(name: "a", method: "GET", path: "/x")
        let edited = try scratch.workspace.editItem(.api, "a", ItemEdit(name: "b", method: "GET", path: "/y"))
        #expect(edited.details == .api(method: "GET", path: "/y"))
        #expect(edited.createdAt == api.createdAt)
        let rows = try scratch.workspace.lastAudit(2)
        #expect(rows.map(\.fieldPath) == ["/name", "/path"])
        #expect(rows.map(\.newValue) == ["\"b\"", "\"/y\""])
        let count = try scratch.workspace.auditCount()
        _ = try scratch.workspace.editItem(.api, "b", ItemEdit(method: "get"))
        #expect(try scratch.workspace.auditCount() == count)
    }

    @Test func editOfAFlowStatusIsAudited() throws {
        let scratch = try Scratch()
        _ = try scratch.workspace.createFlow(name: "f")
        _ = try scratch.workspace.editItem(.flow, "f", ItemEdit(disabled: true))
        let row = try #require(try scratch.workspace.lastAudit(1).first)
        #expect(row.fieldPath == "/disabled" && row.oldValue == "false" && row.newValue == "true")
    }

    @Test func editRefusesBadValuesAndWritesNothing() throws {
        let scratch = try Scratch()
        _ = try scratch.workspace.createTool(name: "t")
        try scratch.expectRefusal(.invalid) { _ = try scratch.workspace.editItem(.tool, "t", ItemEdit(name: "")) }
        try scratch.expectRefusal(.invalid) {
            _ = try scratch.workspace.editItem(.tool, "t", ItemEdit(name: "ok", inputSchema: "nope"))
        }
    }

    @Test func moveIsAllOrNone() throws {
        let scratch = try Scratch()
        let target = try scratch.workspace.createIntegration(name: "A")
        _ = try scratch.workspace.createFlow(name: "f1")
        _ = try scratch.workspace.createFlow(name: "f2")
        try scratch.expectRefusal(.notFound) {
            _ = try scratch.workspace.moveItems(.flow, ["f1", "f2", "missing"], to: "A")
        }
        try scratch.expectRefusal(.notFound) { _ = try scratch.workspace.moveItems(.flow, ["f1"], to: "nowhere") }
        let moved = try scratch.workspace.moveItems(.flow, ["f1", "f2", "f1"], to: "A")
        #expect(moved.count == 2 && moved.allSatisfy { $0.integrationID == target.id })
        let rows = try scratch.workspace.lastAudit(2)
        #expect(rows.allSatisfy { $0.action.rawValue == "move" && $0.fieldPath == "/_integrationId" })
        #expect(rows.map(\.oldValue) == ["\"none\"", "\"none\""])
    }

    @Test func moveBackToStandaloneAndNoOpMovesWriteNothing() throws {
        let scratch = try Scratch()
        _ = try scratch.workspace.createIntegration(name: "A")
        _ = try scratch.workspace.createTool(name: "t", integration: "A")
        let count = try scratch.workspace.auditCount()
        _ = try scratch.workspace.moveItems(.tool, ["t"], to: "A")
        #expect(try scratch.workspace.auditCount() == count)
        let moved = try scratch.workspace.moveItems(.tool, ["t"], to: "none")
        #expect(moved.first?.integrationID == "none")
    }

    @Test func deleteIsAllOrNoneAndAudited() throws {
        let scratch = try Scratch()
        let f1 = try scratch.workspace.createFlow(name: "f1")
        _ = try scratch.workspace.createFlow(name: "f2")
        try scratch.expectRefusal(.notFound) { try scratch.workspace.deleteItems(.flow, ["f1", "nope"]) }
        let deleted = try scratch.workspace.deleteItems(.flow, ["f1", f1.id, "f2"])
        #expect(deleted.map(\.name) == ["f1", "f2"])
        #expect(try scratch.workspace.items(.flow).isEmpty)
        #expect(try scratch.workspace.lastAudit(2).map(\.action.rawValue) == ["delete", "delete"])
    }

    @Test func aKindOnlyFindsItsOwnItems() throws {
        let scratch = try Scratch()
        let flow = try scratch.workspace.createFlow(name: "same")
        try scratch.expectRefusal(.notFound) { _ = try scratch.workspace.item(.api, flow.id) }
        try scratch.expectRefusal(.notFound) { _ = try scratch.workspace.item(.tool, "same") }
    }
}
