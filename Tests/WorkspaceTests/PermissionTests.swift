import Testing

@testable import Workspace
@testable import WorkspaceStore

/// A workspace with one user per role: integration A is granted to the tile users, B is not.
struct Team {
    let scratch: Scratch
    let a: Integration
    let b: Integration

    init() throws {
        scratch = try Scratch(owner: "olivia")
        let owner = scratch.workspace
        a = try owner.createIntegration(name: "A")
        b = try owner.createIntegration(name: "B")
        _ = try owner.createFlow(name: "FA", integration: "A")
        _ = try owner.createFlow(name: "FB", integration: "B")
        _ = try owner.createFlow(name: "FS")
        for (name, role) in [("adam", User.Role.administrator), ("mary", .manage), ("moe", .monitor), ("tim", .tile), ("tom", .tile)] {
            _ = try owner.addUser(name, role: role)
        }
        _ = try owner.grant("tim", integration: "A", access: .manage)
        _ = try owner.grant("tom", integration: "A", access: .monitor)
    }

    func as_(_ name: String) throws -> Workspace {
        try Workspace.open(at: scratch.path, as: name)
    }

    /// Expects a denial (exit 4) that changed nothing but one `denied` audit row.
    func expectDenied(_ name: String, sourceLocation: SourceLocation = #_sourceLocation, _ body: (Workspace) throws -> Void)
        throws
    {
        let workspace = try as_(name)
        let before = try scratch.dump()
        let count = try scratch.workspace.auditCount()
        do {
            try body(workspace)
            Issue.record("\(name) was allowed", sourceLocation: sourceLocation)
        } catch let error as WorkspaceError {
            #expect(error.kind == .denied, "\(error.message)", sourceLocation: sourceLocation)
            #expect(error.message.hasPrefix("permission denied: \(name)"), sourceLocation: sourceLocation)
        }
        #expect(try scratch.workspace.auditCount() == count + 1, sourceLocation: sourceLocation)
        let last = try #require(try scratch.workspace.database.row("SELECT user_name, action, field_path FROM audit ORDER BY seq DESC LIMIT 1"))
        #expect(try last.text(at: 0) == name && (try last.text(at: 1)) == "denied" && (try last.text(at: 2)) == "/permission", sourceLocation: sourceLocation)
        #expect(withoutAudit(try scratch.dump()) == withoutAudit(before), sourceLocation: sourceLocation)
    }
}

@Suite struct PermissionTests {
    @Test func accessFollowsRoleAndGrants() throws {
        let team = try Team()
        let expected: [(String, Access, Access, Access)] = [
            ("olivia", .manage, .manage, .manage), ("adam", .manage, .manage, .manage),
            ("mary", .manage, .manage, .manage), ("moe", .monitor, .monitor, .monitor),
            ("tim", .manage, .none, .monitor), ("tom", .monitor, .none, .monitor),
        ]
        for (name, onA, onB, onStandalone) in expected {
            let workspace = try team.as_(name)
            #expect(try workspace.access(to: team.a.id) == onA, "\(name) on A")
            #expect(try workspace.access(to: team.b.id) == onB, "\(name) on B")
            #expect(try workspace.access(to: "none") == onStandalone, "\(name) on Standalone")
        }
    }

    @Test func aMonitorWithAManageGrantManagesThatIntegration() throws {
        let team = try Team()
        _ = try team.scratch.workspace.grant("moe", integration: "B", access: .manage)
        let moe = try team.as_("moe")
        #expect(try moe.access(to: team.b.id) == .manage)
        _ = try moe.createFlow(name: "new", integration: "B")
        try team.expectDenied("moe") { _ = try $0.createFlow(name: "new", integration: "A") }
    }

    @Test func tileUsersSeeOnlyWhatIsGrantedPlusStandalone() throws {
        let team = try Team()
        for name in ["tim", "tom"] {
            let workspace = try team.as_(name)
            #expect(try workspace.integrationSummaries().map(\.integration.name) == ["Standalone flows", "A"])
            #expect(try workspace.items(.flow).map(\.name) == ["FA", "FS"])
            #expect(try workspace.item(.flow, "FA").name == "FA")
            try team.expectDenied(name) { _ = try $0.item(.flow, "FB") }
            try team.expectDenied(name) { _ = try $0.integrationSummary("B") }
            try team.expectDenied(name) { _ = try $0.items(.flow, integration: "B") }
        }
        #expect(try team.as_("moe").integrationSummaries().count == 3)
    }

