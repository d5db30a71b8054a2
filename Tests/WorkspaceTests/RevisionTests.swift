import Foundation
import Testing

@testable import Workspace
@testable import WorkspaceStore

/// Revisions (SPEC §8) through the library.
@Suite struct RevisionTests {
    /// An integration with two flows, steps, a group, settings and an alias.
    static func shop(_ w: Workspace) throws -> Integration {
        let shop = try w.createIntegration(name: "Shop")
        _ = try w.createGroup(name: "Orders", integration: "Shop")
        for name in ["Orders", "Returns"] {
            let flow = try w.createFlow(name: name, integration: "Shop")
            _ = try w.createStep(.export, name: "Get \(name)", flow: flow.id)
            _ = try w.createStep(.import, name: "Put \(name)", flow: flow.id)
        }
        _ = try w.replaceSettings("flow:Orders", group: false, with: ["batch": 10])
        return shop
    }

    @Test func revertAfterSnapshotGivesTheSnapshotBackByteForByte() throws {
        let scratch = try Scratch()
        let w = scratch.workspace
        let shop = try Self.shop(w)
        let snapshot = try w.snapshot("Shop", description: "Before the changes")
        let before = try w.download("Shop")
        _ = try w.editItem(.flow, "Orders", ItemEdit(description: "Hourly"))
        _ = try w.createFlow(name: "Refunds", integration: "Shop")
        _ = try w.deleteItems(.flow, ["Returns"], force: true)
        _ = try w.replaceSettings("flow:Orders", group: false, with: ["batch": 50])
        let diff = try w.diff(snapshot.id, current: true)
        #expect(Set(diff.changes.map(\.status)) == [.update, .new, .deleted])
        let reverted = try w.revert(snapshot.id)
        #expect(!reverted.diff.isEmpty && reverted.revision?.type == .revert && reverted.integration.id == shop.id)
        #expect(try w.download("Shop").canonicalBytes == before.canonicalBytes)
        #expect(try w.danglingAliases().isEmpty)
        #expect(try w.revisions(of: shop.id).map(\.type) == [.revert, .snapshot])
        // Nothing left to revert: refused, and nothing written.
        try scratch.expectRefusal(.refused, containing: "nothing to revert") { _ = try w.revert(snapshot.id) }
    }

    /// Random edits after a snapshot, then a revert: the snapshot's document, byte for byte.
    @Test(arguments: 1...8) func revertUndoesRandomEdits(seed: UInt64) throws {
        let scratch = try Scratch()
        let w = scratch.workspace
        _ = try Self.shop(w)
        let snapshot = try w.snapshot("Shop", description: "Seed \(seed)")
        let before = try w.download("Shop").canonicalBytes
        var random = SplitMix(seed: seed)
        for step in 0..<6 {
            switch random.next() % 5 {
            case 0: _ = try w.editItem(.flow, "Orders", ItemEdit(description: "Edit \(step)"))
            case 1: _ = try w.createFlow(name: "New \(step)", integration: "Shop")
            case 2: _ = try w.setSetting("flow:Returns", at: "/n", to: .int(Int64(step)))
            case 3: _ = try w.editIntegration("Shop", description: "Changed \(step)")
            default: _ = try w.createGroup(name: "Group \(step)", integration: "Shop")
            }
        }
        _ = try w.revert(snapshot.id)
        #expect(try w.download("Shop").canonicalBytes == before)
    }

    /// A revert whose every change edits a flow, API, export or import the integration still
    /// has rewrites those rows only: the document comes back byte for byte, and what it did not
    /// change keeps its creation time (a clear-and-reinstall would give every row a new one).
    @Test func aRevertOfEditsRewritesOnlyWhatChanged() throws {
        let scratch = try Scratch()
        let w = scratch.workspace
        _ = try Self.shop(w)
        _ = try w.createConnection(name: "Store", type: "shopify", integration: "Shop")
        _ = try w.createAPI(name: "Status", integration: "Shop", method: "GET", path: "/status")
        _ = try w.createAlias("orders", integration: "Shop", flow: "Orders", target: "export:Get Orders")
        let snapshot = try w.snapshot("Shop", description: "Before the edits")
        let before = try w.download("Shop").canonicalBytes
        let created = try w.item(.flow, "Returns").createdAt
        _ = try w.editItem(.flow, "Orders", ItemEdit(description: "Hourly", disabled: true))
        _ = try w.setSetting("flow:Orders", at: "/batch", to: 20)
        _ = try w.deleteAlias("orders", integration: "Shop", flow: "Orders")
        _ = try w.editStep(.export, "Get Orders", description: "Paged", connection: "Store")
        _ = try w.setSetting("import:Put Returns", at: "/upsert", to: true)
        _ = try w.editItem(.api, "Status", ItemEdit(method: "POST", path: "/status/check"))
        _ = try w.addFlowStep("Orders", step: "import:Put Returns")
        let reverted = try w.revert(snapshot.id)
        #expect(Set(reverted.diff.changes.map(\.status)) == [.update])
        #expect(try w.download("Shop").canonicalBytes == before)
        #expect(try w.item(.flow, "Returns").createdAt == created)
        #expect(try w.danglingAliases().isEmpty)
        #expect(try w.resolveAlias("orders", integration: "Shop", flow: "Orders").alias.targetType == .export)
    }

