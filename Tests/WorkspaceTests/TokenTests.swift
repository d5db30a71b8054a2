import Foundation
import Testing

@testable import Workspace
@testable import WorkspaceStore

/// API tokens (SPEC §10): shown once, stored only as a hash, acting as their user, dead once
/// revoked or once their user is removed.
@Suite struct TokenTests {
    @Test func aTokenActsAsItsUserAndOnlyItsHashIsStored() throws {
        let scratch = try Scratch()
        let w = scratch.workspace
        let made = try w.createToken(label: "CI")
        #expect(made.secret.hasPrefix("wst_") && made.secret.count == 44)
        #expect(made.token.user == w.user.name && made.token.label == "CI")
        let dump = try w.database.contentDump()
        #expect(!dump.contains(made.secret), "the secret must not be stored")
        #expect(dump.contains(try AuditChain.sha256Hex(Array(made.secret.utf8))))
        let api = try Workspace.open(at: scratch.path, token: made.secret, source: .api)
        #expect(api.user.name == w.user.name)
        let entry = try #require(try w.auditLog(limit: 1).first)
        #expect(entry.resourceType.rawValue == "token" && entry.action.rawValue == "create" && entry.resourceID == made.token.id)
        #expect(try w.tokens().map(\.id) == [made.token.id])
    }

    @Test func aRevokedOrWrongTokenIsRefused() throws {
        let scratch = try Scratch()
        let w = scratch.workspace
        let made = try w.createToken()
        try w.revokeToken(made.token.id)
        #expect(throws: WorkspaceError.self) { try Workspace.open(at: scratch.path, token: made.secret, source: .api) }
        do {
            _ = try Workspace.open(at: scratch.path, token: "wst_nothing", source: .api)
            Issue.record("an unknown token was let in")
        } catch let error as WorkspaceError {
            #expect(error.kind == .denied && error.message.contains("unknown or revoked"))
        }
        try scratch.expectRefusal(.notFound, containing: "no token") { try w.revokeToken(made.token.id) }
        #expect(try w.auditLog(limit: 1).first?.action.rawValue == "revoke")
    }

    @Test func aTokenExpiresAndItsSessionsWithIt() throws {
        let scratch = try Scratch()
        let w = scratch.workspace
        let start = Timestamp.now()
        w.clock = { start }
        let made = try w.createToken(label: "hourly", expires: .oneHour)
        #expect(made.token.expiresAt == start + 3_600_000 && TokenLifetime.allCases.map(\.rawValue) == ["1h", "4h", "1d", "4d", "10d", "30d", "never"])
        let file = try WorkspaceFile.open(at: scratch.path)
        let (id, _) = try file.openSession(token: made.secret, lifetimeSeconds: 7200, perToken: 5, total: 100)
        #expect(try file.workspace(token: made.secret, source: .api, now: start + 3_599_999).user.name == w.user.name)
        do {
            _ = try file.workspace(token: made.secret, source: .api, now: start + 3_600_000)
            Issue.record("an expired token was let in")
        } catch let error as WorkspaceError {
            #expect(error.kind == .denied && error.message.contains("expired at \(Timestamp.iso8601(start + 3_600_000))"), "\(error.message)")
        }
        // A session made with it ends with it (its own lifetime is longer).
        try w.database.execute("UPDATE tokens SET expires_at = 1 WHERE id = '\(made.token.id)'")
        #expect(throws: WorkspaceError.self) { _ = try file.workspace(session: id, source: .web) }
        #expect(try w.createToken(expires: .never).token.expiresAt == nil)
    }

    @Test func aTokensLastUseIsNotedAtMostOnceAMinute() throws {
        let scratch = try Scratch()
        let w = scratch.workspace
        let made = try w.createToken(label: "script")
        #expect(try w.tokens().first?.lastUsedAt == nil)
        let file = try WorkspaceFile.open(at: scratch.path)
        let minute: Int64 = 1_800_000_000_000
        _ = try file.workspace(token: made.secret, source: .api, now: minute + 5_000)
        #expect(try w.tokens().first?.lastUsedAt == minute)
        let before = try w.database.scalar("SELECT count(*) FROM audit")
        for second in 6..<60 { _ = try file.workspace(token: made.secret, source: .api, now: minute + Int64(second) * 1000) }
        #expect(try w.tokens().first?.lastUsedAt == minute, "within the minute: no write")
        _ = try file.workspace(token: made.secret, source: .api, now: minute + 61_000)
        #expect(try w.tokens().first?.lastUsedAt == minute + 60_000)
        #expect(try w.database.scalar("SELECT count(*) FROM audit") == before, "a use is no audited change")
    }

