import Foundation
import Testing

@testable import Workspace
@testable import WorkspaceStore

/// One command of each kind of permission through the binary, run by a role it allows and by
/// one it denies (the whole role × operation matrix runs in-process: PermissionMatrixTests).
@Suite struct PermissionCLITests {
    struct Case: Sendable, CustomTestStringConvertible {
        let arguments: [String]
        let allowed: String
        let denied: String
        var testDescription: String { arguments.joined(separator: " ") }
    }

    static let cases = [
        Case(arguments: ["user", "add", "nina", "--role", "tile"], allowed: "adam", denied: "mary"),
        Case(arguments: ["integration", "create", "New"], allowed: "mary", denied: "moe"),
        Case(arguments: ["flow", "create", "f", "--integration", "A"], allowed: "tim", denied: "tom"),
        Case(arguments: ["integration", "show", "B"], allowed: "moe", denied: "tim"),
        Case(arguments: ["alias", "resolve", "orders", "--integration", "A"], allowed: "tom", denied: "nobody-at-all"),
    ]

    static func workspace() throws -> CLI {
        let cli = try CLI.initialized()
        for name in ["A", "B"] { try cli.run("integration", "create", name) }
        try cli.run("flow", "create", "F", "--integration", "A")
        try cli.run("alias", "create", "orders", "--integration", "A", "--target", "F")
        for (name, role) in [("adam", "administrator"), ("mary", "manage"), ("moe", "monitor"), ("tim", "tile"), ("tom", "tile")] {
            try cli.run("user", "add", name, "--role", role)
        }
        try cli.run("user", "grant", "tim", "--integration", "A", "--access", "manage")
        try cli.run("user", "grant", "tom", "--integration", "A", "--access", "monitor")
        return cli
    }

    @Test(arguments: cases)
    func allowedAndDenied(_ command: Case) throws {
        let cli = try Self.workspace()
        let before = try Store(location: cli.path).contentDump()
        let denied = try cli.run(command.arguments, as: command.denied)
        #expect(denied.code == 4 && denied.stderr.hasPrefix("error: "), "\(denied.stderr)")
        #expect(denied.stdout.isEmpty)
        let database = try Store(location: cli.path)
        if command.denied != "nobody-at-all" {
            #expect(denied.stderr.contains("permission denied: \(command.denied) ("), "\(denied.stderr)")
            let last = try #require(try database.row("SELECT user_name, action FROM audit ORDER BY seq DESC LIMIT 1"))
            #expect(try last.text(at: 0) == command.denied && (try last.text(at: 1)) == "denied")
        } else {
            #expect(try database.contentDump() == before, "an unknown user changed the file")
        }
        let allowed = try cli.run(command.arguments, as: command.allowed)
        #expect(allowed.code == 0, "\(allowed.stderr)")
    }
}
