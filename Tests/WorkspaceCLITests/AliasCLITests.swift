import Foundation
import Testing
import Workspace

@Suite struct AliasCLITests {
    static func plant() throws -> CLI {
        let cli = try CLI.initialized()
        try cli.run("integration", "create", "A")
        try cli.run("integration", "create", "B")
        try cli.run("flow", "create", "F", "--integration", "A")
        try cli.run("flow", "create", "G", "--integration", "A")
        try cli.run("connection", "create", "C", "--type", "http")
        try cli.run("import", "create", "I", "--flow", "F", "--connection", "C")
        try cli.run("api", "create", "P", "--integration", "A")
        return cli
    }

    @Test func createListResolveDelete() throws {
        let cli = try Self.plant()
        let created = try cli.json("alias", "create", "Orders", "--integration", "A", "--target", "F", "--description", "main")
        #expect(created["alias"] == "orders" && created["description"] == "main" && created["_flowId"] != nil)
        let own = try cli.json("alias", "create", "orders", "--integration", "A", "--flow", "G", "--target", "import:I")
        #expect(own["_importId"] != nil)
        try cli.run("alias", "create", "conn", "--integration", "A", "--target", "connection:C")
        #expect(try cli.json("alias", "resolve", "orders", "--integration", "A", "--flow", "G")["_importId"] == own["_importId"])
        #expect(try cli.json("alias", "resolve", "ORDERS", "--integration", "A")["_flowId"] == created["_flowId"])
        let inherited = try cli.json("alias", "list", "--integration", "A", "--flow", "G", "--inherited").arrayValue ?? []
        #expect(inherited.count == 2 && inherited.last?["inherited"] == true)
        let table = try cli.run("alias", "list", "--integration", "A").stdout
        #expect(table.hasPrefix("ALIAS") && table.contains("orders") && table.contains("conn"))
        #expect(try cli.json("integration", "show", "A")["aliases"]?.arrayValue?.count == 2)
        #expect(try cli.json("flow", "show", "G")["aliases"]?.arrayValue?.count == 1)
        #expect(try cli.run("alias", "delete", "orders", "--integration", "A", "--flow", "G").code == 0)
        #expect(try cli.json("flow", "show", "G")["aliases"] == .array([]))
    }

    @Test func refusals() throws {
        let cli = try Self.plant()
        try cli.run("alias", "create", "f", "--integration", "A", "--target", "F")
        try cli.run("alias", "create", "i", "--integration", "A", "--flow", "G", "--target", "I")
        try cli.run("alias", "create", "own", "--integration", "A", "--flow", "F", "--target", "G")
        try cli.run("alias", "create", "c", "--integration", "A", "--target", "C")
        try cli.expectFailure(3, "not a valid alias", "alias", "create", "bad alias", "--integration", "A", "--target", "F")
        try cli.expectFailure(3, "looks like a resource id", "alias", "create", "0123456789abcdef01234567", "--integration", "A", "--target", "F")
        try cli.expectFailure(1, "already exists", "alias", "create", "F", "--integration", "A", "--target", "G")
        try cli.expectFailure(1, "never an API", "alias", "create", "p", "--integration", "A", "--target", "P")
        try cli.expectFailure(1, "out of this alias's scope", "alias", "create", "x", "--integration", "B", "--target", "F")
        try cli.expectFailure(1, "out of this alias's scope", "alias", "create", "x", "--integration", "A", "--flow", "F", "--target", "F")
        try cli.expectFailure(1, "can't be given aliases", "alias", "create", "x", "--integration", "none", "--target", "F")
        try cli.expectFailure(2, "no alias", "alias", "resolve", "nope", "--integration", "A")
        try cli.expectFailure(2, "no alias", "alias", "delete", "nope", "--integration", "A")
        try cli.expectFailure(1, "f (integration", "flow", "delete", "F")
        try cli.expectFailure(1, "used by flow \"F\"", "import", "delete", "I")
        #expect(try cli.run("flow", "steps", "F", "--remove", "I").code == 0)
        try cli.expectFailure(1, "i (flow", "import", "delete", "I")
        try cli.expectFailure(1, "own (flow", "flow", "move", "F", "--to", "none")
        try cli.expectFailure(1, "is used in integration \"A\"", "connection", "deregister", "C", "--integration", "A", "--force")
        #expect(try cli.run("import", "delete", "I", "--force").code == 0)
        try cli.expectFailure(1, "c (integration", "connection", "deregister", "C", "--integration", "A")
        #expect(try cli.run("connection", "deregister", "C", "--integration", "A", "--force").code == 0)
        #expect(try cli.run("flow", "move", "F", "--to", "B", "--force").code == 0)
        #expect(try cli.json("alias", "list", "--integration", "A").arrayValue?.isEmpty == true)
        let removed = try cli.json("audit", "--limit", "3").arrayValue ?? []
        #expect(removed.contains { $0["resourceType"] == "alias" && $0["action"] == "delete" })
    }
}
