import Foundation
import Testing
@testable import Workspace

/// Every role (and tile with manage or monitor access to integration A) times every mutating
/// command, run through the binary: allowed commands exit 0; denied ones exit 4, name the
/// permission, and add nothing to the file but one `denied` audit row.
/// Extend `commands` whenever a capability adds a command.
@Suite struct PermissionMatrixTests {
    enum Role: String, CaseIterable, Sendable {
        case owner = "olivia", administrator = "adam", manage = "mary", monitor = "moe"
        case tileManage = "tim", tileMonitor = "tom"
    }

    /// Who may run a command.
    enum Needs: Sendable {
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
            case .administrator: [.owner, .administrator].contains(role)
            case .manageRole: [.owner, .administrator, .manage].contains(role)
            case .manageA: [.owner, .administrator, .manage, .tileManage].contains(role)
            case .readB: ![.tileManage, .tileMonitor].contains(role)
            case .readA: true
            }
        }
    }

    struct Command: Sendable, CustomTestStringConvertible {
        let arguments: [String]
        let needs: Needs
        var testDescription: String { arguments.joined(separator: " ") }
    }

    static let commands: [Command] = [
        Command(arguments: ["integration", "create", "New"], needs: .manageRole),
        Command(arguments: ["integration", "edit", "A", "--description", "x"], needs: .manageA),
        Command(arguments: ["integration", "edit", "B", "--name", "B2"], needs: .manageRole),
        Command(arguments: ["integration", "delete", "Empty"], needs: .manageRole),
        Command(arguments: ["integration", "delete", "A", "--detach"], needs: .manageRole),
        Command(arguments: ["integration", "show", "B"], needs: .readB),
        Command(arguments: ["flow", "create", "f", "--integration", "A"], needs: .manageA),
        Command(arguments: ["flow", "create", "f"], needs: .manageRole),
        Command(arguments: ["flow", "edit", "FA", "--disable"], needs: .manageA),
        Command(arguments: ["flow", "move", "FA", "--to", "none"], needs: .manageRole),
        Command(arguments: ["flow", "move", "FB", "--to", "A"], needs: .manageRole),
        Command(arguments: ["flow", "delete", "FA"], needs: .manageA),
        Command(arguments: ["flow", "show", "FB"], needs: .readB),
        Command(arguments: ["api", "create", "a", "--integration", "A"], needs: .manageA),
        Command(arguments: ["api", "edit", "AA", "--path", "/x"], needs: .manageA),
        Command(arguments: ["api", "move", "AA", "--to", "B"], needs: .manageRole),
        Command(arguments: ["api", "delete", "AA"], needs: .manageA),
        Command(arguments: ["tool", "create", "t", "--integration", "A"], needs: .manageA),
        Command(arguments: ["tool", "edit", "TA", "--input-schema", "{}"], needs: .manageA),
        Command(arguments: ["tool", "move", "TA", "--to", "none"], needs: .manageRole),
        Command(arguments: ["tool", "delete", "TA"], needs: .manageA),
        Command(arguments: ["user", "add", "nina", "--role", "tile"], needs: .administrator),
        Command(arguments: ["user", "edit", "moe", "--role", "manage"], needs: .administrator),
        Command(arguments: ["user", "remove", "moe"], needs: .administrator),
        Command(arguments: ["user", "grant", "tom", "--integration", "B", "--access", "monitor"], needs: .administrator),
        Command(arguments: ["user", "revoke", "tom", "--integration", "A"], needs: .administrator),
        Command(arguments: ["user", "list"], needs: .administrator),
        Command(arguments: ["audit"], needs: .administrator),
        Command(arguments: ["connection", "create", "c", "--type", "http"], needs: .manageRole),
        Command(arguments: ["connection", "create", "c", "--type", "http", "--integration", "A"], needs: .manageA),
        Command(arguments: ["connection", "disconnect", "CA"], needs: .manageA),
        Command(arguments: ["connection", "edit", "CB", "--name", "x"], needs: .manageRole),
        Command(arguments: ["connection", "delete", "CX"], needs: .manageRole),
        Command(arguments: ["connection", "register", "CB", "--integration", "A"], needs: .manageRole),
        Command(arguments: ["connection", "register", "CA", "--integration", "B"], needs: .manageRole),
        Command(arguments: ["connection", "deregister", "CA2", "--integration", "A"], needs: .manageA),
        Command(arguments: ["connection", "show", "CB"], needs: .readB),
        Command(arguments: ["export", "create", "e", "--flow", "FA", "--connection", "CA"], needs: .manageA),
        Command(arguments: ["export", "create", "e", "--flow", "FA", "--connection", "CA", "--lookup"], needs: .manageA),
        Command(arguments: ["import", "create", "i", "--flow", "FA", "--connection", "CA2"], needs: .manageA),
        Command(arguments: ["export", "edit", "EA", "--name", "x"], needs: .manageA),
        Command(arguments: ["import", "edit", "IA", "--connection", "CA2"], needs: .manageA),
        Command(arguments: ["export", "delete", "EA", "--force"], needs: .manageA),
        Command(arguments: ["import", "delete", "IA", "--force"], needs: .manageA),
        Command(arguments: ["flow", "steps", "FA", "--move", "IA", "--first"], needs: .manageA),
        Command(arguments: ["flow", "clone", "FA"], needs: .manageA),
        Command(arguments: ["flow", "clone", "FA", "--to", "B"], needs: .manageRole),
        Command(arguments: ["flow", "move", "FA", "--to", "A", "--group", "GA"], needs: .manageA),
        Command(arguments: ["group", "create", "G", "--integration", "A"], needs: .manageA),
        Command(arguments: ["group", "rename", "GA", "G2"], needs: .manageA),
        Command(arguments: ["group", "reorder", "GA", "--last"], needs: .manageA),
        Command(arguments: ["group", "delete", "GA"], needs: .manageA),
        Command(arguments: ["integration", "pin", "A"], needs: .readA),
        Command(arguments: ["integration", "pin", "B"], needs: .readB),
        Command(arguments: ["integration", "unpin", "A"], needs: .readA),
        Command(arguments: ["integration", "reorder", "A", "--first"], needs: .readA),
        Command(arguments: ["integration", "reorder", "B", "--last"], needs: .readB),
        Command(arguments: ["settings", "set", "A", "/a", "1"], needs: .manageA),
        Command(arguments: ["settings", "set", "FA", "/a", "1"], needs: .manageA),
        Command(arguments: ["settings", "set", "GA", "--group", "/a", "1"], needs: .manageA),
        Command(arguments: ["settings", "set", "IA", "/a", "1"], needs: .manageA),
        Command(arguments: ["settings", "unset", "EA", "/x"], needs: .manageA),
        Command(arguments: ["settings", "set", "B", "/a", "1"], needs: .manageRole),
        Command(arguments: ["settings", "set", "connection:CB", "/a", "1"], needs: .manageRole),
        Command(arguments: ["settings", "get", "B"], needs: .readB),
        Command(arguments: ["settings", "resolve", "FB", "--explain"], needs: .readB),
        Command(arguments: ["alias", "create", "x", "--integration", "A", "--target", "FA"], needs: .manageA),
        Command(arguments: ["alias", "create", "x", "--integration", "A", "--flow", "FA", "--target", "EA"], needs: .manageA),
        Command(arguments: ["alias", "delete", "ga", "--integration", "A"], needs: .manageA),
        Command(arguments: ["alias", "create", "x", "--integration", "B", "--target", "FB"], needs: .manageRole),
        Command(arguments: ["alias", "list", "--integration", "B"], needs: .readB),
        Command(arguments: ["alias", "resolve", "ga", "--integration", "A"], needs: .readA),
        Command(arguments: ["flow", "delete", "FA", "--force"], needs: .manageA),
        Command(arguments: ["connection", "deregister", "CA3", "--integration", "A", "--force"], needs: .manageA),
        Command(arguments: ["integration", "delete", "A", "--cascade"], needs: .manageRole),
        Command(arguments: ["audit", "verify"], needs: .administrator),
        Command(arguments: ["audit", "--integration", "A", "--csv"], needs: .readA),
        Command(arguments: ["audit", "--integration", "B"], needs: .readB),
        Command(arguments: ["audit", "--integration", "none"], needs: .readA),
    ]

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
        _ = try! owner.createConnection(name: "CB", type: "salesforce", integration: "B")
        _ = try! owner.createConnection(name: "CX", type: "netsuite")
        _ = try! owner.createStep(.export, name: "EA", flow: "FA", connection: "CA")
        _ = try! owner.createStep(.import, name: "IA", flow: "FA", connection: "CA")
        _ = try! owner.createGroup(name: "GA", integration: "A")
        _ = try! owner.setSetting("EA", at: "/x", to: 1)
        _ = try! owner.createConnection(name: "CA3", type: "http", integration: "A")
        _ = try! owner.createAlias("ga", integration: "A", target: "CA3")
        let roles: [(Role, User.Role)] = [
            (.administrator, .administrator), (.manage, .manage), (.monitor, .monitor), (.tileManage, .tile),
            (.tileMonitor, .tile),
        ]
        for (role, userRole) in roles { _ = try! owner.addUser(role.rawValue, role: userRole) }
        _ = try! owner.grant(Role.tileManage.rawValue, integration: "A", access: .manage)
        _ = try! owner.grant(Role.tileMonitor.rawValue, integration: "A", access: .monitor)
        return path
    }()

    static var cases: [(Role, Command)] { Role.allCases.flatMap { role in commands.map { (role, $0) } } }

    @Test(arguments: cases)
    func roleTimesCommand(role: Role, command: Command) throws {
        let cli = try CLI()
        try FileManager.default.copyItem(atPath: Self.template, toPath: cli.path)
        let before = try Database(path: cli.path).contentDump()
        let result = try cli.run(command.arguments, as: role.rawValue)
        if command.needs.allows(role) {
            #expect(result.code == 0, "\(role) should be allowed: \(result.stderr)")
            return
        }
        #expect(result.code == 4, "\(role) should be denied, got \(result.code): \(result.stderr)")
        #expect(result.stderr.hasPrefix("error: permission denied: \(role.rawValue) ("), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        let database = try Database(path: cli.path)
        #expect(withoutAudit(try database.contentDump()) == withoutAudit(before), "a denial changed the file")
        let last = try #require(try database.row("SELECT user, action FROM audit ORDER BY seq DESC LIMIT 1"))
        #expect(last.string(0) == role.rawValue && last.string(1) == "denied")
    }

    @Test func theMatrixCoversEveryRoleAndCommand() {
        #expect(Self.cases.count == Role.allCases.count * Self.commands.count)
        #expect(Role.allCases.count == 6)
    }

    private func withoutAudit(_ dump: String) -> String {
        var keep = true
        return dump.split(separator: "\n").filter { line in
            if line.hasPrefix("# ") { keep = line != "# audit" }
            return keep
        }.joined(separator: "\n")
    }
}
