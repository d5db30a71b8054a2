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
