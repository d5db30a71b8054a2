import Foundation
import Testing

@testable import Workspace
@testable import WorkspaceStore

/// What a new user hit on a fresh clone (issue 12 §3), and the crashes a fuzzer found (§4).
@Suite struct NewUserCLITests {
    @Test func globalOptionsGoBeforeOrAfterTheSubcommand() throws {
        let cli = try CLI()
        let other = cli.folder.appendingPathComponent("other.sqlite").path
        #expect(try cli.run(["--db", other, "init", "--owner", "olivia"]).code == 0)
        #expect(try cli.run(["--db", other, "--json", "integration", "create", "A"]).json()["name"] == "A")
        #expect(try cli.run(["--db=\(other)", "home", "--json"]).json().arrayValue?.count == 2)
        #expect(try cli.run(["home", "--db", other]).stdout.contains("A"))
        #expect(try cli.run(["--as", "nobody", "--db", other, "home"]).code == 4)
        let version = try cli.run(["--version"])
        #expect(version.code == 0 && version.stdout.hasPrefix(WorkspaceCommandVersion.expected))
    }

    @Test(.sqliteOnly) func anEmptyFileIsNotAWorkspaceButInitTakesIt() throws {
        let cli = try CLI()
        _ = FileManager.default.createFile(atPath: cli.path, contents: Data())
        try cli.expectFailure(5, "is not a workspace", "home")
        try cli.expectFailure(5, "is not a workspace", "integration", "create", "A")
        #expect(try FileManager.default.attributesOfItem(atPath: cli.path)[.size] as? Int == 0)
        #expect(try cli.run("init", "--owner", "olivia").code == 0)
        #expect(try cli.run("integration", "create", "A").code == 0)
    }

    @Test(.sqliteOnly) func anotherSQLiteDatabaseIsLeftAlone() throws {
        let cli = try CLI()
        let database = try Store(path: cli.path, create: true)
        try database.execute("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('mine')")
        try cli.expectFailure(5, "is not a workspace", "home")
        try cli.expectFailure(1, "is not a workspace", "init", "--owner", "olivia")
        try cli.expectFailure(5, "is not a workspace", "audit", "verify")
    }

