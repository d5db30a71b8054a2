import Foundation
import Testing
import Workspace

@Suite struct ConnectionCLITests {
    @Test func lifecycle() throws {
        let cli = try CLI.initialized()
        let integration = CLI.id(try cli.json("integration", "create", "A"))
        let created = try cli.json("connection", "create", "Shopify", "--type", "shopify", "--integration", "A")
        #expect(created["type"] == "shopify" && created["offline"] == false)
        let id = CLI.id(created)
        #expect(try cli.run("connection", "status", "Shopify").stdout == "online\n")
        #expect(try cli.json("connection", "disconnect", id)["offline"] == true)
        #expect(try cli.run("connection", "status", id).stdout == "offline\n")
        #expect(try cli.run("connection", "disconnect", id).stdout.contains("was already offline"))
        #expect(try cli.json("connection", "list", "--status", "offline").arrayValue?.count == 1)
        let shown = try cli.json("integration", "show", integration)
        #expect(shown["_registeredConnectionIds"] == .array([.string(id)]))
        #expect(shown["numOfflineConnections"] == 1 && shown["applications"] == ["shopify"])
        let home = try cli.run("home").stdout
        #expect(home.contains("APPLICATIONS") && home.contains("shopify"))
        try cli.run("connection", "create", "NetSuite", "--type", "netsuite")
        #expect(try cli.json("connection", "list").arrayValue?.count == 2)
        #expect(try cli.json("connection", "list", "--integration", "A").arrayValue?.count == 1)
        #expect(try cli.run("connection", "register", "NetSuite", "--integration", "A").code == 0)
        #expect(try cli.run("connection", "deregister", "NetSuite", "--integration", "A").code == 0)
        let table = try cli.run("connection", "list").stdout
        #expect(table.contains("offline") && table.contains("online"))
        #expect(try cli.json("connection", "list", "--status", "online").arrayValue?.count == 1)
        let byType = try cli.json("connection", "list", "--by", "type")
        #expect(byType == [["type": "netsuite", "online": 1, "offline": 0], ["type": "shopify", "online": 0, "offline": 1]])
        #expect(try cli.run("connection", "reconnect", "Shopify").stdout.contains("is now online"))
        #expect(try cli.json("connection", "show", "Shopify")["integrations"] == [["_id": .string(integration), "name": "A"]])
        #expect(try cli.run("connection", "delete", "NetSuite").code == 0)
        try cli.expectFailure(2, "no connection", "connection", "show", "NetSuite")
    }

    @Test func refusals() throws {
        let cli = try CLI.initialized()
        try cli.run("integration", "create", "A")
        try cli.run("flow", "create", "F", "--integration", "A")
        try cli.run("connection", "create", "ERP", "--type", "netsuite")
        let step = CLI.id(try cli.json("import", "create", "Put", "--flow", "F", "--connection", "ERP"))
        let deleted = try cli.expectFailure(1, "is used by import \"Put\"", "connection", "delete", "ERP")
        #expect(deleted.stderr.contains(step))
        try cli.expectFailure(1, "is used in integration \"A\"", "connection", "deregister", "ERP", "--integration", "A")
        try cli.expectFailure(2, "not registered", "connection", "deregister", "ERP", "--integration", "none")
        try cli.expectFailure(3, "not a connection type", "connection", "create", "X", "--type", "a b")
        try cli.expectFailure(64, "error: ", "connection", "create", "X")
        try cli.expectFailure(64, "unknown option '--offline'", "connection", "edit", "ERP", "--offline", "true")
        try cli.expectFailure(64, "'away' is invalid for '--status", "connection", "list", "--status", "away")
        try cli.expectFailure(2, "no connection", "connection", "reconnect", "nope")
    }
}

