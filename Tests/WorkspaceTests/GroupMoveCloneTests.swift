import Testing

@testable import Workspace
@testable import WorkspaceStore

@Suite struct FlowGroupTests {
    @Test func namesAreUniquePerIntegrationAndNeverUnassigned() throws {
        let plant = try Plant()
        _ = try plant.workspace.createGroup(name: "Orders", integration: "A")
        _ = try plant.workspace.createGroup(name: "Orders", integration: "B")
        try plant.scratch.expectRefusal(.refused, containing: "already has a flow group") {
            _ = try plant.workspace.createGroup(name: "Orders", integration: "A")
        }
        try plant.scratch.expectRefusal(.refused, containing: "Unassigned") {
            _ = try plant.workspace.createGroup(name: "unassigned", integration: "A")
        }
        try plant.scratch.expectRefusal(.refused, containing: "given flow groups") {
            _ = try plant.workspace.createGroup(name: "G", integration: "none")
        }
        try plant.scratch.expectRefusal(.notFound, containing: "names 2 groups") {
            _ = try plant.workspace.renameGroup("Orders", to: "X")
        }
        _ = try plant.workspace.createGroup(name: "Customers", integration: "A")
        try plant.scratch.expectRefusal(.refused, containing: "already has") {
            _ = try plant.workspace.renameGroup("Customers", to: "Orders", integration: "A")
        }
        #expect(try plant.workspace.renameGroup("Orders", to: "Sales", integration: "A").name == "Sales")
    }

    @Test func flowsListByGroupInDisplayOrderUnassignedLast() throws {
        let plant = try Plant()
        _ = try plant.workspace.createGroup(name: "One", integration: "A")
        _ = try plant.workspace.createGroup(name: "Two", integration: "A")
        _ = try plant.workspace.createFlow(name: "in two", integration: "A", group: "Two")
        _ = try plant.workspace.createFlow(name: "in one", integration: "A", group: "One")
        #expect(try plant.workspace.items(.flow, integration: "A").map(\.name) == ["in one", "in two", "F"])
        let groups = try plant.workspace.reorderGroup("Two", .before("One"), integration: "A")
        #expect(groups.map(\.name) == ["Two", "One"])
        #expect(try plant.workspace.items(.flow, integration: "A").map(\.name) == ["in two", "in one", "F"])
        #expect(try plant.workspace.flows(inGroup: "One").map(\.name) == ["in one"])
        let summary = try plant.workspace.integrationSummary("A")
        #expect(summary.json["flowGroupings"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["Two", "One"])
        #expect(summary.counts.groups == 2)
    }

    @Test func deletingAGroupUnassignsItsFlows() throws {
        let plant = try Plant()
        _ = try plant.workspace.createGroup(name: "G", integration: "A")
        let flow = try plant.workspace.createFlow(name: "g", integration: "A", group: "G")
        #expect(flow.groupID != nil)
        try plant.workspace.deleteGroup("G")
        #expect(try plant.workspace.item(.flow, "g").groupID == nil)
        let rows = try plant.workspace.lastAudit(2)
        #expect(rows.map(\.action.rawValue) == ["update", "delete"])
        #expect(rows[0].fieldPath == "/_flowGroupingId" && rows[0].newValue == nil)
    }

    @Test func aFlowCanOnlyJoinAGroupOfItsIntegration() throws {
        let plant = try Plant()
        _ = try plant.workspace.createGroup(name: "G", integration: "B")
        try plant.scratch.expectRefusal(.notFound) {
            _ = try plant.workspace.createFlow(name: "x", integration: "A", group: "G")
        }
        try plant.scratch.expectRefusal(.refused, containing: "flow groups") {
            _ = try plant.workspace.createFlow(name: "x", group: "G")
        }
    }
}

