import Foundation
import Testing

@testable import Workspace
@testable import WorkspaceStore

/// The recycle bin: every kind deleted and restored with what went along, in its place, with
/// its settings and aliases; places that are gone; the alias rule; purges by age and retention.
@Suite struct RecycleBinTests {
    /// Shop: group "Nightly" holding flow Orders (Get orders → Lookup → Put orders, settings,
    /// a flow alias), a flow Returns sharing Put orders, an API, a tool, a connection.
    static func shop(_ w: Workspace) throws -> Integration {
        let shop = try w.createIntegration(name: "Shop")
        _ = try w.createGroup(name: "Nightly", integration: "Shop")
        _ = try w.createGroup(name: "Hourly", integration: "Shop")
        _ = try w.createConnection(name: "NetSuite", type: "netsuite", integration: "Shop")
        let orders = try w.createFlow(name: "Orders", integration: "Shop", group: "Nightly")
        _ = try w.createStep(.export, name: "Get orders", flow: orders.id, connection: "NetSuite")
        _ = try w.createStep(.export, name: "Lookup", flow: orders.id, connection: "NetSuite", lookup: true)
        let put = try w.createStep(.import, name: "Put orders", flow: orders.id, connection: "NetSuite")
        let returns = try w.createFlow(name: "Returns", integration: "Shop")
        _ = try w.addFlowStep(returns.id, step: "import:\(put.id)")
        _ = try w.replaceSettings("flow:Orders", group: false, with: ["batch": 10])
        _ = try w.replaceSettings("export:Get orders", group: false, with: ["page": 100])
        _ = try w.createAlias("main", integration: "Shop", flow: "Orders", target: "export:Get orders")
        _ = try w.createAlias("orders", integration: "Shop", target: "flow:Orders")
        _ = try w.createAPI(name: "Status", integration: "Shop", method: "GET", path: "/status")
        _ = try w.createTool(name: "Lookup tool", integration: "Shop")
        return shop
    }

    static func entry(_ w: Workspace, _ kind: ResourceKind) throws -> BinEntry {
        try #require(try w.binEntries(type: kind).first)
    }

    @Test func aFlowComesBackWithItsOwnStepsSettingsAliasesAndGroup() throws {
        let scratch = try Scratch()
        let w = scratch.workspace
        _ = try Self.shop(w)
        let before = try w.download("Shop")
        try scratch.expectRefusal(.refused, containing: "aliases would dangle") { _ = try w.deleteItems(.flow, ["Orders"]) }
        _ = try w.deleteItems(.flow, ["Orders"], force: true)
        // Put orders stays: Returns uses it. Get orders and Lookup went with the flow.
        #expect(try w.steps(.import, integration: "Shop").map(\.name) == ["Put orders"])
        #expect(try w.steps(.export, integration: "Shop").isEmpty)
        let entry = try Self.entry(w, .flow)
        #expect(entry.name == "Orders" && entry.along == JSONObject([("exports", .int(2))]) && entry.integrationName == "Shop")
        let restored = try w.restoreFromBin(entry.id)
        #expect(restored.main?.id == entry.resourceID)
        #expect(try w.download("Shop") == before, "the same document: ids, group, steps, settings, aliases")
        #expect(try w.binEntries().isEmpty && w.verifyAudit().problem == nil && w.danglingAliases().isEmpty)
    }

    @Test func anExportGoesBackToItsPlaceAmongAFlowsSteps() throws {
        let scratch = try Scratch()
        let w = scratch.workspace
        _ = try Self.shop(w)
        let before = try w.download("Shop")
        _ = try w.deleteSteps(.export, ["Lookup"], force: true)
        #expect(try w.flowView("Orders").steps.map { $0.resource?.name ?? "" } == ["Get orders", "Put orders"])
        // Edited meanwhile: a new step after Put orders; the lookup still goes back after Get orders.
        let extra = try w.createStep(.import, name: "Audit trail", flow: "Orders")
        let restored = try w.restoreFromBin(try Self.entry(w, .export).id)
        #expect(restored.notPlaced.isEmpty)
        #expect(try w.flowView("Orders").steps.map { $0.resource?.name ?? "" } == ["Get orders", "Lookup", "Put orders", "Audit trail"])
        _ = try w.deleteSteps(.import, [extra.id], force: true)
        _ = try w.purgeBinEntry(try Self.entry(w, .import).id)
        #expect(try w.download("Shop") == before)
    }