    @Test func revisionsAreAppendOnly() throws {
        let scratch = try Scratch()
        _ = try Self.shop(scratch.workspace)
        let revision = try scratch.workspace.snapshot("Shop", description: "Kept")
        #expect(throws: (any Error).self) {
            try scratch.workspace.database.run("UPDATE revisions SET description = 'x' WHERE id = ?", [.text(revision.id)])
        }
        #expect(throws: (any Error).self) { try scratch.workspace.database.run("DELETE FROM revisions", []) }
    }

    @Test func aMovedStepIsOneMove() throws {
        let scratch = try Scratch()
        let w = scratch.workspace
        _ = try Self.shop(w)
        let flow = try w.findItem(.flow, "Orders")
        _ = try w.createStep(.import, name: "Log", flow: flow.id)
        let snapshot = try w.snapshot("Shop", description: "Three steps")
        let log = try w.steps(.import, integration: "Shop").first { $0.name == "Log" }
        _ = try w.moveFlowStep("Orders", step: try #require(log).id, .first)
        let diff = try w.diff(snapshot.id, current: true)
        let fields = diff.changes.flatMap(\.fields)
        #expect(fields.count == 1 && fields.first?.move != nil, "\(fields)")
    }

    @Test func refusalsWriteNothing() throws {
        let scratch = try Scratch()
        let w = scratch.workspace
        _ = try Self.shop(w)
        _ = try w.createIntegration(name: "Other")
        try scratch.expectRefusal(.notFound, containing: "no revision") { _ = try w.revert("6b0000000000000000000000") }
        try scratch.expectRefusal(.invalid, containing: "description") { _ = try w.snapshot("Shop", description: " ") }
        try scratch.expectRefusal(.refused, containing: "Standalone") { _ = try w.snapshot("none", description: "x") }
        try scratch.expectRefusal(.refused, containing: "not an integration and its clone") {
            _ = try w.pull("Shop", from: "Other")
        }
        let one = try w.snapshot("Shop", description: "a")
        let other = try w.snapshot("Other", description: "b")
        try scratch.expectRefusal(.refused, containing: "another integration") { _ = try w.diff(one.id, to: other.id) }
    }

    @Test func deleteAndRestore() throws {
        let scratch = try Scratch()
        let w = scratch.workspace
        let shop = try Self.shop(w)
        let before = try w.download("Shop")
        _ = try w.deleteIntegration("Shop", mode: .cascade)
        let deleted = try w.deletedIntegrations()
        #expect(deleted.map(\.integrationID) == [shop.id])
        _ = try w.createIntegration(name: "Shop")
        try scratch.expectRefusal(.refused, containing: "already named") { _ = try w.restore(deleted[0].id) }
        let plan = try w.restore(deleted[0].id, name: "Shop (restored)")
        #expect(try w.deletedIntegrations().isEmpty)
        try scratch.expectRefusal(.refused, containing: "already restored") { _ = try w.restore(deleted[0].id) }
        let restored = try w.download(plan.integration.id)
        // The same document but for the name.
        #expect(restored.flows.map(\.name) == before.flows.map(\.name))
        let orders = try w.findItem(.flow, "Orders", integration: plan.integration.id)
        #expect(try w.settings("flow:\(orders.id)") == ["batch": 10])
        // It keeps its id, so its history goes on: the restore, then what came before the delete.
        #expect(plan.integration.id == shop.id && orders.id == before.flows.first { $0.name == "Orders" }?.id)
        #expect(try w.revisions(of: plan.integration.id).map(\.type).prefix(2) == [.restore, .delete])
    }

    @Test func pullTakesTheOtherSidesChangesBothWays() throws {
        let scratch = try Scratch()
        let w = scratch.workspace
        _ = try Self.shop(w)
        let clone = try w.cloneIntegration("Shop", options: InstallOptions(name: "Copy"))
        _ = try w.editItem(.flow, "Orders", integration: "Shop", ItemEdit(description: "From the source"))
        _ = try w.createFlow(name: "Clone only", integration: "Copy")
        let pulled = try w.pull("Copy", from: "Shop")
        #expect(pulled.applied && pulled.conflicts.isEmpty)
        #expect(try w.findItem(.flow, "Orders", integration: "Copy").description == "From the source")
        #expect(try w.items(.flow, integration: "Copy").map(\.name).contains("Clone only"))
        try scratch.expectRefusal(.refused, containing: "nothing to pull") { _ = try w.pull("Copy", from: "Shop") }
        // The other way: the source takes the clone's new flow, disabled, and keeps its own flows' status.
        let back = try w.pull("Shop", from: "Copy")
        #expect(back.applied)
        #expect(try w.findItem(.flow, "Clone only", integration: "Shop").isDisabled)
        #expect(try !w.findItem(.flow, "Orders", integration: "Shop").isDisabled)
        #expect(try w.revisions(of: clone.integration.id).first?.type == .pull)
    }

    @Test func conflictsAreListedAndNothingIsWrittenUnlessTaken() throws {
        let scratch = try Scratch()
        let w = scratch.workspace
        _ = try Self.shop(w)
        _ = try w.cloneIntegration("Shop", options: InstallOptions(name: "Copy"))
        _ = try w.editItem(.flow, "Orders", integration: "Shop", ItemEdit(description: "A"))
        _ = try w.editItem(.flow, "Orders", integration: "Copy", ItemEdit(description: "B"))
        let before = try scratch.dump()
        let refused = try w.pull("Copy", from: "Shop")
        #expect(!refused.applied && refused.conflicts.count == 1)
        #expect(refused.conflicts.first?.ours == "B" && refused.conflicts.first?.theirs == "A")
        #expect(try scratch.dump() == before)
        let taken = try w.pull("Copy", from: "Shop", take: .theirs)
        #expect(taken.applied)
        #expect(try w.findItem(.flow, "Orders", integration: "Copy").description == "A")
    }
}

