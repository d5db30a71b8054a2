import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import Workspace
@testable import WorkspaceServer
@testable import WorkspaceStore

/// Every route refuses what it does not read (unknown or misplaced fields, unknown query
/// parameters, loose booleans, a body where none is taken, bytes that are not UTF-8) with 400
/// naming it, and writes nothing.
@Suite struct StrictRequestTests {
    @Test func whatARouteDoesNotReadIsRefusedAndNothingIsWritten() async throws {
        let served = try Served()
        let before = try served.dump()
        try await served.application.test(.live) { client in
            let token = served.owner
            func expectRefused(
                _ method: HTTPRequest.Method, _ uri: String, json: String? = nil, bytes: [UInt8]? = nil, naming part: String
            ) async throws {
                let answer = try await client.call(method, uri, token: token, json: json, bytes: bytes)
                #expect(answer.status == .badRequest, "\(method) \(uri): \(answer.status) \(answer.body)")
                #expect(answer.value?["error"]?["code"] == "invalid")
                let message = (answer.value?["error"]?["message"]?.stringValue ?? "") + (answer.value?["error"]?["hint"]?.stringValue ?? "")
                #expect(message.contains(part), "\(method) \(uri): \(message)")
            }
            try await expectRefused(.post, "/api/v1/integrations", json: #"{"nmae": "Typo"}"#, naming: "\"nmae\"")
            try await expectRefused(.post, "/api/v1/flows", json: #"{"name": "F", "schedule": "*/5"}"#, naming: "\"schedule\"")
            try await expectRefused(.post, "/api/v1/flows", json: #"{"name": "F", "pageGenerators": []}"#, naming: "pageGenerators")
            try await expectRefused(.patch, "/api/v1/flows/Orders", json: #"{"disabled": "yes"}"#, naming: "true or false")
            try await expectRefused(.post, "/api/v1/integrations/Shop/pull", json: #"{"from": "Other", "dryRun": true}"#, naming: "belongs in the query")
            try await expectRefused(.post, "/api/v1/integrations/Shop/pull", json: #"{"from": "Other", "take": "mine"}"#, naming: "\"take\"")
            try await expectRefused(.get, "/api/v1/integrations?veiw=list", naming: "\"veiw\"")
            try await expectRefused(.get, "/api/v1/integrations?view=grid", naming: "tile")
            try await expectRefused(.post, "/api/v1/integrations/install?dryRun=yes", json: "{}", naming: "true or false")
            try await expectRefused(.get, "/api/v1/audit?limit=ten", naming: "whole number")
            try await expectRefused(.delete, "/api/v1/flows/Orders?force=1", naming: "true or false")
            try await expectRefused(.delete, "/api/v1/flows/Orders?forse=true", naming: "\"forse\"")
            try await expectRefused(.delete, "/api/v1/flows/Orders", json: #"{"really": true}"#, naming: "no request body")
            try await expectRefused(.put, "/api/v1/integrations/Shop/pin", json: #"{"pinned": true}"#, naming: "\"pinned\"")
            try await expectRefused(.get, "/api/v1/integrations?search=a&search=b", naming: "twice")
            try await expectRefused(.get, "/api/v1/integrations?search=%FF", naming: "UTF-8")
            try await expectRefused(.post, "/api/v1/integrations", bytes: Array(#"{"name": "Bad "#.utf8) + [0xFF, 0x22, 0x7D], naming: "UTF-8")
            try await expectRefused(.put, "/api/v1/settings/Shop?pointer=/a", bytes: [0x22, 0xC3, 0x28, 0x22], naming: "UTF-8")
            try await expectRefused(.post, "/api/v1/users", json: #"{"name": "x"}"#, naming: "\"role\"")
        }
        #expect(try served.dump() == before)
    }

    /// What the routes do read still works: an empty object where nothing is read, null for an
    /// optional field, booleans in the query.
    @Test func whatARouteReadsStillWorks() async throws {
        let served = try Served()
        try await served.application.test(.live) { client in
            let token = served.owner
            let pinned = try await client.call(.put, "/api/v1/integrations/Shop/pin", token: token, json: "{}")
            #expect(pinned.status == .ok, "\(pinned.body)")
            let edited = try await client.call(.patch, "/api/v1/flows/Orders", token: token, json: #"{"description": null, "disabled": true}"#)
            #expect(edited.status == .ok && edited.value?["disabled"] == true, "\(edited.body)")
            let home = try await client.call(.get, "/api/v1/integrations?view=list&sort=name&search=sh", token: token)
            #expect(home.status == .ok, "\(home.body)")
            let plan = try await client.call(
                .post, "/api/v1/integrations/install?dryRun=true&name=Dry", token: token,
                bytes: Array(try Workspace.open(at: served.path, as: "olivia").download("Shop").canonicalBytes))
            #expect(plan.status == .created && plan.value?["plan"]?["dryRun"] == true, "\(plan.body)")
        }
    }

    /// The OpenAPI document describes what the routes check: typed query parameters, closed
    /// request bodies with their fields, 204 where nothing is answered, 413 where a body is taken.
    @Test func theDocumentDescribesWhatIsChecked() throws {
        let document = OpenAPIDocument.document(Routes.all)
        let paths = try #require(document["paths"]?.objectValue)
        let install = paths["/api/v1/integrations/install"]?["post"]
        #expect(install?["parameters"]?.arrayValue?.contains { $0["name"] == "dryRun" && $0["schema"]?["type"] == "boolean" } == true)
        #expect(install?["requestBody"]?["content"]?["application/zip"] != nil)
        let create = paths["/api/v1/flows"]?["post"]?["requestBody"]?["content"]?["application/json"]?["schema"]
        #expect(create?["additionalProperties"] == false && create?["properties"]?["disabled"]?["type"] == ["boolean", "null"])
        #expect(create?["required"] == ["name"])
        #expect(paths["/api/v1/integrations"]?["get"]?["parameters"]?[0]["schema"]?["enum"] == ["tile", "list"])
        for route in Routes.all where route.method == .delete {
            let responses = paths[route.path]?["delete"]?["responses"]?.objectValue
            #expect(responses?[String(route.success.code)] != nil)
        }
        #expect(paths["/api/v1/flows/{ref}"]?["delete"]?["responses"]?["204"] != nil)
        #expect(paths["/api/v1/flows"]?["post"]?["responses"]?["413"] != nil)
        #expect(paths["/api/v1/flows"]?["get"]?["responses"]?["413"] == nil)
    }
}

/// The API's errors say what happened, as JSON: an unknown path, a method a path does not
/// serve (with `Allow`), a name that names several resources (with them), a pull's conflicts.
@Suite struct APIErrorTests {
    @Test func unknownPathsAndMethodsAnswerJSON() async throws {
        let served = try Served()
        try await served.application.test(.live) { client in
            let missing = try await client.call(.get, "/api/v1/nothing/here", token: served.owner)
            #expect(missing.status == .notFound && missing.value?["error"]?["code"] == "not_found", "\(missing.body)")
            let response = try await client.executeRequest(
                uri: "/api/v1/integrations/Shop", method: .put, headers: [.authorization: "Bearer \(served.owner)"], body: nil)
            #expect(response.status == .methodNotAllowed)
            #expect(response.headers[.allow] == "GET, PATCH, DELETE", "\(response.headers)")
            #expect(try JSONValue(parsing: String(buffer: response.body))["error"]?["code"] == "method_not_allowed")
            // A constant segment is its own path, as the router takes it: /flows/move is POST only.
            for method in [HTTPRequest.Method.get, .delete, .options] {
                let move = try await client.executeRequest(
                    uri: "/api/v1/flows/move", method: method, headers: [.authorization: "Bearer \(served.owner)"], body: nil)
                #expect(move.status == .methodNotAllowed && move.headers[.allow] == "POST", "\(method): \(move.headers)")
            }
            let page = try await client.executeRequest(uri: "/app.css", method: .post, headers: [:], body: nil)
            #expect(page.status == .methodNotAllowed && page.headers[.allow] == "GET")
        }
    }

    @Test func anAmbiguousNameIsAConflictWithItsCandidates() async throws {
        let served = try Served()
        let owner = try Workspace.open(at: served.path, as: "olivia")
        let first = try owner.createFlow(name: "Twin", integration: "Shop")
        let second = try owner.createFlow(name: "Twin", integration: "Other")
        let before = try served.dump()
        try await served.application.test(.live) { client in
            let answer = try await client.call(.patch, "/api/v1/flows/Twin", token: served.owner, json: #"{"description": "which?"}"#)
            #expect(answer.status == .conflict && answer.value?["error"]?["code"] == "ambiguous", "\(answer.body)")
            let ids = answer.value?["error"]?["candidates"]?.arrayValue?.compactMap { $0["_id"]?.stringValue }
            #expect(Set(ids ?? []) == [first.id, second.id])
            #expect(answer.value?["error"]?["candidates"]?[0]["type"] == "flow")
        }
        #expect(try served.dump() == before)
    }

    @Test func aConflictedPullIsRefusedWithItsConflicts() async throws {
        let served = try Served()
        let owner = try Workspace.open(at: served.path, as: "olivia")
        _ = try owner.cloneIntegration("Shop", options: InstallOptions(name: "Shop copy"))
        _ = try owner.editItem(.flow, "Orders", integration: "Shop", ItemEdit(description: "ours"))
        _ = try owner.editItem(.flow, "Orders", integration: "Shop copy", ItemEdit(description: "theirs"))
        let before = try served.dump()
        try await served.application.test(.live) { client in
            let answer = try await client.call(.post, "/api/v1/integrations/Shop/pull", token: served.owner, json: #"{"from": "Shop copy"}"#)
            #expect(answer.status == .conflict && answer.value?["error"]?["code"] == "refused", "\(answer.body)")
            #expect(answer.value?["error"]?["conflicts"]?[0]["path"] == "/description")
            let settled = try await client.call(
                .post, "/api/v1/integrations/Shop/pull?dryRun=true", token: served.owner, json: #"{"from": "Shop copy", "take": "theirs"}"#)
            #expect(settled.status == .ok && settled.value?["plan"]?["conflicts"]?.arrayValue?.count == 1, "\(settled.body)")
        }
        #expect(try served.dump() == before)
    }

    @Test func signOutNeedsASessionAndSignInOnlyAToken() async throws {
        let served = try Served()
        try await served.application.test(.live) { client in
            let bearer = try await client.call(.delete, "/api/v1/session", token: served.owner)
            #expect(bearer.status == .unauthorized, "\(bearer.body)")
            let stranger = try await client.call(.delete, "/api/v1/session", token: "anything")
            #expect(stranger.status == .unauthorized)
            let extra = try await client.call(.post, "/api/v1/session", token: nil, json: #"{"token": "\#(served.owner)", "remember": true}"#)
            #expect(extra.status == .badRequest && extra.body.contains("remember"), "\(extra.body)")
        }
    }
}

/// The API offers what the CLI does: bulk moves (all or none), force, connection mapping and
/// new connections.
@Suite struct APIParityTests {
    @Test func aBulkMoveIsAllOrNone() async throws {
        let served = try Served()
        let owner = try Workspace.open(at: served.path, as: "olivia")
        _ = try owner.createFlow(name: "Refunds", integration: "Shop")
        let before = try served.dump()
        try await served.application.test(.live) { client in
            let missing = try await client.call(
                .post, "/api/v1/flows/move", token: served.owner, json: #"{"refs": ["Orders", "Nowhere"], "_integrationId": "Other"}"#)
            #expect(missing.status == .notFound, "\(missing.body)")
            #expect(try served.dump() == before)
            let moved = try await client.call(
                .post, "/api/v1/flows/move", token: served.owner, json: #"{"refs": ["Orders", "Refunds"], "_integrationId": "Other"}"#)
            #expect(moved.status == .ok && moved.value?.arrayValue?.count == 2, "\(moved.body)")
        }
        #expect(try owner.items(.flow, integration: "Other").map(\.name).sorted() == ["Orders", "Refunds"])
    }

    @Test func forceRemovesTheAliasesThatNameWhatIsDeleted() async throws {
        let served = try Served()
        let owner = try Workspace.open(at: served.path, as: "olivia")
        _ = try owner.createAlias("orders", integration: "Shop", target: "flow:Orders")
        let before = try served.dump()
        try await served.application.test(.live) { client in
            let refused = try await client.call(.delete, "/api/v1/flows/Orders", token: served.owner)
            #expect(refused.status == .conflict, "\(refused.body)")
            #expect(try served.dump() == before)
            let forced = try await client.call(.delete, "/api/v1/flows/Orders?force=true", token: served.owner)
            #expect(forced.status == .noContent, "\(forced.body)")
        }
        #expect(try owner.aliases(integration: "Shop").isEmpty)
    }

    @Test func cloneAndInstallMapConnections() async throws {
        let served = try Served()
        let owner = try Workspace.open(at: served.path, as: "olivia")
        let store = try owner.connection("Store")
        _ = try owner.createConnection(name: "Sandbox store", type: "shopify")
        let document = Array(try owner.download("Shop").canonicalBytes)
        try await served.application.test(.live) { client in
            let mapped = try await client.call(
                .post, "/api/v1/integrations/Shop/clone", token: served.owner,
                json: #"{"name": "Mapped", "connections": {"\#(store.id)": "Sandbox store"}}"#)
            #expect(mapped.status == .created && mapped.value?["plan"]?["connections"]?[0]["use"] == "mapped", "\(mapped.body)")
            let copied = try await client.call(
                .post, "/api/v1/integrations/Shop/clone", token: served.owner, json: #"{"name": "Copied", "newConnections": true}"#)
            #expect(copied.value?["plan"]?["connections"]?[0]["use"] == "created", "\(copied.body)")
            let both = try await client.call(
                .post, "/api/v1/integrations/Shop/clone", token: served.owner,
                json: #"{"name": "Both", "newConnections": true, "connections": {"\#(store.id)": "Sandbox store"}}"#)
            #expect(both.status == .badRequest && both.body.contains("exclude each other"), "\(both.body)")
            let installed = try await client.call(
                .post, "/api/v1/integrations/install?name=Installed&connections=\(store.id)=Sandbox%20store", token: served.owner,
                bytes: document)
            #expect(installed.status == .created && installed.value?["plan"]?["connections"]?[0]["use"] == "mapped", "\(installed.body)")
            let malformed = try await client.call(.post, "/api/v1/integrations/install?connections=nothing", token: served.owner, bytes: document)
            #expect(malformed.status == .badRequest && malformed.body.contains("OLD=NEW"), "\(malformed.body)")
            // A map naming what neither the file nor the workspace has is a missing resource, not a bad file.
            let before = try served.dump()
            let missing = try await client.call(
                .post, "/api/v1/integrations/install?connections=nobody=Nowhere", token: served.owner, bytes: document)
            #expect(missing.status == .notFound && missing.body.contains("the file names no connection nobody"), "\(missing.body)")
            #expect(missing.body.contains("no connection has the id or name"), "\(missing.body)")
            #expect(try served.dump() == before)
        }
    }
}

/// `ifChanged` (integrator.io's `ignoreIfNoChanges`): an unchanged integration records nothing.
@Suite struct SnapshotIfChangedTests {
    @Test func anUnchangedIntegrationRecordsNothing() async throws {
        let served = try Served()
        try await served.application.test(.live) { client in
            let first = try await client.call(.post, "/api/v1/integrations/Shop/revisions", token: served.owner, json: #"{"description": "one", "ifChanged": true}"#)
            #expect(first.status == .created && first.value?["recorded"] == true, "\(first.body)")
            let before = try served.dump()
            let again = try await client.call(.post, "/api/v1/integrations/Shop/revisions", token: served.owner, json: #"{"description": "two", "ifChanged": true}"#)
            #expect(again.status == .ok && again.value?["recorded"] == false && again.value?["_id"] == first.value?["_id"], "\(again.body)")
            #expect(try served.dump() == before)
            _ = try Workspace.open(at: served.path, as: "olivia").editItem(.flow, "Orders", ItemEdit(description: "changed"))
            let changed = try await client.call(.post, "/api/v1/integrations/Shop/revisions", token: served.owner, json: #"{"description": "three", "ifChanged": true}"#)
            #expect(changed.status == .created && changed.value?["recorded"] == true && changed.value?["_id"] != first.value?["_id"])
        }
    }
}

private extension JSONValue {
    var integer: Int64? {
        if case .int(let value) = self { return value }
        return nil
    }
}

/// Lists page with `limit` and `after` (the last item of the page before); audit rows carry
/// their sequence, the audit log's cursor.
@Suite struct PagingTests {
    @Test func listsPageByTheirLastItem() async throws {
        let served = try Served()
        let owner = try Workspace.open(at: served.path, as: "olivia")
        for index in 1...4 { _ = try owner.createFlow(name: "Flow \(index)", integration: "Other") }
        try await served.application.test(.live) { client in
            let all = try await client.call(.get, "/api/v1/flows?integration=Other", token: served.owner)
            let ids = all.value?.arrayValue?.compactMap { $0["_id"]?.stringValue } ?? []
            #expect(ids.count == 4)
            var seen: [String] = []
            var after: String?
            while true {
                let uri = "/api/v1/flows?integration=Other&limit=3" + (after.map { "&after=\($0)" } ?? "")
                let page = try await client.call(.get, uri, token: served.owner)
                let pageIDs = page.value?.arrayValue?.compactMap { $0["_id"]?.stringValue } ?? []
                seen += pageIDs
                guard pageIDs.count == 3, let last = pageIDs.last else { break }
                after = last
            }
            #expect(seen == ids)
            let unknown = try await client.call(.get, "/api/v1/flows?after=nothing", token: served.owner)
            #expect(unknown.status == .notFound, "\(unknown.body)")
            let zero = try await client.call(.get, "/api/v1/flows?limit=0", token: served.owner)
            #expect(zero.status == .badRequest)
            let home = try await client.call(.get, "/api/v1/integrations?view=list&limit=1", token: served.owner)
            #expect(home.value?.arrayValue?.count == 1)
            let newest = try await client.call(.get, "/api/v1/audit?limit=2", token: served.owner)
            let sequences = newest.value?.arrayValue?.compactMap { $0["sequence"]?.integer } ?? []
            #expect(sequences.count == 2 && sequences[0] > sequences[1], "\(newest.body)")
            let next = try await client.call(.get, "/api/v1/audit?limit=2&after=\(sequences[1])", token: served.owner)
            #expect(next.value?[0]["sequence"]?.integer == sequences[1] - 1, "\(next.body)")
        }
    }
}
