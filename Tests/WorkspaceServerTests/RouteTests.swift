import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import Workspace
@testable import WorkspaceServer

/// A workspace file with the owner's token and a monitor's, served over loopback.
struct Served {
    let path: String
    let owner: String
    let monitor: String

    init() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("server-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        path = folder.appendingPathComponent("w.sqlite").path
        let w = try Workspace.create(at: path, owner: "olivia")
        _ = try w.addUser("moe", role: .monitor)
        _ = try w.createIntegration(name: "Shop", description: "Orders")
        _ = try w.createFlow(name: "Orders", integration: "Shop")
        _ = try w.createConnection(name: "Store", type: "shopify", integration: "Shop")
        _ = try w.createIntegration(name: "Other")
        owner = try w.createToken(label: "tests").secret
        monitor = try w.createToken(for: "moe").secret
    }

    var application: some ApplicationProtocol { Application(router: WorkspaceServer.router(ServerSettings(path: path))) }

    func dump() throws -> String { try Database(path: path).contentDump() }

    /// The dump without the audit table's rows (a denial adds its row there and nothing else).
    func withoutAudit(_ dump: String) -> String {
        var keep = true
        return dump.split(separator: "\n").filter { line in
            if line.hasPrefix("# ") { keep = line != "# audit" }
            return keep
        }.joined(separator: "\n")
    }
}

extension TestClientProtocol {
    /// A request with the token (if any) and a JSON or raw body.
    func call(
        _ method: HTTPRequest.Method, _ uri: String, token: String?, json: String? = nil, bytes: [UInt8]? = nil
    ) async throws -> (status: HTTPResponse.Status, body: String, value: JSONValue?) {
        var headers: HTTPFields = [:]
        if let token { headers[.authorization] = "Bearer \(token)" }
        let body = json.map { ByteBuffer(string: $0) } ?? bytes.map { ByteBuffer(bytes: $0) }
        let response = try await executeRequest(uri: uri, method: method, headers: headers, body: body)
        let text = String(buffer: response.body)
        return (response.status, text, try? JSONValue(parsing: text))
    }
}

