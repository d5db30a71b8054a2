import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import Workspace
@testable import WorkspaceServer
@testable import WorkspaceStore

/// The recycle bin and scoped, expiring tokens over loopback: one case per kind, refusals that
/// write nothing, a token's scope and expiry at the door.
@Suite struct RecycleBinRouteTests {
    @Test func deleteListRestorePurgeOverHTTP() async throws {
        let served = try Served()
        try await served.application.test(.live) { client in
            let token = served.owner
            let before = try await client.call(.get, "/api/v1/integrations/Shop/download", token: token).body
            #expect(try await client.call(.delete, "/api/v1/flows/Orders", token: token).status == .noContent)
            let listed = try await client.call(.get, "/api/v1/recycle-bin?type=flow", token: token)
            let entry = try #require(listed.value?.arrayValue?.first)
            #expect(entry["name"] == "Orders" && entry["allowed"] == ["restore", "purge"], "\(listed.body)")
            let monitor = try await client.call(.get, "/api/v1/recycle-bin", token: served.monitor)
            #expect(monitor.status == .ok && monitor.value?.arrayValue?.first?["allowed"] == [], "monitors list: \(monitor.body)")
            // A monitor may not restore or purge: 403 and only a denied row.
            let dump = try served.dump()
            let id = try #require(entry["_id"]?.stringValue)
            #expect(try await client.call(.post, "/api/v1/recycle-bin/\(id)/restore", token: served.monitor, json: "{}").status == .forbidden)
            #expect(try await client.call(.delete, "/api/v1/recycle-bin/\(id)", token: served.monitor).status == .forbidden)
            #expect(served.withoutAudit(try served.dump()) == served.withoutAudit(dump))
            // Unknown fields and a bad type are refused before anything is read.
            #expect(try await client.call(.post, "/api/v1/recycle-bin/\(id)/restore", token: token, json: #"{"place": "x"}"#).status == .badRequest)
            #expect(try await client.call(.get, "/api/v1/recycle-bin?type=widget", token: token).status == .badRequest)
            #expect(try await client.call(.post, "/api/v1/recycle-bin/\(id)/restore", token: token, json: #"{"into": "Nowhere"}"#).status == .notFound)
            let restored = try await client.call(.post, "/api/v1/recycle-bin/\(id)/restore", token: token, json: "{}")
            #expect(restored.status == .created && restored.value?["restored"]?.arrayValue?.isEmpty == false, "\(restored.body)")
            #expect(try await client.call(.get, "/api/v1/integrations/Shop/download", token: token).body == before)
            #expect(try await client.call(.post, "/api/v1/recycle-bin/\(id)/restore", token: token, json: "{}").status == .notFound)
            // Every other kind through its delete route, then back.
            for (path, type) in [("/api/v1/connections/Store", "connection"), ("/api/v1/integrations/Other", "integration")] {
                #expect(try await client.call(.delete, path, token: token).status == .noContent, "\(path)")
                let entry = try #require(try await client.call(.get, "/api/v1/recycle-bin?type=\(type)", token: token).value?.arrayValue?.first)
                let id = try #require(entry["_id"]?.stringValue)
                #expect(try await client.call(.post, "/api/v1/recycle-bin/\(id)/restore", token: token, json: "{}").status == .created)
            }
            // Purge and retention.
            #expect(try await client.call(.delete, "/api/v1/flows/Orders", token: token).status == .noContent)
            let purged = try await client.call(.post, "/api/v1/recycle-bin/purge", token: token, json: #"{"olderThan": "0s"}"#)
            #expect(purged.status == .ok && purged.value?.arrayValue?.count == 1, "\(purged.body)")
            #expect(try await client.call(.post, "/api/v1/recycle-bin/purge", token: token, json: #"{"olderThan": "soon"}"#).status == .badRequest)
            #expect(try await client.call(.get, "/api/v1/recycle-bin/retention", token: token).value?["retentionDays"] == 30)
            #expect(try await client.call(.put, "/api/v1/recycle-bin/retention", token: token, json: #"{"retentionDays": 0}"#).status == .badRequest)
            #expect(try await client.call(.put, "/api/v1/recycle-bin/retention", token: token, json: #"{"retentionDays": "7"}"#).status == .badRequest)
            let set = try await client.call(.put, "/api/v1/recycle-bin/retention", token: token, json: #"{"retentionDays": 7}"#)
            #expect(set.status == .ok && set.value?["retentionDays"] == 7)
            #expect(try await client.call(.put, "/api/v1/recycle-bin/retention", token: served.monitor, json: #"{"retentionDays": 9}"#).status == .forbidden)
        }
    }

    /// One case per kind through its own delete route: each comes back, the document as it was.
    @Test func everyKindBackOverHTTP() async throws {
        let served = try Served()
        let w = try Workspace.open(at: served.path, as: "olivia")
        _ = try w.createGroup(name: "Nightly", integration: "Shop")
        _ = try w.createStep(.export, name: "Get", flow: "Orders", connection: "Store")
        _ = try w.createStep(.import, name: "Put", flow: "Orders", connection: "Store")
        _ = try w.createAPI(name: "Status", integration: "Shop")
        _ = try w.createTool(name: "Helper", integration: "Shop")
        _ = try w.install(#"""
            {"format": "workspace-integration", "version": 1, "integration": {"_id": "i", "name": "Hooks"},
             "scripts": [{"_id": "s", "name": "Unused", "content": "function f() {}"}]}
            """#)
        try await served.application.test(.live) { client in
            let token = served.owner
            for (path, type) in [
                ("/api/v1/exports/Get?force=true", "export"), ("/api/v1/imports/Put?force=true", "import"), ("/api/v1/apis/Status", "api"),
                ("/api/v1/tools/Helper", "tool"), ("/api/v1/groups/Nightly", "flowGroup"), ("/api/v1/scripts/Unused", "script"),
            ] {
                let integration = type == "script" ? "Hooks" : "Shop"
                let before = try await client.call(.get, "/api/v1/integrations/\(integration)/download", token: token).body
                let deleted = try await client.call(.delete, path, token: token)
                #expect(deleted.status == .noContent, "\(path): \(deleted.body)")
                let entry = try #require(try await client.call(.get, "/api/v1/recycle-bin?type=\(type)", token: token).value?.arrayValue?.first)
                let id = try #require(entry["_id"]?.stringValue)
                let restored = try await client.call(.post, "/api/v1/recycle-bin/\(id)/restore", token: token, json: "{}")
                #expect(restored.status == .created, "\(type): \(restored.body)")
                #expect(try await client.call(.get, "/api/v1/integrations/\(integration)/download", token: token).body == before, "\(type)")
            }
        }
    }

    /// Each scope at the door of a read and a change of Shop, and of Other.
    @Test func eachScopeOverHTTP() async throws {
        let served = try Served()
        let w = try Workspace.open(at: served.path, as: "olivia")
        let cases: [(scope: String, secret: String, readsShop: Bool, changesShop: Bool, readsOther: Bool)] = try [
            ("full", true, true, true), ("read", true, false, true), ("integration:Shop", true, true, false),
            ("integration:Shop:monitor", true, false, false),
        ].map { ($0.0, try w.createToken(label: $0.0, scopes: [$0.0]).secret, $0.1, $0.2, $0.3) }
        try await served.application.test(.live) { client in
            for (scope, secret, readsShop, changesShop, readsOther) in cases {
                let shop = try await client.call(.get, "/api/v1/integrations/Shop", token: secret).status
                let other = try await client.call(.get, "/api/v1/integrations/Other", token: secret).status
                let change = try await client.call(.patch, "/api/v1/integrations/Shop", token: secret, json: #"{"description": "By \#(scope)"}"#).status
                #expect((shop == .ok) == readsShop && (other == .ok) == readsOther && (change == .ok) == changesShop, "\(scope)")
                #expect([shop, other, change].allSatisfy { $0 == .ok || $0 == .forbidden }, "\(scope)")
            }
        }
    }

    @Test func aTokensScopeAndExpiryAtTheDoor() async throws {
        let served = try Served()
        try await served.application.test(.live) { client in
            let made = try await client.call(
                .post, "/api/v1/tokens", token: served.owner, json: #"{"label": "shop", "scope": ["integration:Shop:monitor"], "expires": "1d"}"#)
            #expect(made.status == .created && made.value?["expiresAt"]?.stringValue != nil, "\(made.body)")
            let scoped = try #require(made.value?["token"]?.stringValue)
            let home = try await client.call(.get, "/api/v1/integrations", token: scoped)
            #expect(home.value?.arrayValue?.map { $0["name"] } == ["Shop"], "\(home.body)")
            #expect(try await client.call(.get, "/api/v1/integrations/Other", token: scoped).status == .forbidden)
            #expect(try await client.call(.post, "/api/v1/flows", token: scoped, json: #"{"name": "x", "_integrationId": "Shop"}"#).status == .forbidden)
            #expect(try await client.call(.post, "/api/v1/tokens", token: scoped, json: "{}").status == .forbidden)
            let whoami = try await client.call(.get, "/api/v1/whoami", token: scoped)
            #expect(whoami.value?["allowed"]?.arrayValue?.contains("makeTokens") == false)
            let listed = try await client.call(.get, "/api/v1/tokens", token: served.owner)
            let token = try #require(listed.value?.arrayValue?.first { $0["label"] == "shop" })
            #expect(token["lastUsedAt"]?.stringValue != nil && token["scope"]?.arrayValue?.count == 1)
            #expect(try await client.call(.post, "/api/v1/tokens", token: served.owner, json: #"{"expires": "2h"}"#).status == .badRequest)
            #expect(try await client.call(.post, "/api/v1/tokens", token: served.owner, json: #"{"scope": ["admin"]}"#).status == .badRequest)
            #expect(try await client.call(.post, "/api/v1/tokens", token: served.owner, json: #"{"scope": "full"}"#).status == .badRequest)
            try Store(location: served.path).execute("UPDATE tokens SET expires_at = 1000 WHERE label = 'shop'")
            let expired = try await client.call(.get, "/api/v1/integrations", token: scoped)
            #expect(expired.status == .unauthorized && expired.body.contains("expired"), "\(expired.body)")
        }
    }
}
