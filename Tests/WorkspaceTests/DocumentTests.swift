import Foundation
import Testing

@testable import Workspace
@testable import WorkspaceStore

/// The integration document (SPEC §6): canonical bytes, download → install → download,
/// validation that reports every problem and writes nothing, clone.
@Suite struct DocumentTests {
    /// A random integration: groups, flows with page generators and processors or routers,
    /// exports without connections, APIs, tools, settings everywhere, aliases.
    static func plant(seed: UInt64) throws -> Scratch {
        var random = RandomJSON(state: seed)
        let scratch = try Scratch()
        let w = scratch.workspace
        _ = try w.createIntegration(name: "Source", description: "seed \(seed)", readme: "# Read me")
        _ = try w.setSetting("Source", at: "/root", to: .object(random.object()))
        let connection = try w.createConnection(name: "C\(seed)", type: "http", integration: "Source")
        _ = try w.setSetting("connection:C\(seed)", at: "/c", to: random.value())
        for group in 0..<random.next(3) {
            _ = try w.createGroup(name: "G\(group)", integration: "Source")
            _ = try w.setSetting("G\(group)", group: true, at: "/g", to: random.value())
        }
        let groups = try w.groups(integration: "Source")
        for index in 0..<(1 + random.next(4)) {
            let flow = try w.createFlow(
                name: "F\(index)", integration: "Source",
                group: groups.isEmpty || random.next(2) == 0 ? nil : groups[random.next(groups.count)].id,
                description: "flow \(index)", disabled: random.next(2) == 0)
            _ = try w.setSetting(flow.id, at: "/f", to: random.value())
            _ = try w.createStep(.export, name: "E\(index)", flow: flow.id, connection: connection.id)
            _ = try w.createStep(.import, name: "I\(index)", flow: flow.id, connection: connection.id)
            _ = try w.setSetting("import:I\(index)", at: "/i", to: random.value())
            if random.next(2) == 0 {
                _ = try w.createStep(.export, name: "L\(index)", flow: flow.id, lookup: true)
            }
            if index > 0 { _ = try w.createAlias("prev\(index)", integration: "Source", flow: flow.id, target: "flow:F\(index - 1)") }
        }
        _ = try w.createStep(.export, name: "Webhook", integration: "Source")
        try branch(w, seed: seed)
        _ = try w.createAPI(name: "Status", integration: "Source", method: "POST", path: "/status/\(seed)")
        _ = try w.createTool(name: "Lookup", integration: "Source", inputSchema: #"{"type":"object"}"#)
        _ = try w.createAlias("hook", integration: "Source", target: "export:Webhook")
        _ = try w.createAlias("conn", integration: "Source", target: "connection:C\(seed)")
        return scratch
    }

    /// A flow whose page processors are a router with two branches, kept fields included.
    private static func branch(_ w: Workspace, seed: UInt64) throws {
        let flow = try w.createFlow(name: "Branching", integration: "Source")
        let big = try w.createStep(.import, name: "Big", integration: "Source")
        let small = try w.createStep(.import, name: "Small", integration: "Source")
        var item = try w.findItem(.flow, flow.id)
        item.details = .flow(
            disabled: false, groupID: nil,
            steps: FlowStructure(
                pageGenerators: [], pageProcessors: nil,
                routers: [
                    [
                        "id": .string("r\(seed)"), "branches": [
                            ["name": "big", "pageProcessors": [["type": "import", "_importId": .string(big.id), "proceedOnFailure": true]]],
                            ["name": "small", "pageProcessors": [["type": "import", "_importId": .string(small.id)]], "nextRouterId": "x"],
                        ],
                    ]
                ]))
        try w.database.transaction { try ItemRecord.update(item, in: w.database, stepsChanged: true) }
    }

    /// The document with every id replaced by what `map` says, and the name and flows' status
    /// as an install leaves them.
    static func remapped(_ document: IntegrationDocument, _ map: [String: String], name: String) -> String {
        var text = document.canonicalText
        for (old, new) in map where old != new { text = text.replacingOccurrences(of: old, with: new) }
        text = text.replacingOccurrences(of: "\"disabled\": false", with: "\"disabled\": true")
        let original = document.integration.name
        return text.replacingOccurrences(of: "\"name\": \"\(original)\",\n    \"description\"", with: "\"name\": \"\(name)\",\n    \"description\"")
    }

    /// OLD=NEW splits at the first `=` code point, even where a modifier follows it (one
    /// Character to Swift: Schemathesis found `0=🏻x` refused).
    @Test func aConnectionMappingSplitsAtItsFirstEqualsSign() {
        #expect(InstallOptions.connectionMapping("0=🏻x").map { [$0.old, $0.new] } == ["0", "🏻x"])
        #expect(InstallOptions.connectionMapping("a=b=c").map { [$0.old, $0.new] } == ["a", "b=c"])
        #expect(InstallOptions.connectionMapping("=x") == nil && InstallOptions.connectionMapping("x=") == nil)
    }

    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8] as [UInt64])
    func downloadInstallDownloadKeepsEverythingButIds(seed: UInt64) throws {
        let scratch = try Self.plant(seed: seed)
        let first = try scratch.workspace.download("Source")
        let plan = try scratch.workspace.install(first.canonicalText, options: InstallOptions(name: "Copy"))
        let second = try scratch.workspace.download(plan.integration.id)
        var map = Dictionary(plan.created.map { ($0.sourceID, $0.id) }, uniquingKeysWith: { first, _ in first })
        for choice in plan.connections { map[choice.sourceID] = choice.id }
        #expect(Self.remapped(first, map, name: "Copy") == second.canonicalText)
        #expect(plan.created.allSatisfy { $0.id != $0.sourceID })
        #expect(plan.connections.allSatisfy { $0.use == .reused })
    }

    @Test func theSameStateGivesTheSameBytesAndPreferencesNeverReachIt() throws {
        let scratch = try Self.plant(seed: 11)
        let w = scratch.workspace
        let before = try w.download("Source").canonicalBytes
        _ = try w.pin("Source")
        _ = try w.reorderTile("Source", .first)
        _ = try w.auditLog(limit: 5)
        #expect(try w.download("Source").canonicalBytes == before)
        let text = try w.download("Source").canonicalText
        #expect(text.hasSuffix("}\n") && !text.contains("createdAt") && !text.contains("lastModified") && !text.contains("pinned"))
        #expect(text.contains("\n  \"integration\": {\n    \"_id\""))
    }

    @Test func everyProblemIsReportedAtOnceAndNothingIsWritten() throws {
        let scratch = try Self.plant(seed: 3)
        var document = try scratch.workspace.download("Source").json
        var flows = document["flows"]?.arrayValue ?? []
        flows.append(flows[0])  // a duplicate _id
        document["flows"] = .array(flows)
        var exports = document["exports"]?.arrayValue ?? []
        if case .object(var export) = exports[0] {
            export["_connectionId"] = "aaaaaaaaaaaaaaaaaaaaaaaa"
            export["name"] = .string(String(repeating: "n", count: 300))
            exports[0] = .object(export)
        }
        document["exports"] = .array(exports)
        document["aliases"] = [["alias": "bad alias", "description": "", "_flowId": "nowhere"]]
        let text = JSONValue.object(document).prettyText
        do {
            _ = try scratch.workspace.install(text)
            Issue.record("a bad document was installed")
        } catch let error as WorkspaceError {
            #expect(error.kind == .invalid)
            for part in ["duplicate _id", "_connectionId aaaaaaaaaaaaaaaaaaaaaaaa is not in the file", "300 characters", "not a valid alias", "would dangle"] {
                #expect(error.message.contains(part), "\(part): \(error.message)")
            }
        }
        try scratch.expectRefusal(.invalid, containing: "problem") { _ = try scratch.workspace.install(text) }
        try scratch.expectRefusal(.invalid, containing: "malformed JSON at byte 13") { _ = try scratch.workspace.install(#"{"format": 1,"#) }
        try scratch.expectRefusal(.invalid, containing: "unknown format") { _ = try scratch.workspace.install(#"{"format": "zip"}"#) }
        try scratch.expectRefusal(.invalid, containing: "version 2 is newer") {
            _ = try scratch.workspace.install(#"{"format": "workspace-integration", "version": 2, "integration": {"name": "x"}}"#)
        }
    }

    @Test func aConnectionTheFileLacksCanBeMapped() throws {
        let scratch = try Self.plant(seed: 4)
        let text = try scratch.workspace.download("Source").canonicalText
        let other = try Scratch()
        _ = try other.workspace.createConnection(name: "Mine", type: "http")
        let connectionID = try scratch.workspace.connection("C4").id
        // Without the connections list the reference dangles; a mapping settles it.
        var json = try #require(try JSONValue(parsing: text).objectValue)
        json["connections"] = .array([])
        json["aliases"] = .array([])
        let stripped = JSONValue.object(json).prettyText
        try other.expectRefusal(.invalid, containing: "map it with --connection \(connectionID)=REF") {
            _ = try other.workspace.install(stripped)
        }
        json["connections"] = try scratch.workspace.download("Source").json["connections"]
        let plan = try other.workspace.install(
            JSONValue.object(json).prettyText, options: InstallOptions(connections: [connectionID: "Mine"]))
        #expect(plan.connections.map(\.use) == [.mapped] && plan.connections.first?.name == "Mine")
        let fresh = try Scratch()
        let created = try fresh.workspace.install(text)
        #expect(created.connections.map(\.use) == [.created])
        #expect(try fresh.workspace.connection(created.connections[0].id).offline)
        let rows = try fresh.workspace.auditLog(limit: 500).filter { $0.integrationID == created.integration.id }
        #expect(rows.allSatisfy { $0.source.rawValue == "install" })
    }

    @Test func aDryRunPlansAndWritesNothing() throws {
        let scratch = try Self.plant(seed: 5)
        let text = try scratch.workspace.download("Source").canonicalText
        let before = try scratch.dump()
        let plan = try scratch.workspace.install(text, options: InstallOptions(dryRun: true))
        #expect(plan.dryRun && plan.created.count > 5 && plan.remapped > 0)
        let clone = try scratch.workspace.cloneIntegration("Source", options: InstallOptions(dryRun: true))
        #expect(clone.integration.name == "Clone - Source")
        #expect(try scratch.dump() == before)
    }

    @Test func cloneCopiesEverythingWithFlowsDisabled() throws {
        let scratch = try Self.plant(seed: 6)
        let w = scratch.workspace
        let plan = try w.cloneIntegration("Source")
        #expect(plan.integration.name == "Clone - Source")
        #expect(try w.items(.flow, integration: plan.integration.id).allSatisfy(\.isDisabled))
        #expect(try w.items(.api, integration: plan.integration.id).count == 1)
        #expect(try w.items(.tool, integration: plan.integration.id).count == 1)
        #expect(Set(try w.aliases(integration: plan.integration.id).map(\.alias.alias)) == ["hook", "conn"])
        #expect(try w.danglingAliases().isEmpty)
        let source = try w.integration("Source")
        #expect(plan.integration.sourceID == source.id && plan.integration.json["_sourceId"] == .string(source.id))
        #expect(try w.integration(plan.integration.id).sourceID == source.id)
        // The merge base: the source's document resource by resource in blobs, and the id map.
        let base = try #require(try BlobRecord.mergeBase(of: plan.integration.id, with: source.id, in: w.database))
        let manifest = try Manifests.load(base.manifest, in: w.database)
        let document = try w.download("Source")
        #expect(Set(manifest.keys) == Set(document.resources.map(\.key)))
        for (key, bytes) in document.resources {
            #expect(try BlobRecord.content(manifest[key] ?? "", in: w.database) == String(decoding: bytes, as: UTF8.self))
        }
        // The source did not change: a second clone's merge base is the same manifest, stored once.
        let again = try w.cloneIntegration("Source", options: InstallOptions(name: "Again"))
        #expect(try BlobRecord.mergeBase(of: again.integration.id, with: source.id, in: w.database)?.manifest == base.manifest)
        let copied = try w.cloneIntegration("Source", options: InstallOptions(name: "Own", newConnections: true))
        #expect(copied.connections.allSatisfy { $0.use == .created })
        #expect(try w.auditLog(limit: 3).allSatisfy { $0.action.rawValue == "clone" })
        #expect(try w.revisions(of: copied.integration.id).map(\.type) == [.clone])
    }

    @Test func onlyManagersCloneOrInstallAndStandaloneStaysHome() throws {
        let scratch = try Self.plant(seed: 7)
        let w = scratch.workspace
        let text = try w.download("Source").canonicalText
        _ = try w.addUser("tim", role: .tile)
        _ = try w.grant("tim", integration: "Source", access: .manage)
        _ = try w.addUser("moe", role: .monitor)
        let tim = try Workspace.open(at: scratch.path, as: "tim")
        let moe = try Workspace.open(at: scratch.path, as: "moe")
        #expect(throws: WorkspaceError.self) { _ = try tim.cloneIntegration("Source") }
        #expect(throws: WorkspaceError.self) { _ = try moe.install(text) }
        #expect(try moe.download("Source").canonicalText == text)
        try scratch.expectRefusal(.refused, containing: "can't be cloned") { _ = try w.cloneIntegration("none") }
        #expect(throws: WorkspaceError.self) { _ = try w.download("none") }
    }
}
