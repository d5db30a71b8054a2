import Testing

@testable import Workspace
@testable import WorkspaceStore

/// Integrations A and B, connections shop (shopify) and erp (netsuite, offline), flow F in A.
struct Plant {
    let scratch: Scratch
    var workspace: Workspace { scratch.workspace }

    init() throws {
        scratch = try Scratch()
        _ = try scratch.workspace.createIntegration(name: "A")
        _ = try scratch.workspace.createIntegration(name: "B")
        _ = try scratch.workspace.createConnection(name: "shop", type: "Shopify")
        _ = try scratch.workspace.createConnection(name: "erp", type: "netsuite", offline: true)
        _ = try scratch.workspace.createFlow(name: "F", integration: "A")
    }

    func registered(_ integration: String) throws -> [String] {
        let ids = try workspace.integrationSummary(integration).registeredConnectionIDs ?? []
        return try ids.map { try workspace.connection($0).name }
    }
}

@Suite struct ConnectionTests {
    @Test func createKeepsTheTypeLowerCasedAndRegistersWhenAsked() throws {
        let plant = try Plant()
        #expect(try plant.workspace.connection("shop").type == "shopify")
        let created = try plant.workspace.createConnection(name: "http", type: "http", integration: "B")
        #expect(try plant.registered("B") == ["http"])
        #expect(try plant.workspace.lastAudit(2).map(\.action.rawValue) == ["create", "register"])
        #expect(try plant.workspace.connections(integration: "B") == [created])
        #expect(try plant.workspace.connections().count == 3)
        try plant.scratch.expectRefusal(.invalid, containing: "not a connection type") {
            _ = try plant.workspace.createConnection(name: "x", type: "sales force")
        }
    }

    @Test func reconnectAndDisconnectChangeStatusAndAuditIt() throws {
        let plant = try Plant()
        let back = try plant.workspace.setConnectionOnline("erp", true)
        #expect(!back.offline)
        let row = try #require(try plant.workspace.lastAudit(1).first)
        #expect(row.action.rawValue == "reconnect" && row.fieldPath == "/offline" && row.oldValue == "true" && row.newValue == "false")
        let count = try plant.workspace.auditCount()
        _ = try plant.workspace.setConnectionOnline("erp", true)
        #expect(try plant.workspace.auditCount() == count)
        _ = try plant.workspace.setConnectionOnline("shop", false)
        #expect(try plant.workspace.lastAudit(1).first?.action.rawValue == "disconnect")
        #expect(try plant.workspace.connections(offline: true).map(\.name) == ["shop"])
        #expect(try plant.workspace.connections(offline: false).map(\.name) == ["erp"])
    }

    @Test func applicationsCountConnectionsPerStatus() throws {
        let plant = try Plant()
        _ = try plant.workspace.createConnection(name: "erp2", type: "netsuite")
        let applications = try plant.workspace.applications()
        #expect(applications.map(\.type) == ["netsuite", "shopify"])
        #expect(applications[0].online == 1 && applications[0].offline == 1)
        #expect(applications[1].online == 1 && applications[1].offline == 0)
    }

    @Test func usageListsRegistrationsAndTheStepsThatUseIt() throws {
        let plant = try Plant()
        let put = try plant.workspace.createStep(.import, name: "put", flow: "F", connection: "erp")
        let spare = try plant.workspace.createStep(.export, name: "spare", integration: "B", connection: "erp")
        let usage = try plant.workspace.connectionUsage("erp")
        #expect(usage.integrations.map(\.name) == ["A", "B"])
        #expect(usage.steps.map(\.step.id) == [spare.id, put.id])
        #expect(usage.steps.map { $0.flows.map(\.name) } == [[], ["F"]])
    }

    @Test func registerIsIdempotentAndDeregisterNeedsARegistration() throws {
        let plant = try Plant()
        _ = try plant.workspace.registerConnection("shop", integration: "A")
        let count = try plant.workspace.auditCount()
        _ = try plant.workspace.registerConnection("shop", integration: "A")
        #expect(try plant.workspace.auditCount() == count)
        try plant.scratch.expectRefusal(.notFound, containing: "not registered") {
            _ = try plant.workspace.deregisterConnection("shop", integration: "B")
        }
        _ = try plant.workspace.deregisterConnection("shop", integration: "A")
        #expect(try plant.registered("A").isEmpty)
    }

    @Test func aConnectionInUseCannotBeDeletedOrDeregistered() throws {
        let plant = try Plant()
        let step = try plant.workspace.createStep(.import, name: "put", flow: "F", connection: "erp")
        try plant.scratch.expectRefusal(.refused, containing: "used by import \"put\" (\(step.id))") {
            try plant.workspace.deleteConnection("erp")
        }
        try plant.scratch.expectRefusal(.refused, containing: "used in integration \"A\" by import \"put\"") {
            _ = try plant.workspace.deregisterConnection("erp", integration: "A")
        }
        _ = try plant.workspace.registerConnection("erp", integration: "B")
        _ = try plant.workspace.deregisterConnection("erp", integration: "B")
        try plant.workspace.deleteSteps(.import, ["put"], force: true)
        try plant.workspace.deleteConnection("erp")
        #expect(try plant.registered("A").isEmpty)
        #expect(try plant.workspace.lastAudit(2).map(\.action.rawValue) == ["deregister", "delete"])
    }
}