    @Test func everyOtherKindComesBack() throws {
        let scratch = try Scratch()
        let w = scratch.workspace
        _ = try Self.shop(w)
        let before = try w.download("Shop")
        _ = try w.deleteItems(.api, ["Status"])
        _ = try w.deleteItems(.tool, ["Lookup tool"])
        _ = try w.deleteGroup("Nightly", integration: "Shop")
        #expect(try w.item(.flow, "Orders").groupID == nil)
        let spare = try w.createConnection(name: "Spare", type: "http", offline: true, integration: "Shop")
        _ = try w.replaceSettings("connection:Spare", group: false, with: ["region": "eu"])
        _ = try w.createAlias("spare", integration: "Shop", target: "connection:Spare")
        _ = try w.deleteConnection("Spare", force: true)
        // A connection belongs to the account, and Standalone has no flow groups.
        try scratch.expectRefusal(.invalid, containing: "--into") { _ = try w.restoreFromBin(try Self.entry(w, .connection).id, into: "Shop") }
        try scratch.expectRefusal(.refused) { _ = try w.restoreFromBin(try Self.entry(w, .flowGroup).id, into: "none") }
        for kind in [ResourceKind.api, .tool, .flowGroup] { _ = try w.restoreFromBin(try Self.entry(w, kind).id) }
        #expect(try w.download("Shop") == before, "groups in their order, Orders in Nightly again")
        _ = try w.restoreFromBin(try Self.entry(w, .connection).id)
        let back = try w.connection(spare.id)
        let settings = try w.settings("connection:Spare")
        #expect(back.offline && back.name == "Spare" && settings == ["region": "eu"])
        #expect(try w.resolveAlias("spare", integration: "Shop").alias.targetID == spare.id)
        #expect(try w.connections(integration: "Shop").map(\.name).contains("Spare"))
        #expect(try w.verifyAudit().problem == nil && w.binEntries().isEmpty)
    }

    @Test func aScriptComesBackAndOneAHookNamesIsNotDeleted() throws {
        let scratch = try Scratch()
        let w = scratch.workspace
        let plan = try w.install(ScriptTests.document)
        try scratch.expectRefusal(.refused, containing: "named by the hooks of export \"E\"") { _ = try w.deleteScript("Clean") }
        let after = try #require(try w.scripts(integration: plan.integration.id).last)
        _ = try w.deleteItems(.flow, ["F"], force: true)
        _ = try w.deleteScript(after.id)
        #expect(try w.scripts(integration: plan.integration.id).map(\.name) == ["Clean"])
        _ = try w.restoreFromBin(try Self.entry(w, .script).id)
        #expect(try w.scripts(integration: plan.integration.id).map(\.id).contains(after.id))
    }

    @Test func anIntegrationIsItsDeleteRevisionAndComesBackWithItsIDs() throws {
        let scratch = try Scratch()
        let w = scratch.workspace
        let shop = try Self.shop(w)
        let before = try w.download("Shop")
        _ = try w.deleteIntegration("Shop", mode: .cascade)
        let entry = try Self.entry(w, .integration)
        #expect(entry.revisionID == entry.id && entry.along["flows"] == .int(2))
        #expect(try w.deletedIntegrations().map(\.id) == [entry.id], "revision deleted lists the bin's integrations")
        // What was in it is not an entry of its own.
        #expect(try w.binEntries().count == 1)
        try scratch.expectRefusal(.invalid, containing: "--into") { _ = try w.restoreFromBin(entry.id, into: "none") }
        let restored = try w.restoreFromBin(entry.id)
        let after = try w.download("Shop")
        #expect(restored.integration?.id == shop.id && after == before)
        try scratch.expectRefusal(.refused, containing: "already restored") { _ = try w.restore(entry.id) }
    }

    @Test func aPlaceThatIsGoneIsNamedAndIntoPutsItElsewhere() throws {
        let scratch = try Scratch()
        let w = scratch.workspace
        _ = try Self.shop(w)
        _ = try w.createIntegration(name: "Other")
        _ = try w.deleteItems(.api, ["Status"])
        let api = try Self.entry(w, .api)
        _ = try w.deleteIntegration("Shop", mode: .cascade, force: true)
        try scratch.expectRefusal(.refused, containing: "was in integration \"Shop\"") { _ = try w.restoreFromBin(api.id) }
        do {
            _ = try w.restoreFromBin(api.id)
            Issue.record("restored into an integration that is gone")
        } catch let error as WorkspaceError {
            #expect(error.hint?.contains("--into") == true)
        }
        let restored = try w.restoreFromBin(api.id, name: "Status (old)", into: "Other")
        let moved = try w.item(.api, "Status (old)")
        #expect(restored.integration?.name == "Other" && moved.integrationID == restored.integration?.id)
    }

    @Test func aFlowRestoredIntoAnotherIntegrationNamesOnlyItsSteps() throws {
        let scratch = try Scratch()
        let w = scratch.workspace
        _ = try Self.shop(w)
        let other = try w.createIntegration(name: "Other")
        _ = try w.deleteItems(.flow, ["Orders"], force: true)
        let restored = try w.restoreFromBin(try Self.entry(w, .flow).id, into: "Other")
        let flow = try w.flowView("Orders")
        // Its own steps came along; the one it shared with Returns stays in Shop, out of it.
        #expect(flow.flow.integrationID == other.id && flow.steps.map { $0.resource?.name ?? "" } == ["Get orders", "Lookup"])
        #expect(restored.integration?.id == other.id && flow.flow.groupID == nil)
        #expect(try w.aliases(integration: "Other", flow: "Orders").map(\.alias.alias) == ["main"])
        #expect(try w.aliases(integration: "Shop").isEmpty, "Shop's alias named a flow that is elsewhere now")
        #expect(try w.connections(integration: "Other").map(\.name) == ["NetSuite"])
        #expect(try w.danglingAliases().isEmpty && w.verifyAudit().problem == nil)
    }