    @Test func aScopedTokenSeesOnlyItsIntegrationsAndCannotWidenItself() throws {
        let scratch = try Scratch()
        let w = scratch.workspace
        _ = try w.createIntegration(name: "A")
        _ = try w.createIntegration(name: "B")
        _ = try w.createFlow(name: "In A", integration: "A")
        _ = try w.createFlow(name: "In B", integration: "B")
        let made = try w.createToken(label: "A only", scopes: ["integration:A:monitor"], expires: .oneDay)
        #expect(made.token.scope.text == "integration:\(try w.integration("A").id):monitor")
        let scoped = try Workspace.open(at: scratch.path, token: made.secret, source: .api)
        #expect(try scoped.home().map(\.integration.name) == ["A"], "not even Standalone")
        #expect(try scoped.items(.flow).map(\.name) == ["In A"])
        #expect(try scoped.integrationSummary("A").allowed?.contains(.change) == false)
        #expect(try scoped.whoami().allowed?.contains(.makeTokens) == false)
        try scratch.expectDenial { _ = try scoped.createToken(scopes: ["full"]) }
        try scratch.expectDenial { _ = try scoped.editIntegration("A", description: "x") }
        do {
            _ = try scoped.integration("B")
            Issue.record("a token scoped to A read B")
        } catch let error as WorkspaceError {
            #expect(error.kind == .denied)
        }
        // Scopes: words checked, integrations by name or id, `full` takes in the rest.
        try scratch.expectRefusal(.invalid, containing: "unknown token scope") { _ = try w.createToken(scopes: ["everything"]) }
        try scratch.expectRefusal(.notFound) { _ = try w.createToken(scopes: ["integration:Nope"]) }
        #expect(try w.tokenScope(["read", "integration:B"]).text == "read integration:\(try w.integration("B").id):manage")
        #expect(try w.tokenScope(["integration:A", "full"]) == .full)
        // A tile user's scoped token is never more than the user: the scope is the lesser.
        _ = try w.addUser("tia", role: .tile)
        let tias = try w.createToken(for: "tia", scopes: ["integration:B:manage"])
        #expect(try Workspace.open(at: scratch.path, token: tias.secret, source: .api).home().isEmpty)
    }

    @Test func removingAUserKillsTheirTokens() throws {
        let scratch = try Scratch()
        let w = scratch.workspace
        _ = try w.addUser("mary", role: .manage)
        let marys = try w.createToken(for: "mary", label: "Mary's script")
        #expect(try Workspace.open(at: scratch.path, token: marys.secret, source: .api).user.name == "mary")
        try w.removeUser("mary")
        #expect(throws: WorkspaceError.self) { try Workspace.open(at: scratch.path, token: marys.secret, source: .api) }
        #expect(try w.tokens().isEmpty)
        let rows = try w.auditLog(limit: 2)
        #expect(rows.map(\.action.rawValue) == ["delete", "revoke"] && rows[1].resourceID == marys.token.id)
    }

    @Test func othersTokensNeedTheOwnerOrAnAdministrator() throws {
        let scratch = try Scratch()
        let w = scratch.workspace
        _ = try w.addUser("mary", role: .manage)
        _ = try w.addUser("tim", role: .tile)
        let ownersToken = try w.createToken(label: "owner")
        let mary = try Workspace.open(at: scratch.path, as: "mary")
        let marys = try mary.createToken(label: "own")
        #expect(try mary.tokens().map(\.id) == [marys.token.id], "one sees only one's own")
        #expect(Set(try w.tokens().map(\.id)) == [ownersToken.token.id, marys.token.id])
        #expect(throws: WorkspaceError.self) { try mary.createToken(for: "tim") }
        #expect(throws: WorkspaceError.self) { try mary.revokeToken(ownersToken.token.id) }
        try mary.revokeToken(marys.token.id)
        try scratch.expectRefusal(.notFound, containing: "no user named") { _ = try w.createToken(for: "nobody") }
        try scratch.expectRefusal(.invalid, containing: "control character") { _ = try w.createToken(label: "a\u{7}b") }
    }
}
