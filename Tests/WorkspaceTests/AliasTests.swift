import Testing

@testable import Workspace
@testable import WorkspaceStore

/// Integration A: flows F (export E, import I over connection C) and G; connection D registered
/// to A but unused. Integration B: flow H. API P and tool T in A.
struct AliasPlant {
    let scratch: Scratch
    var workspace: Workspace { scratch.workspace }

    init() throws {
        scratch = try Scratch()
        let w = scratch.workspace
        _ = try w.createIntegration(name: "A")
        _ = try w.createIntegration(name: "B")
        _ = try w.createFlow(name: "F", integration: "A")
        _ = try w.createFlow(name: "G", integration: "A")
        _ = try w.createFlow(name: "H", integration: "B")
        _ = try w.createConnection(name: "C", type: "http")
        _ = try w.createConnection(name: "D", type: "http", integration: "A")
        _ = try w.createStep(.export, name: "E", flow: "F", connection: "C")
        _ = try w.createStep(.import, name: "I", flow: "F", connection: "C")
        _ = try w.createAPI(name: "P", integration: "A")
        _ = try w.createTool(name: "T", integration: "A")
    }

    /// Every alias resolves, from the list it is in.
    func expectAllSound(sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(try workspace.danglingAliases().isEmpty, sourceLocation: sourceLocation)
    }
}

@Suite struct AliasRuleTests {
    @Test func aliasesAreValidatedAndStoredLowerCased() throws {
        let plant = try AliasPlant()
        let alias = try plant.workspace.createAlias("Orders-Flow_1", integration: "A", target: "F", description: "main")
        #expect(alias.alias == "orders-flow_1")
        #expect(alias.json == ["alias": "orders-flow_1", "description": "main", "_flowId": .string(alias.targetID)])
        try plant.scratch.expectRefusal(.refused, containing: "already exists") {
            _ = try plant.workspace.createAlias("ORDERS-FLOW_1", integration: "A", target: "G")
        }
        for bad in ["has space", "dot.ted", "", "é", "0123456789abcdef01234567"] {
            try plant.scratch.expectRefusal(.invalid) { _ = try plant.workspace.createAlias(bad, integration: "A", target: "G") }
        }
    }

    @Test func targetsMustBeInScope() throws {
        let plant = try AliasPlant()
        let w = plant.workspace
        _ = try w.createAlias("f", integration: "A", target: "flow:F")
        _ = try w.createAlias("c", integration: "A", target: "connection:C")
        _ = try w.createAlias("d", integration: "A", target: "D")
        _ = try w.createAlias("e", integration: "A", target: "export:E")
        _ = try w.createAlias("i", integration: "A", flow: "G", target: "I")
        try plant.scratch.expectRefusal(.refused, containing: "out of this alias's scope") {
            _ = try w.createAlias("h", integration: "A", target: "H")
        }
        try plant.scratch.expectRefusal(.refused, containing: "out of this alias's scope") {
            _ = try w.createAlias("self", integration: "A", flow: "F", target: "F")
        }
        try plant.scratch.expectRefusal(.refused, containing: "out of this alias's scope") {
            _ = try w.createAlias("c", integration: "B", target: "C")
        }
        try plant.scratch.expectRefusal(.refused, containing: "never an API") { _ = try w.createAlias("p", integration: "A", target: "P") }
        try plant.scratch.expectRefusal(.refused, containing: "never a tool") { _ = try w.createAlias("t", integration: "A", target: "T") }
        try plant.scratch.expectRefusal(.refused, containing: "given aliases") { _ = try w.createAlias("x", integration: "none", target: "F") }
        _ = try w.createFlow(name: "S")
        try plant.scratch.expectRefusal(.notFound) { _ = try w.createAlias("x", integration: "A", flow: "S", target: "F") }
        try plant.scratch.expectRefusal(.notFound) { _ = try w.createAlias("x", integration: "A", target: "nothing") }
        try plant.expectAllSound()
    }