    @Test func tileUsersListOnlyConnectionsOfWhatTheySee() throws {
        let team = try Team()
        let owner = team.scratch.workspace
        _ = try owner.createConnection(name: "inA", type: "http", integration: "A")
        _ = try owner.createConnection(name: "inB", type: "http", integration: "B")
        _ = try owner.createConnection(name: "nowhere", type: "http")
        _ = try owner.createStep(.export, name: "S", flow: "FS", connection: "nowhere")
        _ = try owner.createConnection(name: "unused", type: "http")
        #expect(try team.as_("tim").connections().map(\.name) == ["inA", "nowhere"])
        #expect(try team.as_("moe").connections().count == 4)
    }

    @Test func tileManageEditsItsIntegrationButNeverDeletesIt() throws {
        let team = try Team()
        let tim = try team.as_("tim")
        _ = try tim.editIntegration("A", description: "mine now")
        _ = try tim.createFlow(name: "new", integration: "A")
        _ = try tim.editItem(.flow, "FA", ItemEdit(disabled: true))
        try tim.deleteItems(.flow, ["new"])
        try team.expectDenied("tim") { try $0.deleteIntegration("A", mode: .cascade) }
        try team.expectDenied("tim") { _ = try $0.createIntegration(name: "C") }
        try team.expectDenied("tim") { _ = try $0.createFlow(name: "alone") }
        try team.expectDenied("tim") { _ = try $0.moveItems(.flow, ["FA"], to: "none") }
        try team.expectDenied("tim") { _ = try $0.moveItems(.flow, ["FS"], to: "A") }
        try team.expectDenied("tim") { _ = try $0.editItem(.flow, "FB", ItemEdit(name: "x")) }
    }

    @Test func monitorsReadOnly() throws {
        let team = try Team()
        for name in ["moe", "tom"] {
            try team.expectDenied(name) { _ = try $0.editIntegration("A", name: "x") }
            try team.expectDenied(name) { _ = try $0.createFlow(name: "x", integration: "A") }
            try team.expectDenied(name) { _ = try $0.editItem(.flow, "FA", ItemEdit(name: "x")) }
            try team.expectDenied(name) { try $0.deleteItems(.flow, ["FA"]) }
        }
        #expect(try team.as_("moe").item(.flow, "FB").name == "FB")
        _ = try team.scratch.workspace.createConnection(name: "C", type: "http")
        try team.expectDenied("moe") { try $0.deleteConnection("C") }
        do {
            _ = try team.as_("moe").createConnection(name: "D", type: "http")
            Issue.record("a monitor created a connection")
        } catch let error as WorkspaceError {
            #expect(error.message.contains("may not create account-wide connections"))
        }
    }

    @Test func manageDoesAllIntegrationWorkButNotUsersOrTheAccountLog() throws {
        let team = try Team()
        let mary = try team.as_("mary")
        _ = try mary.createIntegration(name: "C")
        _ = try mary.moveItems(.flow, ["FB", "FS"], to: "A")
        try mary.deleteIntegration("B")
        try team.expectDenied("mary") { _ = try $0.addUser("x", role: .tile) }
        try team.expectDenied("mary") { _ = try $0.users() }
        try team.expectDenied("mary") { _ = try $0.auditLog() }
        #expect(try mary.whoami().user.role == .manage)
    }

    @Test func administratorsManageUsersButNotOwners() throws {
        let team = try Team()
        let adam = try team.as_("adam")
        _ = try adam.addUser("nina", role: .tile)
        _ = try adam.setRole("nina", to: .monitor)
        _ = try adam.grant("nina", integration: "B", access: .manage)
        #expect(try adam.users().count == 7)
        #expect(try adam.auditLog(limit: 1).count == 1)
        try team.expectDenied("adam") { _ = try $0.addUser("x", role: .owner) }
        try team.expectDenied("adam") { _ = try $0.setRole("olivia", to: .tile) }
        try team.expectDenied("adam") { try $0.removeUser("olivia") }
    }

    @Test func theLastOwnerStays() throws {
        let team = try Team()
        let owner = team.scratch.workspace
        try team.scratch.expectRefusal(.refused, containing: "last owner") { try owner.removeUser("olivia") }
        try team.scratch.expectRefusal(.refused, containing: "last owner") { _ = try owner.setRole("olivia", to: .manage) }
        _ = try owner.setRole("adam", to: .owner)
        _ = try owner.setRole("olivia", to: .manage)
        #expect(try team.as_("olivia").user.role == .manage)
    }

