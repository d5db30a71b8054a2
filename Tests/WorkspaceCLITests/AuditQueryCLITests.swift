import Foundation
import Testing
import Workspace

@Suite struct AuditQueryCLITests {
    @Test func filtersAndFormats() throws {
        let cli = try CLI.initialized()
        try cli.run("integration", "create", "A")
        try cli.run("flow", "create", "Orders, \"daily\"", "--integration", "A")
        try cli.run("flow", "edit", "Orders, \"daily\"", "--description", "line one\nline two")
        let scoped = try cli.json("audit", "--integration", "A").arrayValue ?? []
        #expect(scoped.count == 3)
        #expect(try cli.json("audit", "--action", "update").arrayValue?.count == 1)
        #expect(try cli.json("audit", "--type", "flow", "--user", "olivia").arrayValue?.count == 2)
        #expect(try cli.json("audit", "--resource", "A").arrayValue?.count == 1)
        #expect(try cli.json("audit", "--since", "1h").arrayValue?.count == 5)
        #expect(try cli.json("audit", "--until", "2000-01-01").arrayValue?.isEmpty == true)
        let csv = try cli.run("audit", "--integration", "A", "--csv").stdout
        let lines = csv.components(separatedBy: "\r\n")
        #expect(
            lines[0]
                == "Time,User,Source,Resource type,Resource id,Resource name,Integration,Action,Field,Old value,New value")
        let flow = CLI.id(try cli.json("flow", "show", "Orders, \"daily\""))
        let home = CLI.id(try cli.json("integration", "show", "A"))
        // Strings as their text (the line break kept inside quotes), not JSON-escaped.
        #expect(lines[1].hasSuffix(",olivia,cli,flow,\(flow),\"Orders, \"\"daily\"\"\",\(home),update,/description,,\"line one\nline two\""))
        #expect(csv.hasSuffix("\r\n") && lines.count == 5)
        #expect(try cli.json("audit", "--source", "cli").arrayValue?.count == 3)
        #expect(try cli.json("audit", "--source", "system").arrayValue?.count == 2)
        try cli.expectFailure(64, "'frobnicate' is invalid for '--action", "audit", "--action", "frobnicate")
        try cli.expectFailure(64, "- flowGroup", "audit", "--type", "group")
        try cli.expectFailure(64, "'install'", "audit", "--source", "robot")
        try cli.expectFailure(3, "too far back", "audit", "--since", "99999999999999w")
        try cli.expectFailure(3, "too far back", "audit", "--until", "9999999999999999s")
        try cli.expectFailure(3, "is not a time", "audit", "--since", "yesterday")
        try cli.expectFailure(64, "error: ", "audit", "--csv", "--json")
        try cli.expectFailure(2, "no integration", "audit", "--integration", "Nope")
    }

    /// A revision's audit row names its time in ISO 8601 like every other time shown (the CSV,
    /// the JSON), though it is sealed in epoch milliseconds.
    @Test func revisionTimesReadAsISO8601() throws {
        let cli = try CLI.initialized()
        try cli.run("integration", "create", "A")
        try cli.run("revision", "snapshot", "A", "-m", "First")
        let csv = try cli.run("audit", "--type", "revision", "--csv").stdout
        let row = try #require(csv.components(separatedBy: "\r\n").dropFirst().first)
        #expect(row.contains(#""createdAt"":""20"#), "\(row)")
        #expect(!row.contains(#""createdAt"":1"#), "\(row)")
        let entry = try #require(try cli.json("audit", "--type", "revision").arrayValue?.first)
        #expect(entry["fieldChange"]?["newValue"]?["createdAt"]?.stringValue?.hasSuffix("Z") == true, "\(entry)")
        #expect(try cli.run("audit", "verify").code == 0)
    }

    @Test func onlyAdministratorsReadTheWholeLog() throws {
        let cli = try CLI.initialized()
        try cli.run("integration", "create", "A")
        try cli.run("user", "add", "mary", "--role", "manage")
        let denied = try cli.run("audit", as: "mary")
        #expect(denied.code == 4 && denied.stderr.contains("account-wide audit log"))
        #expect(try cli.run("audit", "--integration", "A", as: "mary").code == 0)
        #expect(try cli.json("audit", "--limit", "1").arrayValue?.first?["action"] == "denied")
    }

    @Test(.sqliteOnly) func verifyFindsTamperingDoneWithSqlite3() throws {
        let cli = try CLI.initialized()
        for name in ["A", "B", "C"] { try cli.run("integration", "create", name) }
        let ok = try cli.run("audit", "verify")
        #expect(ok.code == 0 && ok.stdout.hasPrefix("The audit log is intact: 5 rows checked"))
        #expect(try cli.json("audit", "verify")["rowsChecked"] == 5)
        let sqlite = Process()
        sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        sqlite.arguments = [
            cli.path,
            "DROP TRIGGER audit_is_append_only_update; UPDATE audit SET resource_name = 'Z' WHERE seq = 4;",
        ]
        try sqlite.run()
        sqlite.waitUntilExit()
        #expect(sqlite.terminationStatus == 0)
        let broken = try cli.run("audit", "verify")
        #expect(broken.code == 1)
        #expect(broken.stderr.hasPrefix("error: row 4 does not match its hash"))
        #expect(broken.stderr.contains("hint: the log was changed outside workspace after row 3"))
    }

    @Test func aKeptHeadIsVerified() throws {
        let cli = try CLI.initialized()
        try cli.run("integration", "create", "A")
        let head = try cli.run("audit", "head").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let parts = head.split(separator: ":")
        #expect(parts.count == 2 && Int(parts[0]) != nil && parts[1].count == 64, "\(head)")
        try cli.run("integration", "create", "B")
        let ok = try cli.run("audit", "verify", "--head", head)
        #expect(ok.code == 0, "\(ok.stderr)")
        try cli.expectFailure(3, "is not a head", "audit", "verify", "--head", "2:xyz")
        let missing = try cli.run("audit", "verify", "--head", "99:" + String(repeating: "a", count: 64))
        #expect(missing.code == 1 && missing.stderr.contains("cut from its end"))
    }
}