@Suite struct StepCLITests {
    @Test func stepsShowInTheFlowInIntegratorIOShape() throws {
        let cli = try CLI.initialized()
        try cli.run("integration", "create", "A")
        try cli.run("flow", "create", "F", "--integration", "A")
        try cli.run("connection", "create", "Shop", "--type", "shopify")
        try cli.run("connection", "create", "ERP", "--type", "netsuite")
        let get = CLI.id(try cli.json("export", "create", "Get", "--flow", "F", "--connection", "Shop"))
        let look = try cli.json("export", "create", "Look", "--flow", "F", "--connection", "ERP", "--lookup")
        #expect(look["isLookup"] == true)
        let put = CLI.id(try cli.json("import", "create", "Put", "--flow", "F", "--connection", "ERP"))
        let flow = try cli.json("flow", "show", "F")
        #expect(flow["pageGenerators"] == .array([["_exportId": .string(get)]]))
        #expect(
            flow["pageProcessors"]
                == .array([["type": "export", "_exportId": look["_id"] ?? .null], ["type": "import", "_importId": .string(put)]]))
        #expect(try cli.json("integration", "show", "A")["numConnections"] == 2)
        let steps = try cli.run("flow", "steps", "F").stdout.split(separator: "\n")
        #expect(steps.count == 4 && steps[1].hasPrefix("1  Get") && steps[3].hasPrefix("3  Put"))
        let moved = try cli.json("flow", "steps", "F", "--move", "Put", "--before", "Look")
        #expect(moved.arrayValue?.compactMap { $0["name"]?.stringValue } == ["Get", "Put", "Look"])
        let text = try cli.run("flow", "show", "F").stdout
        #expect(text.contains("page generator") && text.contains("page processor (lookup)"))
        #expect(try cli.json("export", "list", "--flow", "F").arrayValue?.count == 2)
        #expect(try cli.json("import", "show", "Put")["flows"] == .array([["_id": flow["_id"] ?? .null, "name": "F"]]))
        #expect(try cli.json("import", "edit", "Put", "--name", "Write")["name"] == "Write")
        try cli.expectFailure(1, "is used by flow \"F\"", "export", "delete", "Get", "Look")
        #expect(try cli.run("export", "delete", "Get", "Look", "--force").code == 0)
        #expect(try cli.json("flow", "show", "F")["pageGenerators"] == .array([]))
        #expect(try cli.json("export", "list", "--integration", "A") == .array([]))
    }

    @Test func refusals() throws {
        let cli = try CLI.initialized()
        try cli.run("flow", "create", "F")
        try cli.run("flow", "create", "G")
        try cli.run("connection", "create", "ERP", "--type", "netsuite")
        try cli.run("export", "create", "Get", "--flow", "F", "--connection", "ERP")
        try cli.run("import", "create", "Put", "--flow", "F", "--connection", "ERP")
        try cli.expectFailure(2, "no flow", "export", "create", "X", "--flow", "nope", "--connection", "ERP")
        try cli.expectFailure(2, "no connection", "import", "create", "X", "--flow", "F", "--connection", "nope")
        try cli.expectFailure(1, "ordered apart", "flow", "steps", "F", "--move", "Put", "--before", "Get")
        try cli.expectFailure(2, "no step", "flow", "steps", "F", "--move", "Nope", "--first")
        try cli.expectFailure(2, "in that flow", "export", "show", "Get", "--flow", "G")
        try cli.expectFailure(64, "error: ", "flow", "steps", "F", "--move", "Put")
        try cli.expectFailure(64, "error: ", "flow", "steps", "F", "--first")
        try cli.expectFailure(64, "unknown option '--lookup'", "import", "create", "X", "--flow", "F", "--connection", "ERP", "--lookup")
        try cli.expectFailure(64, "give one of --flow or --integration", "import", "create", "X")
        try cli.expectFailure(64, "give one of --flow or --integration", "import", "create", "X", "--flow", "F", "--integration", "none")
        try cli.expectFailure(64, "--lookup goes with --add", "flow", "steps", "F", "--lookup")
        try cli.expectFailure(64, "give only one of --add, --remove, --move", "flow", "steps", "F", "--add", "import:Put", "--remove", "Put")
        try cli.expectFailure(64, "leave out --status", "connection", "list", "--by", "type", "--status", "online")
        try cli.expectFailure(1, "already a step", "flow", "steps", "F", "--add", "import:Put")
        try cli.run("flow", "steps", "G", "--add", "export:Get")
        try cli.run("integration", "create", "Z")
        try cli.expectFailure(1, "export \"Get\" of flow \"F\"", "flow", "move", "F", "--to", "Z")
        try cli.expectFailure(1, "is used by flows \"F\"", "export", "delete", "Get")
        try cli.expectFailure(2, "no export or import", "flow", "steps", "F", "--add", "Nope")
        try cli.run("export", "create", "Other", "--integration", "none")
        try cli.expectFailure(1, "is not a lookup", "flow", "steps", "F", "--add", "export:Other", "--lookup")
    }
}

