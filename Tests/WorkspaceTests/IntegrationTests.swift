import Testing

@testable import Workspace
@testable import WorkspaceStore

@Suite struct IntegrationTests {
    @Test func createTrimsTheNameAndAuditsIt() throws {
        let scratch = try Scratch()
        let created = try scratch.workspace.createIntegration(name: "  Shopify to NetSuite ", description: "Orders")
        #expect(created.name == "Shopify to NetSuite")
        #expect(ResourceID.looksLikeID(created.id))
        let entry = try #require(try scratch.workspace.lastAudit(1).first)
        #expect(entry.action.rawValue == "create")
        #expect(entry.resourceType.rawValue == "integration")
        #expect(entry.resourceID == created.id)
        #expect(entry.integrationID == created.id)
        #expect(entry.user == "olivia")
        #expect(entry.source.rawValue == "cli")
    }

    /// 129 thumbs with a skin tone are 129 characters to Swift but 258 code points, which is
    /// what JSON Schema's maxLength (and so the OpenAPI document) counts.
    @Test(arguments: ["", "   ", String(repeating: "n", count: 257), "tab\there", "bell\u{07}", String(repeating: "👍🏻", count: 129)])
    func refusesBadNames(name: String) throws {
        let scratch = try Scratch()
        try scratch.expectRefusal(.invalid, containing: "name") {
            _ = try scratch.workspace.createIntegration(name: name)
        }
    }

    @Test func acceptsANameOfExactly256Characters() throws {
        let scratch = try Scratch()
        #expect(try scratch.workspace.createIntegration(name: String(repeating: "é", count: 256)).name.count == 256)
        #expect(try scratch.workspace.createIntegration(name: String(repeating: "👍🏻", count: 128)).name.unicodeScalars.count == 256)
    }

    @Test func refusesLongDescriptionsAndReadmes() throws {
        let scratch = try Scratch()
        try scratch.expectRefusal(.invalid, containing: "description") {
            _ = try scratch.workspace.createIntegration(name: "A", description: String(repeating: "d", count: 10_001))
        }
        try scratch.expectRefusal(.invalid, containing: "readme") {
            _ = try scratch.workspace.createIntegration(name: "A", readme: String(repeating: "r", count: (1 << 20) + 1))
        }
    }

    @Test func referencesResolveByIdOrExactName() throws {
        let scratch = try Scratch()
        let first = try scratch.workspace.createIntegration(name: "Orders")
        let second = try scratch.workspace.createIntegration(name: "Orders")
        #expect(try scratch.workspace.integration(first.id) == first)
        do {
            _ = try scratch.workspace.integration("Orders")
            Issue.record("an ambiguous name resolved")
        } catch let error as WorkspaceError {
            #expect(error.kind == .notFound)
            #expect(error.message.contains(first.id) && error.message.contains(second.id))
        }
        try scratch.expectRefusal(.notFound, containing: "orders") { _ = try scratch.workspace.integration("orders") }
    }

    @Test func showCountsWhatTheIntegrationHolds() throws {
        let scratch = try Scratch()
        let integration = try scratch.workspace.createIntegration(name: "A")
        _ = try scratch.workspace.createFlow(name: "f1", integration: "A")
        _ = try scratch.workspace.createFlow(name: "f2", integration: "A")
        _ = try scratch.workspace.createAPI(name: "api", integration: integration.id)
        _ = try scratch.workspace.createTool(name: "t")
        let summary = try scratch.workspace.integrationSummary("A")
        #expect(summary.counts == IntegrationCounts(flows: 2, apis: 1, tools: 0, exports: 0, imports: 0))
        #expect(summary.json["numFlows"] == .int(2))
        let standalone = try scratch.workspace.integrationSummary("none")
        #expect(standalone.counts == IntegrationCounts(flows: 0, apis: 0, tools: 1, exports: 0, imports: 0))
    }

    @Test func listHasEveryIntegrationWithCountsStandaloneFirst() throws {
        let scratch = try Scratch()
        _ = try scratch.workspace.createIntegration(name: "B")
        _ = try scratch.workspace.createIntegration(name: "A")
        _ = try scratch.workspace.createFlow(name: "f", integration: "A")
        let list = try scratch.workspace.integrationSummaries()
        #expect(list.map(\.integration.name) == ["Standalone flows", "B", "A"])
        #expect(list.map(\.counts.flows) == [0, 0, 1])
    }

