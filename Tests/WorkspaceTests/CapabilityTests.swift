import Foundation
import Testing

@testable import Workspace
@testable import WorkspaceStore

/// `allowed`: what the library says each caller may do, by the same rules `authorize` and the
/// Standalone guard apply; every capability it lists is one the caller's request is let through.
@Suite struct CapabilityTests {
    @Test func eachRoleIsOfferedWhatItMayDo() throws {
        let scratch = try Scratch()
        let owner = scratch.workspace
        _ = try owner.createIntegration(name: "Shop")
        _ = try owner.createIntegration(name: "Hidden")
        _ = try owner.addUser("moe", role: .monitor)
        _ = try owner.addUser("tess", role: .tile)
        _ = try owner.addUser("max", role: .manage)
        _ = try owner.grant("tess", integration: "Shop", access: .manage)
        func allowed(_ user: String) throws -> [String: [Capability]] {
            let workspace = try Workspace.open(at: scratch.path, as: user)
            return Dictionary(uniqueKeysWithValues: try workspace.home().map { ($0.integration.name, $0.allowed ?? []) })
        }
        let everything: [Capability] = [.read, .change, .edit, .delete, .clone, .download, .pin, .settings, .aliases, .groups, .revisions, .grant]
        #expect(try allowed("olivia")["Shop"] == everything)
        #expect(try allowed("olivia")[Integration.standaloneName] == [.read, .change])
        #expect(try allowed("max")["Shop"] == everything.filter { $0 != .grant })
        #expect(try allowed("moe")["Shop"] == [.read, .download, .pin, .settings, .aliases, .groups, .revisions])
        #expect(try allowed("moe")[Integration.standaloneName] == [.read])
        let tess = try allowed("tess")
        #expect(tess["Shop"] == [.read, .change, .edit, .download, .pin, .settings, .aliases, .groups, .revisions])
        #expect(tess["Hidden"] == nil)
        #expect(try Workspace.open(at: scratch.path, as: "tess").integrationSummary("Shop").allowed == tess["Shop"])
        #expect(try Workspace.open(at: scratch.path, as: "olivia").whoami().allowed == AccountCapability.allCases)
        #expect(try Workspace.open(at: scratch.path, as: "max").whoami().allowed == [.createIntegration, .manageConnections, .readEverything, .makeTokens])
        #expect(try Workspace.open(at: scratch.path, as: "tess").whoami().allowed == [.makeTokens])
    }

    /// What is offered is let through, and what is not offered is refused: the list and the
    /// rules cannot drift.
    @Test func whatIsOfferedIsLetThrough() throws {
        let scratch = try Scratch()
        let owner = scratch.workspace
        _ = try owner.createIntegration(name: "Shop")
        _ = try owner.createFlow(name: "F", integration: "Shop")
        for (user, role) in [("moe", User.Role.monitor), ("max", .manage), ("ada", .administrator)] {
            _ = try owner.addUser(user, role: role)
            let workspace = try Workspace.open(at: scratch.path, as: user)
            let allowed = try workspace.integrationSummary("Shop").allowed ?? []
            #expect(((try? workspace.snapshot("Shop", description: "by \(user)")) != nil) == allowed.contains(.change), "\(user)")
            #expect(((try? workspace.download("Shop")) != nil) == allowed.contains(.download), "\(user)")
            let flow = try workspace.flowView("F")
            #expect(flow.allowed == allowed.filter { [.read, .change, .aliases].contains($0) })
        }
    }
}
