import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import Workspace
@testable import WorkspaceStore
@testable import WorkspaceServer

/// A workspace file with the owner's token and a monitor's, served over loopback.
struct Served {
    let path: String
    let owner: String
    let monitor: String

    init() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("server-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        path = try Self.newWorkspaceLocation(in: folder)
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

    func dump() throws -> String { try Store(location: path).contentDump() }

    /// A file in `folder`, or with WORKSPACE_TEST_ENGINE=postgresql a new, empty database of the
    /// server WORKSPACE_TEST_POSTGRES names.
    static func newWorkspaceLocation(in folder: URL) throws -> String {
        let environment = ProcessInfo.processInfo.environment
        guard environment["WORKSPACE_TEST_ENGINE"] == "postgresql", let admin = environment["WORKSPACE_TEST_POSTGRES"] else {
            return folder.appendingPathComponent("w.sqlite").path
        }
        let name = "route_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try Store(address: admin).execute("CREATE DATABASE \(name)")
        return String(admin[..<(admin.lastIndex(of: "/") ?? admin.endIndex)]) + "/" + name
    }

    func withoutAudit(_ dump: String) -> String { Store.withoutAudit(dump) }

    /// Adds tess, a tile user who manages "Other" only, and returns her token.
    func tileUserManagingOther() throws -> String {
        let owner = try Workspace.open(at: path, as: "olivia")
        _ = try owner.addUser("tess", role: .tile)
        _ = try owner.grant("tess", integration: "Other", access: .manage)
        return try owner.createToken(for: "tess").secret
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
        let value = try? JSONValue(parsing: text)
        if let route = Route.serving(method, uri), response.status == route.success || route.alsoAnswers.contains(response.status) {
            let problem = route.mismatch(value, contentType: response.headers[.contentType] ?? "")
            #expect(problem == nil, "\(method) \(uri) answered what its OpenAPI response does not describe: \(problem ?? "")")
        }
        return (response.status, text, value)
    }
}

extension Route {
    /// The route that serves `uri`: its path's constant parts before parameters, as the router matches.
    static func serving(_ method: HTTPRequest.Method, _ uri: String) -> Route? {
        let parts = uri.split(separator: "?")[0].split(separator: "/", omittingEmptySubsequences: false)
        let matching = Routes.all.filter { route in
            let pattern = route.path.split(separator: "/", omittingEmptySubsequences: false)
            return route.method == method && pattern.count == parts.count
                && zip(pattern, parts).allSatisfy { $0.hasPrefix("{") || $0 == $1 }
        }
        return matching.max { $0.path.filter { $0 == "{" }.count > $1.path.filter { $0 == "{" }.count }
    }

    /// Where a success's answer differs from what the route documents, if anywhere.
    func mismatch(_ value: JSONValue?, contentType: String) -> String? {
        switch answers {
        case .nothing: return value == nil ? nil : "an answer where none is documented"
        case .json(let shape):
            guard let value else { return "not JSON" }
            return shape.mismatch(value)
        case .media(let types):
            guard let (_, shape) = types.first(where: { contentType.hasPrefix($0.type) }) else { return "undocumented \(contentType)" }
            guard let shape else { return nil }
            guard let value else { return "not JSON" }
            return shape.mismatch(value)
        }
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
        #expect(log.contains { $0.source.rawValue == "api" && $0.action.rawValue == "create" && $0.resourceName == "Made over HTTP" })
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
        #expect(try Workspace.open(at: served.path, as: "olivia").auditLog(limit: 1).first?.action.rawValue == "denied")
    }