/// The laws of the three-way merge on random documents.
@Suite struct MergeLawTests {
    /// A random document: flows with descriptions and settings, exports.
    static func document(_ random: inout SplitMix, flows: Int) -> IntegrationDocument {
        let flowObjects: [JSONValue] = (0..<flows).map { index in
            [
                "_id": .string("f\(index)"), "name": .string("Flow \(index)"), "description": .string("d\(random.next() % 3)"),
                "settings": ["n": .int(Int64(random.next() % 3))],
                "pageGenerators": [["_exportId": .string("e\(index)")]], "pageProcessors": [],
            ]
        }
        let exports: [JSONValue] = (0..<flows).map { ["_id": .string("e\($0)"), "name": .string("Export \($0)")] }
        return IntegrationDocument(json: JSONObject([
            ("format", "workspace-integration"), ("version", 1), ("integration", ["_id": "i", "name": "I"]),
            ("flowGroupings", []), ("flows", .array(flowObjects)), ("exports", .array(exports)), ("imports", []), ("apis", []),
            ("tools", []), ("scripts", []), ("connections", []), ("aliases", []), ("other", []),
        ]))
    }

    /// Changes one random field of random flows, in `which` flows only.
    static func edit(_ document: IntegrationDocument, _ random: inout SplitMix, flows which: [Int]) -> IntegrationDocument {
        var edited = document
        for index in which where random.next() % 2 == 0 {
            if random.next() % 2 == 0 {
                edited.flows[index].description = "changed \(random.next() % 100)"
            } else {
                edited.flows[index].settings = ["n": .int(Int64(100 + random.next() % 100))]
            }
        }
        return edited
    }

