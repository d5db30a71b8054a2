import Testing

@testable import Workspace
@testable import WorkspaceStore

@Suite struct AuditQueryTests {
    static func plant() throws -> Scratch {
        let scratch = try Scratch()
        let w = scratch.workspace
        _ = try w.createIntegration(name: "A")
        _ = try w.createIntegration(name: "B")
        _ = try w.createFlow(name: "F", integration: "A")
        _ = try w.createFlow(name: "G", integration: "B")
        _ = try w.editItem(.flow, "F", ItemEdit(name: "F2"))
        _ = try w.addUser("mary", role: .manage)
        let mary = try Workspace.open(at: scratch.path, as: "mary")
        _ = try mary.createFlow(name: "M", integration: "A")
        return scratch
    }

    @Test func filtersNarrowTheLog() throws {
        let scratch = try Self.plant()
        let w = scratch.workspace
        let a = try w.integration("A").id
        #expect(try w.auditLog(AuditQuery(integration: "A")).map(\.resourceName) == ["M", "F2", "F", "A"])
        #expect(try w.auditLog(AuditQuery(user: "mary")).map(\.resourceName) == ["M"])
        #expect(try w.auditLog(AuditQuery(action: .update)).map(\.fieldPath) == ["/name"])
        #expect(try w.auditLog(AuditQuery(type: .integration)).count == 3)
        #expect(try w.auditLog(AuditQuery(resource: "F")).map(\.action.rawValue) == ["create"])
        #expect(try w.auditLog(AuditQuery(resource: w.item(.flow, "F2").id)).map(\.action.rawValue) == ["update", "create"])
        #expect(try w.auditLog(AuditQuery(integration: "A", user: "olivia", limit: 2)).map(\.resourceName) == ["F2", "F"])
        #expect(try w.auditLog(AuditQuery(integration: "none")).map(\.resourceName) == ["Standalone flows"])
        #expect(try w.auditLog(AuditQuery(since: Timestamp.now() + 60_000)).isEmpty)
        #expect(try w.auditLog(AuditQuery(until: 0)).isEmpty)
        try w.deleteItems(.flow, ["F2", "M"])
        try w.deleteIntegration("A")
        #expect(try w.auditLog(AuditQuery(integration: a)).first?.action.rawValue == "delete")
    }

    @Test func scopesFollowPermissions() throws {
        let scratch = try Self.plant()
        _ = try scratch.workspace.addUser("tom", role: .tile)
        _ = try scratch.workspace.grant("tom", integration: "A", access: .monitor)
        let tom = try Workspace.open(at: scratch.path, as: "tom")
        #expect(try tom.auditLog(AuditQuery(integration: "A")).map(\.action.rawValue) == ["grant", "create", "update", "create", "create"])
        #expect(try tom.auditLog(AuditQuery(integration: "none")).count == 1)
        #expect(throws: WorkspaceError.self) { try tom.auditLog(AuditQuery(integration: "B")) }
        #expect(throws: WorkspaceError.self) { try tom.auditLog() }
        #expect(throws: WorkspaceError.self) { try tom.verifyAudit() }
        let mary = try Workspace.open(at: scratch.path, as: "mary")
        #expect(throws: WorkspaceError.self) { try mary.auditLog() }
        let b = try mary.auditLog(AuditQuery(integration: "B"))
        #expect(b.map(\.action.rawValue) == ["denied", "create", "create"] && b.first?.user == "tom")
    }

    @Test(arguments: [
        ("2026-11-23", 1_795_392_000_000), ("2026-11-23T08:15", 1_795_421_700_000),
        ("2026-11-23T08:15:02Z", 1_795_421_702_000), ("2026-11-23T08:15:02.5Z", 1_795_421_702_500),
        ("2026-11-23T10:15:02+02:00", 1_795_421_702_000), ("1970-01-01T00:00:00.123", 123),
    ] as [(String, Int64)])
    func parsesISOTimes(text: String, expected: Int64) throws {
        #expect(try AuditTime.parse(text) == expected)
    }

    @Test func parsesDurationsAgo() throws {
        #expect(try AuditTime.parse("2h", now: 10_000_000) == 10_000_000 - 7_200_000)
        #expect(try AuditTime.parse("7d", now: 0) == -604_800_000)
        #expect(try AuditTime.parse("30m", now: 0) == -1_800_000)
        for bad in ["yesterday", "2026-13-01", "2026-11-23T25:00", "5y", "", "2026-11-23T08:15:02Zjunk"] {
            #expect(throws: WorkspaceError.self) { try AuditTime.parse(bad) }
        }
    }

    @Test(.sqliteOnly) func filteredQueriesReadAnIndexNotTheTable() throws {
        let scratch = try Self.plant()
        let queries = [
            AuditQuery(integration: "A"), AuditQuery(user: "mary"), AuditQuery(action: .update),
            AuditQuery(type: .flow), AuditQuery(resource: "F"), AuditQuery(source: .cli), AuditQuery(since: 0), AuditQuery(until: 5),
            AuditQuery(integration: "A", since: 0, until: 5),
        ]
        for query in queries {
            let (sql, values) = AuditRecord.pageQuery(query, integrationID: try scratch.workspace.auditScope(query))
            let plan = try scratch.workspace.database.rows("EXPLAIN QUERY PLAN " + sql, values).map { try $0.text(at: 3) }
            #expect(!plan.contains("SCAN audit"), "a full scan: \(plan)")
            #expect(plan.contains { $0.contains("USING") }, "\(plan)")
        }
    }
}