    @Test func editWritesOneAuditRowPerChangedField() throws {
        let scratch = try Scratch()
        let integration = try scratch.workspace.createIntegration(name: "A", description: "same")
        let edited = try scratch.workspace.editIntegration(
            "A", name: "B", description: "same", readme: "# Read me")
        #expect(edited.name == "B" && edited.readme == "# Read me")
        let rows = try scratch.workspace.lastAudit(2)
        #expect(rows.map(\.fieldPath) == ["/name", "/readme"])
        #expect(rows[0].oldValue == "\"A\"" && rows[0].newValue == "\"B\"")
        #expect(rows.allSatisfy { $0.action.rawValue == "update" && $0.resourceID == integration.id })
        let count = try scratch.workspace.auditCount()
        _ = try scratch.workspace.editIntegration("B", name: "B")
        #expect(try scratch.workspace.auditCount() == count)
    }

    @Test(arguments: ProtectedAction.allCases)
    func theStandaloneGuardNamesTheRule(action: ProtectedAction) throws {
        let scratch = try Scratch()
        let standalone = try scratch.workspace.integration("none")
        do {
            try standalone.refuseIfStandalone(action)
            Issue.record("Standalone allowed \(action)")
        } catch let error as WorkspaceError {
            #expect(error.kind == .refused)
            #expect(error.message.contains("can't be \(action.rawValue)"))
        }
        try scratch.workspace.createIntegration(name: "A").refuseIfStandalone(action)
    }

    @Test func standaloneCannotBeRenamedEditedOrDeleted() throws {
        let scratch = try Scratch()
        try scratch.expectRefusal(.refused, containing: "renamed") {
            _ = try scratch.workspace.editIntegration("none", name: "Mine")
        }
        try scratch.expectRefusal(.refused, containing: "edited") {
            _ = try scratch.workspace.editIntegration("Standalone flows", description: "x")
        }
        try scratch.expectRefusal(.refused, containing: "deleted") {
            try scratch.workspace.deleteIntegration("none", mode: .cascade)
        }
    }

    @Test func deleteIsRefusedWhileTheIntegrationHoldsAnything() throws {
        let scratch = try Scratch()
        _ = try scratch.workspace.createIntegration(name: "A")
        _ = try scratch.workspace.createFlow(name: "f", integration: "A")
        _ = try scratch.workspace.createTool(name: "t", integration: "A")
        try scratch.expectRefusal(.refused, containing: "1 flow, 1 tool") {
            try scratch.workspace.deleteIntegration("A")
        }
    }

    @Test func deleteWithDetachMovesEverythingToStandalone() throws {
        let scratch = try Scratch()
        let integration = try scratch.workspace.createIntegration(name: "A")
        let flow = try scratch.workspace.createFlow(name: "f", integration: "A")
        _ = try scratch.workspace.createAPI(name: "a", integration: "A")
        try scratch.workspace.deleteIntegration("A", mode: .detach)
        #expect(try scratch.workspace.item(.flow, flow.id).integrationID == "none")
        #expect(try scratch.workspace.integrationSummary("none").counts == IntegrationCounts(flows: 1, apis: 1, tools: 0, exports: 0, imports: 0))
        let rows = try scratch.workspace.lastAudit(4)
        #expect(rows.map(\.action.rawValue) == ["move", "move", "delete", "delete"])
        #expect(rows[2].resourceType.rawValue == "revision" && rows[3].resourceID == integration.id)
        try scratch.expectRefusal(.notFound) { _ = try scratch.workspace.integration(integration.id) }
    }

    @Test func deleteWithCascadeDeletesEverythingItHolds() throws {
        let scratch = try Scratch()
        _ = try scratch.workspace.createIntegration(name: "A")
        _ = try scratch.workspace.createFlow(name: "f", integration: "A")
        _ = try scratch.workspace.createTool(name: "t", integration: "A")
        let kept = try scratch.workspace.createFlow(name: "elsewhere")
        try scratch.workspace.deleteIntegration("A", mode: .cascade)
        #expect(try scratch.workspace.items(.flow).map(\.id) == [kept.id])
        #expect(try scratch.workspace.items(.tool).isEmpty)
        #expect(try scratch.workspace.lastAudit(3).map(\.action.rawValue) == ["delete", "delete", "delete"])
    }
}

/// Text is stored with its byte count: a NUL character (a readme from a file) survives.
/// (Found by the reliability suite's fuzz: the readme was cut at the NUL.)
@Suite struct TextWithNULTests {
    @Test(.sqliteOnly) func aReadmeWithANULReadsBackWhole() throws {
        let scratch = try Scratch()
        let w = scratch.workspace
        let text = "line\u{0}nul\u{1b}[31m\u{7}\r\n"
        _ = try w.createIntegration(name: "Shop", description: "a\u{0}b", readme: text)
        let shop = try w.integration("Shop")
        #expect(shop.readme == text && shop.description == "a\u{0}b")
        #expect(try w.verifyAudit().problem == nil)
        _ = try w.editIntegration("Shop", readme: "")
        #expect(try w.integration("Shop").readme == "")
    }
}
