import Testing

@testable import Workspace
@testable import WorkspaceStore

@Suite struct OrderKeyTests {
    @Test func keysStayBetweenTheirNeighboursWhereverTheyGo() {
        var generator = SystemRandomNumberGenerator()
        var keys: [String] = []
        for _ in 0..<2_000 {
            let index = Int.random(in: 0...keys.count, using: &generator)
            let key = OrderKey.between(index > 0 ? keys[index - 1] : nil, index < keys.count ? keys[index] : nil)
            keys.insert(key, at: index)
        }
        #expect(zip(keys, keys.dropFirst()).allSatisfy { $0 < $1 })
        #expect(keys.allSatisfy { !$0.hasSuffix("0") && !$0.isEmpty })
    }

    @Test func repeatedInsertsIntoOneGapKeepWorking() {
        var low = "i"
        let high = "j"
        for _ in 0..<500 {
            let key = OrderKey.between(low, high)
            #expect(low < key && key < high)
            low = key
        }
        var first = "i"
        for _ in 0..<500 {
            let key = OrderKey.between(nil, first)
            #expect(key < first)
            first = key
        }
    }
}

@Suite struct HomeTests {
    /// Integrations created in this order: Delta, alpha, Charlie, bravo, Echo.
    static func workspace() throws -> Scratch {
        let scratch = try Scratch()
        for name in ["Delta", "alpha", "Charlie", "bravo", "Echo"] { _ = try scratch.workspace.createIntegration(name: name) }
        return scratch
    }

    static func names(_ summaries: [IntegrationSummary]) -> [String] {
        summaries.map { $0.integration.isStandalone ? "S" : $0.integration.name }
    }

    @Test func tileViewDefaultsToOldestFirst() throws {
        let scratch = try Self.workspace()
        #expect(Self.names(try scratch.workspace.home()) == ["S", "Delta", "alpha", "Charlie", "bravo", "Echo"])
    }

    @Test func reorderIsDragAndDrop() throws {
        let scratch = try Self.workspace()
        let workspace = scratch.workspace
        #expect(Self.names(try workspace.reorderTile("Echo", .before("alpha"))) == ["S", "Delta", "Echo", "alpha", "Charlie", "bravo"])
        #expect(Self.names(try workspace.reorderTile("none", .last)) == ["Delta", "Echo", "alpha", "Charlie", "bravo", "S"])
        #expect(Self.names(try workspace.reorderTile("bravo", .first)) == ["bravo", "Delta", "Echo", "alpha", "Charlie", "S"])
        #expect(Self.names(try workspace.reorderTile("bravo", .after("Charlie"))) == ["Delta", "Echo", "alpha", "Charlie", "bravo", "S"])
        _ = try workspace.createIntegration(name: "Foxtrot")
        #expect(Self.names(try workspace.home()) == ["Delta", "Echo", "alpha", "Charlie", "bravo", "S", "Foxtrot"])
        let row = try #require(try workspace.lastAudit(2).first)
        #expect(row.action.rawValue == "reorder" && row.fieldPath == "/tilePosition")
    }

    @Test func aReorderWritesOneRowOnceTheOrderIsKnown() throws {
        let scratch = try Self.workspace()
        let workspace = scratch.workspace
        _ = try workspace.reorderTile("Echo", .first)
        _ = try workspace.reorderTile("none", .last)
        let keys = { try workspace.database.rows("SELECT integration_id, position FROM tile_order ORDER BY integration_id") }
        let before = try keys()
        _ = try workspace.reorderTile("Charlie", .before("alpha"))
        let after = try keys()
        #expect(before.count == after.count)
        #expect(zip(before, after).filter { $0 != $1 }.count == 1)
    }

    @Test func aNoOpReorderWritesNothing() throws {
        let scratch = try Self.workspace()
        try scratch.expectRefusal(.notFound) { _ = try scratch.workspace.reorderTile("alpha", .after("nope")) }
        let before = try scratch.dump()
        _ = try scratch.workspace.reorderTile("alpha", .after("Delta"))
        #expect(try scratch.dump() == before)
    }

    @Test func everyUserHasTheirOwnOrderAndPins() throws {
        let scratch = try Self.workspace()
        _ = try scratch.workspace.addUser("mary", role: .manage)
        let mary = try Workspace.open(at: scratch.path, as: "mary")
        _ = try scratch.workspace.reorderTile("Echo", .first)
        _ = try mary.reorderTile("alpha", .first)
        _ = try mary.pin("bravo")
        #expect(Self.names(try scratch.workspace.home()) == ["Echo", "S", "Delta", "alpha", "Charlie", "bravo"])
        #expect(Self.names(try mary.home()) == ["alpha", "S", "Delta", "Charlie", "bravo", "Echo"])
        #expect(try scratch.workspace.home(view: .list).allSatisfy { $0.pinned == false })
        #expect(try mary.home(view: .list).first?.integration.name == "bravo")
    }

