import Foundation
import Testing

@testable import Workspace
@testable import WorkspaceStore

/// Exports and imports as resources of an integration, shared by flows or used by none (SPEC §3).
@Suite struct ResourceModelTests {
    @Test func exportsLiveInAnIntegrationWithoutFlowOrConnection() throws {
        let plant = try Plant()
        let hook = try plant.workspace.createStep(.export, name: "webhook", integration: "A")
        let home = try plant.workspace.integration("A").id
        #expect(hook.connectionID == nil && hook.integrationID == home)
        #expect(hook.json["_connectionId"] == nil && hook.json["isLookup"] == false)
        #expect(try plant.workspace.step(.export, "webhook").flows.isEmpty)
        #expect(try plant.workspace.steps(.export, integration: "A").map(\.name) == ["webhook"])
        let summary = try plant.workspace.integrationSummary("A")
        #expect(summary.counts.exports == 1 && summary.counts.imports == 0)
        #expect(summary.json["numExports"] == 1)
        #expect(try plant.workspace.home().first { $0.integration.name == "A" }?.json["numExports"] == nil)
        try plant.scratch.expectRefusal(.invalid, containing: "not both") {
            _ = try plant.workspace.createStep(.import, name: "x", flow: "F", integration: "A")
        }
    }

    @Test func oneExportServesSeveralFlowsAndDeleteNamesThem() throws {
        let plant = try Plant()
        _ = try plant.workspace.createFlow(name: "G", integration: "A")
        let get = try plant.workspace.createStep(.export, name: "get", flow: "F", connection: "shop")
        _ = try plant.workspace.addFlowStep("G", step: "export:get")
        #expect(try plant.workspace.step(.export, "get").flows.map(\.name) == ["F", "G"])
        try plant.scratch.expectRefusal(.refused, containing: "used by flows \"F\"") {
            try plant.workspace.deleteSteps(.export, ["get"])
        }
        try plant.workspace.deleteSteps(.export, ["get"], force: true)
        #expect(try plant.workspace.flowView("F").steps.isEmpty && plant.workspace.flowView("G").steps.isEmpty)
        let rows = try plant.workspace.lastAudit(3)
        #expect(rows.map(\.action.rawValue) == ["update", "update", "delete"])
        #expect(rows[2].resourceID == get.id)
    }

    @Test func movingAFlowTakesItsStepsButNotOnesAFlowLeftBehindUses() throws {
        let plant = try Plant()
        _ = try plant.workspace.createFlow(name: "G", integration: "A")
        _ = try plant.workspace.createStep(.export, name: "get", flow: "F", connection: "shop")
        _ = try plant.workspace.addFlowStep("G", step: "export:get")
        try plant.scratch.expectRefusal(.refused, containing: "export \"get\" of flow \"F\"") {
            _ = try plant.workspace.moveItems(.flow, ["F"], to: "B")
        }
        try plant.scratch.expectRefusal(.refused, containing: "also used by flow \"G\"") {
            _ = try plant.workspace.moveItems(.flow, ["F"], to: "B")
        }
        _ = try plant.workspace.moveItems(.flow, ["F", "G"], to: "B")
        #expect(try plant.workspace.step(.export, "get").step.integrationID == plant.workspace.integration("B").id)
        #expect(try plant.registered("B") == ["shop"])
    }

    @Test func deletingAFlowKeepsTheStepsAnotherFlowUses() throws {
        let plant = try Plant()
        _ = try plant.workspace.createFlow(name: "G", integration: "A")
        _ = try plant.workspace.createStep(.export, name: "shared", flow: "F", connection: "shop")
        _ = try plant.workspace.createStep(.import, name: "own", flow: "F", connection: "erp")
        _ = try plant.workspace.addFlowStep("G", step: "export:shared")
        try plant.workspace.deleteItems(.flow, ["F"])
        #expect(try plant.workspace.steps(.export).map(\.name) == ["shared"])
        #expect(try plant.workspace.steps(.import).isEmpty)
    }

    @Test func integrationDeleteCountsDetachesOrDeletesUnusedSteps() throws {
        let plant = try Plant()
        _ = try plant.workspace.createStep(.export, name: "orphan", integration: "B", connection: "shop")
        try plant.scratch.expectRefusal(.refused, containing: "1 export") {
            try plant.workspace.deleteIntegration("B")
        }
        try plant.workspace.deleteIntegration("B", mode: .detach)
        #expect(try plant.workspace.step(.export, "orphan").step.integrationID == "none")
        _ = try plant.workspace.createStep(.import, name: "lonely", integration: "A")
        try plant.workspace.deleteIntegration("A", mode: .cascade)
        #expect(try plant.workspace.steps(.import).isEmpty)
    }

