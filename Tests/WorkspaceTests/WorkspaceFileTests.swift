import Foundation
import Testing

@testable import Workspace
@testable import WorkspaceStore

@Suite struct WorkspaceFileTests {
    @Test(.sqliteOnly) func initCreatesOwnerAndStandaloneInAPrivateFile() throws {
        let scratch = try Scratch(owner: "olivia")
        #expect(scratch.workspace.user == User(name: "olivia", role: .owner))
        let standalone = try scratch.workspace.integration("none")
        #expect(standalone.name == "Standalone flows")
        #expect(try scratch.workspace.integration("Standalone flows").id == "none")
        let attributes = try FileManager.default.attributesOfItem(atPath: scratch.path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let log = try scratch.workspace.lastAudit(2)
        #expect(log.map(\.action.rawValue) == ["create", "create"])
        #expect(log.map(\.source.rawValue) == ["system", "system"])
    }

    @Test(.sqliteOnly) func initRefusesAnExistingFile() throws {
        let scratch = try Scratch()
        let bytes = try Data(contentsOf: URL(fileURLWithPath: scratch.path))
        #expect(throws: WorkspaceError.refused("a workspace already exists at \(scratch.path)", hint: "pass --db PATH to create another one")) {
            try Workspace.create(at: scratch.path, owner: "x")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: scratch.path)) == bytes)
    }

    @Test func openingAMissingFileSaysToRunInit() {
        do {
            _ = try Workspace.open(at: "/nonexistent/w.sqlite", as: "x")
            Issue.record("opened a missing file")
        } catch let error as WorkspaceError {
            #expect(error.kind == .notFound)
            #expect(error.hint?.contains("workspace init") == true)
        } catch { Issue.record("\(error)") }
    }

    @Test func theActingUserMustExist() throws {
        let scratch = try Scratch()
        #expect(throws: WorkspaceError.self) { try Workspace.open(at: scratch.path, as: "mallory") }
        do { _ = try Workspace.open(at: scratch.path, as: "mallory") } catch let error as WorkspaceError {
            #expect(error.kind == .denied)
        }
        #expect(try Workspace.open(at: scratch.path, as: "olivia").user.role == .owner)
    }

    @Test(.sqliteOnly) func aNewerSchemaIsRefusedAndLeftUntouched() throws {
        let scratch = try Scratch()
        try scratch.workspace.database.execute("PRAGMA user_version = 99")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: scratch.path))
        do {
            _ = try Workspace.open(at: scratch.path, as: "olivia")
            Issue.record("opened a newer file")
        } catch let error as WorkspaceError {
            #expect(error.kind == .unavailable)
            #expect(error.message.contains("newer"))
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: scratch.path)) == bytes)
    }

    @Test func aFileThatIsNotAWorkspaceIsRefused() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("junk-\(UUID().uuidString)").path
        try Data("this is not a database, just some text that is long enough".utf8).write(to: URL(fileURLWithPath: path))
        do {
            _ = try Workspace.open(at: path, as: "x")
            Issue.record("opened junk")
        } catch let error as WorkspaceError {
            #expect(error.kind == .unavailable)
        }
    }

    @Test func anOtherSQLiteFileIsNotAWorkspace() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("other-\(UUID().uuidString)").path
        let database = try Store(path: path, create: true)
        try database.execute("CREATE TABLE t (x)")
        do {
            _ = try Workspace.open(at: path, as: "x")
            Issue.record("opened another program's file")
        } catch let error as WorkspaceError {
            #expect(error.kind == .unavailable)
        }
    }

    @Test func aRolledBackTransactionLeavesNothing() throws {
        let scratch = try Scratch()
        let before = try scratch.dump()
        struct Boom: Error {}
        #expect(throws: Boom.self) {
            try scratch.workspace.write { audit in
                try audit.record(.integration, id: "x", name: "x", integration: nil, action: .create)
                throw Boom()
            }
        }
        #expect(try scratch.dump() == before)
    }

    @Test func theAuditLogRefusesUpdatesAndDeletes() throws {
        let scratch = try Scratch()
        #expect(throws: WorkspaceError.self) { try scratch.workspace.database.execute("DELETE FROM audit") }
        #expect(throws: WorkspaceError.self) { try scratch.workspace.database.execute("UPDATE audit SET user_name = 'x'") }
        #expect(try scratch.workspace.auditCount() == 2)
    }
}

@Suite struct ChangeStampTests {
    /// Reads leave the stamp as it is; a commit through this workspace or through another
    /// connection (as another process's would) moves it.
    @Test func theStampMovesWithEveryCommitAndOnlyThen() throws {
        let scratch = try Scratch()
        let first = try scratch.workspace.changeStamp()
        _ = try scratch.workspace.home()
        #expect(try scratch.workspace.changeStamp() == first, "a read changes nothing")
        _ = try scratch.workspace.createIntegration(name: "Mine")
        let afterOwn = try scratch.workspace.changeStamp()
        #expect(afterOwn != first, "this connection's own commit")
        _ = try Workspace.open(at: scratch.path, as: "olivia").createIntegration(name: "Theirs")
        #expect(try scratch.workspace.changeStamp() != afterOwn, "another connection's commit")
    }
}