    @Test func listViewPutsPinsFirstNewestFirstThenSorts() throws {
        let scratch = try Self.workspace()
        let workspace = scratch.workspace
        #expect(Self.names(try workspace.home(view: .list)) == ["alpha", "bravo", "Charlie", "Delta", "Echo", "S"])
        _ = try workspace.pin("Charlie")
        _ = try workspace.pin("Echo")
        #expect(Self.names(try workspace.home(view: .list)) == ["Echo", "Charlie", "alpha", "bravo", "Delta", "S"])
        #expect(Self.names(try workspace.home(view: .tile)) == ["S", "Delta", "alpha", "Charlie", "bravo", "Echo"])
        _ = try workspace.unpin("Echo")
        #expect(Self.names(try workspace.home(view: .list)) == ["Charlie", "alpha", "bravo", "Delta", "Echo", "S"])
        let count = try workspace.auditCount()
        _ = try workspace.unpin("Echo")
        _ = try workspace.pin("Charlie")
        #expect(try workspace.auditCount() == count)
        #expect(try workspace.lastAudit(3).map(\.action.rawValue) == ["pin", "pin", "unpin"])
    }

    @Test func listViewSortsByFlowsOrStatus() throws {
        let scratch = try Self.workspace()
        let workspace = scratch.workspace
        for _ in 0..<2 { _ = try workspace.createFlow(name: "f", integration: "Echo") }
        _ = try workspace.createFlow(name: "f", integration: "bravo")
        #expect(Self.names(try workspace.home(view: .list, sort: .flows)) == ["Echo", "bravo", "alpha", "Charlie", "Delta", "S"])
        _ = try workspace.createConnection(name: "c", type: "http", offline: true, integration: "Delta")
        #expect(Self.names(try workspace.home(view: .list, sort: .status)) == ["Delta", "alpha", "bravo", "Charlie", "Echo", "S"])
    }

    @Test func searchLooksAtIntegrationsAndTheirFlowsIgnoringCase() throws {
        let scratch = try Self.workspace()
        let workspace = scratch.workspace
        _ = try workspace.editIntegration("alpha", description: "Bücher and more")
        _ = try workspace.createFlow(name: "ÉTÉ orders", integration: "Charlie")
        _ = try workspace.createFlow(name: "plain", integration: "Delta", description: "nightly SYNC")
        #expect(Self.names(try workspace.home(search: "BÜCHER")) == ["alpha"])
        #expect(Self.names(try workspace.home(search: "été")) == ["Charlie"])
        #expect(Self.names(try workspace.home(search: "sync")) == ["Delta"])
        #expect(Self.names(try workspace.home(search: "ECHO")) == ["Echo"])
        #expect(try workspace.home(search: "nothing like it").isEmpty)
        #expect(Self.names(try workspace.home(view: .list, search: "a")).count == 5)
    }

    /// Both engines fold the same way: the two characters outside ASCII that fold into it (İ
    /// to "i", the Kelvin sign to "k") match ASCII text, and ASCII text matches them; ß stays ß,
    /// and a final sigma is not folded to σ.
    @Test func searchFoldsTheSameOnEveryEngine() throws {
        let scratch = try Scratch()
        for name in ["İSTANBUL orders", "Reactor 5\u{212A}", "Straße", "ΣΑΣ sync", "plain k"] {
            _ = try scratch.workspace.createIntegration(name: name)
        }
        let w = scratch.workspace
        #expect(Self.names(try w.home(search: "istanbul")) == ["İSTANBUL orders"])
        #expect(Self.names(try w.home(search: "İstanbul")) == ["İSTANBUL orders"])
        #expect(Self.names(try w.home(search: "5k")) == ["Reactor 5\u{212A}"])
        #expect(Self.names(try w.home(search: "K")) == ["Reactor 5\u{212A}", "plain k"])
        #expect(Self.names(try w.home(search: "STRASSE")).isEmpty)
        #expect(Self.names(try w.home(search: "STRAßE")) == ["Straße"])
        #expect(Self.names(try w.home(search: "σασ")) == ["ΣΑΣ sync"])
        #expect(Self.names(try w.home(search: "σας")).isEmpty, "final sigma is its own letter to both")
        #expect(Self.names(try w.home(search: "ORDERS")) == ["İSTANBUL orders"])
    }

    @Test func searchTreatsWildcardsAsText() throws {
        let scratch = try Scratch()
        for name in ["100% done", "1000 done", "a_b", "axb", "back\\slash"] {
            _ = try scratch.workspace.createIntegration(name: name)
        }
        #expect(Self.names(try scratch.workspace.home(search: "0%")) == ["100% done"])
        #expect(Self.names(try scratch.workspace.home(search: "A_B")) == ["a_b"])
        #expect(Self.names(try scratch.workspace.home(search: "k\\s")) == ["back\\slash"])
    }