    @Test func aFlowUsesOnlyItsOwnIntegrationsSteps() throws {
        let plant = try Plant()
        _ = try plant.workspace.createStep(.import, name: "elsewhere", integration: "B")
        try plant.scratch.expectRefusal(.refused, containing: "belongs to another integration") {
            _ = try plant.workspace.addFlowStep("F", step: "import:elsewhere")
        }
        try plant.scratch.expectRefusal(.notFound, containing: "no export") {
            _ = try plant.workspace.addFlowStep("F", step: "export:elsewhere")
        }
    }

    @Test func addRemoveAndMoveKeepTheResources() throws {
        let plant = try Plant()
        let put = try plant.workspace.createStep(.import, name: "put", flow: "F", connection: "erp")
        let look = try plant.workspace.createStep(.export, name: "look", integration: "A", lookup: true)
        var view = try plant.workspace.addFlowStep("F", step: "look", lookup: true, placement: .before("put"))
        #expect(view.pageProcessors.map(\.id) == [look.id, put.id])
        #expect(view.flow.json["pageProcessors"]?.arrayValue?.first == ["type": "export", "_exportId": .string(look.id)])
        view = try plant.workspace.moveFlowStep("F", step: "look", .last)
        #expect(view.pageProcessors.map(\.id) == [put.id, look.id])
        view = try plant.workspace.removeFlowStep("F", step: put.id)
        #expect(view.pageProcessors.map(\.id) == [look.id])
        #expect(try plant.workspace.step(.import, "put").flows.isEmpty)
        _ = try plant.workspace.createFlow(name: "G", integration: "A")
        try plant.scratch.expectRefusal(.refused, containing: "is a lookup") {
            _ = try plant.workspace.addFlowStep("G", step: "export:look")
        }
        try plant.scratch.expectRefusal(.refused, containing: "already a step") {
            _ = try plant.workspace.addFlowStep("F", step: "export:look", lookup: true)
        }
    }

    /// A branching flow as integrator.io keeps it: routers with branches of page processors.
    private func branchingFlow(_ plant: Plant) throws -> (put: Step, post: Step) {
        let put = try plant.workspace.createStep(.import, name: "put", integration: "A")
        let post = try plant.workspace.createStep(.import, name: "post", integration: "A")
        var flow = try plant.workspace.item(.flow, "F")
        flow.details = .flow(
            disabled: false, groupID: nil,
            steps: FlowStructure(
                pageGenerators: [], pageProcessors: nil,
                routers: [
                    [
                        "id": "r1", "routeRecordsTo": "first_matching_branch",
                        "branches": [
                            ["name": "Big", "pageProcessors": [["type": "import", "_importId": .string(put.id), "responseMapping": ["fields": []]]]],
                            ["name": "Small", "pageProcessors": [["type": "import", "_importId": .string(post.id)]]],
                        ],
                    ]
                ]))
        try plant.workspace.database.transaction { try ItemRecord.update(flow, in: plant.workspace.database, stepsChanged: true) }
        return (put, post)
    }

    @Test func routersAndBranchesHoldSteps() throws {
        let plant = try Plant()
        let (put, post) = try branchingFlow(plant)
        let view = try plant.workspace.flowView("F")
        #expect(view.steps.map(\.step.list.label) == ["router 1, branch \"Big\"", "router 1, branch \"Small\""])
        #expect(view.flow.json["pageProcessors"] == nil && view.flow.json["routers"] != nil)
        #expect(try plant.workspace.step(.import, "post").flows.map(\.name) == ["F"])
        try plant.scratch.expectRefusal(.refused, containing: "the flow branches") {
            _ = try plant.workspace.createStep(.import, name: "more", flow: "F")
        }
        let moved = try plant.workspace.moveFlowStep("F", step: "put", .after("post"))
        #expect(moved.steps.map(\.step.reference.id) == [post.id, put.id])
        #expect(moved.steps.allSatisfy { $0.step.list == .branch(router: 0, branch: 1, name: nil) })
        let entry = moved.flow.json["routers"]?[0]["branches"]?[1]["pageProcessors"]?[1]
        #expect(entry?["responseMapping"] == ["fields": []], "per-step fields travel with the step")
        try plant.workspace.deleteSteps(.import, ["post"], force: true)
        #expect(try plant.workspace.flowView("F").steps.map(\.step.reference.id) == [put.id])
    }

