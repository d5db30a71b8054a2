import Foundation
import Testing
import Workspace

@Suite struct HomeCLITests {
    static func names(_ value: JSONValue) -> [String] {
        value.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
    }

    @Test func twoUsersArrangeTheSameWorkspaceTheirOwnWay() throws {
        let cli = try CLI.initialized()
        for name in ["Delta", "alpha", "Charlie"] { try cli.run("integration", "create", name) }
        try cli.run("user", "add", "mary", "--role", "manage")
        let reordered = try cli.json("integration", "reorder", "Charlie", "--first")
        #expect(Self.names(reordered) == ["Charlie", "Standalone flows", "Delta", "alpha"])
        try cli.run("integration", "reorder", "alpha", "--before", "Delta", as: "mary")
        try cli.run("integration", "pin", "Delta", as: "mary")
        #expect(Self.names(try cli.json("home")) == ["Charlie", "Standalone flows", "Delta", "alpha"])
        #expect(Self.names(try cli.json("home", as: "mary")) == ["Standalone flows", "alpha", "Delta", "Charlie"])
        let list = try cli.json("home", "--view", "list", as: "mary")
        #expect(Self.names(list) == ["Delta", "alpha", "Charlie", "Standalone flows"])
        #expect(list.arrayValue?.first?["pinned"] == true && list.arrayValue?.last?["pinned"] == false)
        let table = try cli.run("integration", "list", "--view", "list", as: "mary").stdout.split(separator: "\n")
        #expect(table[0].hasSuffix("PINNED") && table[1].hasSuffix("yes"))
        #expect(try cli.run("integration", "unpin", "Delta", as: "mary").stdout == "Unpinned \"Delta\"\n")
        #expect(Self.names(try cli.json("home", "--view", "list", as: "mary")).first == "alpha")
    }

    @Test func listColumnsAndSorts() throws {
        let cli = try CLI.initialized()
        try cli.run("integration", "create", "b")
        try cli.run("integration", "create", "A")
        try cli.run("flow", "create", "f", "--integration", "b")
        try cli.run("connection", "create", "c", "--type", "http", "--integration", "A", "--offline")
        let row = try cli.json("home", "--view", "list").arrayValue?.first
        for key in ["name", "_id", "numFlows", "numApis", "numTools", "applications", "numOfflineConnections", "pinned"] {
            #expect(row?[key] != nil, "missing \(key)")
        }
        #expect(Self.names(try cli.json("home", "--view", "list")) == ["A", "b", "Standalone flows"])
        #expect(Self.names(try cli.json("home", "--view", "list", "--sort", "flows")).first == "b")
        #expect(Self.names(try cli.json("home", "--view", "list", "--sort", "status")).first == "A")
        #expect(Self.names(try cli.json("home", "--search", "F")) == ["Standalone flows", "b"])
        try cli.expectFailure(64, "error: ", "home", "--view", "grid")
        try cli.expectFailure(64, "error: ", "home", "--sort", "size")
    }

    @Test func refusals() throws {
        let cli = try CLI.initialized()
        try cli.run("integration", "create", "A")
        try cli.expectFailure(1, "Standalone flows can't be pinned", "integration", "pin", "none")
        try cli.expectFailure(2, "no integration", "integration", "pin", "Nope")
        try cli.expectFailure(2, "no integration", "integration", "reorder", "A", "--after", "Nope")
        try cli.expectFailure(64, "error: ", "integration", "reorder", "A")
        #expect(try cli.run("integration", "reorder", "none", "--last").code == 0)
    }
}
