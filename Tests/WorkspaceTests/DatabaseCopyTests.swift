import Foundation
import Testing

@testable import Workspace
@testable import WorkspaceStore

/// `db info` and `db copy`: a workspace moved whole into a new file or an empty PostgreSQL
/// database, in one transaction, then proved the same (rows per table, content digest, audit
/// chain to the source's head, revision store).
@Suite struct DatabaseCopyTests {
    /// A workspace with something of every kind: the document fixtures' plant, a revision, a
    /// token, a pin, a grant, an integration that held items and holds none now.
    static func plant() throws -> Scratch {
        let scratch = try DocumentTests.plant(seed: 7)
        let w = scratch.workspace
        _ = try w.snapshot("Source", description: "before copying")
        _ = try w.cloneIntegration("Source", options: InstallOptions(name: "Clone"))
        _ = try w.createToken(label: "copied")
        _ = try w.pin("Source")
        _ = try w.addUser("tim", role: .tile)
        _ = try w.grant("tim", integration: "Source", access: .monitor)
        _ = try w.createIntegration(name: "Emptied")
        _ = try w.createFlow(name: "Leaves", integration: "Emptied")
        _ = try w.moveItems(.flow, ["Leaves"], to: "none")
        return scratch
    }

    static func newFile() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("copy-\(UUID().uuidString).sqlite").path
    }

    @Test func aCopyIsTheSameRowForRowAndVerified() throws {
        let scratch = try Self.plant()
        let target = Self.newFile()
        let copy = try scratch.workspace.copyDatabase(to: target)
        #expect(!copy.dryRun && copy.targetEngine == .sqlite && copy.rows > 100)
        #expect(try Store(path: target).contentDigest() == scratch.workspace.database.contentDigest())
        if TestEngine.current.isSQLite { #expect(try Store(path: target).contentDump() == scratch.dump()) }
        let reopened = try Workspace.open(at: target, as: "olivia")
        #expect(try reopened.auditHead() == scratch.workspace.auditHead())
        // The copy lives on: new rows follow the copied ones.
        _ = try reopened.createFlow(name: "After the copy")
        #expect(try reopened.verifyAudit().problem == nil)
    }

    @Test func aDryRunChecksTheTargetAndWritesNothing() throws {
        let scratch = try Self.plant()
        let target = Self.newFile()
        let before = try scratch.dump()
        let plan = try scratch.workspace.copyDatabase(to: target, dryRun: true)
        #expect(plan.dryRun && plan.digest == nil && plan.tables.first?.table == "users")
        #expect(!FileManager.default.fileExists(atPath: target))
        #expect(try scratch.dump() == before)
    }

    @Test func anOccupiedTargetIsRefusedAndLeftAlone() throws {
        let scratch = try Self.plant()
        let other = try Scratch()
        let before = try other.dump()
        for dryRun in [false, true] {
            do {
                _ = try scratch.workspace.copyDatabase(to: other.path, dryRun: dryRun)
                Issue.record("copied over a workspace")
            } catch let error as WorkspaceError {
                #expect(error.exitCode == 1 && error.message.contains("already exists"), "\(error.message)")
            }
        }
        #expect(try other.dump() == before)
    }

    @Test func infoDescribesTheDatabase() throws {
        let scratch = try Self.plant()
        let info = try scratch.workspace.databaseInfo()
        #expect(info.schemaVersion == Schema.version && info.bytes > 0)
        #expect(info.tables.first { $0.table == "integrations" }?.rows == 4)
        #expect(info.engine == (TestEngine.current.isSQLite ? .sqlite : .postgresql))
    }

    /// A file → PostgreSQL → file round trip gives the same content; the PostgreSQL copy takes
    /// new rows after the copied ones (its identities caught up).
    @Test(PostgreSQLTests.needsServer, .sqliteOnly) func aFileGoesToPostgreSQLAndBackUnchanged() throws {
        let scratch = try Self.plant()
        let database = try PostgreSQLTests.emptyDatabase()
        let there = try scratch.workspace.copyDatabase(to: database)
        #expect(there.targetEngine == .postgresql)
        let onPostgres = try Workspace.open(at: database, as: "olivia")
        let back = Self.newFile()
        let again = try onPostgres.copyDatabase(to: back)
        #expect(again.digest == there.digest)
        #expect(try Store(path: back).contentDump() == scratch.dump())
        _ = try onPostgres.createFlow(name: "After the copy")
        _ = try onPostgres.createIntegration(name: "Also after")
        #expect(try onPostgres.verifyAudit().problem == nil)
    }
}