    @Test func aFlowSeesItsOwnAliasesFirst() throws {
        let plant = try AliasPlant()
        let w = plant.workspace
        let integrationLevel = try w.createAlias("target", integration: "A", target: "G")
        let flowLevel = try w.createAlias("target", integration: "A", flow: "F", target: "E")
        _ = try w.createAlias("other", integration: "A", target: "C")
        #expect(try w.resolveAlias("TARGET", integration: "A", flow: "F").alias == flowLevel)
        #expect(try w.resolveAlias("target", integration: "A").alias == integrationLevel)
        #expect(try w.resolveAlias("other", integration: "A", flow: "F").inherited)
        #expect(try w.aliases(integration: "A", flow: "F").map(\.alias.alias) == ["target"])
        #expect(try w.aliases(integration: "A", flow: "F", inherited: true).map(\.alias.alias) == ["target", "other"])
        try plant.scratch.expectRefusal(.notFound) { _ = try w.resolveAlias("missing", integration: "A", flow: "F") }
        #expect(try w.integrationSummary("A").json["aliases"]?.arrayValue?.count == 2)
        #expect(try w.flowView("F").json["aliases"] == .array([flowLevel.json]))
        try w.deleteAlias("target", integration: "A", flow: "F")
        #expect(try w.resolveAlias("target", integration: "A", flow: "F").alias == integrationLevel)
        #expect(try w.lastAudit(1).first?.action.rawValue == "delete")
    }
}

@Suite struct AliasesNeverDangleTests {
    /// Each operation is refused while aliases name what it removes, and with force removes them.
    @Test func everyOperationThatCouldBreakAnAliasIsGuarded() throws {
        let plant = try AliasPlant()
        let w = plant.workspace
        _ = try w.createAlias("g", integration: "A", target: "G")
        _ = try w.createAlias("e", integration: "A", target: "E")
        _ = try w.createAlias("i", integration: "A", flow: "G", target: "I")
        _ = try w.createAlias("d", integration: "A", target: "D")
        _ = try w.createAlias("c", integration: "A", flow: "G", target: "C")
        _ = try w.createAlias("own", integration: "A", flow: "F", target: "G")

        try plant.scratch.expectRefusal(.refused, containing: "g (integration") { try w.deleteItems(.flow, ["G"]) }
        try plant.scratch.expectRefusal(.refused, containing: "used by flow \"F\"") { try w.deleteSteps(.export, ["E"]) }
        _ = try w.removeFlowStep("F", step: "E")
        _ = try w.removeFlowStep("F", step: "I")
        try plant.scratch.expectRefusal(.refused, containing: "e (integration") { try w.deleteSteps(.export, ["E"]) }
        try plant.scratch.expectRefusal(.refused, containing: "i (flow") { try w.deleteSteps(.import, ["I"]) }
        try plant.scratch.expectRefusal(.refused, containing: "d (integration") { try w.deleteConnection("D") }
        try plant.scratch.expectRefusal(.refused, containing: "d (integration") { _ = try w.deregisterConnection("D", integration: "A") }
        try plant.scratch.expectRefusal(.refused, containing: "g (integration") { _ = try w.moveItems(.flow, ["G"], to: "B") }
        try plant.scratch.expectRefusal(.refused, containing: "own (flow") { _ = try w.moveItems(.flow, ["F"], to: "none") }
        try plant.expectAllSound()

        try w.deleteSteps(.export, ["E"], force: true)
        try plant.expectAllSound()
        #expect(try w.lastAudit(1).first?.action.rawValue == "delete" && w.lastAudit(1).first?.resourceType.rawValue == "alias")
        _ = try w.deregisterConnection("D", integration: "A", force: true)
        try plant.expectAllSound()
        _ = try w.moveItems(.flow, ["F"], to: "B", force: true)
        try plant.expectAllSound()
        #expect(try w.aliases(integration: "A").map(\.alias.alias) == ["g"])
        try w.deleteItems(.flow, ["G"], force: true)
        try plant.expectAllSound()
        #expect(try w.aliases(integration: "A").isEmpty)
    }

