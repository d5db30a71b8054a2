import Foundation
import Testing

@testable import Workspace
@testable import WorkspaceStore

/// Records read columns by name and strictly; the store's savepoints and error translation.
@Suite struct RecordTests {
    @Test(.sqliteOnly, arguments: [
        ("UPDATE flows SET disabled = 'yes'", "column disabled"),
        ("UPDATE flows SET disabled = 2", "column disabled"),
        ("UPDATE flows SET extra = '[1]'", "column extra"),
        ("UPDATE flows SET page_generators = '{}'", "column page_generators"),
        ("UPDATE flows SET created_at = 'soon'", "column created_at"),
    ])
    func aDamagedRowIsAnErrorNotADefault(damage: String, column: String) throws {
        let scratch = try Scratch()
        let flow = try scratch.workspace.createFlow(name: "F")
        try scratch.workspace.database.execute(damage)
        do {
            _ = try scratch.workspace.item(.flow, "F")
            Issue.record("a damaged row was read")
        } catch let error as WorkspaceError {
            #expect(error.kind == .unavailable && error.exitCode == 5)
            #expect(error.message.contains(flow.id) && error.message.contains(column), "\(error.message)")
        }
    }

    /// Revisions look an integration up to tell a live one from a deleted one: a damaged row
    /// is the error it is (exit 5), not taken for "deleted".
    @Test(.sqliteOnly) func aDamagedIntegrationIsNotTakenForADeletedOne() throws {
        let scratch = try Scratch()
        let shop = try scratch.workspace.createIntegration(name: "Shop")
        let snapshot = try scratch.workspace.snapshot("Shop", description: "First")
        try scratch.workspace.database.execute("UPDATE integrations SET created_at = 'soon' WHERE id = '\(shop.id)'")
        for read in [{ _ = try scratch.workspace.revisions(of: shop.id) }, { _ = try scratch.workspace.revision(snapshot.id) }] {
            do {
                try read()
                Issue.record("a damaged integration was read as deleted")
            } catch let error as WorkspaceError {
                #expect(error.exitCode == 5 && error.message.contains("created_at"), "\(error.message)")
            }
        }
    }

    /// Aggregates and one-column queries read by position, as strictly as records read by name.
    @Test(.sqliteOnly) func aDamagedValueReadByPositionIsAnErrorNamingItsColumn() throws {
        let scratch = try Scratch()
        _ = try scratch.workspace.createIntegration(name: "A")
        _ = try scratch.workspace.createConnection(name: "ERP", type: "netsuite", integration: "A")
        try scratch.workspace.database.execute("PRAGMA ignore_check_constraints = ON; UPDATE connections SET offline = 'yes'")
        do {
            _ = try scratch.workspace.home()
            Issue.record("a damaged flag was read as a default")
        } catch let error as WorkspaceError {
            #expect(error.exitCode == 5 && error.message.contains("column offline"), "\(error.message)")
        }
    }

    @Test func theSchemaVersionCountsTheMigrations() {
        #expect(Schema.version == Schema.migrations.count)
    }

    @Test(.sqliteOnly) func aDamagedUserRoleOrAliasIsAnError() throws {
        let scratch = try Scratch()
        try scratch.workspace.database.execute("PRAGMA ignore_check_constraints = ON; UPDATE users SET role = 'king'")
        #expect(throws: WorkspaceError.self) { _ = try Workspace.open(at: scratch.path, as: "olivia") }
    }

    @Test(.sqliteOnly) func everyKindKnowsItsTableLabelAndRules() throws {
        let scratch = try Scratch()
        for kind in ResourceKind.allCases {
            let tables = try scratch.workspace.database.scalar(
                "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?", [.text(kind.table)])
            #expect(tables == 1, "\(kind) names a table the schema has")
            #expect(ResourceKind(prefix: kind.prefix) == kind)
        }
        #expect(ResourceKind.allCases.filter { $0.settingsLevel != nil } == [.integration, .flowGroup, .flow, .export, .import, .connection])
        #expect(ResourceKind.allCases.compactMap(\.aliasTarget) == [.flow, .export, .import, .connection])
        #expect(ItemKind.allCases.map(\.table) == ["flows", "apis", "tools"])
        #expect(StepKind.allCases.map(\.resource.auditType) == [.export, .import])
    }

    @Test func aSavepointUndoesItsOwnWorkAndTheTransactionGoesOn() throws {
        let scratch = try Scratch()
        let database = scratch.workspace.database
        try database.transaction {
            try database.run("INSERT INTO users (name, role, created_at) VALUES ('kept', 'monitor', 0)")
            #expect(throws: WorkspaceError.self) {
                try database.savepoint {
                    try database.run("INSERT INTO users (name, role, created_at) VALUES ('undone', 'monitor', 0)")
                    throw WorkspaceError(.refused, "changed my mind")
                }
            }
            let counted = try database.undoing {
                try database.run("INSERT INTO users (name, role, created_at) VALUES ('dry', 'monitor', 0)")
                return try database.scalar("SELECT count(*) FROM users")
            }
            #expect(counted == 3)
        }
        let names = try database.rows("SELECT name FROM users ORDER BY name").map { try $0.text(at: 0) }
        #expect(names == ["kept", "olivia"])
    }

    @Test func sqliteErrorsSpeakOfTheUsersProblem() {
        let readOnly = SQLiteConnection.translate(8, message: "attempt to write a readonly database", path: "w.sqlite")
        #expect(readOnly.exitCode == 5 && readOnly.message.contains("read-only"))
        let full = SQLiteConnection.translate(13, message: "database or disk is full", path: "w.sqlite")
        #expect(full.exitCode == 5 && full.message.contains("disk"))
        let other = SQLiteConnection.translate(1, message: "no such table: x", path: "w.sqlite")
        #expect(!other.message.contains("SELECT") && !other.message.contains("INSERT"))
    }

    /// The statement and what was bound to it travel on the error for whoever debugs it
    /// (WORKSPACE_DEBUG=1), never in the message a user reads.
    @Test(.sqliteOnly) func aFailedStatementKeepsItsSQLAndArgumentsAsADiagnostic() throws {
        let scratch = try Scratch()
        let sql = "INSERT INTO users (name, role, created_at) VALUES (?, ?, ?)"
        do {
            try scratch.workspace.database.run(sql, [.text("olivia"), .text("owner"), .integer(7)])
            Issue.record("a second user olivia was stored")
        } catch let error as WorkspaceError {
            #expect(error.kind == .refused && !error.message.contains("INSERT"), "\(error.message)")
            #expect(error.diagnostic?.contains("SQLite error 1555") == true, "\(error.diagnostic ?? "")")
            #expect(error.diagnostic?.hasSuffix("in: \(sql) with arguments ['olivia', 'owner', 7]") == true, "\(error.diagnostic ?? "")")
        }
    }
}
