import Foundation
import Testing

@testable import Workspace
@testable import WorkspaceStore

/// Every role (and tile with manage or monitor access to integration A) times every operation
/// a command runs, in-process through the library where every rule lives: allowed operations
/// succeed; denied ones fail with exit 4, name the permission, and add nothing to the file but
/// one `denied` audit row. PermissionCLITests runs one case of each kind through the binary.
/// Extend `operations` whenever a capability adds a command.
@Suite struct PermissionMatrixTests {
    enum Role: String, CaseIterable, Sendable {
        case owner = "olivia", administrator = "adam", manage = "mary", monitor = "moe"
        case tileManage = "tim", tileMonitor = "tom"
    }

    /// Who may run an operation.
    enum Needs: CaseIterable, Sendable {
        /// The owner (the recycle bin's retention).
        case owner
        /// Owner or administrator (users, the account-wide audit log).
        case administrator
        /// Owner, administrator or manage (integrations, Standalone, integration B).
        case manageRole
        /// Manage access to integration A: also tile users with a manage grant.
        case manageA
        /// Read access to integration B (everyone but tile users).
        case readB
        /// Read access to integration A (everyone).
        case readA

        func allows(_ role: Role) -> Bool {
            switch self {
            case .owner: role == .owner
            case .administrator: [.owner, .administrator].contains(role)
            case .manageRole: [.owner, .administrator, .manage].contains(role)
            case .manageA: [.owner, .administrator, .manage, .tileManage].contains(role)
            case .readB: ![.tileManage, .tileMonitor].contains(role)
            case .readA: true
            }
        }
    }

    struct Operation: Sendable, CustomTestStringConvertible {
        /// The command it stands for.
        let command: String
        let needs: Needs
        let run: @Sendable (Workspace) throws -> Void

        init(_ command: String, _ needs: Needs, _ run: @escaping @Sendable (Workspace) throws -> Void) {
            self.command = command
            self.needs = needs
            self.run = run
        }

        var testDescription: String { command }
    }