    /// A workspace full of aliases walked through every operation listed in SPEC §5.
    @Test func aWorkspaceFullOfAliasesStaysSoundThroughEveryOperation() throws {
        let plant = try AliasPlant()
        let w = plant.workspace
        _ = try w.createConnection(name: "K", type: "http", integration: "A")
        for index in 0..<8 {
            _ = try w.createFlow(name: "flow\(index)", integration: "A")
            _ = try w.createStep(.export, name: "export\(index)", flow: "flow\(index)", connection: "C")
            _ = try w.createStep(.import, name: "import\(index)", flow: "flow\(index)", connection: "K")
        }
        let targets = ["F", "G", "E", "I", "C", "D", "K"] + (0..<8).flatMap { ["flow\($0)", "export\($0)", "import\($0)"] }
        for (index, target) in targets.enumerated() {
            _ = try w.createAlias("a\(index)", integration: "A", target: target)
            _ = try w.createAlias("f\(index)", integration: "A", flow: target == "flow0" ? "flow1" : "flow0", target: target)
        }
        let operations: [(String, (Bool) throws -> Void)] = [
            ("delete a flow", { force in try w.deleteItems(.flow, ["flow2"], force: force) }),
            ("delete an export", { force in try w.deleteSteps(.export, ["export3"], force: force) }),
            ("delete an import", { force in try w.deleteSteps(.import, ["import4"], force: force) }),
            ("delete the imports over a connection", { force in
                try w.deleteSteps(.import, (5..<8).map { "import\($0)" } + ["import0", "import1", "import3"], force: force)
            }),
            ("delete a connection", { force in try w.deleteConnection("K", force: force) }),
            ("move a flow out", { force in _ = try w.moveItems(.flow, ["flow5"], to: "B", force: force) }),
            ("move a flow to Standalone", { force in _ = try w.moveItems(.flow, ["flow6"], to: "none", force: force) }),
            ("deregister a connection", { force in _ = try w.deregisterConnection("D", integration: "A", force: force) }),
            ("delete the flow that holds aliases", { force in try w.deleteItems(.flow, ["flow0"], force: force) }),
        ]
        for (name, operation) in operations {
            let before = try plant.scratch.dump()
            do {
                try operation(false)
                Issue.record("\(name) went through without force")
            } catch let error as WorkspaceError {
                #expect(error.kind == .refused, "\(name): \(error.message)")
            }
            #expect(try plant.scratch.dump() == before, "\(name) changed the file when refused")
            try operation(true)
            try plant.expectAllSound()
            for view in try w.aliases(integration: "A") {
                _ = try w.resolveAlias(view.alias.alias, integration: "A")
            }
        }
        #expect(try w.aliases(integration: "A").count > 0)
    }

    @Test func deletingAnIntegrationTakesItsAliasesAlong() throws {
        let plant = try AliasPlant()
        _ = try plant.workspace.createAlias("f", integration: "A", target: "F")
        _ = try plant.workspace.createAlias("e", integration: "A", flow: "G", target: "E")
        try plant.scratch.expectRefusal(.refused, containing: "e (flow") {
            try plant.workspace.deleteIntegration("A", mode: .detach)
        }
        try plant.workspace.deleteIntegration("A", mode: .detach, force: true)
        #expect(try plant.workspace.database.scalar("SELECT count(*) FROM aliases") == 0)
        try plant.expectAllSound()
    }

    @Test func cloneRemapsAFlowsAliasesToTheCopies() throws {
        let plant = try AliasPlant()
        _ = try plant.workspace.createAlias("first", integration: "A", flow: "F", target: "E")
        _ = try plant.workspace.createAlias("sibling", integration: "A", flow: "F", target: "G")
        let copy = try plant.workspace.cloneFlow("F")
        let aliases = try plant.workspace.aliases(ownedBy: .flow(copy.flow.id))
        #expect(aliases.map(\.alias) == ["first", "sibling"])
        #expect(aliases.first?.targetID == copy.resources.first?.id)
        let elsewhere = try plant.workspace.cloneFlow("F", to: "B")
        #expect(try plant.workspace.aliases(ownedBy: .flow(elsewhere.flow.id)).map(\.alias) == ["first"])
        try plant.expectAllSound()
    }
}