@Suite struct RouteTests {
    @Test func integrationsOverLoopback() async throws {
        let served = try Served()
        try await served.application.test(.live) { client in
            let token = served.owner
            let created = try await client.call(.post, "/api/v1/integrations", token: token, json: #"{"name": "Made over HTTP", "description": "API"}"#)
            #expect(created.status == .created && created.value?["name"] == "Made over HTTP", "\(created.body)")
            let id = try #require(created.value?["_id"]?.stringValue)
            let home = try await client.call(.get, "/api/v1/integrations", token: token)
            #expect(home.status == .ok && home.value?.arrayValue?.contains { $0["_id"]?.stringValue == id } == true)
            let shown = try await client.call(.get, "/api/v1/integrations/\(id)", token: token)
            #expect(shown.status == .ok && shown.value?["description"] == "API")
            let edited = try await client.call(.patch, "/api/v1/integrations/\(id)", token: token, json: #"{"description": "Edited"}"#)
            #expect(edited.status == .ok && edited.value?["description"] == "Edited")
            #expect(try await client.call(.put, "/api/v1/integrations/\(id)/pin", token: token).status == .ok)
            let listed = try await client.call(.get, "/api/v1/integrations?view=list", token: token)
            #expect(listed.value?.arrayValue?.first?["_id"]?.stringValue == id, "pinned first")
            #expect(try await client.call(.delete, "/api/v1/integrations/\(id)/pin", token: token).status == .ok)
            let reordered = try await client.call(.post, "/api/v1/integrations/Other/reorder", token: token, json: #"{"first": true}"#)
            #expect(reordered.status == .ok && reordered.value?.arrayValue?.first?["name"] == "Other", "\(reordered.body)")
            let clone = try await client.call(.post, "/api/v1/integrations/Shop/clone", token: token, json: #"{"name": "Shop copy"}"#)
            #expect(clone.status == .created, "\(clone.body)")
            let document = try await client.call(.get, "/api/v1/integrations/Shop/download", token: token)
            #expect(document.status == .ok && document.value?["flows"]?.arrayValue?.count == 1)
            let installed = try await client.call(.post, "/api/v1/integrations/install?name=Installed", token: token, bytes: Array(document.body.utf8))
            #expect(installed.status == .created, "\(installed.body)")
            let zip = try await client.call(.get, "/api/v1/integrations/Shop/download?format=integrator.io", token: token)
            #expect(zip.status == .ok && zip.body.utf8.starts(with: Array("PK".utf8)))
            #expect(try await client.call(.delete, "/api/v1/integrations/\(id)", token: token).status == .noContent)
        }
        let log = try Workspace.open(at: served.path, as: "olivia").auditLog(limit: 200)
        #expect(log.contains { $0.source == "api" && $0.action == "create" && $0.resourceName == "Made over HTTP" })
    }

    @Test func flowsConnectionsSettingsRevisions() async throws {
        let served = try Served()
        try await served.application.test(.live) { client in
            let token = served.owner
            let flow = try await client.call(.post, "/api/v1/flows", token: token, json: #"{"name": "Returns", "_integrationId": "Shop"}"#)
            #expect(flow.status == .created, "\(flow.body)")
            let moved = try await client.call(.post, "/api/v1/flows/Returns/move", token: token, json: #"{"_integrationId": "Other"}"#)
            #expect(moved.status == .ok, "\(moved.body)")
            let disabled = try await client.call(.patch, "/api/v1/flows/Returns", token: token, json: #"{"disabled": true}"#)
            #expect(disabled.value?["disabled"] == true, "\(disabled.body)")
            let shown = try await client.call(.get, "/api/v1/flows/Orders", token: token)
            #expect(shown.status == .ok && shown.value?["name"] == "Orders")
            #expect(try await client.call(.get, "/api/v1/flows?integration=Other", token: token).value?.arrayValue?.count == 1)
            #expect(try await client.call(.delete, "/api/v1/flows/Returns", token: token).status == .noContent)
            let offline = try await client.call(.post, "/api/v1/connections/Store/disconnect", token: token)
            #expect(offline.value?["offline"] == true, "\(offline.body)")
            #expect(try await client.call(.post, "/api/v1/connections/Store/reconnect", token: token).value?["offline"] == false)
            #expect(try await client.call(.get, "/api/v1/connections?integration=Shop", token: token).value?.arrayValue?.count == 1)
            #expect(try await client.call(.put, "/api/v1/settings/Shop?pointer=/retries", token: token, json: "3").status == .ok)
            #expect(try await client.call(.get, "/api/v1/settings/Shop?pointer=/retries", token: token).value == 3)
            let resolved = try await client.call(.get, "/api/v1/settings/Orders/resolved", token: token)
            #expect(resolved.value?["settings"]?["retries"] == 3, "\(resolved.body)")
            #expect(try await client.call(.delete, "/api/v1/settings/Shop?pointer=/retries", token: token).status == .ok)
            let snapshot = try await client.call(.post, "/api/v1/integrations/Shop/revisions", token: token, json: #"{"description": "Over HTTP"}"#)
            #expect(snapshot.status == .created, "\(snapshot.body)")
            let revisions = try await client.call(.get, "/api/v1/integrations/Shop/revisions", token: token)
            let revision = try #require(revisions.value?.arrayValue?.first?["_id"]?.stringValue)
            #expect(try await client.call(.get, "/api/v1/revisions/\(revision)", token: token).value?["description"] == "Over HTTP")
            #expect(try await client.call(.get, "/api/v1/whoami", token: token).value?["name"] == "olivia")
            #expect(try await client.call(.get, "/api/v1/users", token: token).value?.arrayValue?.count == 2)
            let audit = try await client.call(.get, "/api/v1/audit?limit=3", token: token)
            #expect(audit.value?.arrayValue?.count == 3 && audit.value?[0]["source"] == "api")
        }
    }

    /// Each exit code's status, with the JSON error; refusals write nothing, a denial only its row.
    @Test func errorsMapToStatusesAndWriteNothing() async throws {
        let served = try Served()
        let before = try served.dump()
        try await served.application.test(.live) { client in
            let token = served.owner
            let missing = try await client.call(.get, "/api/v1/integrations/Nowhere", token: token)
            #expect(missing.status == .notFound && missing.value?["error"]?["code"] == "not_found")
            let standalone = try await client.call(.delete, "/api/v1/integrations/none", token: token)
            #expect(standalone.status == .conflict && standalone.value?["error"]?["code"] == "refused", "\(standalone.body)")
            let malformed = try await client.call(.post, "/api/v1/integrations", token: token, json: "{")
            #expect(malformed.status == .badRequest && malformed.value?["error"]?["message"] != nil)
            let big = try await client.call(.post, "/api/v1/integrations", token: token, bytes: Array(repeating: 0x20, count: (1 << 20) + 1))
            #expect(big.status == .contentTooLarge, "\(big.body)")
            #expect(try served.dump() == before)
            let denied = try await client.call(.post, "/api/v1/integrations", token: served.monitor, json: #"{"name": "Nope"}"#)
            #expect(denied.status == .forbidden && denied.value?["error"]?["code"] == "denied")
        }
        #expect(served.withoutAudit(try served.dump()) == served.withoutAudit(before))
        #expect(try Workspace.open(at: served.path, as: "olivia").auditLog(limit: 1).first?.action == "denied")
    }

    /// Every route without a token, or with a wrong or revoked one: 401 and nothing written.
    @Test func everyRouteRefusesTheUnauthenticated() async throws {
        let served = try Served()
        let revoked = try Workspace.open(at: served.path, as: "olivia").createToken()
        try Workspace.open(at: served.path, as: "olivia").revokeToken(revoked.token.id)
        let before = try served.dump()
        try await served.application.test(.live) { client in
            for route in Routes.all {
                let uri = route.path.replacingOccurrences(of: "{ref}", with: "Shop").replacingOccurrences(of: "{id}", with: "x")
                for token in [nil, "wst_wrong", "not-even-a-token", revoked.secret] {
                    let answer = try await client.call(route.method, uri, token: token, json: #"{"name": "Intruder"}"#)
                    #expect(answer.status == .unauthorized, "\(route.method) \(uri) with \(token ?? "no token"): \(answer.status)")
                    #expect(answer.value?["error"]?["code"] == "unauthenticated")
                }
            }
        }
        #expect(try served.dump() == before)
    }

    /// The OpenAPI document lists exactly the routes, and every route it lists answers.
    @Test func theOpenAPIDocumentMatchesTheRoutes() async throws {
        let served = try Served()
        try await served.application.test(.live) { client in
            let answer = try await client.call(.get, "/api/v1/openapi.json", token: nil)
            let paths = try #require(answer.value?["paths"]?.objectValue)
            #expect(answer.value?["openapi"] == "3.1.0")
            var documented = 0
            for (path, operations) in zip(paths.keys, paths.values) {
                for method in operations.objectValue?.keys ?? [] {
                    documented += 1
                    let route = Routes.all.first { $0.path == path && $0.method.rawValue.lowercased() == method }
                    #expect(route != nil, "\(method) \(path) is documented but not routed")
                }
            }
            #expect(documented == Routes.all.count)
            for route in Routes.all {
                let uri = route.path.replacingOccurrences(of: "{ref}", with: "Nothing").replacingOccurrences(of: "{id}", with: "nothing")
                let reply = try await client.call(route.method, uri, token: served.monitor)
                #expect(reply.value?["error"] != nil || reply.status.code < 300, "\(route.method) \(uri) is not routed: \(reply.status)")
            }
        }
    }
}
