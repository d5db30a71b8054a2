import Foundation
import Testing

@testable import Workspace
@testable import WorkspaceStore

/// `workspace recycle-bin …` and scoped, expiring tokens through the binary: one case per kind
/// deleted and restored, refusals that write nothing, a token's scope on the command line.
@Suite struct RecycleBinCLITests {
    static func workspace() throws -> CLI {
        let cli = try CLI.initialized()
        for arguments in [
            ["integration", "create", "Shop"], ["group", "create", "Nightly", "--integration", "Shop"],
            ["connection", "create", "NetSuite", "--type", "netsuite", "--integration", "Shop"],
            ["flow", "create", "Orders", "--integration", "Shop", "--group", "Nightly"],
            ["export", "create", "Get", "--flow", "Orders", "--connection", "NetSuite"],
            ["import", "create", "Put", "--flow", "Orders", "--connection", "NetSuite"],
            ["settings", "set", "flow:Orders", "/batch", "10"], ["alias", "create", "orders", "--integration", "Shop", "--target", "flow:Orders"],
            ["api", "create", "Status", "--integration", "Shop"], ["tool", "create", "Helper", "--integration", "Shop"],
            ["connection", "create", "Spare", "--type", "http", "--integration", "Shop"],
        ] {
            let result = try cli.run(arguments)
            #expect(result.code == 0, "\(arguments): \(result.stderr)")
        }
        return cli
    }

    /// The newest entry of a kind.
    static func entry(_ cli: CLI, _ type: String) throws -> JSONValue {
        try #require(try cli.json("recycle-bin", "list", "--type", type).arrayValue?.first)
    }

    @Test(arguments: [
        ("flow", ["flow", "delete", "Orders", "--force"]), ("export", ["export", "delete", "Get", "--force"]),
        ("import", ["import", "delete", "Put", "--force"]), ("api", ["api", "delete", "Status"]), ("tool", ["tool", "delete", "Helper"]),
        ("flowGroup", ["group", "delete", "Nightly", "--integration", "Shop"]), ("connection", ["connection", "delete", "Spare"]),
        ("integration", ["integration", "delete", "Shop", "--cascade", "--force"]),
    ])
    func eachKindComesBackAsItWas(type: String, delete: [String]) throws {
        let cli = try Self.workspace()
        let before = try cli.run("integration", "download", "Shop").stdout
        let deleted = try cli.run(delete)
        #expect(deleted.code == 0, "\(deleted.stderr)")
        let entry = try Self.entry(cli, type)
        #expect(entry["type"] == .string(type) && entry["deletedBy"] == "olivia" && entry["purgeAt"]?.stringValue != nil)
        let table = try cli.run("recycle-bin", "list")
        #expect(table.stdout.hasPrefix("ENTRY ") && table.stdout.contains(CLI.id(entry)), "\(table.stdout)")
        let restored = try cli.run("recycle-bin", "restore", CLI.id(entry))
        #expect(restored.code == 0 && restored.stdout.hasPrefix("Restored ") && restored.stderr.isEmpty, "\(restored.stderr)")
        #expect(try cli.run("integration", "download", "Shop").stdout == before, "\(type): the same document again")
        #expect(try cli.json("recycle-bin", "list").arrayValue?.isEmpty == true)
        #expect(try cli.run("audit", "verify").code == 0)
        try cli.expectFailure(2, "no recycle bin entry", "recycle-bin", "restore", CLI.id(entry))
    }