    @Test(arguments: 1...30) func disjointChangesMergeToBoth(seed: UInt64) {
        var random = SplitMix(seed: seed)
        let base = Self.document(&random, flows: 8)
        let ours = Self.edit(base, &random, flows: [0, 1, 2, 3])
        let theirs = Self.edit(base, &random, flows: [4, 5, 6, 7])
        let merge = DocumentMerge(base: base, ours: ours, theirs: theirs)
        #expect(merge.conflicts.isEmpty)
        // Pulling theirs with no concurrent change equals applying their diff to ours.
        var expected = ours
        for index in 4..<8 { expected.flows[index] = theirs.flows[index] }
        #expect(merge.merged.canonicalBytes == expected.canonicalBytes)
        // Symmetric: the other way round gives the same document.
        #expect(DocumentMerge(base: base, ours: theirs, theirs: ours).merged.canonicalBytes == merge.merged.canonicalBytes)
    }

    @Test(arguments: 1...30) func overlappingChangesAreSymmetricUpToTake(seed: UInt64) {
        var random = SplitMix(seed: seed)
        let base = Self.document(&random, flows: 6)
        let ours = Self.edit(base, &random, flows: Array(0..<6))
        let theirs = Self.edit(base, &random, flows: Array(0..<6))
        let forward = DocumentMerge(base: base, ours: ours, theirs: theirs, take: .ours)
        let backward = DocumentMerge(base: base, ours: theirs, theirs: ours, take: .theirs)
        #expect(forward.conflicts.count == backward.conflicts.count)
        #expect(forward.merged.canonicalBytes == backward.merged.canonicalBytes)
        // Nothing changed on their side: the merge is ours.
        #expect(DocumentMerge(base: base, ours: ours, theirs: base).merged.canonicalBytes == ours.canonicalBytes)
    }

    @Test func anInsertionOnEachSideKeepsBoth() {
        let base: JSONValue = [["_exportId": "a"], ["type": "import", "_importId": "b"]]
        let ours: JSONValue = [["_exportId": "a"], ["type": "export", "_exportId": "x"], ["type": "import", "_importId": "b"]]
        let theirs: JSONValue = [["_exportId": "a"], ["type": "import", "_importId": "b"], ["type": "import", "_importId": "y"]]
        func document(_ steps: JSONValue) -> IntegrationDocument {
            IntegrationDocument(json: JSONObject([
                ("integration", ["_id": "i", "name": "I"]), ("flows", [["_id": "f", "name": "F", "pageProcessors": steps]]),
            ]))
        }
        let merge = DocumentMerge(base: document(base), ours: document(ours), theirs: document(theirs))
        #expect(merge.conflicts.isEmpty)
        let steps = merge.merged.flows.first?.structure.pageProcessors ?? []
        #expect(steps.compactMap { $0["_exportId"] ?? $0["_importId"] } == ["a", "x", "b", "y"])
    }
}

/// The revision store is tamper-evident through the audit log: each revision's audit row seals
/// it, and `audit verify` names the first revision (or stored bytes) changed behind its back.
@Suite struct RevisionStoreTamperTests {
    /// Shop with three snapshots and a clone (a merge base); returns the snapshots oldest first.
    static func store() throws -> (Scratch, [Revision]) {
        let scratch = try Scratch()
        let w = scratch.workspace
        _ = try RevisionTests.shop(w)
        var snapshots: [Revision] = []
        for index in 1...3 {
            _ = try w.editItem(.flow, "Orders", ItemEdit(description: "Edit \(index)"))
            snapshots.append(try w.snapshot("Shop", description: "Snapshot \(index)"))
        }
        _ = try w.cloneIntegration("Shop", options: InstallOptions(name: "Shop copy"))
        #expect(try w.verifyAudit().problem == nil)
        return (scratch, snapshots)
    }

    static let unlock = "DROP TRIGGER revisions_are_append_only_update; DROP TRIGGER revisions_are_append_only_delete; "

    static func auditRow(of revision: Revision, in w: Workspace) throws -> Int64 {
        try w.database.scalar("SELECT seq FROM audit WHERE resource_type = 'revision' AND resource_id = ?", [.text(revision.id)])
    }

