import Workspace

/// The OpenAPI 3.1 document of the API, made from the same route table the router is built
/// from, so that it lists exactly the routes there are.
enum OpenAPIDocument {
    static let path = "/api/v1/openapi.json"

    static func document(_ routes: [Route]) -> JSONValue {
        var components = JSONObject([("Error", errorSchema)])
        var paths = JSONObject()
        for route in routes {
            var operations = paths[route.path]?.objectValue ?? JSONObject()
            operations[route.method.rawValue.lowercased()] = operation(route, links: links(from: route, to: routes), components: &components)
            paths[route.path] = .object(operations)
        }
        paths[SessionRoutes.path] = sessionOperations
        return .object(
            JSONObject([
                ("openapi", "3.1.0"),
                ("info", ["title": "Workspace API", "version": "1", "description": "integrator.io-style workspaces over one SQLite file or a PostgreSQL database"]),
                ("components", ["securitySchemes": ["bearer": ["type": "http", "scheme": "bearer"]], "schemas": .object(components)]),
                ("security", [["bearer": []]]),
                ("paths", .object(paths)),
            ]))
    }

    private static func operation(_ route: Route, links: JSONObject, components: inout JSONObject) -> JSONValue {
        let parameters =
            route.parameters.map { parameter($0, in: "path", required: true, schema: ["type": "string"]) }
            + route.query.map { parameter($0.name, in: "query", required: $0.required, schema: $0.schema) }
        var done = success(route.answers, components: &components)
        if !links.isEmpty { done["links"] = .object(links) }
        var responses = JSONObject([(String(route.success.code), .object(done))])
        for status in route.alsoAnswers { responses[String(status.code)] = .object(Self.success(route.answers, components: &components)) }
        var failures = [
            ("400", "Invalid input"), ("401", "No valid token"), ("403", "Permission denied"), ("404", "Not found"),
            ("409", "Refused by a rule"), ("503", "Busy or unavailable"),
        ]
        if case .none = route.body {} else { failures.append(("413", "The request body is over the route's limit")) }
        for (status, meaning) in failures {
            responses[status] = ["description": .string(meaning), "content": ["application/json": ["schema": ["$ref": "#/components/schemas/Error"]]]]
        }
        var object = JSONObject([("summary", .string(route.summary)), ("operationId", .string(operationID(route)))])
        if !parameters.isEmpty { object["parameters"] = .array(parameters) }
        if let body = route.body.schema { object["requestBody"] = body }
        object["responses"] = .object(responses)
        return .object(object)
    }

    /// A success's description and content, by the route's `answers`.
    private static func success(_ answer: Answer, components: inout JSONObject) -> JSONObject {
        switch answer {
        case .nothing: return JSONObject([("description", "Done, nothing to answer")])
        case .json(let shape):
            return JSONObject([("description", "Done"), ("content", ["application/json": ["schema": shape.schema(components: &components)]])])
        case .media(let types):
            var content = JSONObject()
            for (type, shape) in types { content[type] = shape.map { ["schema": $0.schema(components: &components)] } ?? [:] }
            return JSONObject([("description", "Done"), ("content", .object(content))])
        }
    }

    /// OpenAPI links from a create to the get, patch and delete of what it created (not to the
    /// routes under it, whose 404 may name something else the request gives): each takes the
    /// answer's field for its parameter and the request's own path parameters for the rest.
    static func links(from route: Route, to routes: [Route]) -> JSONObject {
        guard let link = route.links else { return JSONObject() }
        var links = JSONObject()
        for target in routes where target.path == link.path {
            var parameters = JSONObject()
            for name in target.parameters {
                if name == link.parameter {
                    parameters[name] = .string("$response.body#/" + link.field)
                } else if route.parameters.contains(name) {
                    parameters[name] = .string("$request.path." + name)
                } else {
                    parameters = JSONObject()
                    break
                }
            }
            guard !parameters.isEmpty else { continue }
            links[operationID(target)] = ["operationId": .string(operationID(target)), "parameters": .object(parameters)]
        }
        return links
    }

    private static func parameter(_ name: String, in place: String, required: Bool, schema: JSONValue) -> JSONValue {
        ["name": .string(name), "in": .string(place), "required": .bool(required), "schema": schema]
    }

    /// `get /api/v1/integrations/{ref}/pin` → `get_integrations_ref_pin`.
    static func operationID(_ route: Route) -> String {
        let words = route.path.dropFirst("/api/v1/".count).split(separator: "/").map { $0.filter { $0.isLetter || $0.isNumber } }
        return ([route.method.rawValue.lowercased()] + words).joined(separator: "_")
    }

    /// The browser's sign-in, session and sign-out (SessionRoutes), which no route table holds.
    static let sessionOperations: JSONValue = [
        "post": [
            "summary": "Sign in with a token: sets the HttpOnly, SameSite=Strict session cookie and answers the CSRF token",
            "operationId": "post_session", "security": [],
            "requestBody": [
                "required": true,
                "content": [
                    "application/json": [
                        "schema": ["type": "object", "required": ["token"], "properties": ["token": ["type": "string"]], "additionalProperties": false]
                    ]
                ],
            ],
            "responses": [
                "201": ["description": "Signed in"], "400": ["description": "Not {\"token\": …}"],
                "401": ["description": "Unknown or revoked token"],
            ],
        ],
        "get": [
            "summary": "The current browser session: user and CSRF token", "operationId": "get_session",
            "responses": ["200": ["description": "Signed in"], "401": ["description": "Not signed in"]],
        ],
        "delete": [
            "summary": "Sign out (Origin and X-CSRF-Token required)", "operationId": "delete_session",
            "responses": ["204": ["description": "Signed out"], "401": ["description": "Not signed in"], "403": ["description": "Cross-site"]],
        ],
    ]

    private static let errorSchema: JSONValue = [
        "type": "object",
        "properties": [
            "error": [
                "type": "object", "required": ["code", "message"],
                "properties": ["code": ["type": "string"], "message": ["type": "string"], "hint": ["type": "string"]],
            ]
        ],
    ]
}
