import Foundation
import Testing

@testable import Workspace
@testable import WorkspaceStore

/// Scripts as resources of an integration, named by hooks through `_scriptId`.
@Suite struct ScriptTests {
    /// A document with two scripts: one named by an export's hook, one by a flow step's hook.
    static let document = #"""
        {"format": "workspace-integration", "version": 1,
         "integration": {"_id": "i1", "name": "Hooks"},
         "flows": [{"_id": "f1", "name": "F", "pageGenerators": [{"_exportId": "e1"}],
                    "pageProcessors": [{"type": "import", "_importId": "m1",
                                        "hooks": {"postResponseMap": {"_scriptId": "s2", "function": "after"}}}]}],
         "exports": [{"_id": "e1", "name": "E", "hooks": {"preSavePage": {"_scriptId": "s1", "function": "clean"}}}],
         "imports": [{"_id": "m1", "name": "M"}],
         "scripts": [{"_id": "s1", "name": "Clean", "content": "function clean(o) {\r\n  return o; // é \u2028 \n}\n  ", "_sourceId": "keep-me"},
                     {"_id": "s2", "name": "After", "content": ""}]}
        """#

    @Test func hooksFollowTheirScriptsThroughInstallAndClone() throws {
        let scratch = try Scratch()
        let w = scratch.workspace
        let plan = try w.install(Self.document)
        let scripts = try w.scripts(integration: plan.integration.id)
        #expect(scripts.map(\.name) == ["Clean", "After"])
        let clean = try #require(scripts.first)
        #expect(clean.content == "function clean(o) {\r\n  return o; // é \u{2028} \n}\n  ", "bytes kept exactly")
        #expect(clean.extra["_sourceId"] == "keep-me")
        let export = try #require(try w.steps(.export, integration: plan.integration.id).first)
        #expect(export.extra["hooks"]?["preSavePage"]?["_scriptId"] == .string(clean.id))
        let flow = try #require(try w.items(.flow, integration: plan.integration.id).first)
        let hook = flow.structure.pageProcessors?.first?["hooks"]?["postResponseMap"]?["_scriptId"]
        #expect(hook == .string(scripts[1].id))
        let clone = try w.cloneIntegration(plan.integration.id)
        let copies = try w.scripts(integration: clone.integration.id)
        #expect(copies.map(\.content) == scripts.map(\.content) && Set(copies.map(\.id)).isDisjoint(with: scripts.map(\.id)))
        let copiedExport = try #require(try w.steps(.export, integration: clone.integration.id).first)
        #expect(copiedExport.extra["hooks"]?["preSavePage"]?["_scriptId"] == .string(copies[0].id))
        #expect(try w.script("Clean", integration: clone.integration.id).id == copies[0].id)
    }

    @Test func flowCloneElsewhereCopiesTheScriptsItsHooksName() throws {
        let scratch = try Scratch()
        let w = scratch.workspace
        let plan = try w.install(Self.document)
        let original = try w.scripts(integration: plan.integration.id)
        let here = try w.cloneFlow("F", integration: plan.integration.id)
        let hereExport = try #require(here.resources.first { $0.kind == .export })
        #expect(hereExport.extra["hooks"]?["preSavePage"]?["_scriptId"] == .string(original[0].id))
        #expect(try w.scripts(integration: plan.integration.id).count == 2, "no copies within the integration")
        _ = try w.createIntegration(name: "Elsewhere")
        let there = try w.cloneFlow("F", to: "Elsewhere", integration: plan.integration.id)
        let copies = try w.scripts(integration: "Elsewhere")
        #expect(copies.map(\.name).sorted() == ["After", "Clean"])
        let thereExport = try #require(there.resources.first { $0.kind == .export })
        let copiedClean = try #require(copies.first { $0.name == "Clean" })
        #expect(thereExport.extra["hooks"]?["preSavePage"]?["_scriptId"] == .string(copiedClean.id))
    }

    @Test func aHookNamingAScriptTheFileLacksIsAProblem() throws {
        let scratch = try Scratch()
        let broken = Self.document.replacingOccurrences(of: #""_scriptId": "s1""#, with: #""_scriptId": "s9""#)
        try scratch.expectRefusal(.invalid, containing: "_scriptId s9 is not in the file") {
            _ = try scratch.workspace.install(broken)
        }
    }

    @Test func scriptsGoWithTheirIntegration() throws {
        let scratch = try Scratch()
        let w = scratch.workspace
        let first = try w.install(Self.document)
        try scratch.expectRefusal(.refused, containing: "2 scripts") { try w.deleteIntegration(first.integration.id) }
        try w.deleteIntegration(first.integration.id, mode: .detach)
        #expect(try w.scripts(integration: "none").count == 2)
        let second = try w.install(Self.document)
        try w.deleteIntegration(second.integration.id, mode: .cascade)
        #expect(try w.database.scalar("SELECT count(*) FROM scripts") == 2)
    }
}