    @Test func refusalsWriteNothing() throws {
        let cli = try Self.workspace()
        try cli.run("api", "delete", "Status")
        let api = try Self.entry(cli, "api")
        try cli.run("integration", "create", "Other")
        try cli.run("integration", "delete", "Shop", "--cascade", "--force")
        try cli.expectFailure(1, "was in integration \"Shop\"", "recycle-bin", "restore", CLI.id(api))
        let result = try cli.run("recycle-bin", "restore", CLI.id(api))
        #expect(result.stderr.contains("hint: restore that integration first, or put it elsewhere with --into INTEGRATION"))
        try cli.expectFailure(64, "give an ENTRY or --older-than", "recycle-bin", "purge")
        try cli.expectFailure(2, "no recycle bin entry", "recycle-bin", "purge", "6b0000000000000000000000")
        try cli.expectFailure(64, "invalid for '--type <type>'", "recycle-bin", "list", "--type", "widget")
        try cli.expectFailure(3, "not a duration", "recycle-bin", "purge", "--older-than", "soon")
        try cli.run("user", "add", "mo", "--role", "monitor")
        let before = try cli.state().dump
        let purge = try cli.run(["recycle-bin", "purge", CLI.id(api)], as: "mo")
        #expect(purge.code == 4 && purge.stderr.contains("may not purge the recycle bin"), "\(purge.stderr)")
        let retention = try cli.run(["recycle-bin", "retention", "7"], as: "mo")
        #expect(retention.code == 4 && retention.stderr.contains("only an owner may"), "\(retention.stderr)")
        #expect(Store.withoutAudit(try cli.state().dump) == Store.withoutAudit(before), "a denial wrote only its audit row")
        try cli.expectFailure(3, "1 to 3650 days", "recycle-bin", "retention", "0")
        #expect(try cli.json("recycle-bin", "list", as: "mo").arrayValue?.count == 2, "monitors list")
        let into = try cli.run("recycle-bin", "restore", CLI.id(api), "--into", "Other", "--json")
        let intoJSON = try into.json()
        #expect(into.code == 0 && intoJSON["integration"]?["name"] == "Other", "\(into.stderr)")
        #expect(try cli.run("recycle-bin", "retention").stdout == "Entries stay 30 days\n")
        #expect(try cli.run("recycle-bin", "retention", "7").stdout == "Entries now stay 7 days\n")
        let purged = try cli.run("recycle-bin", "purge", "--older-than", "0s")
        #expect(purged.stdout == "Purged 1 entry older than 0s\n", "\(purged.stderr)")
    }

    @Test func aScopedTokenOnTheCommandLine() throws {
        let cli = try Self.workspace()
        try cli.run("integration", "create", "Other")
        let made = try cli.json("token", "create", "--label", "ci", "--scope", "integration:Shop:monitor", "--expires", "4h")
        let secret = try #require(made["token"]?.stringValue)
        #expect(made["scope"]?.arrayValue?.count == 1 && made["expiresAt"]?.stringValue != nil)
        let list = try cli.run("token", "list")
        #expect(list.stdout.contains("SCOPE") && list.stdout.contains("integration:") && list.stdout.contains("LAST USED"), "\(list.stdout)")
        let token = ["WORKSPACE_TOKEN": secret]
        let home = try cli.run(["home", "--json"], environment: token)
        let names = try home.json().arrayValue?.map { $0["name"] }
        #expect(home.code == 0 && names == ["Shop"], "\(home.stderr)")
        let before = try cli.state()
        let denied = try cli.run(["flow", "create", "x", "--integration", "Shop"], environment: token)
        #expect(denied.code == 4 && denied.stderr.contains("uses a token whose scope"), "\(denied.stderr)")
        #expect(Store.withoutAudit(try cli.state().dump) == Store.withoutAudit(before.dump))
        let both = try cli.run(["home", "--as", "olivia"], environment: token)
        #expect(both.code == 64 && both.stderr.contains("give one"), "\(both.stderr)")
        try cli.expectFailure(64, "invalid for '--expires <expires>'", "token", "create", "--expires", "2h")
        try cli.expectFailure(3, "unknown token scope", "token", "create", "--scope", "admin")
        // Expired: refused as such.
        let store = Store.isAddress(cli.path) ? try Store(address: cli.path) : try Store(path: cli.path)
        try store.execute("UPDATE tokens SET expires_at = 1000")
        let expired = try cli.run(["home"], environment: token)
        #expect(expired.code == 4 && expired.stderr.contains("the token expired at 1970-01-01T00:00:01.000Z"), "\(expired.stderr)")
    }
}