    /// Root writes through any permission, so the read-only case runs as `nobody` when the
    /// suite runs as root (as CI does).
    @Test(.sqliteOnly) func aReadOnlyWorkspaceServesReadsAndRefusesWrites() throws {
        let cli = try CLI.initialized()
        try cli.run("integration", "create", "A")
        try cli.run("user", "add", "moe", "--role", "monitor")
        try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: cli.folder.path)
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: cli.path)
        let launcher = getuid() == 0 ? ["/usr/bin/setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"] : []
        // A copy of the binary beside the file, which `nobody` can reach wherever the build is.
        let binary = cli.folder.appendingPathComponent("workspace-binary")
        try FileManager.default.copyItem(at: CLI.binary, to: binary)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: binary.path)
        let before = try cli.state()
        let home = try cli.run(["home"], launcher: launcher, binary: binary)
        #expect(home.code == 0 && home.stdout.contains("A"), "\(home.stderr)")
        let write = try cli.run(["integration", "create", "B"], launcher: launcher, binary: binary)
        #expect(write.code == 5 && write.stderr.hasPrefix("error: the workspace") && write.stderr.contains("read-only"))
        #expect(!write.stderr.contains("INSERT"))
        let denied = try cli.run(["integration", "create", "B"], as: "moe", launcher: launcher, binary: binary)
        #expect(denied.code == 4 && denied.stderr.contains("permission denied"), "\(denied.stderr)")
        #expect(try cli.state().dump == before.dump)
    }

    /// A folder the user may not write to: SQLite cannot make the `-shm` file a write-ahead log
    /// needs, so the file is read as immutable — reads work, writes are refused as read-only.
    /// (Found by the reliability suite's odd files: every command used to exit 5 there.)
    @Test(.sqliteOnly, arguments: [0o644, 0o444]) func aWorkspaceInAReadOnlyFolderServesReads(fileMode: Int) throws {
        let cli = try CLI.initialized()
        try cli.run("integration", "create", "A")
        try cli.run("user", "add", "moe", "--role", "monitor")
        let launcher = getuid() == 0 ? ["/usr/bin/setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"] : []
        let binary = cli.folder.appendingPathComponent("workspace-binary")
        try FileManager.default.copyItem(at: CLI.binary, to: binary)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: binary.path)
        try FileManager.default.setAttributes([.posixPermissions: fileMode], ofItemAtPath: cli.path)
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: cli.folder.path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: cli.folder.path) }
        let before = try Data(contentsOf: URL(fileURLWithPath: cli.path))
        let home = try cli.run(["home"], launcher: launcher, binary: binary)
        #expect(home.code == 0 && home.stdout.contains("A"), "\(home.stderr)")
        let write = try cli.run(["integration", "create", "B"], launcher: launcher, binary: binary)
        #expect(write.code == 5 && write.stderr.contains("read-only"), "\(write.stderr)")
        let denied = try cli.run(["integration", "create", "B"], as: "moe", launcher: launcher, binary: binary)
        #expect(denied.code == 4, "\(denied.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: cli.path)) == before)
    }

    @Test func hintsSuggestOnlyFixesThatWork() throws {
        let cli = try CLI.initialized()
        try cli.run("integration", "create", "A")
        try cli.run("integration", "create", "B")
        try cli.run("import", "create", "Put", "--integration", "A")
        try cli.run("import", "create", "Put", "--integration", "B")
        let same = try cli.expectFailure(2, "names 2 resources", "settings", "get", "Put")
        #expect(same.stderr.contains("hint: use one of these ids") && !same.stderr.contains("prefix"))
        try cli.run("flow", "create", "Put", "--integration", "A")
        try cli.run("import", "delete", "Put", "--integration", "B")
        let mixed = try cli.expectFailure(2, "names 2 resources", "settings", "get", "Put")
        #expect(mixed.stderr.contains("flow:Put or import:Put"))
        try cli.run("user", "add", "tim", "--role", "tile")
        // A denial is recorded, so the file changes: run it without expectFailure's no-change check.
        let standalone = try cli.run(["flow", "create", "X"], as: "tim")
        #expect(standalone.code == 4 && standalone.stderr.contains("permission denied"))
        #expect(!standalone.stderr.contains("grant"), "Standalone follows the role: no grant would help")
        try cli.run("integration", "create", "C")
        let elsewhere = try cli.run(["flow", "create", "X", "--integration", "C"], as: "tim")
        #expect(elsewhere.code == 4 && elsewhere.stderr.contains("user grant"))
    }

    @Test func standaloneCannotBeUnpinnedEither() throws {
        let cli = try CLI.initialized()
        try cli.expectFailure(1, "can't be pinned", "integration", "pin", "none")
        try cli.expectFailure(1, "can't be unpinned", "integration", "unpin", "none")
    }

    @Test func detachObeysTheAliasRule() throws {
        let cli = try CLI.initialized()
        try cli.run("integration", "create", "A")
        try cli.run("flow", "create", "F", "--integration", "A")
        try cli.run("flow", "create", "G", "--integration", "A")
        try cli.run("alias", "create", "next", "--integration", "A", "--flow", "F", "--target", "G")
        try cli.expectFailure(1, "aliases would dangle: next", "integration", "delete", "A", "--detach")
        #expect(try cli.run("integration", "delete", "A", "--detach", "--force").code == 0)
        #expect(try cli.json("flow", "list", "--integration", "none").arrayValue?.count == 2)
    }

    @Test func messagesAndListingsNameResources() throws {
        let cli = try CLI.initialized()
        try cli.run("integration", "create", "Shop to ERP")
        try cli.run("connection", "create", "ERP", "--type", "netsuite")
        try cli.run("flow", "create", "F")
        try cli.run("import", "create", "Put", "--flow", "F", "--connection", "ERP")
        let moved = try cli.run("flow", "move", "F", "--to", "Shop to ERP")
        #expect(moved.stdout == "Moved 1 flow to \"Shop to ERP\"\n")
        #expect(try cli.run("flow", "list").stdout.contains("Shop to ERP"))
        let steps = try cli.run("flow", "steps", "F").stdout
        let connection = CLI.id(try cli.json("connection", "show", "ERP"))
        #expect(steps.contains("ERP") && !steps.contains(connection))
        let created = try cli.run("api", "create", "Status", "--integration", "Shop to ERP").stdout
        #expect(created.hasSuffix("in \"Shop to ERP\"\n"))
    }

    @Test func longTextComesFromFilesOrStandardInput() throws {
        let cli = try CLI.initialized()
        let file = cli.folder.appendingPathComponent("description.txt")
        try "From a file\n".write(to: file, atomically: true, encoding: .utf8)
        #expect(try cli.json("integration", "create", "A", "--description-file", file.path)["description"] == "From a file")
        let piped = try cli.run(["flow", "create", "F", "--description-file", "-", "--json"], input: "Piped\nin\n")
        #expect(try piped.json()["description"] == "Piped\nin")
        let readme = try cli.run(["integration", "edit", "A", "--readme-file", "-", "--json"], input: "# Readme\n")
        #expect(try readme.json()["readme"] == "# Readme\n")
        try cli.expectFailure(64, "exclude each other", "flow", "edit", "F", "--description", "x", "--description-file", file.path)
        try cli.expectFailure(3, "too long for a readme", "integration", "create", "X", "--readme-file", "/dev/zero")
        try cli.expectFailure(3, "too long for a description", "flow", "create", "X", "--description-file", "/dev/zero")
        try cli.expectFailure(2, "cannot read", "tool", "edit", "T", "--input-schema-file", "missing.json")
        try cli.expectFailure(2, "cannot read", "tool", "create", "T", "--input-schema-file", "missing.json")
    }

    @Test func anEditThatChangesNothingSaysSo() throws {
        let cli = try CLI.initialized()
        try cli.run("integration", "create", "A", "--description", "d")
        let count = try cli.json("audit", "--limit", "100").arrayValue?.count
        #expect(try cli.run("integration", "edit", "A", "--description", "d").stdout.hasPrefix("Nothing changed"))
        #expect(try cli.run("integration", "edit", "A", "--description", "e").stdout.hasPrefix("Updated integration"))
        #expect(try cli.json("audit", "--limit", "100").arrayValue?.count == (count ?? 0) + 1)
    }

    @Test func wideCharactersKeepColumnsAligned() throws {
        let cli = try CLI.initialized()
        // Terminal columns: an emoji and each CJK character take two.
        let widths = ["Standalone flows": 16, "🚀 Launch": 9, "日本語の統合": 12, "Plain": 5]
        for name in ["🚀 Launch", "日本語の統合", "Plain"] { try cli.run("integration", "create", name) }
        let rows = try cli.run("home").stdout.split(separator: "\n").dropFirst().map(String.init)
        for row in rows {
            let name = try #require(widths.keys.first { row.hasPrefix($0) })
            let padding = 16 + 2 - (widths[name] ?? 0)
            #expect(row.hasPrefix(name + String(repeating: " ", count: padding)), "\(row)")
            #expect(!row.dropFirst(name.count + padding).hasPrefix(" "), "\(row)")
        }
        #expect(rows.count == 4)
    }

    @Test func settingsGuideAndExplainRemovals() throws {
        let cli = try CLI.initialized()
        try cli.run("integration", "create", "A")
        try cli.run("flow", "create", "F", "--integration", "A")
        let notJSON = try cli.expectFailure(3, "VALUE is not JSON", "settings", "set", "A", "/currency", "USD")
        #expect(notJSON.stderr.contains("hint: to store the text, quote it as JSON ('\"USD\"') or pass --string"))
        try cli.run("settings", "set", "A", "/currency", "USD", "--string")
        try cli.run("settings", "set", "F", "/currency", "null")
        let explained = try #require(try cli.json("settings", "resolve", "F", "--explain").arrayValue)
        #expect(explained.count == 1)
        let removal = try #require(explained.first)
        #expect(removal["pointer"] == "/currency" && removal["removed"] == true && removal["level"] == "flow")
        #expect(removal["overrides"]?[0]["value"] == "USD" && removal["overrides"]?[0]["level"] == "integration")
        #expect(try cli.run("settings", "resolve", "F", "--explain").stdout.contains("(removed)"))
        #expect(try cli.json("settings", "resolve", "F") == [:])
    }

    @Test func settingsNestedTooDeeplyAreRefusedAndNothingIsWritten() throws {
        let cli = try CLI.initialized()
        try cli.run("integration", "create", "I")
        try cli.expectFailure(3, "513 levels deep", "settings", "set", "I", String(repeating: "/a", count: 513), "1")
        try cli.expectFailure(3, "would nest", "settings", "set", "I", String(repeating: "/a", count: 500), String(repeating: "[", count: 20) + String(repeating: "]", count: 20))
        try cli.expectFailure(3, "20000 levels deep", "settings", "set", "I", String(repeating: "/a", count: 20_000), "1")
        #expect(try cli.run("settings", "set", "I", String(repeating: "/a", count: 512), "1").code == 0)
        #expect(try cli.run("settings", "get", "I").code == 0, "what was written reads back")
    }

    @Test func theHomeListingLeavesOutReadmesItDoesNotRead() throws {
        let cli = try CLI.initialized()
        _ = try cli.run(["integration", "create", "A", "--readme-file", "-"], input: "Read me")
        let row = try cli.json("home").arrayValue?.first { $0["name"] == "A" }
        #expect(row?["readme"] == nil && row?["_id"] != nil)
        #expect(try cli.json("integration", "show", "A")["readme"] == "Read me")
    }
}

/// The version the binary reports, kept here so a test notices when it changes.
enum WorkspaceCommandVersion {
    static let expected = "2.0.0"
}