    @Test func cloneKeepsTheFlowsAndItsStepsSettings() throws {
        let plant = try Plant()
        _ = try plant.workspace.createStep(.export, name: "get", flow: "F", connection: "shop")
        _ = try plant.workspace.setSetting("F", at: "/batch", to: 100)
        _ = try plant.workspace.setSetting("export:get", at: "/page", to: 5)
        let copy = try plant.workspace.cloneFlow("F")
        #expect(try plant.workspace.settings(copy.flow.id) == ["batch": 100])
        let copiedExport = try #require(copy.resources.first)
        #expect(try plant.workspace.settings("export:\(copiedExport.id)") == ["page": 5])
    }

    @Test func settingsOfASharedStepResolveThroughTheFlowNamed() throws {
        let plant = try Plant()
        _ = try plant.workspace.createFlow(name: "G", integration: "A")
        _ = try plant.workspace.createStep(.import, name: "put", flow: "F", connection: "erp")
        _ = try plant.workspace.addFlowStep("G", step: "import:put")
        _ = try plant.workspace.setSetting("F", at: "/who", to: "F")
        _ = try plant.workspace.setSetting("G", at: "/who", to: "G")
        try plant.scratch.expectRefusal(.refused, containing: "resolve differently in each") {
            _ = try plant.workspace.resolveSettings("import:put")
        }
        #expect(try plant.workspace.resolveSettings("import:put", flow: "G").effective == ["who": "G"])
        _ = try plant.workspace.createFlow(name: "H", integration: "A")
        try plant.scratch.expectRefusal(.refused, containing: "flow \"H\" does not use import \"put\"") {
            _ = try plant.workspace.resolveSettings("import:put", flow: "H")
        }
        #expect(try plant.workspace.resolveSettings("import:put", flow: "F").effective == ["who": "F"])
    }
}

/// A workspace written by an earlier schema opens, upgrades and keeps its meaning.
@Suite struct UpgradeTests {
    /// fixtures/schemas/schema-9.db: the demo workspace built by the wave-1 binary (schema 9),
    /// plus settings on an export, a flow and a connection.
    static let wave1 = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("fixtures/schemas/schema-9.db")

    private func upgraded() throws -> Workspace {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("up-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("wave1.db").path
        try FileManager.default.copyItem(atPath: Self.wave1.path, toPath: path)
        return try Workspace.open(at: path, as: "demo")
    }

    @Test func wave1StepsBecomeExportsAndImportsInTheSameOrder() throws {
        let workspace = try upgraded()
        #expect(try workspace.database.scalar("PRAGMA user_version") == Int64(Schema.version))
        let view = try workspace.flowView("Shopify orders to NetSuite sales orders")
        #expect(view.resources.map(\.name) == ["Get new orders", "Look up customer", "Create sales orders"])
        #expect(view.steps.map(\.step.list.label) == ["page generator", "page processor", "page processor"])
        #expect(view.resources[1].lookup && view.resources.allSatisfy { $0.integrationID == view.flow.integrationID })
        #expect(try workspace.connectionName(of: view.resources[0]) == "Shopify store")
        #expect(try workspace.flowView("One-off product import").resources.map(\.name) == ["Read products file"])
        #expect(try workspace.steps(.export).count == 6 && workspace.steps(.import).count == 4)
    }

    @Test func settingsAliasesAndTheAuditLogSurviveTheUpgrade() throws {
        let workspace = try upgraded()
        // The values the wave-1 binary printed for the same workspace.
        #expect(
            try workspace.resolveSettings("Create sales orders").effective
                == ["retries": 5, "mapping": ["currency": "EUR", "locale": "de-DE"]])
        #expect(
            try workspace.resolveSettings("Get new orders").effective
                == ["retries": 5, "mapping": ["currency": "USD", "locale": "de-DE"], "page": 50])
        let aliases = try workspace.aliases(integration: "Shopify to NetSuite").map(\.alias.alias)
        #expect(aliases == ["orders", "erp"])
        let own = try workspace.resolveAlias(
            "write", integration: "Shopify to NetSuite", flow: "Shopify orders to NetSuite sales orders")
        #expect(own.alias.targetType == .import)
        #expect(try workspace.danglingAliases().isEmpty)
        let verification = try workspace.verifyAudit()
        #expect(verification.problem == nil && verification.rowsChecked == 57)
        #expect(try workspace.database.row("PRAGMA integrity_check")?.text(at: 0) == "ok")
        #expect(try workspace.database.rows("PRAGMA foreign_key_check").isEmpty)
    }
}

