import Workspace

/// The OpenAPI 3.1 document of the API, made from the same route table the router is built
/// from, so that it lists exactly the routes there are.
enum OpenAPIDocument {
    static let path = "/api/v1/openapi.json"

    static func document(_ routes: [Route]) -> JSONValue {
        var paths = JSONObject()
        for route in routes {
            var operations = paths[route.path]?.objectValue ?? JSONObject()
            operations[route.method.rawValue.lowercased()] = operation(route)
            paths[route.path] = .object(operations)
        }
        paths[SessionRoutes.path] = sessionOperations
        return .object(
            JSONObject([
                ("openapi", "3.1.0"),
                ("info", ["title": "Workspace API", "version": "1", "description": "integrator.io-style workspaces over one SQLite file"]),
                ("components", ["securitySchemes": ["bearer": ["type": "http", "scheme": "bearer"]], "schemas": ["Error": errorSchema]]),
                ("security", [["bearer": []]]),
                ("paths", .object(paths)),
            ]))
    }

    private static func operation(_ route: Route) -> JSONValue {
        let parameters =
            route.parameters.map { parameter($0, in: "path", required: true, schema: ["type": "string"]) }
            + route.query.map { parameter($0.name, in: "query", required: $0.required, schema: $0.schema) }
        var responses = JSONObject([
            (String(route.success.code), ["description": route.success == .noContent ? "Done, nothing to answer" : "Done"]),
        ])
        for status in route.alsoAnswers { responses[String(status.code)] = ["description": "Done (see the summary)"] }
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