    @Test func orderAndPinsSurviveRenamesMovesAndOtherDeletes() throws {
        let scratch = try Self.workspace()
        let workspace = scratch.workspace
        _ = try workspace.addUser("mary", role: .manage)
        let mary = try Workspace.open(at: scratch.path, as: "mary")
        _ = try workspace.reorderTile("Echo", .first)
        _ = try workspace.pin("alpha")
        _ = try mary.pin("Delta")
        _ = try workspace.editIntegration("Echo", name: "Echo 2")
        _ = try workspace.createFlow(name: "f", integration: "alpha")
        _ = try workspace.moveItems(.flow, ["f"], to: "bravo")
        try workspace.deleteIntegration("Charlie")
        #expect(Self.names(try workspace.home()) == ["Echo 2", "S", "Delta", "alpha", "bravo"])
        #expect(try workspace.home(view: .list).first?.integration.name == "alpha")
        try workspace.deleteIntegration("Delta")
        try workspace.deleteIntegration("Echo 2")
        #expect(try workspace.database.scalar("SELECT count(*) FROM pins WHERE user_name = 'mary'") == 0)
        #expect(try workspace.database.scalar("SELECT count(*) FROM tile_order") == 0)
    }

    @Test func standaloneCanBeReorderedButNotPinned() throws {
        let scratch = try Self.workspace()
        try scratch.expectRefusal(.refused, containing: "can't be pinned") { _ = try scratch.workspace.pin("none") }
        #expect(Self.names(try scratch.workspace.reorderTile("none", .after("Delta"))).prefix(2) == ["Delta", "S"])
    }

    @Test func theHomePageIsAConstantNumberOfQueries() throws {
        let scratch = try Scratch()
        let workspace = scratch.workspace
        func queries(_ view: HomeView) throws -> Int {
            let start = workspace.database.statementsRun
            _ = try workspace.home(view: view, search: "i")
            return workspace.database.statementsRun - start
        }
        _ = try workspace.createIntegration(name: "one")
        let few = (try queries(.tile), try queries(.list))
        try workspace.batch { for index in 0..<200 { _ = try workspace.createIntegration(name: "integration \(index)") } }
        #expect((try queries(.tile), try queries(.list)) == few)
    }

    @Test func tileUsersOrderOnlyWhatTheySee() throws {
        let scratch = try Self.workspace()
        _ = try scratch.workspace.addUser("tim", role: .tile)
        _ = try scratch.workspace.grant("tim", integration: "Echo", access: .monitor)
        let tim = try Workspace.open(at: scratch.path, as: "tim")
        #expect(Self.names(try tim.reorderTile("Echo", .first)) == ["Echo", "S"])
        _ = try tim.pin("Echo")
        #expect(throws: WorkspaceError.self) { try tim.pin("alpha") }
    }
}

@Suite struct ItemCountsTests {
    /// The trigger-kept counts must always equal real counts, whatever happened.
    @Test func countsKeptByTriggersMatchRealCounts() throws {
        let scratch = try Scratch()
        let workspace = scratch.workspace
        for name in ["A", "B", "C"] { _ = try workspace.createIntegration(name: name) }
        var generator = SystemRandomNumberGenerator()
        let homes = ["A", "B", "C", "none"]
        for index in 0..<300 {
            let home = homes.randomElement(using: &generator) ?? "none"
            switch Int.random(in: 0..<6, using: &generator) {
            case 0, 1: _ = try workspace.createFlow(name: "f\(index)", integration: home)
            case 2: _ = try workspace.createAPI(name: "a\(index)", integration: home)
            case 3: _ = try workspace.createTool(name: "t\(index)", integration: home)
            case 4:
                if let flow = try workspace.items(.flow).randomElement(using: &generator) {
                    _ = try workspace.moveItems(.flow, [flow.id], to: home)
                }
            default:
                if let api = try workspace.items(.api).randomElement(using: &generator) {
                    try workspace.deleteItems(.api, [api.id])
                }
            }
        }
        try workspace.deleteIntegration("C", mode: .detach)
        try workspace.deleteIntegration("B", mode: .cascade)
        let real = try workspace.database.rows(
            """
            SELECT i.id, (SELECT count(*) FROM flows x WHERE x.integration_id = i.id),
                   (SELECT count(*) FROM apis x WHERE x.integration_id = i.id),
                   (SELECT count(*) FROM tools x WHERE x.integration_id = i.id)
            FROM integrations i ORDER BY i.seq
            """)
        let listed = try workspace.home()
        #expect(try real.map { [try $0.integer(at: 1), try $0.integer(at: 2), try $0.integer(at: 3)] } == listed.map {
            [Int64($0.counts.flows), Int64($0.counts.apis), Int64($0.counts.tools)]
        })
    }
}