/// Every schema ever released keeps a file under fixtures/schemas/; each must open, upgrade
/// to the current schema, and keep an intact audit log and no dangling alias.
@Suite struct EverySchemaTests {
    static let folder = UpgradeTests.wave1.deletingLastPathComponent()

    static var files: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".db") }.sorted()
    }

    @Test func thereIsAFileForTheCurrentSchema() {
        #expect(Self.files.contains("schema-\(Schema.version).db"), "add fixtures/schemas/schema-\(Schema.version).db")
    }

    @Test(arguments: files)
    func opensAndUpgrades(file: String) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("every-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent(file).path
        try FileManager.default.copyItem(atPath: Self.folder.appendingPathComponent(file).path, toPath: path)
        let workspace = try Workspace.open(at: path, as: "demo")
        #expect(try workspace.database.scalar("PRAGMA user_version") == Int64(Schema.version))
        #expect(try workspace.verifyAudit().problem == nil)
        #expect(try workspace.danglingAliases().isEmpty)
        #expect(try workspace.home().count >= 4)
        #expect(try workspace.flowView("Shopify orders to NetSuite sales orders").resources.count == 3)
    }
}

/// Schema 19 makes the integrations deleted before it (and not restored) the recycle bin's
/// first entries: a file at schema 18 with one, upgraded, lists it and restores it.
@Suite struct RecycleBinUpgradeTests {
    @Test(.sqliteOnly) func aDeletedIntegrationOfSchema18IsInTheBinAfterTheUpgrade() throws {
        let scratch = try Scratch()
        let w = scratch.workspace
        _ = try w.createIntegration(name: "Old")
        _ = try w.createFlow(name: "Old flow", integration: "Old")
        _ = try w.deleteIntegration("Old", mode: .cascade)
        _ = try w.createIntegration(name: "Restored before")
        _ = try w.deleteIntegration("Restored before")
        _ = try w.restore(try #require(try w.binEntries(type: .integration).first).id)
        // Back to schema 18 as it was: no bin, no options, tokens without scope, expiry or use.
        let raw = try Store(path: scratch.path)
        for statement in [
            "DROP TABLE recycle_bin", "DROP TABLE workspace_options", "ALTER TABLE tokens DROP COLUMN scope",
            "ALTER TABLE tokens DROP COLUMN expires_at", "ALTER TABLE tokens DROP COLUMN last_used_at", "PRAGMA user_version = 18",
        ] { try raw.execute(statement) }
        let upgraded = try Workspace.open(at: scratch.path, as: "olivia")
        let entries = try upgraded.binEntries()
        #expect(entries.map(\.name) == ["Old"] && entries.first?.revisionID == entries.first?.id)
        #expect(try upgraded.deletedIntegrations().map(\.integrationName) == ["Old"])
        _ = try upgraded.restoreFromBin(try #require(entries.first).id)
        #expect(try upgraded.items(.flow, integration: "Old").map(\.name) == ["Old flow"])
        #expect(try upgraded.verifyAudit().problem == nil)
    }
}

/// Upgrades run with foreign keys off (SQLite's procedure for rebuilding tables) and check
/// every reference before they commit: a file whose rows name missing rows is refused whole.
@Suite struct UpgradeReferenceTests {
    @Test func anUpgradeThatWouldLeaveDanglingRowsWritesNothing() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fk-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("schema-15.db").path
        try FileManager.default.copyItem(atPath: EverySchemaTests.folder.appendingPathComponent("schema-15.db").path, toPath: path)
        let raw = try Store(path: path)
        try raw.execute("PRAGMA foreign_keys = OFF")
        try raw.execute("UPDATE flows SET integration_id = '6b0000000000000000000000' WHERE rowid = (SELECT min(rowid) FROM flows)")
        let before = try raw.contentDump()
        do {
            _ = try Workspace.open(at: path, as: "demo")
            Issue.record("a file with a dangling row was upgraded")
        } catch let error as WorkspaceError {
            #expect(error.exitCode == 5 && error.message.contains("cannot be upgraded"), "\(error.message)")
            #expect(error.message.contains("referring to integrations"), "\(error.message)")
        }
        #expect(try raw.scalar("PRAGMA user_version") == 15)
        #expect(try raw.contentDump() == before)
    }
}

extension Workspace {
    fileprivate func connectionName(of step: Step) throws -> String? {
        try step.connectionID.map { try connection($0).name }
    }
}