@Suite struct StepTests {
    @Test func stepsTakeTheirPlaceAsGeneratorsOrProcessors() throws {
        let plant = try Plant()
        let get = try plant.workspace.createStep(.export, name: "get", flow: "F", connection: "shop")
        let lookup = try plant.workspace.createStep(.export, name: "look", flow: "F", connection: "erp", lookup: true)
        let put = try plant.workspace.createStep(.import, name: "put", flow: "F", connection: "erp")
        let second = try plant.workspace.createStep(.export, name: "get2", flow: "F", connection: "shop")
        let view = try plant.workspace.flowView("F")
        #expect(view.pageGenerators.map(\.id) == [get.id, second.id])
        #expect(view.pageProcessors.map(\.id) == [lookup.id, put.id])
        #expect(view.json["pageGenerators"] == .array([["_exportId": .string(get.id)], ["_exportId": .string(second.id)]]))
        #expect(
            view.json["pageProcessors"]
                == .array([["type": "export", "_exportId": .string(lookup.id)], ["type": "import", "_importId": .string(put.id)]]))
        #expect(try plant.registered("A") == ["shop", "erp"])
        #expect(try plant.workspace.steps(.export, flow: "F").map(\.name) == ["get", "get2", "look"])
        #expect(try plant.workspace.steps(.import).map(\.name) == ["put"])
    }

    @Test func stepsOfStandaloneFlowsRegisterTheirConnectionsThere() throws {
        let plant = try Plant()
        _ = try plant.workspace.createFlow(name: "S")
        _ = try plant.workspace.createStep(.export, name: "get", flow: "S", connection: "shop")
        #expect(try plant.registered("none") == ["shop"])
    }

    @Test func badStepsAreRefused() throws {
        let plant = try Plant()
        try plant.scratch.expectRefusal(.invalid, containing: "only exports") {
            _ = try plant.workspace.createStep(.import, name: "x", flow: "F", connection: "erp", lookup: true)
        }
        try plant.scratch.expectRefusal(.notFound, containing: "no connection") {
            _ = try plant.workspace.createStep(.import, name: "x", flow: "F", connection: "nope")
        }
        try plant.scratch.expectRefusal(.notFound, containing: "no flow") {
            _ = try plant.workspace.createStep(.import, name: "x", flow: "nope", connection: "erp")
        }
        try plant.scratch.expectRefusal(.invalid, containing: "name") {
            _ = try plant.workspace.createStep(.export, name: " ", flow: "F", connection: "erp")
        }
    }

    @Test func reorderWorksWithinOneList() throws {
        let plant = try Plant()
        let a = try plant.workspace.createStep(.import, name: "a", flow: "F", connection: "erp")
        let b = try plant.workspace.createStep(.import, name: "b", flow: "F", connection: "erp")
        let c = try plant.workspace.createStep(.export, name: "c", flow: "F", connection: "erp", lookup: true)
        _ = try plant.workspace.createStep(.export, name: "g", flow: "F", connection: "shop")
        var view = try plant.workspace.moveFlowStep("F", step: "c", .first)
        #expect(view.pageProcessors.map(\.id) == [c.id, a.id, b.id])
        view = try plant.workspace.moveFlowStep("F", step: a.id, .after("b"))
        #expect(view.pageProcessors.map(\.id) == [c.id, b.id, a.id])
        let row = try #require(try plant.workspace.lastAudit(1).first)
        #expect(row.action.rawValue == "update" && row.fieldPath == "/pageProcessors" && row.resourceType.rawValue == "flow")
        try plant.scratch.expectRefusal(.refused, containing: "ordered apart") {
            _ = try plant.workspace.moveFlowStep("F", step: "a", .before("g"))
        }
        try plant.scratch.expectRefusal(.notFound) { _ = try plant.workspace.moveFlowStep("F", step: "zz", .last) }
        let count = try plant.workspace.auditCount()
        _ = try plant.workspace.moveFlowStep("F", step: "a", .last)
        #expect(try plant.workspace.auditCount() == count)
    }

    @Test func editCanSwitchTheConnection() throws {
        let plant = try Plant()
        _ = try plant.workspace.createFlow(name: "G", integration: "B")
        _ = try plant.workspace.createStep(.export, name: "get", flow: "G", connection: "shop")
        let edited = try plant.workspace.editStep(.export, "get", name: "fetch", connection: "erp")
        #expect(try edited.connectionID == plant.workspace.connection("erp").id)
        #expect(try plant.registered("B") == ["shop", "erp"])
        let fields = try plant.workspace.auditLog(limit: 3).compactMap(\.fieldPath)
        #expect(Set(fields) == ["/name", "/_connectionId"])
    }

    @Test func deletingAFlowDeletesItsSteps() throws {
        let plant = try Plant()
        _ = try plant.workspace.createStep(.export, name: "get", flow: "F", connection: "shop")
        _ = try plant.workspace.createStep(.import, name: "put", flow: "F", connection: "erp")
        try plant.workspace.deleteItems(.flow, ["F"])
        #expect(try plant.workspace.steps(.export).isEmpty && plant.workspace.steps(.import).isEmpty)
        #expect(try plant.workspace.lastAudit(3).map(\.resourceType.rawValue) == ["flow", "export", "import"])
    }
}