    @Test(.sqliteOnly, arguments: [
        ("UPDATE revisions SET description = 'Forged' WHERE id = '$1'", "description"),
        ("UPDATE revisions SET after_manifest = (SELECT after_manifest FROM revisions WHERE id = '$0') WHERE id = '$1'", "after"),
        ("UPDATE revisions SET created_at = created_at - 1000 WHERE id = '$1'", "time"),
        ("UPDATE revisions SET type = 'pull' WHERE id = '$1'", "type"),
        ("UPDATE revisions SET user_name = 'someone' WHERE id = '$1'", "user"),
        ("DELETE FROM revisions WHERE id = '$1'", "was removed"),
        (
            "UPDATE revisions SET seq = -1 WHERE id = '$1'; UPDATE revisions SET seq = (SELECT max(seq) + 1 FROM revisions) WHERE id = '$0'; UPDATE revisions SET seq = (SELECT max(seq) + 1 FROM revisions) WHERE id = '$1'",
            "out of the log's order"
        ),
    ])
    func anAlteredRevisionIsNamed(tamper: String, finding: String) throws {
        let (scratch, snapshots) = try Self.store()
        let w = scratch.workspace
        let sql = tamper.replacingOccurrences(of: "$0", with: snapshots[0].id).replacingOccurrences(of: "$1", with: snapshots[1].id)
        try w.database.execute(Self.unlock + sql)
        let result = try w.verifyAudit()
        let problem = try #require(result.problem, "\(tamper) was not found")
        #expect(problem.message.contains(finding), "\(problem.message)")
        #expect(result.inRevisionStore && result.hint.contains("revision store"))
        if finding != "out of the log's order" {
            let row = try Self.auditRow(of: snapshots[1], in: w)
            #expect(problem.message.contains(snapshots[1].id) && problem.sequence == row)
        }
    }

    @Test func aForgedRevisionHasNoAuditRow() throws {
        let (scratch, snapshots) = try Self.store()
        let w = scratch.workspace
        try w.database.execute(
            """
            INSERT INTO revisions (id, integration_id, integration_name, type, status, description, user_name, created_at, before_manifest, after_manifest, other_id)
            SELECT 'aaaaaaaaaaaaaaaaaaaaaaaa', integration_id, integration_name, type, status, 'Forged', user_name, created_at, before_manifest, after_manifest, other_id
            FROM revisions WHERE id = '\(snapshots[2].id)'
            """)
        #expect(try w.verifyAudit().problem?.message.contains("aaaaaaaaaaaaaaaaaaaaaaaa has no audit row") == true)
    }

    @Test(.sqliteOnly) func alteredOrLostBytesAreFound() throws {
        let (scratch, snapshots) = try Self.store()
        let w = scratch.workspace
        let flowBlob = try #require(try w.database.row("SELECT hash FROM blobs WHERE content LIKE '%Edit 2%' LIMIT 1")).text(at: 0)
        try w.database.execute("UPDATE blobs SET content = replace(content, 'Edit 2', 'Edit X') WHERE hash = '\(flowBlob)'")
        #expect(try w.verifyAudit().problem?.message.contains("\(flowBlob) no longer match") == true)

        let (lost, lostSnapshots) = try Self.store()
        let manifest = try #require(lostSnapshots[1].after)
        try lost.workspace.database.execute("PRAGMA foreign_keys = OFF; DELETE FROM blobs WHERE hash = '\(manifest)'")
        #expect(try lost.workspace.verifyAudit().problem?.message.contains("lost \(manifest)") == true)
        _ = snapshots
    }

    /// Resource bytes are not manifests: a 64-character description is no blob name. (Found by
    /// the reliability suite's fuzz: `audit verify` said the store lost such a "hash".)
    @Test func aResourceIsNotReadAsAManifest() throws {
        let scratch = try Scratch()
        let w = scratch.workspace
        _ = try w.createIntegration(name: "Sixty-four", description: String(repeating: "d", count: 64))
        _ = try w.createFlow(name: String(repeating: "f", count: 64), integration: "Sixty-four")
        _ = try w.snapshot("Sixty-four", description: String(repeating: "0", count: 64))
        _ = try w.cloneIntegration("Sixty-four", options: InstallOptions(name: "Copy"))
        #expect(try w.verifyAudit().problem == nil)
    }

    /// The chain comes first: an altered revision audit row is a chain problem at that row.
    @Test(.sqliteOnly) func anAlteredSealIsAChainProblem() throws {
        let (scratch, snapshots) = try Self.store()
        let w = scratch.workspace
        let row = try Self.auditRow(of: snapshots[1], in: w)
        try w.database.execute("DROP TRIGGER audit_is_append_only_update; UPDATE audit SET new_value = '{}' WHERE seq = \(row)")
        let result = try w.verifyAudit()
        #expect(result.problem?.sequence == row && !result.inRevisionStore)
    }
}