    /// Every route without a token, or with a wrong or revoked one: 401 and nothing written.
    @Test func everyRouteRefusesTheUnauthenticated() async throws {
        let served = try Served()
        let revoked = try Workspace.open(at: served.path, as: "olivia").createToken()
        try Workspace.open(at: served.path, as: "olivia").revokeToken(revoked.token.id)
        let before = try served.dump()
        try await served.application.test(.live) { client in
            for route in Routes.all {
                let uri = route.uri(filling: "Shop")
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
            for (path, operations) in zip(paths.keys, paths.values) where path != "/api/v1/session" {
                for method in operations.objectValue?.keys ?? [] {
                    documented += 1
                    let route = Routes.all.first { $0.path == path && $0.method.rawValue.lowercased() == method }
                    #expect(route != nil, "\(method) \(path) is documented but not routed")
                }
            }
            #expect(documented == Routes.all.count)
            for route in Routes.all {
                let uri = route.uri(filling: "Nothing")
                let reply = try await client.call(route.method, uri, token: served.monitor)
                #expect(reply.value?["error"] != nil || reply.status.code < 300, "\(route.method) \(uri) is not routed: \(reply.status)")
            }
        }
    }
}

/// The OpenAPI links: from each create to the get, patch and delete of what it made.
@Suite struct OpenAPILinkTests {
    @Test func everyLinkNamesAnOperationAndFillsItsParameters() throws {
        let document = OpenAPIDocument.document(Routes.all)
        let operations = Dictionary(uniqueKeysWithValues: Routes.all.map { (OpenAPIDocument.operationID($0), $0) })
        var linked = 0
        for route in Routes.all {
            let success = document["paths"]?[route.path]?[route.method.rawValue.lowercased()]?["responses"]?[String(route.success.code)]
            for (name, link) in (success?["links"]?.objectValue ?? JSONObject()).pairs {
                linked += 1
                let target = try #require(operations[link["operationId"]?.stringValue ?? ""], "\(name) names no operation")
                let parameters = link["parameters"]?.objectValue?.keys ?? []
                #expect(Set(parameters) == Set(target.parameters), "\(name) fills \(parameters), not \(target.parameters)")
                #expect(target.path == route.links?.path, "\(name) reaches past the created resource")
            }
        }
        #expect(linked >= 20)
        let created = document["paths"]?["/api/v1/integrations"]?["post"]?["responses"]?["201"]?["links"]
        #expect(created?["get_integrations_ref"]?["parameters"] == ["ref": "$response.body#/_id"])
        #expect(created?["patch_integrations_ref"] != nil && created?["delete_integrations_ref"] != nil)
        #expect(created?["post_integrations_ref_reorder"] == nil)
    }
}

extension Route {
    /// The path with every parameter given `value`.
    func uri(filling value: String) -> String {
        parameters.reduce(path) { $0.replacingOccurrences(of: "{\($1)}", with: value) }
    }
}

@Suite struct MoreRouteTests {
    @Test func groupsItemsStepsAliasesScripts() async throws {
        let served = try Served()
        try await served.application.test(.live) { client in
            let token = served.owner
            #expect(try await client.call(.post, "/api/v1/integrations/Shop/groups", token: token, json: #"{"name": "Daily"}"#).status == .created)
            #expect(try await client.call(.post, "/api/v1/integrations/Shop/groups", token: token, json: #"{"name": "Hourly"}"#).status == .created)
            let reordered = try await client.call(.post, "/api/v1/groups/Hourly/reorder", token: token, json: #"{"first": true}"#)
            #expect(reordered.value?[0]["name"] == "Hourly", "\(reordered.body)")
            #expect(try await client.call(.patch, "/api/v1/groups/Daily", token: token, json: #"{"name": "Nightly"}"#).value?["name"] == "Nightly")
            #expect(try await client.call(.get, "/api/v1/integrations/Shop/groups", token: token).value?.arrayValue?.count == 2)
            #expect(try await client.call(.delete, "/api/v1/groups/Nightly", token: token).status == .noContent)
            let api = try await client.call(.post, "/api/v1/apis", token: token, json: #"{"name": "Status", "_integrationId": "Shop", "method": "GET", "path": "/status"}"#)
            #expect(api.status == .created, "\(api.body)")
            #expect(try await client.call(.post, "/api/v1/apis/Status/move", token: token, json: #"{"_integrationId": "Other"}"#).status == .ok)
            let tool = try await client.call(.post, "/api/v1/tools", token: token, json: #"{"name": "Lookup", "inputSchema": {"type": "object"}}"#)
            #expect(tool.status == .created, "\(tool.body)")
            #expect(try await client.call(.delete, "/api/v1/tools/Lookup", token: token).status == .noContent)
            let export = try await client.call(.post, "/api/v1/exports", token: token, json: #"{"name": "Get orders", "_flowId": "Orders", "_connectionId": "Store"}"#)
            #expect(export.status == .created, "\(export.body)")
            let imported = try await client.call(.post, "/api/v1/imports", token: token, json: #"{"name": "Put orders", "_integrationId": "Shop"}"#)
            #expect(imported.status == .created, "\(imported.body)")
            let added = try await client.call(.post, "/api/v1/flows/Orders/steps", token: token, json: #"{"step": "Put orders"}"#)
            #expect(added.status == .ok, "\(added.body)")
            #expect(try await client.call(.get, "/api/v1/flows/Orders/steps", token: token).value?.arrayValue?.count == 2)
            let moved = try await client.call(.post, "/api/v1/flows/Orders/steps/Put%20orders/move", token: token, json: #"{"first": true}"#)
            #expect(moved.status == .ok, "\(moved.body)")
            #expect(try await client.call(.get, "/api/v1/exports?flow=Orders", token: token).value?.arrayValue?.count == 1)
            let alias = try await client.call(.post, "/api/v1/integrations/Shop/aliases", token: token, json: #"{"alias": "store", "target": "connection:Store"}"#)
            #expect(alias.status == .created, "\(alias.body)")
            #expect(try await client.call(.get, "/api/v1/integrations/Shop/aliases/store", token: token).status == .ok)
            let inUse = try await client.call(.delete, "/api/v1/connections/Store", token: token)
            #expect(inUse.status == .conflict, "a connection a step uses stays: \(inUse.body)")
            #expect(try await client.call(.get, "/api/v1/integrations/Shop/scripts", token: token).value?.arrayValue?.isEmpty == true)
            let clone = try await client.call(.post, "/api/v1/flows/Orders/clone", token: token, json: #"{"name": "Orders again"}"#)
            #expect(clone.status == .created, "\(clone.body)")
            #expect(try await client.call(.get, "/api/v1/connections/Store/status", token: token).value?["status"] == "online")
        }
    }

    @Test func revisionsUsersTokensAudit() async throws {
        let served = try Served()
        try await served.application.test(.live) { client in
            let token = served.owner
            let snapshot = try await client.call(.post, "/api/v1/integrations/Shop/revisions", token: token, json: #"{"description": "Before"}"#)
            let id = try #require(snapshot.value?["_id"]?.stringValue)
            _ = try await client.call(.patch, "/api/v1/flows/Orders", token: token, json: #"{"description": "Changed"}"#)
            let diff = try await client.call(.get, "/api/v1/revisions/\(id)/diff?current=true", token: token)
            #expect(diff.value?.arrayValue?.count == 1, "\(diff.body)")
            let reverted = try await client.call(.post, "/api/v1/revisions/\(id)/revert", token: token)
            #expect(reverted.status == .ok && reverted.value?["revision"]?["type"] == "revert", "\(reverted.body)")
            // The lifecycle shape, as on the CLI: the integration first-class, its revision, the plan.
            #expect(reverted.value?["name"] == "Shop" && reverted.value?["plan"]?["changes"]?.arrayValue?.count == 1)
            _ = try await client.call(.post, "/api/v1/integrations/Shop/clone", token: token, json: #"{"name": "Shop copy"}"#)
            _ = try await client.call(.patch, "/api/v1/flows/Orders?integration=Shop%20copy", token: token)
            let nothing = try await client.call(.post, "/api/v1/integrations/Shop/pull", token: token, json: #"{"from": "Shop copy"}"#)
            #expect(nothing.status == .conflict, "nothing to pull: \(nothing.body)")
            #expect(try await client.call(.delete, "/api/v1/integrations/Other", token: token).status == .noContent)
            let deleted = try await client.call(.get, "/api/v1/revisions/deleted", token: token)
            let gone = try #require(deleted.value?.arrayValue?.first?["_id"]?.stringValue, "\(deleted.body)")
            let restored = try await client.call(.post, "/api/v1/revisions/\(gone)/restore", token: token)
            #expect(restored.status == .created && restored.value?["name"] == "Other", "\(restored.body)")
            #expect(restored.value?["revision"]?["type"] == "restore" && restored.value?["plan"]?["dryRun"] == false)
            #expect(try await client.call(.post, "/api/v1/users", token: token, json: #"{"name": "tim", "role": "tile"}"#).status == .created)
            #expect(try await client.call(.put, "/api/v1/users/tim/grants/Shop", token: token, json: #"{"access": "manage"}"#).status == .ok)
            let timsToken = try await client.call(.post, "/api/v1/tokens", token: token, json: #"{"user": "tim"}"#)
            let secret = try #require(timsToken.value?["token"]?.stringValue)
            #expect(try await client.call(.get, "/api/v1/integrations", token: secret).value?.arrayValue?.count == 2, "Standalone and Shop")
            #expect(try await client.call(.delete, "/api/v1/users/tim", token: token).status == .noContent)
            #expect(try await client.call(.get, "/api/v1/whoami", token: secret).status == .unauthorized, "a removed user's token dies")
            let csv = try await client.call(.get, "/api/v1/audit?format=csv&limit=5&source=api", token: token)
            #expect(csv.body.hasPrefix("Time,User,Source") && csv.body.contains(",api,"))
            #expect(try await client.call(.get, "/api/v1/audit?action=frobnicate", token: token).status == .badRequest)
            #expect(try await client.call(.get, "/api/v1/audit/verify", token: token).value?["rowsChecked"] != nil)
            #expect(try await client.call(.get, "/api/v1/audit/head", token: token).value?["sequence"] != nil)
        }
    }
}

/// The browser's session: sign in with a token once, then the cookie; changes need this
/// server's Origin and the session's CSRF token; sign-out and expiry end it.
@Suite struct SessionTests {
    static func cookie(_ headers: HTTPFields) -> String? {
        headers[values: .setCookie].first { $0.hasPrefix("workspace_session=") }?.split(separator: ";").first.map(String.init)
    }

    @Test func signInUseCsrfSignOut() async throws {
        let served = try Served()
        try await served.application.test(.live) { client in
            let host = "localhost"  // the authority HummingbirdTesting's client sends (no port)
            let signIn = try await client.executeRequest(
                uri: "/api/v1/session", method: .post, headers: [:], body: ByteBuffer(string: #"{"token": "\#(served.owner)"}"#))
            #expect(signIn.status == .created)
            let setCookie = try #require(signIn.headers[values: .setCookie].first)
            #expect(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict"), "\(setCookie)")
            let cookie = try #require(Self.cookie(signIn.headers))
            let csrf = try #require(try JSONValue(parsing: String(buffer: signIn.body))["csrfToken"]?.stringValue)
            let read = try await client.executeRequest(uri: "/api/v1/whoami", method: .get, headers: [.cookie: cookie], body: nil)
            #expect(read.status == .ok)
            let before = try served.dump()
            let body = ByteBuffer(string: #"{"name": "From the browser"}"#)
            for headers: HTTPFields in [
                [.cookie: cookie],
                [.cookie: cookie, .origin: "http://\(host)"],
                [.cookie: cookie, .origin: "http://evil.example", SessionTests.csrf: csrf],
                [.cookie: cookie, .origin: "http://localhost:1234", SessionTests.csrf: csrf],
                [.cookie: cookie, .origin: "http://\(host)", SessionTests.csrf: "wrong"],
            ] {
                let refused = try await client.executeRequest(uri: "/api/v1/integrations", method: .post, headers: headers, body: body)
                #expect(refused.status == .forbidden && String(buffer: refused.body).contains("csrf"), "\(headers)")
            }
            #expect(try served.dump() == before, "a refused browser change writes nothing")
            let made = try await client.executeRequest(
                uri: "/api/v1/integrations", method: .post, headers: [.cookie: cookie, .origin: "http://\(host)", SessionTests.csrf: csrf], body: body)
            #expect(made.status == .created)
            let out = try await client.executeRequest(
                uri: "/api/v1/session", method: .delete, headers: [.cookie: cookie, .origin: "http://\(host)", SessionTests.csrf: csrf], body: nil)
            #expect(out.status == .noContent)
            let after = try await client.executeRequest(uri: "/api/v1/whoami", method: .get, headers: [.cookie: cookie], body: nil)
            #expect(after.status == .unauthorized, "signed out")
            let wrong = try await client.executeRequest(
                uri: "/api/v1/session", method: .post, headers: [:], body: ByteBuffer(string: #"{"token": "wst_nope"}"#))
            #expect(wrong.status == .unauthorized)
        }
        let entry = try #require(try Workspace.open(at: served.path, as: "olivia").auditLog(limit: 5).first { $0.resourceName == "From the browser" })
        #expect(entry.source.rawValue == "web")
    }

    static let csrf = WorkspaceServer.csrfHeader

    @Test func anExpiredSessionIsRefused() async throws {
        let served = try Served()
        let app = Application(router: WorkspaceServer.router(ServerSettings(path: served.path, sessionLifetimeSeconds: 0)))
        try await app.test(.live) { client in
            let signIn = try await client.executeRequest(
                uri: "/api/v1/session", method: .post, headers: [:], body: ByteBuffer(string: #"{"token": "\#(served.owner)"}"#))
            let cookie = try #require(Self.cookie(signIn.headers))
            let read = try await client.executeRequest(uri: "/api/v1/whoami", method: .get, headers: [.cookie: cookie], body: nil)
            #expect(read.status == .unauthorized)
        }
    }
}

/// The web app's files come from a table in the executable: the page, its CSS and JavaScript,
/// with a content security policy; any other path is not found, traversal included.
@Suite struct QueryTests {
    @Test func aQueryIsReadAsAFormSendsIt() throws {
        #expect(try WorkspaceServer.queryItems("search=new+hires&pointer=%2Fa%2Bb&flag&empty=&x=1") == [
            "search": "new hires", "pointer": "/a+b", "flag": "", "empty": "", "x": "1",
        ])
        #expect(try WorkspaceServer.queryItems("").isEmpty)
    }

    /// A name given twice or bytes that are not UTF-8 are refused, never guessed at.
    @Test func aRepeatedNameOrBrokenUTF8IsRefused() {
        #expect(throws: WorkspaceError.self) { try WorkspaceServer.queryItems("x=1&x=2") }
        #expect(throws: WorkspaceError.self) { try WorkspaceServer.queryItems("name=%FF%FE") }
        #expect(WorkspaceServer.percentDecoded("Put%20orders") == "Put orders")
        #expect(WorkspaceServer.percentDecoded("%C3%28") == nil)
    }
}

@Suite struct WebAppTests {
    @Test func thePageAndItsAssetsAndNothingElse() async throws {
        let served = try Served()
        try await served.application.test(.live) { client in
            let page = try await client.executeRequest(uri: "/", method: .get, headers: [:], body: nil)
            #expect(page.status == .ok && String(buffer: page.body).contains("<script type=\"module\" src=\"/app/main.js\""))
            #expect(page.headers[.contentSecurityPolicy]?.contains("default-src 'self'") == true)
            for (path, asset) in WebApp.assets {
                let answer = try await client.executeRequest(uri: path, method: .get, headers: [:], body: nil)
                #expect(answer.status == .ok && Array(buffer: answer.body) == asset.body, "\(path)")
                #expect(answer.headers[.contentType] == asset.contentType)
            }
            for hostile in ["/../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/app/main.js/../../etc/passwd", "/app/../app.css", "/app/nothing.js", "/etc/passwd", "//etc/passwd"] {
                let answer = try await client.executeRequest(uri: hostile, method: .get, headers: [:], body: nil)
                #expect(answer.status == .notFound, "\(hostile): \(answer.status)")
                #expect(!String(buffer: answer.body).contains("root:"))
            }
        }
    }
}

/// A monitor's token over every route that changes something: only `denied` rows are added.
/// Left out: what a monitor may do to their own things (a token; their pins and tile order).
@Suite struct WrongUserTests {
    static let owned = ["/api/v1/tokens", "/api/v1/integrations/{ref}/pin", "/api/v1/integrations/{ref}/reorder"]

    @Test func aMonitorChangesNothingOverAnyRoute() async throws {
        let served = try Served()
        try await expectNothingChanged(served, token: served.monitor, user: "moe")
    }

    /// A tile user who manages another integration ("Other") reaches nothing of "Shop" and
    /// nothing account-wide.
    @Test func aTileUserChangesNothingBeyondTheirIntegration() async throws {
        let served = try Served()
        try await expectNothingChanged(served, token: try served.tileUserManagingOther(), user: "tess")
    }

    /// Random requests over every route from callers who may change nothing there: no token,
    /// a made-up one, a revoked one, a monitor, and a tile user who manages only "Other";
    /// hostile path values, bodies and query flags. The file may gain `denied` rows, nothing else.
    @Test func aFuzzOfStrangersAndWrongUsersChangesNothing() async throws {
        let served = try Served()
        let tile = try served.tileUserManagingOther()
        let owner = try Workspace.open(at: served.path, as: "olivia")
        let revoked = try owner.createToken(for: "olivia")
        _ = try owner.revokeToken(revoked.token.id)
        let callers: [(token: String?, who: String)] = [
            (nil, "nobody"), ("wst_" + String(repeating: "x", count: 40), "a made-up token"), (revoked.secret, "a revoked token"),
            (served.monitor, "monitor"), (tile, "tile"),
        ]
        let values = ["Shop", "Orders", "Store", "none", "%2e%2e", "6b0000000000000000000000", "Orders%00", String(repeating: "a", count: 300), "Shop%2FOrders"]
        let bodies = [
            #"{"name": "Intruder", "_integrationId": "Shop", "description": "x", "first": true}"#, "not json", "[]", #"{"name": 7}"#,
            String(repeating: "[", count: 10_000), "", #"{"from": "Shop", "take": "theirs"}"#, #"{"role": "owner", "access": "manage", "user": "moe"}"#,
            #"{"before": "Shop", "_integrationId": "none", "_flowGroupingId": "x", "step": "Orders", "alias": "a", "target": "Orders"}"#,
        ]
        let queries = ["", "?mode=cascade", "?dryRun=false&force=true", "?pointer=/a&group=x", "?before=true", "?format=csv&limit=-1"]
        let before = served.withoutAudit(try served.dump())
        try await served.application.test(.live) { client in
            var random = SystemRandomNumberGenerator()
            for _ in 0..<1_500 {
                let route = Routes.all.randomElement(using: &random)!
                let caller = callers.randomElement(using: &random)!
                let mayRead = caller.who == "monitor" || caller.who == "tile"
                if mayRead && (route.method == .get || Self.owned.contains(route.path)) { continue }
                let uri = route.uri(filling: values.randomElement(using: &random)!) + queries.randomElement(using: &random)!
                let body = bodies.randomElement(using: &random)!
                let answer = try await client.call(route.method, uri, token: caller.token, json: body)
                #expect(answer.status.code >= 400, "\(route.method) \(uri) as \(caller.who) with \(body.prefix(80)): \(answer.status)")
            }
        }
        #expect(served.withoutAudit(try served.dump()) == before)
        let log = try owner.auditLog(AuditQuery(limit: 100_000))
        #expect(log.allSatisfy { $0.action.rawValue == "denied" || $0.user == "olivia" }, "only denials by the callers")
    }

    private func expectNothingChanged(_ served: Served, token: String, user: String) async throws {
        let before = served.withoutAudit(try served.dump())
        try await served.application.test(.live) { client in
            for route in Routes.all where route.method != .get && !Self.owned.contains(route.path) {
                for value in ["Shop", "Orders", "Store", "none"] {
                    let body = #"{"name": "Intruder", "_integrationId": "Shop", "description": "x", "role": "owner", "access": "manage", "from": "Other", "first": true}"#
                    let answer = try await client.call(route.method, route.uri(filling: value), token: token, json: body)
                    #expect(answer.status.code >= 400, "\(route.method) \(route.uri(filling: value)) let \(user) in: \(answer.status)")
                }
            }
        }
        #expect(served.withoutAudit(try served.dump()) == before)
        let actions = try Workspace.open(at: served.path, as: "olivia").auditLog(AuditQuery(user: user, limit: 1000)).map(\.action.rawValue)
        #expect(!actions.isEmpty && actions.allSatisfy { $0 == "denied" })
    }
}

@Suite struct PoolTests {
    @Test func changesToTheCallerTakeEffectAtOnce() async throws {
        let served = try Served()
        let path = served.path
        func owner() throws -> Workspace { try Workspace.open(at: path, as: "olivia") }
        _ = try owner().addUser("ada", role: .administrator)
        let adas = try owner().createToken(for: "ada")
        try await served.application.test(.live) { client in
            for _ in 0..<3 { #expect(try await client.call(.get, "/api/v1/users", token: adas.secret).status == .ok) }
            _ = try Workspace.open(at: path, as: "olivia").setRole("ada", to: .monitor)
            #expect(try await client.call(.get, "/api/v1/users", token: adas.secret).status == .forbidden, "demoted at once")
            #expect(try await client.call(.get, "/api/v1/whoami", token: adas.secret).value?["role"] == "monitor")
            try Workspace.open(at: path, as: "olivia").revokeToken(adas.token.id)
            #expect(try await client.call(.get, "/api/v1/whoami", token: adas.secret).status == .unauthorized, "revoked at once")
            let again = try Workspace.open(at: path, as: "olivia").createToken(for: "ada")
            #expect(try await client.call(.get, "/api/v1/whoami", token: again.secret).status == .ok)
            try Workspace.open(at: path, as: "olivia").removeUser("ada")
            #expect(try await client.call(.get, "/api/v1/whoami", token: again.secret).status == .unauthorized, "removed at once")
        }
    }

    /// On PostgreSQL the pool's connections share their kept answers, and a commit by anyone
    /// else (here the library, as the CLI) drops them at once, before any request comes.
    @Test func aCommitElsewhereDropsAPostgreSQLServersKeptAnswers() async throws {
        let served = try Served()
        let pool = WorkspacePool(settings: ServerSettings(path: served.path))
        guard let shared = pool.sharedAnswers else {
            #expect(!Store.isAddress(served.path), "a PostgreSQL pool shares its answers")
            return
        }
        let first = try await pool.withWorkspace(caller: .token(served.owner), writing: false) { workspace, kept in
            try Call(workspace: workspace, parameters: [:], query: [:], body: [], fields: JSONObject(), kept: kept).keptAnswer("home") { .string("first") }
        }
        let again = try await pool.withWorkspace(caller: .token(served.owner), writing: false) { workspace, kept in
            try Call(workspace: workspace, parameters: [:], query: [:], body: [], fields: JSONObject(), kept: kept).keptAnswer("home") { .string("second") }
        }
        guard case .bytes(let firstBytes, _, _) = first, case .bytes(let againBytes, _, _) = again else {
            Issue.record("not rendered")
            return
        }
        #expect(firstBytes == againBytes && shared.count == 1)
        _ = try Workspace.open(at: served.path, as: "olivia").createIntegration(name: "From the CLI")
        for _ in 0..<100 where shared.count > 0 { try await Task.sleep(for: .milliseconds(50)) }
        #expect(shared.count == 0, "the feed did not drop the kept answer")
    }

    /// A follower whose connection is lost reconnects and starts again from the generation it
    /// reads: a commit made after the outage still drops the kept answers.
    @Test func aChangeFollowerReconnectsAfterItsConnectionIsLost() async throws {
        let served = try Served()
        let pool = WorkspacePool(settings: ServerSettings(path: served.path))
        guard let shared = pool.sharedAnswers, let admin = ProcessInfo.processInfo.environment["WORKSPACE_TEST_POSTGRES"] else {
            #expect(!Store.isAddress(served.path), "a PostgreSQL pool shares its answers")
            return
        }
        @Sendable func keep() async throws {
            _ = try await pool.withWorkspace(caller: .token(served.owner), writing: false) { workspace, kept in
                try Call(workspace: workspace, parameters: [:], query: [:], body: [], fields: JSONObject(), kept: kept).keptAnswer("home") { .null }
            }
        }
        try await keep()
        let database = served.path.split(separator: "/").last.map(String.init) ?? ""
        let ended = try Store(address: admin).scalar(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '\(database)' AND application_name = '\(ChangeFeed.applicationName)'")
        #expect(ended == 1, "the feed's connection was not found")
        try await Task.sleep(for: .milliseconds(1_500))  // The follower waits a second before it connects again.
        try await keep()
        #expect(shared.count == 1)
        _ = try Workspace.open(at: served.path, as: "olivia").createIntegration(name: "After the outage")
        for _ in 0..<100 where shared.count > 0 { try await Task.sleep(for: .milliseconds(50)) }
        #expect(shared.count == 0, "the follower did not come back")
    }

    /// The Home listing is kept between requests until anything is committed: by this server,
    /// by another process (the CLI), or by a pin, which changes nothing but the caller's order.
    @Test func aKeptHomeListingNeverOutlivesAChange() async throws {
        let served = try Served()
        let path = served.path
        @Sendable func names(_ answer: (status: HTTPResponse.Status, body: String, value: JSONValue?)) -> [String] {
            answer.value?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
        }
        try await served.application.test(.live) { client in
            let first = try await client.call(.get, "/api/v1/integrations", token: served.owner)
            #expect(try await client.call(.get, "/api/v1/integrations", token: served.owner).body == first.body, "kept")
            _ = try Workspace.open(at: path, as: "olivia").createIntegration(name: "From the CLI")
            #expect(names(try await client.call(.get, "/api/v1/integrations", token: served.owner)).contains("From the CLI"))
            _ = try await client.call(.post, "/api/v1/integrations", token: served.owner, json: #"{"name": "From the API"}"#)
            #expect(names(try await client.call(.get, "/api/v1/integrations", token: served.owner)).contains("From the API"))
            _ = try await client.call(.put, "/api/v1/integrations/Other/pin", token: served.owner)
            #expect(names(try await client.call(.get, "/api/v1/integrations?view=list", token: served.owner)).first == "Other")
            let searched = try await client.call(.get, "/api/v1/integrations?search=cli", token: served.owner)
            #expect(names(searched) == ["From the CLI"], "a search is kept apart from the full listing")
            let formEncoded = try await client.call(.get, "/api/v1/integrations?search=from+the%20cli", token: served.owner)
            #expect(names(formEncoded) == ["From the CLI"], "+ is a space in a query, as browsers send it")
            #expect(names(try await client.call(.get, "/api/v1/integrations", token: served.monitor)).count == 5, "each caller their own")
        }
    }
}

/// Every module of the web app parses, and the page's modules link (each import names an
/// export of a served module) and evaluate, wherever the suite runs: node (Debian's nodejs,
/// which scripts/setup installs) reads them as ES modules.
@Suite struct WebAppScriptTests {
    @Test func everyModuleParsesAndLinks() throws {
        let node = ["/usr/bin/node", "/usr/bin/nodejs", "/usr/local/bin/node"].first { FileManager.default.isExecutableFile(atPath: $0) }
        let binary = try #require(node, "node is missing: scripts/setup test installs Debian's nodejs")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("webapp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // As .mjs, so that node reads them as modules; imports renamed to match.
        for (name, bytes) in WebApp.modules {
            var text = String(decoding: bytes, as: UTF8.self)
            for (other, _) in WebApp.modules { text = text.replacingOccurrences(of: "\"./\(other)\"", with: "\"./\(other).mjs\"") }
            try text.write(to: folder.appendingPathComponent(name + ".mjs"), atomically: true, encoding: .utf8)
            let check = try Self.node(binary, ["--check", folder.appendingPathComponent(name + ".mjs").path])
            #expect(check.status == 0, "\(name) does not parse: \(check.errors)")
        }
        // Evaluating the modules (not starting the app) needs only what their top levels touch.
        let link = """
            globalThis.localStorage = { getItem: () => null, setItem() {} };
            globalThis.window = { addEventListener() {} };
            globalThis.document = { getElementById: () => ({}), body: { dataset: {} } };
            for (const name of \(WebApp.modules.map(\.name).filter { $0 != "main.js" })) await import("./" + name + ".mjs");
            """
        try link.write(to: folder.appendingPathComponent("link.mjs"), atomically: true, encoding: .utf8)
        let linked = try Self.node(binary, [folder.appendingPathComponent("link.mjs").path])
        #expect(linked.status == 0, "the modules do not link: \(linked.errors)")
        let page = String(decoding: try #require(WebApp.assets["/"]).body, as: UTF8.self)
        #expect(page.contains("<script type=\"module\" src=\"/app/main.js\"></script>"))
        #expect(String(decoding: try #require(WebApp.assets["/app/main.js"]).body, as: UTF8.self).contains("import { start } from \"./core.js\""))
    }

    static func node(_ binary: String, _ arguments: [String]) throws -> (status: Int32, errors: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let said = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, said)
    }
}