@Suite struct AuditChainTests {
    @Test func anUntouchedLogVerifies() throws {
        let scratch = try AuditQueryTests.plant()
        let result = try scratch.workspace.verifyAudit()
        #expect(result.problem == nil)
        #expect(result.rowsChecked == (try scratch.workspace.auditCount()))
        #expect(result.head.count == 64)
    }

    /// Tampering through SQLite itself, with the append-only triggers dropped.
    @Test(.sqliteOnly, arguments: [
        ("UPDATE audit SET new_value = '\"evil\"' WHERE seq = 4", Int64(4)),
        ("DELETE FROM audit WHERE seq = 3", 4),
        ("UPDATE audit SET seq = seq + 100 WHERE seq = 2; UPDATE audit SET seq = 2 WHERE seq = 5; UPDATE audit SET seq = 5 WHERE seq = 102", 2),
        ("UPDATE audit SET user_name = 'someone' WHERE seq = 1", 1),
    ])
    func tamperingIsFoundAtTheFirstBadRow(tamper: String, firstBad: Int64) throws {
        let scratch = try AuditQueryTests.plant()
        try scratch.workspace.database.execute(
            "DROP TRIGGER audit_is_append_only_update; DROP TRIGGER audit_is_append_only_delete; " + tamper)
        let result = try scratch.workspace.verifyAudit()
        #expect(result.problem?.sequence == firstBad)
    }

    /// The hint names the last good row: before a removed row, not the removed one.
    @Test(.sqliteOnly) func theLastGoodRowIsTheOneBeforeTheDamage() throws {
        let scratch = try AuditQueryTests.plant()
        try scratch.workspace.database.execute("DROP TRIGGER audit_is_append_only_delete; DELETE FROM audit WHERE seq = 3")
        let result = try scratch.workspace.verifyAudit()
        #expect(result.problem?.sequence == 4 && result.lastGood == 2)
    }

    /// A head kept elsewhere catches what the chain alone cannot: rows cut from the end, and a
    /// chain recomputed after an edit.
    @Test(.sqliteOnly) func aKeptHeadCatchesTruncationAndRechaining() throws {
        let scratch = try AuditQueryTests.plant()
        let w = scratch.workspace
        let head = try w.auditHead()
        let count = try w.auditCount()
        let chainHead = try w.verifyAudit().head
        #expect(head.sequence == count && head.hash == chainHead)
        #expect(try w.verifyAudit(head: head).problem == nil)
        #expect(try AuditHead(parsing: head.text) == head)
        _ = try w.createIntegration(name: "Later")
        #expect(try w.verifyAudit(head: head).problem == nil, "a later row does not break an older head")

        let cut = try AuditQueryTests.plant()
        let kept = try cut.workspace.auditHead()
        try cut.workspace.database.execute(
            "DROP TRIGGER audit_is_append_only_delete; DELETE FROM audit WHERE seq >= \(kept.sequence - 1)")
        #expect(try cut.workspace.verifyAudit().problem == nil, "the chain alone cannot tell")
        #expect(try cut.workspace.verifyAudit(head: kept).problem?.message.contains("cut from its end") == true)

        let rechained = try AuditQueryTests.plant()
        let anchor = try rechained.workspace.auditHead()
        let database = rechained.workspace.database
        try database.execute("DROP TRIGGER audit_is_append_only_update; UPDATE audit SET resource_name = 'Forged' WHERE seq = 2")
        var previous = ""
        var buffer: [UInt8] = []
        var hashes: [(Int64, String)] = []
        try database.forEach("SELECT \(AuditChain.columns), hash FROM audit ORDER BY seq") { row in
            previous = try AuditChain.hash(row, previous: previous, buffer: &buffer)
            hashes.append((try row.integer(at: 0), previous))
        }
        for (sequence, hash) in hashes { try database.run("UPDATE audit SET hash = ? WHERE seq = ?", [.text(hash), .integer(sequence)]) }
        #expect(try rechained.workspace.verifyAudit().problem == nil, "the chain alone cannot tell")
        #expect(try rechained.workspace.verifyAudit(head: anchor).problem?.message.contains("re-chained") == true)
        #expect(throws: WorkspaceError.self) { try AuditHead(parsing: "12:nothex") }
    }

    @Test func aMigratedLogIsChainedToo() throws {
        let path = try MigrationTests.firstSchemaFile()
        let database = try Store(path: path)
        try database.execute(
            """
            INSERT INTO audit (time, user, source, resource_type, resource_id, resource_name, integration_id, action)
            VALUES (1, 'olivia', 'system', 'user', 'olivia', 'olivia', NULL, 'create'),
                   (2, 'olivia', 'cli', 'flow', 'x', 'Old', 'none', 'create')
            """)
        let workspace = try Workspace.open(at: path, as: "olivia")
        _ = try workspace.createIntegration(name: "after")
        let result = try workspace.verifyAudit()
        #expect(result.problem == nil && result.rowsChecked == 3)
        #expect(throws: WorkspaceError.self) { try workspace.database.execute("UPDATE audit SET user_name = 'x'") }
    }
}
