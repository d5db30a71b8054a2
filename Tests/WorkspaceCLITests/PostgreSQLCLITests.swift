import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

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
        let address = try CLI.newDatabase(on: try #require(Self.admin))
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

/// Several servers over one PostgreSQL database: a write through one shows at the next request
/// through the other (their kept Home listings follow the database's generation, not their
/// own writes), a CLI write shows on both, and a browser session made on one is good on the
/// other (sessions live in the workspace).
@Suite struct TwoServersCLITests {
    @Test(.enabled(if: PostgreSQLCLITests.admin != nil, "set WORKSPACE_TEST_POSTGRES to a PostgreSQL server's address to run it"))
    func aWriteThroughOneShowsThroughTheOther() async throws {
        let address = try CLI.newDatabase(on: try #require(PostgreSQLCLITests.admin))
        let cli = try CLI()
        let on = ["WORKSPACE_DB": address]
        #expect(try cli.run(["init", "--owner", "olivia"], environment: on).code == 0)
        let made = try cli.run(["token", "create", "--json"], environment: on)
        let token = try #require(try made.json()["token"]?.stringValue)
        let one = try await RunningServer.start(address)
        let two = try await RunningServer.start(address)
        defer {
            one.process.terminate()
            two.process.terminate()
        }
        func names(_ server: RunningServer) async throws -> [String] {
            try await server.request("GET", "/integrations", token: token).body.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
        }
        let before = try await names(two)  // kept by server two now
        #expect(before == ["Standalone flows"])
        let created = try await one.request("POST", "/integrations", token: token, body: #"{"name": "Through one"}"#)
        #expect(created.status == 201, "\(created.body)")
        let after = try await names(two)
        #expect(after.contains("Through one"))
        #expect(try cli.run(["integration", "create", "Through the CLI"], environment: on).code == 0)
        let fromOne = try await names(one)
        let fromTwo = try await names(two)
        #expect(fromOne.contains("Through the CLI") && fromTwo.contains("Through the CLI"))

        let signIn = try await one.request("POST", "/session", body: #"{"token": "\#(token)"}"#)
        #expect(signIn.status == 201, "\(signIn.body)")
        let setCookie = try #require(signIn.headers["Set-Cookie"] as? String)
        let cookie = String(setCookie.prefix { $0 != ";" })
        let csrf = try #require(signIn.body["csrfToken"]?.stringValue)
        let there = try await two.request("GET", "/session", cookie: cookie)
        #expect(there.status == 200 && there.body["user"] == "olivia", "\(there.body)")
        let change = try await two.request("POST", "/integrations", cookie: cookie, csrf: csrf, body: #"{"name": "Through a session"}"#)
        #expect(change.status == 201, "\(change.body)")
        let forged = try await two.request("POST", "/integrations", cookie: cookie, csrf: "forged", body: #"{"name": "Forged"}"#)
        #expect(forged.status == 403, "\(forged.body)")
        let signOut = try await two.request("DELETE", "/session", cookie: cookie, csrf: csrf)
        #expect(signOut.status == 204)
        let gone = try await one.request("GET", "/session", cookie: cookie)
        #expect(gone.status == 401)
    }
}
