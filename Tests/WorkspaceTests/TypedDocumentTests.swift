import Foundation
import Testing

@testable import Workspace
@testable import WorkspaceStore

/// The typed document's laws: reading what it writes gives it back, through every path a
/// document is read (a whole JSON document, resources by key, a translation there and back).
@Suite struct TypedDocumentTests {
    /// Random integrations (DocumentTests' plant) and the integrator.io fixture's install.
    static func documents(seed: UInt64) throws -> [IntegrationDocument] {
        let scratch = try DocumentTests.plant(seed: seed)
        let installed = try scratch.workspace.install(download: try SampleDownload.files())
        return [try scratch.workspace.download("Source"), try scratch.workspace.download(installed.integration.id)]
    }

    @Test(arguments: [1, 2, 3, 4, 5, 6] as [UInt64])
    func readingWhatItWritesGivesItBack(seed: UInt64) throws {
        for document in try Self.documents(seed: seed) {
            var problems: [String] = []
            let parsed = try #require(IntegrationDocument(parsing: document.json, problems: &problems))
            #expect(problems.isEmpty, "\(problems)")
            #expect(parsed == document)
            #expect(parsed.canonicalBytes == document.canonicalBytes)
            let values = document.values.byKey
            let assembled = IntegrationDocument.assemble(values, problems: &problems)
            #expect(problems.isEmpty, "\(problems)")
            #expect(assembled.canonicalBytes == document.canonicalBytes)
            // Stored resources read as they are come in the order the document renders them.
            let ordered = DocumentValues(ordering: values)
            #expect(ordered.entries.map(\.key) == document.values.entries.map(\.key))
            #expect(ordered.entries.map(\.value) == document.values.entries.map(\.value))
            #expect(document.resources.allSatisfy { ResourceKey($0.key.description) == $0.key })
        }
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func aTranslationThereAndBackIsTheIdentity(seed: UInt64) throws {
        for document in try Self.documents(seed: seed) {
            var there: IDMap = [:]
            var counter = 0
            for (kind, resources) in document.resourceLists {
                for resource in resources {
                    counter += 1
                    there[kind, default: [:]][resource.id] = String(format: "7f%022x", counter)
                }
            }
            there[.integration] = [document.integration.id: "7f0000000000000000000000"]
            let translated = document.values.translated(there)
            let parsed = IntegrationDocument.assemble(translated.byKey)
            #expect(parsed.flows.map(\.id) == document.flows.map { there[.flow]?[$0.id] })
            #expect(parsed.integration.id == "7f0000000000000000000000")
            #expect(parsed.values.entries.map(\.value) == translated.entries.map(\.value))
            let back = translated.translated(there.inverse)
            #expect(back.entries.map(\.key) == document.values.entries.map(\.key))
            #expect(back.entries.map(\.value) == document.values.entries.map(\.value))
        }
    }

    @Test func anEmptyDocumentKeepsAnEmptyHead() {
        #expect(IntegrationDocument.empty.json["integration"] == [:])
        #expect(IntegrationDocument.assemble([:]) == .empty)
        let keys = IntegrationDocument.empty.values.entries.map(\.key)
        #expect(keys == [.integration, .aliases, .other, .order])
    }

    @Test func resourceKeysReadTheTextManifestsHold() {
        #expect(ResourceKey("flows/abc") == .resource(.flow, id: "abc"))
        #expect(ResourceKey("flowGroupings/g") == .resource(.flowGroup, id: "g"))
        #expect(ResourceKey("integration") == .integration && ResourceKey("order") == .order)
        #expect(ResourceKey("integration/x") == nil && ResourceKey("users/u") == nil && ResourceKey("flows") == nil)
        #expect(ResourceKey.resource(.export, id: "e").description == "exports/e")
        #expect(ResourceKey.resource(.api, id: "a").part.description == "API")
    }

    /// What each purpose implies, the one table install, clone, flow clone, restore, revert and pull obey.
    @Test func eachPurposeDecidesItsPolicies() throws {
        let integration = Integration(
            id: "6b0000000000000000000001", name: "I", description: "", readme: "", createdAt: 0, updatedAt: 0,
            extra: JSONObject(), sourceID: nil)
        let revision = Revision(
            id: "6b0000000000000000000002", integrationID: integration.id, integrationName: "I", type: .delete, description: "",
            user: "u", createdAt: 0, before: nil, after: nil, otherID: nil)
        let purposes: [(InstallPurpose, keepsIDs: Bool, keepsStatus: Bool, audits: Bool, scripts: Bool, outside: Bool)] = [
            (.install(.document), false, false, true, true, false),
            (.install(.integratorIO(notes: [])), false, false, true, false, false),
            (.clone(source: integration), false, false, true, false, false),
            (.flowClone(into: integration, name: "F", keepGroup: true), false, true, true, false, true),
            (.restore(revision), true, true, true, false, false),
            (.binRestore(into: integration, groups: []), true, true, true, false, true),
            (.replace(integration, action: .pull), true, true, false, false, false),
        ]
        for (purpose, keepsIDs, keepsStatus, audits, scripts, outside) in purposes {
            #expect(purpose.keepsIDs == keepsIDs && purpose.keepsFlowStatus == keepsStatus, "\(purpose)")
            #expect(purpose.auditsEachRow == audits && purpose.scriptsMustResolve == scripts, "\(purpose)")
            #expect(purpose.keepsOutsideAliasTargets == outside, "\(purpose)")
        }
        #expect(InstallPurpose.install(.document).revision?.kind == .install && InstallPurpose.install(.document).contentAction == .create)
        #expect(InstallPurpose.clone(source: integration).revision?.other == integration.id)
        #expect(InstallPurpose.restore(revision).revision?.other == revision.id)
        #expect(InstallPurpose.replace(integration, action: .revert).revision == nil)
    }
}
