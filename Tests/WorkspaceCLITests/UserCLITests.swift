import Foundation
import Testing
import Workspace

@Suite struct UserCLITests {
    @Test func addGrantListWhoamiRevokeRemove() throws {
        let cli = try CLI.initialized()
        try cli.run("integration", "create", "A")
        #expect(try cli.run("user", "add", "tim", "--role", "tile").stdout == "Added user tim (tile)\n")
        let granted = try cli.json("user", "grant", "tim", "--integration", "A", "--access", "manage")
        #expect(granted["integrations"]?.arrayValue?.first?["access"] == "manage")
        let me = try cli.json("whoami", as: "tim")
        #expect(me["name"] == "tim" && me["role"] == "tile")
        #expect(me["integrations"]?.arrayValue?.first?["integrationName"] == "A")
        let whoami = try cli.run("whoami", as: "tim").stdout
        #expect(whoami.contains("Role:") && whoami.contains("A (manage)"))
        let list = try cli.run("user", "list").stdout.split(separator: "\n")
        #expect(list.count == 3 && list[0].hasPrefix("NAME") && list[2].contains("A (manage)"))
        #expect(try cli.json("home", as: "tim").arrayValue?.count == 2)
        try cli.run("user", "revoke", "tim", "--integration", "A")
        #expect(try cli.json("home", as: "tim").arrayValue?.count == 1)
        #expect(try cli.run("user", "edit", "tim", "--role", "monitor").stdout == "tim is now monitor\n")
        #expect(try cli.run("user", "remove", "tim").code == 0)
        try cli.expectFailure(4, "tim is not a user", "whoami", as: "tim")
    }

    @Test func theLastOwnerCannotBeRemovedOrDemoted() throws {
        let cli = try CLI.initialized()
        try cli.expectFailure(1, "olivia is the last owner and can't be removed", "user", "remove", "olivia")
        try cli.expectFailure(1, "last owner and can't be demoted", "user", "edit", "olivia", "--role", "manage")
    }

    @Test func userErrors() throws {
        let cli = try CLI.initialized()
        try cli.run("integration", "create", "A")
        try cli.run("user", "add", "adam", "--role", "administrator")
        try cli.expectFailure(64, "error: ", "user", "add", "x", "--role", "superuser")
        try cli.expectFailure(64, "error: ", "user", "grant", "adam", "--integration", "A", "--access", "all")
        try cli.expectFailure(1, "already exists", "user", "add", "adam", "--role", "tile")
        try cli.expectFailure(2, "no user named zed", "user", "edit", "zed", "--role", "tile")
        try cli.expectFailure(1, "already has manage access", "user", "grant", "adam", "--integration", "A", "--access", "monitor")
        try cli.run("user", "add", "tim", "--role", "tile")
        try cli.expectFailure(1, "can't be granted", "user", "grant", "tim", "--integration", "none", "--access", "monitor")
        try cli.expectFailure(2, "no access granted", "user", "revoke", "tim", "--integration", "A")
    }

    @Test func administratorsCannotMakeOwners() throws {
        let cli = try CLI.initialized()
        try cli.run("user", "add", "adam", "--role", "administrator")
        let result = try cli.run("user", "add", "eve", "--role", "owner", as: "adam")
        #expect(result.code == 4)
        #expect(result.stderr.contains("only an owner may"))
        let denied = try cli.json("audit", "--limit", "1")
        #expect(denied.arrayValue?.first?["action"] == "denied" && denied.arrayValue?.first?["user"] == "adam")
    }
}

@Suite struct TokenCLITests {
    @Test func createListRevokeThroughTheBinary() throws {
        let cli = try CLI.initialized()
        try cli.run("user", "add", "mary", "--role", "manage")
        let created = try cli.run("token", "create", "--label", "Nightly export")
        let lines = created.stdout.split(separator: "\n")
        #expect(created.code == 0 && lines.count == 2 && lines[0].hasPrefix("Created token ") && lines[0].contains("Keep it now"))
        let secret = String(lines[1])
        #expect(secret.hasPrefix("wst_"))
        let json = try cli.json("token", "create", "--user", "mary")
        #expect(json["user"] == "mary" && json["token"]?.stringValue?.hasPrefix("wst_") == true)
        let list = try cli.run("token", "list")
        #expect(list.stdout.contains("Nightly export") && list.stdout.contains("mary") && !list.stdout.contains("wst_"))
        #expect(try cli.json("token", "list", as: "mary").arrayValue?.count == 1, "mary sees her own only")
        let before = try cli.state()
        let denied = try cli.run(["token", "create", "--user", "olivia"], as: "mary")
        #expect(denied.code == 4 && denied.stderr.hasPrefix("error: permission denied"))
        #expect(try cli.state().dump.count > before.dump.count, "the denial is recorded")
        try cli.expectFailure(2, "no token", "token", "revoke", "aaaaaaaaaaaaaaaaaaaaaaaa")
        let id = CLI.id(try #require(try cli.json("token", "list").arrayValue?.first))
        #expect(try cli.run("token", "revoke", id).stdout.hasPrefix("Revoked token \(id)"))
        #expect(try cli.json("audit", "--type", "token", "--limit", "1").arrayValue?.first?["action"] == "revoke")
    }
}