    @Test func aRestoreThatWouldBreakTheAliasRuleWritesNothing() throws {
        let scratch = try Scratch()
        let w = scratch.workspace
        _ = try Self.shop(w)
        _ = try w.deleteItems(.flow, ["Orders"], force: true)
        // Its alias name is taken since.
        _ = try w.createAlias("orders", integration: "Shop", target: "flow:Returns")
        let entry = try Self.entry(w, .flow)
        try scratch.expectRefusal(.refused, containing: "alias orders is taken") { _ = try w.restoreFromBin(entry.id) }
        // And a name that is taken now keeps a group from coming back, unless renamed.
        _ = try w.deleteGroup("Hourly", integration: "Shop")
        _ = try w.createGroup(name: "Hourly", integration: "Shop")
        let group = try Self.entry(w, .flowGroup)
        try scratch.expectRefusal(.refused, containing: "already has a flow group named") { _ = try w.restoreFromBin(group.id) }
        #expect(try w.restoreFromBin(group.id, name: "Hourly (old)").restored.first?.name == "Hourly (old)")
    }

    @Test func purgesByAgeRetentionAndPermission() throws {
        let scratch = try Scratch()
        let w = scratch.workspace
        _ = try Self.shop(w)
        _ = try w.addUser("ed", role: .administrator)
        _ = try w.addUser("mo", role: .monitor)
        _ = try w.addUser("max", role: .manage)
        let start = Timestamp.now()
        w.clock = { start - 10 * Workspace.day }
        _ = try w.deleteItems(.api, ["Status"])
        w.clock = { start - 2 * Workspace.day }
        _ = try w.deleteItems(.tool, ["Lookup tool"])
        w.clock = { start }
        let monitor = try Workspace.open(at: scratch.path, as: "mo")
        #expect(try monitor.binEntries().count == 2, "monitors list")
        #expect(try monitor.binEntries().allSatisfy { $0.allowed == [] })
        try scratch.expectDenial { _ = try Workspace.open(at: scratch.path, as: "max").purgeBin(olderThan: 0) }
        let manager = try Workspace.open(at: scratch.path, as: "max")
        #expect(try manager.binEntries().allSatisfy { $0.allowed == [.restore] })
        // An administrator purges; only owners set the retention.
        let admin = try Workspace.open(at: scratch.path, as: "ed")
        admin.clock = { start }
        #expect(try admin.purgeBin(olderThan: 5 * Workspace.day).map(\.name) == ["Status"])
        try scratch.expectDenial { _ = try admin.setBinRetention(days: 1) }
        try scratch.expectRefusal(.invalid) { _ = try w.setBinRetention(days: 0) }
        #expect(try w.setBinRetention(days: 1) == 1)
        // The next write purges what the retention passed, audited as the system's doing; a
        // dry run is no write.
        w.clock = { start + 1000 }
        let dump = try scratch.dump()
        _ = try w.cloneIntegration("Shop", options: InstallOptions(dryRun: true))
        #expect(try scratch.dump() == dump)
        _ = try w.createFlow(name: "Anything", integration: "Shop")
        #expect(try w.binEntries().isEmpty)
        let purge = try #require(try w.auditLog(limit: 5).first { $0.action == .purge })
        #expect(purge.source == .system && purge.resourceName == "Lookup tool")
        #expect(try w.verifyAudit().problem == nil)
    }

    @Test func listingShowsOnlyWhatTheCallerMayRead() throws {
        let scratch = try Scratch()
        let w = scratch.workspace
        _ = try Self.shop(w)
        _ = try w.createIntegration(name: "Secret")
        _ = try w.createFlow(name: "Hidden", integration: "Secret")
        _ = try w.deleteItems(.flow, ["Hidden"])
        _ = try w.deleteItems(.api, ["Status"])
        _ = try w.addUser("tia", role: .tile)
        _ = try w.grant("tia", integration: "Shop", access: .manage)
        let tile = try Workspace.open(at: scratch.path, as: "tia")
        #expect(try tile.binEntries().map(\.name) == ["Status"])
        let hidden = try #require(try w.binEntries(type: .flow).first)
        try scratch.expectDenial { _ = try tile.restoreFromBin(hidden.id) }
        #expect(try tile.restoreFromBin(try Self.entry(tile, .api).id).main?.name == "Status")
        #expect(try w.binEntries(integration: "Secret").map(\.name) == ["Hidden"])
        // An integration that is gone is named by its id or its last name.
        let secret = try w.integration("Secret")
        _ = try w.deleteIntegration("Secret")
        #expect(try w.binEntries(integration: "Secret").map(\.name) == ["Secret", "Hidden"])
        #expect(try w.binEntries(integration: secret.id).map(\.name) == ["Secret", "Hidden"])
    }
}
