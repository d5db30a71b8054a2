import Foundation
import Testing

@testable import Workspace
@testable import WorkspaceStore

/// A PostgreSQL address through the binary: every command works on it as on a file, and a
/// password never reaches the output or an error. The server WORKSPACE_TEST_POSTGRES names runs
/// the cases that need one (CI starts one); without it they are skipped and say so.
@Suite struct PostgreSQLCLITests {
    static let admin = ProcessInfo.processInfo.environment["WORKSPACE_TEST_POSTGRES"]

    @Test func anUnreachableServerIsExit5AndThePasswordStaysHidden() throws {
        let cli = try CLI()
        let address = "postgres://ann:s3cret@127.0.0.1:1/ws"
        let result = try cli.run(["init", "--owner", "ann"], environment: ["WORKSPACE_DB": address])
        #expect(result.code == 5 && result.stderr.hasPrefix("error: cannot connect to the workspace at postgres://ann@127.0.0.1:1/ws"), "\(result.stderr)")
        #expect(result.stderr.contains("hint:") && !result.stderr.contains("s3cret"), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test(.enabled(if: admin != nil, "set WORKSPACE_TEST_POSTGRES to a PostgreSQL server's address to run it"))
    func aWorkspaceLivesItsLifeOnPostgreSQL() throws {
        let name = "cli_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let admin = try #require(Self.admin)
        try Store(address: admin).execute("CREATE DATABASE \(name)")
        let address = String(admin[..<(admin.lastIndex(of: "/") ?? admin.endIndex)]) + "/" + name
        let cli = try CLI()
        let on = ["WORKSPACE_DB": address]
        let created = try cli.run(["init", "--owner", "olivia", "--json"], environment: on)
        #expect(try created.code == 0 && created.json()["path"] == .string(address), "\(created.stderr)")
        for command in [
            ["integration", "create", "Shopify to NetSuite"], ["flow", "create", "Orders", "--integration", "Shopify to NetSuite"],
            ["integration", "install", IntegratorIOCLITests.sample], ["integration", "pin", "Shopify to NetSuite"],
            ["revision", "snapshot", "Shopify to NetSuite", "-m", "first"],
        ] {
            let result = try cli.run(command, environment: on)
            #expect(result.code == 0, "\(command): \(result.stderr)")
        }
        let again = try cli.run(["init", "--owner", "olivia"], environment: on)
        #expect(again.code == 1 && again.stderr.contains("a workspace already exists"), "\(again.stderr)")
        let home = try cli.run(["home", "--json"], environment: on)
        #expect(try home.code == 0 && home.json().arrayValue?.count == 3, "\(home.stdout)")
        let verify = try cli.run(["audit", "verify"], environment: on)
        #expect(verify.code == 0 && verify.stdout.hasPrefix("The audit log is intact"), "\(verify.stdout)")
    }
}

/// `db info` and `db copy` through the binary.
@Suite struct DbCLITests {
    @Test func infoAndACopyToANewFile() throws {
        let cli = try CLI.initialized()
        try cli.run("integration", "create", "A")
        let info = try cli.json("db", "info")
        #expect(info["engine"] == (CLI.postgres == nil ? "SQLite" : "PostgreSQL"), "\(info)")
        #expect(info["schemaVersion"] == .int(Int64(Schema.version)), "\(info)")
        let target = cli.folder.appendingPathComponent("copy.sqlite").path
        let plan = try cli.run("db", "copy", "--to", target, "--dry-run")
        #expect(plan.code == 0 && plan.stdout.hasPrefix("Would copy") && !FileManager.default.fileExists(atPath: target), "\(plan.stdout)")
        let copy = try cli.run("db", "copy", "--to", target)
        #expect(copy.code == 0 && copy.stdout.contains("verified"), "\(copy.stdout) \(copy.stderr)")
        let home = try cli.run(["home"], environment: ["WORKSPACE_DB": target])
        #expect(home.code == 0 && home.stdout.contains("A"), "\(home.stderr)")
        let again = try cli.run("db", "copy", "--to", target)
        #expect(again.code == 1 && again.stderr.contains("a workspace already exists"), "\(again.stderr)")
    }

    @Test func onlyOwnersAndAdministratorsReadTheWholeWorkspace() throws {
        let cli = try CLI.initialized()
        try cli.run("user", "add", "tim", "--role", "manage")
        let target = cli.folder.appendingPathComponent("copy.sqlite").path
        let denied = try cli.run(["db", "copy", "--to", target], as: "tim")
        #expect(denied.code == 4 && denied.stderr.contains("may not read the whole workspace"), "\(denied.stderr)")
        #expect(!FileManager.default.fileExists(atPath: target))
    }
}
