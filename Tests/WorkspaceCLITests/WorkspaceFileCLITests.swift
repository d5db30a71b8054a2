import Foundation
import Testing
@testable import Workspace
@testable import WorkspaceStore

@Suite struct WorkspaceFileCLITests {
    @Test func initCreatesTheWorkspaceWithItsOwner() throws {
        let cli = try CLI()
        let result = try cli.run("init", "--owner", "olivia", "--json")
        #expect(result.code == 0)
        #expect(try result.json()["owner"] == ["name": "olivia", "role": "owner"])
        #expect(result.stderr.isEmpty)
        let home = try cli.json("home")
        #expect(home == .array([home.arrayValue?.first ?? .null]))
        #expect(home.arrayValue?.first?["_id"] == "none")
        #expect(home.arrayValue?.first?["name"] == "Standalone flows")
    }

    /// A SQLite failure speaks of the user's problem; what SQLite said, and the statement, are
    /// shown only under WORKSPACE_DEBUG=1, for whoever debugs it.
    @Test(.sqliteOnly) func theStoresOwnWordsAreForDebuggingOnly() throws {
        let cli = try CLI.initialized()
        let lock = try Store(path: cli.path)
        try lock.execute("BEGIN IMMEDIATE")
        defer { try? lock.execute("ROLLBACK") }
        let quick = ["WORKSPACE_BUSY_TIMEOUT_MS": "50"]
        let plain = try cli.run(["integration", "create", "A"], environment: quick)
        #expect(plain.code == 5 && plain.stderr.hasPrefix("error: the workspace"), "\(plain.stderr)")
        #expect(!plain.stderr.contains("SQLite") && !plain.stderr.contains("BEGIN"), "\(plain.stderr)")
        let debug = try cli.run(["integration", "create", "A"], environment: quick.merging(["WORKSPACE_DEBUG": "1"]) { $1 })
        #expect(debug.code == 5 && debug.stderr.contains("note: debug: SQLite error 5 (database is locked) in: BEGIN IMMEDIATE"), "\(debug.stderr)")
    }

    @Test func initTakesTheOwnerFromTheEnvironment() throws {
        let cli = try CLI()
        let result = try cli.run("init", as: "wanda", environment: ["USER": "ignored"])
        #expect(result.code == 0)
        #expect(result.stdout.contains("owned by wanda"))
        #expect(try cli.run("home", as: "wanda").code == 0)
    }

    @Test func initOnAnExistingWorkspaceIsRefused() throws {
        let cli = try CLI.initialized()
        try cli.expectFailure(1, "already exists", "init")
    }

    @Test func theDbOptionBeatsTheEnvironment() throws {
        let cli = try CLI.initialized()
        let other = cli.folder.appendingPathComponent("other.sqlite").path
        #expect(try cli.run("init", "--db", other, "--owner", "olivia").code == 0)
        #expect(try cli.run("integration", "create", "Only here", "--db", other).code == 0)
        #expect(try cli.json("home").arrayValue?.count == 1)
        let list = try cli.run("home", "--db", other, "--json")
        #expect(try list.json().arrayValue?.count == 2)
    }

    @Test(.sqliteOnly) func everyCommandOnAMissingFileSaysToRunInit() throws {
        let cli = try CLI()
        for command in [["home"], ["integration", "list"], ["flow", "create", "x"], ["audit"]] {
            let result = try cli.run(command)
            #expect(result.code == 2)
            #expect(result.stderr.contains("no workspace at \(cli.path)"))
            #expect(result.stderr.contains("workspace init"))
            #expect(!FileManager.default.fileExists(atPath: cli.path))
        }
    }

    @Test func anUnknownActingUserIsRefused() throws {
        let cli = try CLI.initialized()
        try cli.expectFailure(4, "mallory is not a user", "integration", "create", "X", as: "mallory")
        try cli.expectFailure(4, "mallory is not a user", "home", "--as", "mallory")
    }

    @Test(.sqliteOnly) func aNewerSchemaIsRefusedWithExit5() throws {
        let cli = try CLI.initialized()
        try Store(path: cli.path).execute("PRAGMA user_version = 42")
        try cli.expectFailure(5, "newer version", "home")
        try cli.expectFailure(5, "newer version", "integration", "create", "X")
    }

    @Test(.sqliteOnly) func aFileThatIsNotAWorkspaceIsRefusedWithExit5() throws {
        let cli = try CLI()
        try Data(repeating: 0x41, count: 4096).write(to: URL(fileURLWithPath: cli.path))
        try cli.expectFailure(5, "not a workspace", "home")
    }

    /// An argument that is not UTF-8 is refused, not stored with U+FFFD in place of its bytes.
    @Test func invalidUTF8ArgumentsAreRefused() throws {
        let cli = try CLI.initialized()
        let before = try cli.state()
        // A script holding the raw byte 0xFF, so that no String conversion on the way repairs it.
        let script = cli.folder.appendingPathComponent("invalid.sh")
        try Data(Array(#"exec "$1" integration create "x"#.utf8) + [0xFF] + Array("y\"\n".utf8)).write(to: script)
        let result = try cli.run([], launcher: ["/bin/sh", script.path])
        #expect(result.code == 3 && result.stderr.hasPrefix("error: argument 3 is not valid UTF-8 text"), "\(result.stderr)")
        let after = try cli.state()
        #expect(after.dump == before.dump && after.bytes == before.bytes)
    }

    @Test func usageErrorsExit64() throws {
        let cli = try CLI.initialized()
        try cli.expectFailure(64, "error: ", "integration", "create")
        try cli.expectFailure(64, "error: ", "flow", "frobnicate")
        try cli.expectFailure(64, "error: ", "integration", "delete", "X", "--detach", "--cascade")
        try cli.expectFailure(64, "error: ", "integration", "edit", "X")
    }

    @Test(.sqliteOnly) func aBusyWorkspaceExits5() throws {
        let cli = try CLI.initialized()
        let holder = try Store(path: cli.path)
        try holder.execute("BEGIN IMMEDIATE")
        defer { try? holder.execute("ROLLBACK") }
        let result = try cli.run("integration", "create", "X", environment: ["WORKSPACE_BUSY_TIMEOUT_MS": "50"])
        #expect(result.code == 5, "\(result.stderr)")
        #expect(result.stderr.contains("locked"))
    }
}

extension JSONValue {
    var arrayValue: [JSONValue]? {
        if case .array(let elements) = self { return elements }
        return nil
    }
}
