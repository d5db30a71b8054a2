import Foundation
import Testing
import Workspace

@Suite struct SettingsCLITests {
    static func plant() throws -> CLI {
        let cli = try CLI.initialized()
        try cli.run("integration", "create", "A")
        try cli.run("group", "create", "G", "--integration", "A")
        try cli.run("flow", "create", "F", "--integration", "A", "--group", "G")
        try cli.run("connection", "create", "C", "--type", "http")
        try cli.run("import", "create", "I", "--flow", "F", "--connection", "C")
        return cli
    }

    @Test func setGetUnsetResolve() throws {
        let cli = try Self.plant()
        #expect(try cli.run("settings", "set", "A", "/retries", "3").stdout == "Updated the settings of A\n")
        try cli.run("settings", "set", "A", "/mapping/currency", "\"USD\"")
        try cli.run("settings", "set", "G", "--group", "/retries", "5")
        try cli.run("settings", "set", "F", "/mapping/locale", "en-US", "--string")
        try cli.run("settings", "set", "I", "/batch", #"{"size": 100, "ratio": 0.5, "on": true}"#)
        try cli.run("settings", "set", "connection:C", "/timeout", "30")
        #expect(try cli.run("settings", "get", "A", "/retries").stdout == "3\n")
        #expect(try cli.json("settings", "get", "I", "/batch") == ["size": 100, "ratio": 0.5, "on": true])
        let effective = try cli.json("settings", "resolve", "I")
        #expect(effective == ["retries": 5, "mapping": ["currency": "USD", "locale": "en-US"], "batch": ["size": 100, "ratio": 0.5, "on": true]])
        let explained = try cli.json("settings", "resolve", "I", "--explain").arrayValue ?? []
        let retries = explained.first { $0["pointer"] == "/retries" }
        #expect(retries?["level"] == "flowGrouping" && retries?["overrides"]?.arrayValue?.first?["value"] == 3)
        let table = try cli.run("settings", "resolve", "I", "--explain").stdout
        #expect(table.hasPrefix("POINTER") && table.contains("3 (integration)"))
        let namespaced = try cli.json("settings", "resolve", "I", "--namespaced")
        #expect(namespaced["connection"] == ["timeout": 30] && namespaced["flowGrouping"] == ["retries": 5])
        let replacement = cli.folder.appendingPathComponent("settings.json")
        try #"{"fresh": [1, 2]}"#.write(to: replacement, atomically: true, encoding: .utf8)
        try cli.run("settings", "set", "F", "--file", replacement.path)
        #expect(try cli.json("settings", "get", "F") == ["fresh": [1, 2]])
        #expect(try cli.run("settings", "unset", "F", "/fresh").code == 0)
        #expect(try cli.json("settings", "get", "F") == [:])
        let audit = try cli.json("audit", "--limit", "3").arrayValue ?? []
        #expect(audit.allSatisfy { ($0["fieldChange"]?["fieldPath"]?.stringValue ?? "").hasPrefix("/settings/") })
    }

    @Test func refusals() throws {
        let cli = try Self.plant()
        try cli.run("settings", "set", "A", "/name", "\"x\"")
        try cli.run("api", "create", "Api")
        try cli.run("flow", "create", "C")
        try cli.expectFailure(3, "malformed JSON", "settings", "set", "A", "/a", "{nope")
        try cli.expectFailure(3, "not an object", "settings", "set", "A", "/name/first", "1")
        try cli.expectFailure(3, "not a JSON pointer", "settings", "set", "A", "a", "1")
        let list = cli.folder.appendingPathComponent("list.json")
        try "[1]".write(to: list, atomically: true, encoding: .utf8)
        try cli.expectFailure(3, "must be a JSON object", "settings", "set", "A", "--file", list.path)
        let big = cli.folder.appendingPathComponent("big.json")
        try ("{\"a\":\"" + String(repeating: "x", count: 1 << 20) + "\"}").write(to: big, atomically: true, encoding: .utf8)
        try cli.expectFailure(3, "1 MiB", "settings", "set", "A", "--file", big.path)
        try cli.expectFailure(1, "can't be given settings", "settings", "set", "none", "/a", "1")
        try cli.expectFailure(1, "APIs don't carry settings", "settings", "get", "Api")
        try cli.expectFailure(2, "names 2 resources", "settings", "get", "C")
        try cli.expectFailure(2, "no setting at /nope", "settings", "unset", "A", "/nope")
        try cli.expectFailure(2, "no setting at /nope", "settings", "get", "A", "/nope")
        try cli.expectFailure(64, "error: ", "settings", "set", "A", "/a")
        try cli.expectFailure(64, "error: ", "settings", "set", "A", "/a", "1", "--file", list.path)
        try cli.expectFailure(64, "error: ", "settings", "resolve", "A", "--explain", "--namespaced")
    }
}