@Suite struct GroupCLITests {
    @Test func groupsOrderTheFlowsOfAnIntegration() throws {
        let cli = try CLI.initialized()
        try cli.run("integration", "create", "A")
        let one = CLI.id(try cli.json("group", "create", "One", "--integration", "A"))
        try cli.run("group", "create", "Two", "--integration", "A")
        try cli.run("flow", "create", "loose", "--integration", "A")
        try cli.run("flow", "create", "second", "--integration", "A", "--group", "Two")
        let first = try cli.json("flow", "create", "first", "--integration", "A", "--group", "One")
        #expect(first["_flowGroupingId"] == .string(one))
        let names = { try cli.json("flow", "list", "--integration", "A").arrayValue?.compactMap { $0["name"]?.stringValue } }
        #expect(try names() == ["first", "second", "loose"])
        let table = try cli.run("flow", "list", "--integration", "A").stdout
        #expect(table.contains("GROUP") && table.contains("One"))
        try cli.run("group", "reorder", "Two", "--first")
        #expect(try names() == ["second", "first", "loose"])
        #expect(try cli.json("integration", "show", "A")["flowGroupings"]?.arrayValue?.count == 2)
        #expect(try cli.json("group", "list", "--integration", "A").arrayValue?.first?["name"] == "Two")
        #expect(try cli.json("group", "rename", "Two", "Sales")["name"] == "Sales")
        try cli.run("flow", "move", "loose", "--to", "A", "--group", "Sales")
        #expect(try cli.json("flow", "list", "--group", "Sales").arrayValue?.count == 2)
        try cli.run("group", "delete", "Sales")
        #expect(try names() == ["first", "loose", "second"])
        #expect(try cli.json("flow", "show", "second")["_flowGroupingId"] == nil)
    }

    @Test func refusals() throws {
        let cli = try CLI.initialized()
        try cli.run("integration", "create", "A")
        try cli.run("group", "create", "G", "--integration", "A")
        try cli.expectFailure(1, "Standalone flows can't be given flow groups", "group", "create", "G", "--integration", "none")
        try cli.expectFailure(1, "already has a flow group named \"G\"", "group", "create", "G", "--integration", "A")
        try cli.expectFailure(1, "can't be called Unassigned", "group", "create", "Unassigned", "--integration", "A")
        try cli.expectFailure(1, "flow groups", "flow", "create", "x", "--group", "G")
        try cli.expectFailure(2, "no group", "group", "delete", "Nope")
        try cli.expectFailure(64, "error: ", "group", "reorder", "G")
        try cli.expectFailure(64, "error: ", "group", "reorder", "G", "--first", "--last")
    }
}

@Suite struct FlowCloneCLITests {
    @Test func cloneCopiesStepsUnderNewIds() throws {
        let cli = try CLI.initialized()
        try cli.run("integration", "create", "A")
        try cli.run("integration", "create", "B")
        try cli.run("flow", "create", "F", "--integration", "A")
        try cli.run("connection", "create", "ERP", "--type", "netsuite")
        let put = CLI.id(try cli.json("import", "create", "Put", "--flow", "F", "--connection", "ERP"))
        let copy = try cli.json("flow", "clone", "F", "--to", "B")
        #expect(copy["name"] == "Clone - F")
        let processors = copy["pageProcessors"]?.arrayValue ?? []
        #expect(processors.count == 1 && processors.first?["_importId"] != .string(put))
        #expect(try cli.json("integration", "show", "B")["numConnections"] == 1)
        #expect(try cli.json("flow", "clone", "F", "--name", "Copy")["_integrationId"] == (try cli.json("integration", "show", "A")["_id"]))
        try cli.expectFailure(2, "no flow", "flow", "clone", "Nope")
    }
}