    static let operations: [Operation] = [
        Operation("integration create New", .manageRole) { _ = try $0.createIntegration(name: "New") },
        Operation("integration edit A --description x", .manageA) { _ = try $0.editIntegration("A", description: "x") },
        Operation("integration edit B --name B2", .manageRole) { _ = try $0.editIntegration("B", name: "B2") },
        Operation("integration delete Empty", .manageRole) { try $0.deleteIntegration("Empty") },
        Operation("integration delete A --detach --force", .manageRole) { try $0.deleteIntegration("A", mode: .detach, force: true) },
        Operation("integration delete A --cascade", .manageRole) { try $0.deleteIntegration("A", mode: .cascade) },
        Operation("integration show B", .readB) { _ = try $0.integrationSummary("B") },
        Operation("integration pin A", .readA) { _ = try $0.pin("A") },
        Operation("integration pin B", .readB) { _ = try $0.pin("B") },
        Operation("integration unpin A", .readA) { _ = try $0.unpin("A") },
        Operation("integration reorder A --first", .readA) { _ = try $0.reorderTile("A", .first) },
        Operation("integration reorder B --last", .readB) { _ = try $0.reorderTile("B", .last) },
        Operation("integration clone A", .manageRole) { _ = try $0.cloneIntegration("A") },
        Operation("integration clone B --dry-run", .manageRole) { _ = try $0.cloneIntegration("B", options: InstallOptions(dryRun: true)) },
        Operation("integration download A", .readA) { _ = try $0.download("A") },
        Operation("integration download B", .readB) { _ = try $0.download("B") },
        Operation("integration install FILE", .manageRole) {
            _ = try $0.install(#"{"format": "workspace-integration", "version": 1, "integration": {"_id": "x", "name": "In"}}"#)
        },
        Operation("integration download B --format integrator.io", .readB) { _ = try $0.downloadIntegratorIO("B") },
        Operation("integration install DOWNLOAD.zip", .manageRole) {
            _ = try $0.install(try ZipArchive.make(DownloadFiles(["integration.json": Array(#"{"_id": "x", "name": "Zip"}"#.utf8)])))
        },
        Operation("script list --integration B", .readB) { _ = try $0.scripts(integration: "B") },
        Operation("script list --integration A", .readA) { _ = try $0.scripts(integration: "A") },
        Operation("flow create f --integration A", .manageA) { _ = try $0.createFlow(name: "f", integration: "A") },
        Operation("flow create f", .manageRole) { _ = try $0.createFlow(name: "f") },
        Operation("flow edit FA --disable", .manageA) { _ = try $0.editItem(.flow, "FA", ItemEdit(disabled: true)) },
        Operation("flow move FA --to none", .manageRole) { _ = try $0.moveItems(.flow, ["FA"], to: "none", force: true) },
        Operation("flow move FB --to A", .manageRole) { _ = try $0.moveItems(.flow, ["FB"], to: "A") },
        Operation("flow move FA --to A --group GA", .manageA) { _ = try $0.moveItems(.flow, ["FA"], to: "A", group: "GA") },
        Operation("flow delete FA --force", .manageA) { try $0.deleteItems(.flow, ["FA"], force: true) },
        Operation("flow show FB", .readB) { _ = try $0.flowView("FB") },
        Operation("flow clone FA", .manageA) { _ = try $0.cloneFlow("FA") },
        Operation("flow clone FA --to B", .manageRole) { _ = try $0.cloneFlow("FA", to: "B") },
        Operation("flow steps FA --move IA --first", .manageA) { _ = try $0.moveFlowStep("FA", step: "IA", .first) },
        Operation("flow steps FA --remove IA", .manageA) { _ = try $0.removeFlowStep("FA", step: "IA") },
        Operation("flow steps FA --add import:SA", .manageA) { _ = try $0.addFlowStep("FA", step: "import:SA") },
        Operation("api create a --integration A", .manageA) { _ = try $0.createAPI(name: "a", integration: "A") },
        Operation("api edit AA --path /x", .manageA) { _ = try $0.editItem(.api, "AA", ItemEdit(path: "/x")) },
        Operation("api move AA --to B", .manageRole) { _ = try $0.moveItems(.api, ["AA"], to: "B") },
        Operation("api delete AA", .manageA) { try $0.deleteItems(.api, ["AA"]) },
        Operation("tool create t --integration A", .manageA) { _ = try $0.createTool(name: "t", integration: "A") },
        Operation("tool edit TA --input-schema {}", .manageA) { _ = try $0.editItem(.tool, "TA", ItemEdit(inputSchema: "{}")) },
        Operation("tool move TA --to none", .manageRole) { _ = try $0.moveItems(.tool, ["TA"], to: "none") },
        Operation("tool delete TA", .manageA) { try $0.deleteItems(.tool, ["TA"]) },
        Operation("user add nina --role tile", .administrator) { _ = try $0.addUser("nina", role: .tile) },
        Operation("user edit moe --role manage", .administrator) { _ = try $0.setRole("moe", to: .manage) },
        Operation("user remove moe", .administrator) { _ = try $0.removeUser("moe") },
        Operation("user grant tom --integration B --access monitor", .administrator) {
            _ = try $0.grant("tom", integration: "B", access: .monitor)
        },
        Operation("user revoke tom --integration A", .administrator) { _ = try $0.revoke("tom", integration: "A") },
        Operation("user list", .administrator) { _ = try $0.users() },
        Operation("audit", .administrator) { _ = try $0.auditLog(limit: 5) },
        Operation("audit verify", .administrator) { _ = try $0.verifyAudit() },
        Operation("db info", .administrator) { _ = try $0.databaseInfo() },
        Operation("db copy --to NEW --dry-run", .administrator) {
            _ = try $0.copyDatabase(to: NSTemporaryDirectory() + "copy-\(UUID().uuidString).sqlite", dryRun: true)
        },
        Operation("audit --integration A", .readA) { _ = try $0.auditLog(AuditQuery(integration: "A")) },
        Operation("audit --integration B", .readB) { _ = try $0.auditLog(AuditQuery(integration: "B")) },
        Operation("audit --integration none", .readA) { _ = try $0.auditLog(AuditQuery(integration: "none")) },
        Operation("connection create c --type http", .manageRole) { _ = try $0.createConnection(name: "c", type: "http") },
        Operation("connection create c --type http --integration A", .manageA) {
            _ = try $0.createConnection(name: "c", type: "http", integration: "A")
        },
        Operation("connection disconnect CA", .manageA) { _ = try $0.setConnectionOnline("CA", false) },
        Operation("connection reconnect CB", .manageRole) { _ = try $0.setConnectionOnline("CB", true) },
        Operation("connection edit CB --name x", .manageRole) { _ = try $0.editConnection("CB", ConnectionEdit(name: "x")) },
        Operation("connection delete CX", .manageRole) { try $0.deleteConnection("CX") },
        Operation("connection register CB --integration A", .manageRole) { _ = try $0.registerConnection("CB", integration: "A") },
        Operation("connection register CA --integration B", .manageRole) { _ = try $0.registerConnection("CA", integration: "B") },
        Operation("connection deregister CA2 --integration A", .manageA) {
            _ = try $0.deregisterConnection("CA2", integration: "A")
        },
        Operation("connection deregister CA3 --integration A --force", .manageA) {
            _ = try $0.deregisterConnection("CA3", integration: "A", force: true)
        },
        Operation("connection show CB", .readB) { _ = try $0.connectionUsage("CB") },
        Operation("connection list --by type", .readA) { _ = try $0.applications() },
        Operation("export create e --flow FA --connection CA", .manageA) {
            _ = try $0.createStep(.export, name: "e", flow: "FA", connection: "CA")
        },
        Operation("export create e --flow FA --connection CA --lookup", .manageA) {
            _ = try $0.createStep(.export, name: "e", flow: "FA", connection: "CA", lookup: true)
        },
        Operation("export create e --integration B", .manageRole) { _ = try $0.createStep(.export, name: "e", integration: "B") },
        Operation("import create i --flow FA --connection CA2", .manageA) {
            _ = try $0.createStep(.import, name: "i", flow: "FA", connection: "CA2")
        },
        Operation("export edit EA --name x", .manageA) { _ = try $0.editStep(.export, "EA", name: "x") },
        Operation("import edit IA --connection CA2", .manageA) { _ = try $0.editStep(.import, "IA", connection: "CA2") },
        Operation("export delete EA --force", .manageA) { try $0.deleteSteps(.export, ["EA"], force: true) },
        Operation("import delete IA --force", .manageA) { try $0.deleteSteps(.import, ["IA"], force: true) },
        Operation("import show SA", .readA) { _ = try $0.step(.import, "SA") },
        Operation("export list --integration B", .readB) { _ = try $0.steps(.export, integration: "B") },
        Operation("group create G --integration A", .manageA) { _ = try $0.createGroup(name: "G", integration: "A") },
        Operation("group rename GA G2", .manageA) { _ = try $0.renameGroup("GA", to: "G2") },
        Operation("group reorder GA --last", .manageA) { _ = try $0.reorderGroup("GA", .last) },
        Operation("group delete GA", .manageA) { try $0.deleteGroup("GA") },
        Operation("settings set A /a 1", .manageA) { _ = try $0.setSetting("A", at: "/a", to: 1) },
        Operation("settings set FA /a 1", .manageA) { _ = try $0.setSetting("FA", at: "/a", to: 1) },
        Operation("settings set GA --group /a 1", .manageA) { _ = try $0.setSetting("GA", group: true, at: "/a", to: 1) },
        Operation("settings set IA /a 1", .manageA) { _ = try $0.setSetting("IA", at: "/a", to: 1) },
        Operation("settings unset EA /x", .manageA) { _ = try $0.unsetSetting("EA", at: "/x") },
        Operation("settings set B /a 1", .manageRole) { _ = try $0.setSetting("B", at: "/a", to: 1) },
        Operation("settings set connection:CB /a 1", .manageRole) { _ = try $0.setSetting("connection:CB", at: "/a", to: 1) },
        Operation("settings get B", .readB) { _ = try $0.settings("B") },
        Operation("settings resolve FB --explain", .readB) { _ = try $0.resolveSettings("FB") },
        Operation("alias create x --integration A --target FA", .manageA) {
            _ = try $0.createAlias("x", integration: "A", target: "FA")
        },
        Operation("alias create x --integration A --flow FA --target EA", .manageA) {
            _ = try $0.createAlias("x", integration: "A", flow: "FA", target: "EA")
        },
        Operation("alias delete ga --integration A", .manageA) { try $0.deleteAlias("ga", integration: "A") },
        Operation("alias create x --integration B --target FB", .manageRole) {
            _ = try $0.createAlias("x", integration: "B", target: "FB")
        },
        Operation("alias list --integration B", .readB) { _ = try $0.aliases(integration: "B") },
        Operation("alias resolve ga --integration A", .readA) { _ = try $0.resolveAlias("ga", integration: "A") },
        Operation("revision snapshot A -m x", .manageA) { _ = try $0.snapshot("A", description: "x") },
        Operation("revision list A", .readA) { _ = try $0.revisions(of: "A") },
        Operation("revision list CloneS", .readB) { _ = try $0.revisions(of: "CloneS") },
        Operation("revision show SNAPSHOT", .readA) { _ = try $0.revision(try snapshotOfA($0)) },
        Operation("revision diff SNAPSHOT --current", .readA) { _ = try $0.diff(try snapshotOfA($0), current: true) },
        Operation("revision revert SNAPSHOT", .manageA) { _ = try $0.revert(try snapshotOfA($0)) },
        Operation("revision pull Src --from CloneS", .manageRole) { _ = try $0.pull("Src", from: "CloneS") },
        Operation("revision deleted", .readB) { _ = try $0.deletedIntegrations() },
        Operation("token create", .readA) { _ = try $0.createToken(label: "mine") },
        Operation("token create --user nora", .administrator) { _ = try $0.createToken(for: "nora") },
        Operation("token list", .readA) { _ = try $0.tokens() },
        Operation("token revoke OLIVIAS", .administrator) {
            _ = try $0.revokeToken(try #require(try TokenRecord.all(of: Role.owner.rawValue, in: $0.database).first).id)
        },
        Operation("revision restore DELETED", .manageRole) {
            _ = try $0.restore(try #require(try RevisionRecord.restorable(in: $0.database).first).id)
        },
        Operation("recycle-bin list", .readA) { _ = try $0.binEntries() },
        Operation("recycle-bin list --type integration", .readA) { _ = try $0.binEntries(type: .integration) },
        Operation("recycle-bin restore BINNED", .manageA) { _ = try $0.restoreFromBin(try binned($0, .api)) },
        Operation("recycle-bin restore GONE", .manageRole) { _ = try $0.restoreFromBin(try binned($0, .integration)) },
        Operation("recycle-bin purge BINNED", .administrator) { try $0.purgeBinEntry(try binned($0, .api)) },
        Operation("recycle-bin purge --older-than 1s", .administrator) { try $0.purgeBin(olderThan: 1000) },
        Operation("recycle-bin retention 10", .owner) { try $0.setBinRetention(days: 10) },
    ]

    /// The id of the template's bin entry of a kind (read past permissions: the case is about the operation).
    static func binned(_ workspace: Workspace, _ kind: ResourceKind) throws -> String {
        try #require(try BinRecord.all(kind: kind, integrationID: nil, in: workspace.database).first).id
    }

    /// The snapshot the template takes of A (A changed after it).
    static func snapshotOfA(_ workspace: Workspace) throws -> String {
        try #require(try RevisionRecord.history(of: workspace.findIntegration("A").id, in: workspace.database).last { $0.type == .snapshot }).id
    }

    /// Built once through the library, copied for every case.
    static let template: String = {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("matrix-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("template.sqlite").path
        let owner = try! Workspace.create(at: path, owner: Role.owner.rawValue)
        for name in ["A", "B", "Empty"] { _ = try! owner.createIntegration(name: name) }
        _ = try! owner.createFlow(name: "FA", integration: "A")
        _ = try! owner.createFlow(name: "FB", integration: "B")
        _ = try! owner.createAPI(name: "AA", integration: "A")
        _ = try! owner.createTool(name: "TA", integration: "A")
        _ = try! owner.createConnection(name: "CA", type: "http")
        _ = try! owner.createConnection(name: "CA2", type: "http", integration: "A")
        _ = try! owner.createConnection(name: "CB", type: "salesforce", offline: true, integration: "B")
        _ = try! owner.createConnection(name: "CX", type: "netsuite")
        _ = try! owner.createStep(.export, name: "EA", flow: "FA", connection: "CA")
        _ = try! owner.createStep(.import, name: "IA", flow: "FA", connection: "CA")
        _ = try! owner.createStep(.import, name: "SA", integration: "A")
        _ = try! owner.createGroup(name: "GA", integration: "A")
        _ = try! owner.setSetting("EA", at: "/x", to: 1)
        _ = try! owner.createConnection(name: "CA3", type: "http", integration: "A")
        _ = try! owner.createAlias("ga", integration: "A", target: "CA3")
        _ = try! owner.snapshot("A", description: "Before")
        _ = try! owner.editIntegration("A", description: "After the snapshot")
        _ = try! owner.createIntegration(name: "Src")
        _ = try! owner.createFlow(name: "FS", integration: "Src")
        _ = try! owner.cloneIntegration("Src", options: InstallOptions(name: "CloneS"))
        _ = try! owner.editItem(.flow, "FS", integration: "CloneS", ItemEdit(description: "Changed in the clone"))
        _ = try! owner.createIntegration(name: "Gone")
        _ = try! owner.deleteIntegration("Gone")
        _ = try! owner.createToken(label: "The owner's")
        _ = try! owner.createAPI(name: "Binned", integration: "A")
        _ = try! owner.deleteItems(.api, ["Binned"])
        _ = try! owner.addUser("nora", role: .monitor)
        let roles: [(Role, User.Role)] = [
            (.administrator, .administrator), (.manage, .manage), (.monitor, .monitor), (.tileManage, .tile),
            (.tileMonitor, .tile),
        ]
        for (role, userRole) in roles { _ = try! owner.addUser(role.rawValue, role: userRole) }
        _ = try! owner.grant(Role.tileManage.rawValue, integration: "A", access: .manage)
        _ = try! owner.grant(Role.tileMonitor.rawValue, integration: "A", access: .monitor)
        return path
    }()

    static var cases: [(Role, Operation)] { Role.allCases.flatMap { role in operations.map { (role, $0) } } }

    @Test(arguments: cases)
    func roleTimesOperation(role: Role, operation: Operation) throws {
        let copy = try Self.copyOfTemplate()
        try Self.check(operation, by: role, in: copy, through: try Workspace.open(at: copy, as: role.rawValue), allowed: operation.needs.allows(role))
    }

    /// Runs the operation: allowed, it succeeds; denied, it fails with exit 4 naming the role,
    /// and adds nothing to the file but one `denied` audit row.
    static func check(_ operation: Operation, by role: Role, in copy: String, through workspace: Workspace, allowed: Bool) throws {
        let before = try Store(path: copy).contentDump()
        do {
            try operation.run(workspace)
            #expect(allowed, "\(role) should have been denied (scope \(workspace.scope.text))")
            return
        } catch let error as WorkspaceError {
            guard !allowed else {
                Issue.record("\(role) should be allowed (scope \(workspace.scope.text)): \(error.message)")
                return
            }
            #expect(error.kind == .denied, "\(role) should be denied, got \(error.kind): \(error.message)")
            #expect(error.message.hasPrefix("permission denied: \(role.rawValue) ("), "\(error.message)")
        }
        let database = try Store(path: copy)
        #expect(withoutAudit(try database.contentDump()) == withoutAudit(before), "a denial changed the file")
        let last = try #require(try database.row("SELECT user_name, action FROM audit ORDER BY seq DESC LIMIT 1"))
        #expect(try last.text(at: 0) == role.rawValue && (try last.text(at: 1)) == "denied")
    }

    /// What a token may reach, besides `full` (the matrix above).
    enum Scope: String, CaseIterable, Sendable {
        case read, manageA = "integration:A:manage", monitorA = "integration:A:monitor"

        /// Whether the scope lets the operation through (the role decides too): reads within
        /// what it reaches; changes only within an integration it manages. No scoped token
        /// makes or revokes tokens; Standalone's log is outside A.
        func allows(_ operation: Operation) -> Bool {
            guard !operation.command.hasPrefix("token create"), !operation.command.hasPrefix("token revoke") else { return false }
            switch self {
            case .read:
                let accountReads = ["audit", "audit verify", "db info", "db copy --to NEW --dry-run"]
                return [.readA, .readB].contains(operation.needs) || accountReads.contains(operation.command)
            case .manageA, .monitorA:
                guard operation.command != "audit --integration none" else { return false }
                return operation.needs == .readA || (self == .manageA && operation.needs == .manageA)
            }
        }
    }

    static var scopedCases: [(Scope, Role, Operation)] {
        Scope.allCases.flatMap { scope in Role.allCases.flatMap { role in operations.map { (scope, role, $0) } } }
    }

    /// The same matrix through tokens of every other scope: never more than both the role and
    /// the scope allow, denied the same way (exit 4, one `denied` row, nothing else written).
    @Test(arguments: scopedCases)
    func scopeTimesRoleTimesOperation(scope: Scope, role: Role, operation: Operation) throws {
        let copy = try Self.copyOfTemplate()
        let user = try Workspace.open(at: copy, as: role.rawValue)
        let workspace = Workspace(database: user.database, user: user.user, source: .api, scope: try user.tokenScope([scope.rawValue]))
        try Self.check(operation, by: role, in: copy, through: workspace, allowed: operation.needs.allows(role) && scope.allows(operation))
    }

    /// Each kind of permission lets some roles in and keeps others out, and every kind is used.
    @Test func everyKindOfPermissionSplitsTheRoles() {
        for needs in Needs.allCases {
            let allowed = Role.allCases.filter(needs.allows)
            #expect(!allowed.isEmpty && allowed.count < Role.allCases.count || needs == .readA, "\(needs)")
            #expect(Self.operations.contains { $0.needs == needs }, "no operation needs \(needs)")
        }
    }

    static func copyOfTemplate() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("case-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("workspace.sqlite").path
        try FileManager.default.copyItem(atPath: template, toPath: path)
        return path
    }
}
