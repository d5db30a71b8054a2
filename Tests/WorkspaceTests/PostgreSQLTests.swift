import Foundation
import Testing

@testable import Workspace
@testable import WorkspaceStore

/// The PostgreSQL engine. The whole library suite also runs on it (WORKSPACE_TEST_ENGINE=
/// postgresql); these are what only PostgreSQL has: its addresses, its errors, the writers'
/// advisory lock, its triggers. They need the server WORKSPACE_TEST_POSTGRES names (CI starts
/// one) and say so when it is not given.
@Suite struct PostgreSQLTests {
    static let admin = ProcessInfo.processInfo.environment["WORKSPACE_TEST_POSTGRES"]
    static let needsServer = ConditionTrait.enabled(
        if: admin != nil, "set WORKSPACE_TEST_POSTGRES to a PostgreSQL server's address to run it")

    /// A new, empty database's address.
    static func emptyDatabase() throws -> String {
        try TestEngine.postgresql(admin: #require(admin)).newWorkspaceLocation(in: FileManager.default.temporaryDirectory)
    }

    /// PostgreSQL workspaces start at the baseline; every migration after it must say what it
    /// does there too.
    @Test func everyMigrationAfterTheBaselineHasAPostgreSQLBody() {
        #expect(PostgreSQLSchema.baselineVersion <= Schema.version)
        for migration in Schema.migrations[PostgreSQLSchema.baselineVersion...] {
            #expect(migration.postgres != nil, "migration \"\(migration.name)\" has no PostgreSQL body")
        }
    }

    @Test func placeholdersAreNumberedOutsideQuotedText() {
        let dialect = PostgreSQLDialect()
        #expect(dialect.placeholders("SELECT a FROM t WHERE b = ? AND c = ?") == "SELECT a FROM t WHERE b = $1 AND c = $2")
        #expect(dialect.placeholders("WHERE ?1 IS NULL OR d = ?1 AND e = ?2") == "WHERE $1 IS NULL OR d = $1 AND e = $2")
        #expect(dialect.placeholders("WHERE f LIKE ? ESCAPE '\\' AND g = '?' AND \"h?\" = ?") == "WHERE f LIKE $1 ESCAPE '\\' AND g = '?' AND \"h?\" = $2")
    }

    /// A bound list reaches PostgreSQL as a text array, quotes and backslashes intact; a value
    /// with a NUL character (which no stored text holds) is left out rather than failing.
    @Test(needsServer) func aBoundListKeepsEveryValueExactly() throws {
        let store = try Store(address: try #require(Self.admin))
        let values = [#"plain"#, #"with "quotes""#, #"back\\slash"#, "comma, brace}", "ünï", "NUL\u{0}here", ""]
        let back = try store.rows(store.dialect.list, [store.dialect.listValue(values)]).map { try $0.text(at: 0) }
        #expect(back == values.filter { !$0.contains("\u{0}") })
    }

    @Test func aPasswordNeverShowsInTheAddress() {
        #expect(PostgreSQLConnection.redacted("postgres://ann:s3cret@db.example:5432/ws") == "postgres://ann@db.example:5432/ws")
        #expect(PostgreSQLConnection.redacted("postgresql://ann@db/ws?password=s3cret&sslmode=require") == "postgresql://ann@db/ws?sslmode=require")
        #expect(PostgreSQLConnection.redacted("postgres://db/ws?password=s3cret") == "postgres://db/ws")
        #expect(PostgreSQLConnection.redacted("postgres://ann:p@ss@db/ws") == "postgres://ann@db/ws")
        #expect(Store.redacted("./workspace.sqlite") == "./workspace.sqlite")
    }

    @Test func anUnreachableServerIsExit5WithAHintAndNoPassword() throws {
        do {
            _ = try Workspace.open(at: "postgres://ann:s3cret@127.0.0.1:1/ws", as: "ann")
            Issue.record("connected to nothing")
        } catch let error as WorkspaceError {
            #expect(error.exitCode == 5 && error.message.contains("cannot connect"), "\(error.message)")
            #expect(error.hint?.contains("PGPASSWORD") == true)
            #expect(!error.message.contains("s3cret") && !(error.hint ?? "").contains("s3cret"))
        }
    }

    @Test(needsServer) func initRefusesADatabaseThatHoldsOtherTablesAndWritesNothing() throws {
        let address = try Self.emptyDatabase()
        try Store(address: address).execute("CREATE TABLE notes (body text); INSERT INTO notes VALUES ('mine')")
        let before = try Store(address: address).contentDump()
        do {
            _ = try Workspace.create(at: address, owner: "ann")
            Issue.record("a workspace was made beside other tables")
        } catch let error as WorkspaceError {
            #expect(error.exitCode == 1 && error.message.contains("holds other tables"), "\(error.message)")
        }
        #expect(try Store(address: address).contentDump() == before)
    }

    @Test(needsServer) func initRefusesAnExistingWorkspaceAndOpeningSomethingElseIsExit5() throws {
        let address = try Self.emptyDatabase()
        _ = try Workspace.create(at: address, owner: "ann")
        do {
            _ = try Workspace.create(at: address, owner: "ann")
            Issue.record("a second workspace was made")
        } catch let error as WorkspaceError {
            #expect(error.exitCode == 1 && error.message.contains("already exists"), "\(error.message)")
        }
        let other = try Self.emptyDatabase()
        try Store(address: other).execute("CREATE TABLE notes (body text)")
        do {
            _ = try Workspace.open(at: other, as: "ann")
            Issue.record("a database of notes opened as a workspace")
        } catch let error as WorkspaceError {
            #expect(error.exitCode == 5 && error.message.contains("is not a workspace"), "\(error.message)")
        }
    }

    @Test(needsServer) func aNewerSchemaIsRefusedAndLeftUntouched() throws {
        let address = try Self.emptyDatabase()
        _ = try Workspace.create(at: address, owner: "ann")
        try Store(address: address).execute("UPDATE workspace_meta SET value = 99 WHERE key = 'schema_version'")
        let before = try Store(address: address).contentDump()
        do {
            _ = try Workspace.open(at: address, as: "ann")
            Issue.record("a newer schema was opened")
        } catch let error as WorkspaceError {
            #expect(error.exitCode == 5 && error.message.contains("newer version"), "\(error.message)")
        }
        #expect(try Store(address: address).contentDump() == before)
    }

    @Test(needsServer) func theAuditLogAndRevisionsAreAppendOnlyForAnyone() throws {
        let address = try Self.emptyDatabase()
        let workspace = try Workspace.create(at: address, owner: "ann")
        _ = try workspace.createIntegration(name: "A")
        _ = try workspace.snapshot("A", description: "first")
        let raw = try Store(address: address)
        for statement in [
            "UPDATE audit SET user_name = 'x'", "DELETE FROM audit", "TRUNCATE audit",
            "UPDATE revisions SET description = 'x'", "DELETE FROM revisions", "TRUNCATE revisions",
        ] {
            do {
                try raw.execute(statement)
                Issue.record("\(statement) went through")
            } catch let error as WorkspaceError {
                #expect(error.kind == .refused && error.message.contains("append-only"), "\(statement): \(error.message)")
            }
        }
        #expect(try workspace.verifyAudit().problem == nil)
    }

    /// Writers take turns on the workspace's advisory lock; one that waits longer than the busy
    /// timeout is told the workspace is busy (exit 5) and writes nothing.
    @Test(needsServer) func aWriterWaitsForTheLockThenReportsBusy() throws {
        let address = try Self.emptyDatabase()
        _ = try Workspace.create(at: address, owner: "ann")
        let holder = try Store(address: address)
        try holder.execute("BEGIN; SELECT pg_advisory_xact_lock(\(PostgreSQLConnection.writerLock))")
        let waiting = try Workspace.open(at: address, as: "ann", busyTimeout: 200)
        do {
            _ = try waiting.createIntegration(name: "B")
            Issue.record("wrote past another writer's lock")
        } catch let error as WorkspaceError {
            #expect(error.exitCode == 5 && error.message.contains("locked"), "\(error.message)")
        }
        try holder.execute("ROLLBACK")
        #expect(try waiting.home().map(\.integration.name) == ["Standalone flows"])
        _ = try waiting.createIntegration(name: "B")
    }

    /// A connection lost mid-command is exit 5, and the command left nothing behind.
    @Test(needsServer) func aLostConnectionIsExit5AndNothingHalfWritten() throws {
        let address = try Self.emptyDatabase()
        let workspace = try Workspace.create(at: address, owner: "ann")
        let before = try Store(address: address).contentDump()
        let admin = try Store(address: try #require(Self.admin))
        let name = try #require(address.split(separator: "/").last)
        try admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '\(name)' AND pid <> pg_backend_pid()")
        do {
            _ = try workspace.createIntegration(name: "Lost")
            Issue.record("wrote over a terminated connection")
        } catch let error as WorkspaceError {
            #expect(error.exitCode == 5, "\(error.message)")
        }
        #expect(try Store(address: address).contentDump() == before)
    }

    /// Every committed write, from any connection, is heard on the change feed with its new
    /// generation; a refused command and a read are not (a notification is sent only on commit).
    @Test(needsServer) func theChangeFeedHearsEveryCommitAndNothingElse() throws {
        let address = try Self.emptyDatabase()
        let workspace = try Workspace.create(at: address, owner: "ann")
        let feed = try ChangeFeed(address: address)
        let start = feed.generation
        #expect(try feed.next(waitingAtMost: 50) == nil)
        _ = try workspace.createIntegration(name: "A")
        #expect(try feed.next(waitingAtMost: 5_000) == start + 1)
        #expect(throws: WorkspaceError.self) { try workspace.createIntegration(name: "") }
        _ = try workspace.home()
        #expect(try feed.next(waitingAtMost: 200) == nil, "a refused command or a read notified")
        _ = try Workspace.open(at: address, as: "ann").createIntegration(name: "B")
        _ = try workspace.createIntegration(name: "C")
        var heard: Int64?
        for _ in 0..<20 where heard != start + 3 { heard = try feed.next(waitingAtMost: 250) ?? heard }
        #expect(heard == start + 3 && feed.generation == start + 3)
        // A feed made now starts from the generation it reads, whatever it missed.
        #expect(try ChangeFeed(address: address).generation == start + 3)
    }

    /// A connection lost while the command commits (here its server process ends itself in a
    /// deferred trigger, which runs at COMMIT) is exit 5 saying the outcome is unknown and how
    /// to look, never "nothing was kept"; here nothing was.
    @Test(needsServer) func aConnectionLostDuringTheCommitSaysTheOutcomeIsUnknown() throws {
        let address = try Self.emptyDatabase()
        let workspace = try Workspace.create(at: address, owner: "ann")
        try Store(address: address).execute(
            """
            CREATE FUNCTION end_itself() RETURNS trigger LANGUAGE plpgsql AS
                $$ BEGIN PERFORM pg_terminate_backend(pg_backend_pid()); RETURN NULL; END $$;
            CREATE CONSTRAINT TRIGGER end_at_commit AFTER INSERT ON integrations
                DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION end_itself()
            """)
        let before = try Store(address: address).contentDump()
        do {
            _ = try workspace.createIntegration(name: "Lost at commit")
            Issue.record("the commit went through a terminated connection")
        } catch let error as WorkspaceError {
            #expect(error.exitCode == 5 && error.message.contains("while the command committed"), "\(error.message)")
            #expect(error.hint?.contains("may or may not have been kept") == true)
        }
        #expect(try Store(address: address).contentDump() == before)
    }

    /// Pipelined writes are answered by the next statement that waits: one that fails there
    /// fails its whole transaction (the commit never happens), and the connection goes on.
    @Test(needsServer) func aPipelinedWriteThatFailsFailsTheCommandWithNothingWritten() throws {
        let address = try Self.emptyDatabase()
        _ = try Workspace.create(at: address, owner: "ann")
        let store = try Store(address: address)
        let before = try store.contentDump()
        let insert = "INSERT INTO users (name, role, created_at) VALUES (?, 'monitor', 1)"
        do {
            try store.transaction(.write) {
                for name in ["bo", "bo", "cy"] { try store.write(insert, [.text(name)]) }
            }
            Issue.record("a duplicate key went through")
        } catch let error as WorkspaceError {
            #expect(error.exitCode == 1, "\(error.message)")
        }
        #expect(try store.contentDump() == before)
        try store.transaction(.write) { try store.write(insert, [.text("dee")]) }
        #expect(try store.rows("SELECT name FROM users WHERE name = 'dee'").count == 1)
    }

    @Test(needsServer) func textWithANULCharacterIsRefusedWithNothingWritten() throws {
        let address = try Self.emptyDatabase()
        let workspace = try Workspace.create(at: address, owner: "ann")
        let before = try Store(address: address).contentDump()
        do {
            _ = try workspace.createIntegration(name: "A", readme: "one\u{0}two")
            Issue.record("a NUL character was stored or cut")
        } catch let error as WorkspaceError {
            #expect(error.exitCode == 3 && error.message.contains("NUL"), "\(error.message)")
        }
        #expect(try Store(address: address).contentDump() == before)
    }

    /// The same data gives the same answers on both engines: search folds case the same way,
    /// JSON keeps its key order and 64-bit numbers exactly, the document is the same bytes.
    @Test(needsServer) func bothEnginesGiveTheSameAnswers() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("both-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let sqlite = try Workspace.create(at: folder.appendingPathComponent("w.sqlite").path, owner: "ann")
        let postgres = try Workspace.create(at: try Self.emptyDatabase(), owner: "ann")
        for workspace in [sqlite, postgres] {
            _ = try workspace.createIntegration(name: "ÉCLAIR Orders", description: "Straße")
            _ = try workspace.createIntegration(name: "plain orders")
            _ = try workspace.createFlow(name: "Ünïcode Flow", integration: "plain orders")
            _ = try workspace.replaceSettings(
                "integration:plain orders",
                with: JSONValue(parsing: #"{"z":1,"a":9223372036854775807,"m":{"y":-9223372036854775808,"b":0.5}}"#))
        }
        for search in ["éclair", "ORDERS", "straße", "ünïcode", "%", "_", "e"] {
            #expect(
                try sqlite.home(search: search).map(\.integration.name) == postgres.home(search: search).map(\.integration.name),
                "search \(search)")
        }
        #expect(try sqlite.settings("integration:plain orders") == postgres.settings("integration:plain orders"))
        #expect(try postgres.settings("integration:plain orders").compactText.hasPrefix(#"{"z":1,"a":9223372036854775807"#))
    }
}