@Suite struct MoveWithStepsTests {
    @Test func movingAFlowTakesItsStepsAndRegistersTheirConnections() throws {
        let plant = try Plant()
        _ = try plant.workspace.createGroup(name: "G", integration: "A")
        _ = try plant.workspace.createGroup(name: "H", integration: "B")
        _ = try plant.workspace.moveItems(.flow, ["F"], to: "A", group: "G")
        #expect(try plant.workspace.item(.flow, "F").groupID != nil)
        let step = try plant.workspace.createStep(.import, name: "put", flow: "F", connection: "erp")
        let moved = try plant.workspace.moveItems(.flow, ["F"], to: "B")
        #expect(moved[0].groupID == nil)
        let view = try plant.workspace.step(.import, step.id)
        #expect(view.step.integrationID == moved[0].integrationID && view.flows.map(\.id) == [moved[0].id])
        #expect(try plant.registered("B") == ["erp"])
        #expect(try plant.registered("A") == ["erp"])
        let rows = try plant.workspace.lastAudit(4)
        #expect(rows.map(\.action.rawValue) == ["move", "update", "move", "register"])
        #expect(rows.map(\.resourceType.rawValue) == ["flow", "flow", "import", "connection"])
        _ = try plant.workspace.moveItems(.flow, ["F"], to: "B", group: "H")
        #expect(try plant.workspace.item(.flow, "F").groupID == plant.workspace.groups(integration: "B").first?.id)
        try plant.scratch.expectRefusal(.refused) { _ = try plant.workspace.moveItems(.flow, ["F"], to: "none", group: "H") }
        try plant.scratch.expectRefusal(.notFound) { _ = try plant.workspace.moveItems(.flow, ["F"], to: "A", group: "H") }
        try plant.scratch.expectRefusal(.invalid) { _ = try plant.workspace.moveItems(.api, ["F"], to: "A", group: "G") }
    }

    @Test func deletingAnIntegrationDeregistersButKeepsConnections() throws {
        let plant = try Plant()
        _ = try plant.workspace.createGroup(name: "G", integration: "A")
        _ = try plant.workspace.createStep(.import, name: "put", flow: "F", connection: "erp")
        try plant.workspace.deleteIntegration("A", mode: .detach)
        #expect(try plant.workspace.connections().count == 2)
        #expect(try plant.registered("none") == ["erp"])
        #expect(try plant.workspace.item(.flow, "F").groupID == nil)
        #expect(try plant.workspace.step(.import, "put").flows.map(\.id) == [plant.workspace.item(.flow, "F").id])
        #expect(try plant.workspace.step(.import, "put").step.integrationID == "none")
    }
}

@Suite struct FlowCloneTests {
    @Test func cloneCopiesTheFlowWithNewStepIds() throws {
        let plant = try Plant()
        _ = try plant.workspace.createGroup(name: "G", integration: "A")
        _ = try plant.workspace.moveItems(.flow, ["F"], to: "A", group: "G")
        let get = try plant.workspace.createStep(.export, name: "get", flow: "F", connection: "shop")
        let put = try plant.workspace.createStep(.import, name: "put", flow: "F", connection: "erp")
        let copy = try plant.workspace.cloneFlow("F")
        #expect(copy.flow.name == "Clone - F")
        #expect(copy.flow.groupID == (try plant.workspace.item(.flow, "F").groupID))
        #expect(copy.resources.map(\.name) == ["get", "put"])
        #expect(Set(copy.resources.map(\.id)).isDisjoint(with: [get.id, put.id]))
        #expect(copy.resources.allSatisfy { $0.integrationID == copy.flow.integrationID })
        #expect(try plant.workspace.flowView("F").resources.map(\.id) == [get.id, put.id])
        let other = try plant.workspace.cloneFlow("F", to: "B", name: "Elsewhere")
        #expect(other.flow.groupID == nil && other.flow.name == "Elsewhere")
        #expect(try plant.registered("B") == ["shop", "erp"])
        let rows = try plant.workspace.auditLog(limit: 10).filter { $0.action.rawValue == "clone" }
        #expect(rows.count == 6)
    }

    @Test func cloneIsRefusedCleanly() throws {
        let plant = try Plant()
        try plant.scratch.expectRefusal(.notFound) { _ = try plant.workspace.cloneFlow("nope") }
        try plant.scratch.expectRefusal(.notFound) { _ = try plant.workspace.cloneFlow("F", to: "nowhere") }
        try plant.scratch.expectRefusal(.invalid) { _ = try plant.workspace.cloneFlow("F", name: "") }
    }
}

extension JSONValue {
    var arrayValue: [JSONValue]? {
        if case .array(let elements) = self { return elements }
        return nil
    }
}