    @Test func grantRules() throws {
        let team = try Team()
        let owner = team.scratch.workspace
        try team.scratch.expectRefusal(.refused, containing: "can't be granted") {
            _ = try owner.grant("tim", integration: "none", access: .manage)
        }
        try team.scratch.expectRefusal(.refused, containing: "already has manage access") {
            _ = try owner.grant("adam", integration: "A", access: .monitor)
        }
        try team.scratch.expectRefusal(.notFound, containing: "no user") {
            _ = try owner.grant("zed", integration: "A", access: .monitor)
        }
        try team.scratch.expectRefusal(.notFound, containing: "no access granted") {
            _ = try owner.revoke("tim", integration: "B")
        }
        try team.scratch.expectRefusal(.refused, containing: "already exists") { _ = try owner.addUser("tim", role: .tile) }
        let changed = try owner.grant("tim", integration: "A", access: .monitor)
        #expect(changed.grants.map(\.access) == [.monitor])
        let row = try #require(try owner.lastAudit(1).first)
        #expect(row.action.rawValue == "grant" && row.oldValue == "\"manage\"" && row.newValue == "\"monitor\"")
        #expect(try owner.revoke("tim", integration: "A").grants.isEmpty)
        #expect(try team.as_("tim").integrationSummaries().count == 1)
    }

    @Test func deletingAnIntegrationRevokesItsGrants() throws {
        let team = try Team()
        try team.scratch.workspace.deleteIntegration("A", mode: .cascade)
        #expect(try team.as_("tim").whoami().grants.isEmpty)
        let revokes = try team.scratch.workspace.auditLog(limit: 10).filter { $0.action.rawValue == "revoke" }
        #expect(Set(revokes.map(\.resourceName)) == ["tim", "tom"])
    }

    @Test func removingAUserDropsTheirGrants() throws {
        let team = try Team()
        try team.scratch.workspace.removeUser("tim")
        #expect(try team.scratch.workspace.database.scalar("SELECT count(*) FROM grants WHERE user_name = 'tim'") == 0)
        #expect(throws: WorkspaceError.self) { try team.as_("tim") }
    }
}

@Suite struct MigrationTests {
    /// A file as the first schema left it: owner, Standalone, one flow.
    static func firstSchemaFile() throws -> String {
        let scratch = try Scratch()
        let path = scratch.folder.appendingPathComponent("v1.sqlite").path
        let database = try Store(path: path, create: true)
        try Schema.migrate(database, to: 1)
        try database.execute(
            """
            INSERT INTO users (name, role, created_at) VALUES ('olivia', 'owner', 0);
            INSERT INTO integrations (id, name, created_at, updated_at) VALUES ('none', 'Standalone flows', 0, 0);
            INSERT INTO flows (id, integration_id, name, created_at, updated_at) VALUES ('6b03f6a1a98f0510cc07cdfc', 'none', 'Old', 0, 0);
            """)
        return path
    }

    @Test func anOlderFileIsUpgradedInPlace() throws {
        let path = try Self.firstSchemaFile()
        let reopened = try Workspace.open(at: path, as: "olivia")
        #expect(try reopened.database.scalar("PRAGMA user_version") == Int64(Schema.version))
        #expect(try reopened.item(.flow, "Old").groupID == nil)
        _ = try reopened.addUser("tim", role: .tile)
        _ = try reopened.createIntegration(name: "A")
        #expect(try reopened.grant("tim", integration: "A", access: .manage).grants.count == 1)
        _ = try reopened.createConnection(name: "c", type: "http", integration: "A")
        _ = try reopened.createGroup(name: "G", integration: "A")
        _ = try reopened.moveItems(.flow, ["Old"], to: "A", group: "G")
    }
}

@Suite struct NameLookupTests {
    @Test func namesAreGivenOnlyForWhatTheUserMayRead() throws {
        let scratch = try Scratch()
        let hidden = try scratch.workspace.createIntegration(name: "Hidden")
        let shared = try scratch.workspace.createIntegration(name: "Shared")
        _ = try scratch.workspace.addUser("tim", role: .tile)
        _ = try scratch.workspace.grant("tim", integration: "Shared", access: .monitor)
        let tim = try Workspace.open(at: scratch.path, as: "tim")
        #expect(try tim.integrationNames([hidden.id, shared.id, "none"]) == [shared.id: "Shared", "none": "Standalone flows"])
        #expect(try scratch.workspace.integrationNames([hidden.id]) == [hidden.id: "Hidden"])
    }
}
