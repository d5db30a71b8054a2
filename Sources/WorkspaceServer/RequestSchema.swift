import Workspace

/// A query parameter a route reads, with the values it takes. The request is checked against
/// it before the handler runs, and the OpenAPI document describes it from the same value.
struct QueryParameter: Sendable {
    enum Kind: Sendable {
        case string
        /// `true` or `false`, nothing else.
        case boolean
        case integer
        case choice([String])
    }

    let name: String
    let kind: Kind
    var required = false
    /// What the OpenAPI schema adds to the type (a pattern, bounds), so that a value the
    /// document allows is one the route takes.
    var constraints: [(String, JSONValue)] = []

    static func string(_ name: String, pattern: String? = nil) -> QueryParameter {
        QueryParameter(name: name, kind: .string, constraints: pattern.map { [("pattern", .string($0))] } ?? [])
    }
    static func boolean(_ name: String) -> QueryParameter { QueryParameter(name: name, kind: .boolean) }
    static func integer(_ name: String, minimum: Int64 = 0, maximum: Int64 = Int64(Int32.max)) -> QueryParameter {
        QueryParameter(name: name, kind: .integer, constraints: [("minimum", .int(minimum)), ("maximum", .int(maximum))])
    }

    /// The same parameter, which the route needs.
    var needed: QueryParameter {
        var copy = self
        copy.required = true
        return copy
    }

    static func choice<T: RawRepresentable & CaseIterable>(_ name: String, _ type: T.Type) -> QueryParameter
    where T.RawValue == String {
        QueryParameter(name: name, kind: .choice(type.allCases.map(\.rawValue)))
    }

    static func choice(_ name: String, _ values: [String]) -> QueryParameter { QueryParameter(name: name, kind: .choice(values)) }

    /// The value, checked; the error names the parameter and what it takes.
    func check(_ value: String) throws {
        switch kind {
        case .string: return
        case .boolean:
            guard value == "true" || value == "false" else {
                throw WorkspaceError(.invalid, "the query parameter \(name) must be true or false, not \"\(value)\"")
            }
        case .integer:
            guard let number = Int64(value) else {
                throw WorkspaceError(.invalid, "the query parameter \(name) must be a whole number, not \"\(value)\"")
            }
            for (key, bound) in constraints {
                guard case .int(let limit) = bound else { continue }
                if (key == "minimum" && number < limit) || (key == "maximum" && number > limit) {
                    throw WorkspaceError(.invalid, "the query parameter \(name) must be from \(self.bound("minimum")) to \(self.bound("maximum"))")
                }
            }
        case .choice(let values):
            guard values.contains(value) else {
                throw WorkspaceError(.invalid, "the query parameter \(name) must be one of \(values.joined(separator: ", ")), not \"\(value)\"")
            }
        }
    }

    private func bound(_ key: String) -> String { constraints.first { $0.0 == key }.map { $0.1.compactText } ?? "" }

    var schema: JSONValue {
        let base: JSONValue =
            switch kind {
            case .string: ["type": "string"]
            case .boolean: ["type": "boolean"]
            case .integer: ["type": "integer"]
            case .choice(let values): ["type": "string", "enum": .array(values.map(JSONValue.string))]
            }
        return .object(schemaObject(base, constraints))
    }
}

/// A type's schema with what a declaration adds to it (a pattern, bounds, `true` only).
private func schemaObject(_ base: JSONValue, _ constraints: [(String, JSONValue)]) -> JSONObject {
    var schema = base.objectValue ?? JSONObject()
    for (key, value) in constraints { schema[key] = value }
    return schema
}

/// One field of a JSON object body.
struct BodyField: Sendable {
    enum Kind: Sendable {
        case string, boolean, object, integer
        case strings
        /// An object whose values are strings (`{"OLD": "NEW"}`).
        case stringMap
        case choice([String])
    }

    let name: String
    let kind: Kind
    let required: Bool
    /// What the OpenAPI schema adds to the type (a pattern, a length, `true` only).
    var constraints: [(String, JSONValue)] = []
    /// Whether the schema takes null for it (an optional field left out).
    var nullable = true

    static func string(_ name: String, required: Bool = false) -> BodyField { BodyField(name: name, kind: .string, required: required) }

    /// A name: not blank, at most `Limits.nameLength` characters, no control characters.
    static func name(_ field: String = "name", required: Bool = false) -> BodyField {
        BodyField(
            name: field, kind: .string, required: required,
            constraints: [("pattern", .string(namePattern)), ("maxLength", .int(Int64(Limits.nameLength)))])
    }

    /// Text with something in it besides blanks.
    static func text(_ name: String, required: Bool = false) -> BodyField {
        BodyField(name: name, kind: .string, required: required, constraints: [("pattern", #"\S"#)])
    }

    /// A label: may be empty, no control characters.
    static func label(_ name: String) -> BodyField {
        BodyField(name: name, kind: .string, required: false, constraints: [("pattern", #"^[^\u0000-\u001F\u007F-\u009F]*$"#)])
    }

    /// `true`, the only value a flag such as `first` takes.
    static func flag(_ name: String) -> BodyField { BodyField(name: name, kind: .boolean, required: false, constraints: [("const", true)]) }

    static let namePattern = #"^[^\u0000-\u001F\u007F-\u009F]*[^\s\u0000-\u001F\u007F-\u009F][^\u0000-\u001F\u007F-\u009F]*$"#
    static func boolean(_ name: String) -> BodyField { BodyField(name: name, kind: .boolean, required: false) }
    /// A whole number from `minimum` to `maximum`.
    static func integer(_ name: String, minimum: Int64, maximum: Int64) -> BodyField {
        BodyField(name: name, kind: .integer, required: false, constraints: [("minimum", .int(minimum)), ("maximum", .int(maximum))])
    }
    static func object(_ name: String) -> BodyField { BodyField(name: name, kind: .object, required: false) }
    static func strings(_ name: String, required: Bool = false) -> BodyField {
        BodyField(name: name, kind: .strings, required: required, constraints: required ? [("minItems", 1)] : [])
    }

    static func stringMap(_ name: String) -> BodyField { BodyField(name: name, kind: .stringMap, required: false) }

    static func choice<T: RawRepresentable & CaseIterable>(_ name: String, _ type: T.Type) -> BodyField where T.RawValue == String {
        choice(name, type.allCases.map(\.rawValue))
    }

    static func choice(_ name: String, _ values: [String]) -> BodyField { BodyField(name: name, kind: .choice(values), required: false) }

    /// The same field, whose schema does not take null (it stays optional).
    var notNull: BodyField { BodyField(name: name, kind: kind, required: required, constraints: constraints, nullable: false) }

    /// The same field, whose text must match `pattern`.
    func constrained(pattern: String) -> BodyField {
        BodyField(name: name, kind: kind, required: required, constraints: constraints + [("pattern", .string(pattern))], nullable: nullable)
    }

    /// The same field, required.
    var needed: BodyField { BodyField(name: name, kind: kind, required: true, constraints: constraints) }

    /// A value of this field, checked (null stands for leaving an optional field out).
    func check(_ value: JSONValue) throws {
        if value == .null, !required { return }
        let fits: Bool =
            switch (kind, value) {
            case (.string, .string), (.boolean, .bool), (.object, .object): true
            case (.integer, .int(let number)): within(bounds: Double(number))
            // JSON Schema's integer is any number without a fraction: 7.0 is one.
            case (.integer, .double(let number)): number == number.rounded() && within(bounds: number)
            case (.strings, .array(let elements)): elements.allSatisfy { $0.stringValue != nil }
            case (.stringMap, .object(let object)): object.values.allSatisfy { $0.stringValue != nil }
            case (.choice(let values), .string(let text)): values.contains(text)
            default: false
            }
        guard fits else { throw WorkspaceError(.invalid, "the field \"\(name)\" must be \(expected)") }
    }

    /// Whether a number is within the field's `minimum` and `maximum`.
    private func within(bounds number: Double) -> Bool {
        constraints.allSatisfy { bound in
            guard case .int(let limit) = bound.1 else { return true }
            return bound.0 == "minimum" ? number >= Double(limit) : bound.0 == "maximum" ? number <= Double(limit) : true
        }
    }

    /// The same list of strings, each matching `pattern`.
    func items(pattern: String) -> BodyField {
        BodyField(
            name: name, kind: kind, required: required,
            constraints: constraints + [("items", ["type": "string", "pattern": .string(pattern)])], nullable: nullable)
    }

    private var expected: String {
        switch kind {
        case .string: "a string"
        case .boolean: "true or false"
        case .object: "a JSON object"
        case .integer:
            "a whole number from \(constraints.first { $0.0 == "minimum" }.map { "\($0.1.compactText)" } ?? "") to \(constraints.first { $0.0 == "maximum" }.map { "\($0.1.compactText)" } ?? "")"
        case .strings: "a list of strings"
        case .stringMap: "an object of strings"
        case .choice(let values): "one of " + values.map { "\"\($0)\"" }.joined(separator: ", ")
        }
    }

    var schema: JSONValue {
        let base: JSONValue =
            switch kind {
            case .string: ["type": "string"]
            case .boolean: ["type": "boolean"]
            case .object: ["type": "object"]
            case .integer: ["type": "integer"]
            case .strings: ["type": "array", "items": ["type": "string"]]
            case .stringMap: ["type": "object", "additionalProperties": ["type": "string"]]
            case .choice(let values): ["type": "string", "enum": .array(values.map(JSONValue.string))]
            }
        var schema = schemaObject(base, constraints)
        // null leaves an optional field out.
        if !required, nullable, case .string(let type)? = schema["type"] { schema["type"] = [.string(type), "null"] }
        if !required, nullable, schema["enum"] != nil { schema["enum"] = .array((schema["enum"]?.arrayValue ?? []) + [.null]) }
        return .object(schema)
    }
}

/// What a route takes as its body.
enum RequestBody: Sendable {
    /// Nothing: a body is refused.
    case none
    /// A JSON object of these fields and no others.
    case object([BodyField])
    /// A JSON object with exactly one of these fields (a placement: before, after, first, last).
    case oneOf([BodyField])
    /// A JSON object of these fields, of which the two named never come together.
    case exclusive([BodyField], (String, String))
    /// Any JSON value (a setting's new value).
    case json
    /// A file's bytes: an integration document or an integrator.io zip.
    case file

    /// The checked body of a request: an object's fields, or nothing to check.
    func check(_ bytes: [UInt8], query: [QueryParameter]) throws -> JSONObject {
        switch self {
        case .file: return JSONObject()
        case .none:
            guard bytes.isEmpty else { throw WorkspaceError(.invalid, "this route takes no request body") }
            return JSONObject()
        case .json:
            _ = try Self.text(bytes)
            return JSONObject()
        case .exclusive(let fields, let (one, other)):
            let object = try RequestBody.object(fields).check(bytes, query: query)
            if (object[one] ?? .null) != .null && (object[other] ?? .null) != .null {
                throw WorkspaceError(.invalid, "give \(one) or \(other), not both")
            }
            return object
        case .oneOf(let fields):
            let object = try RequestBody.object(fields).check(bytes, query: query)
            guard object.count == 1 else {
                throw WorkspaceError(.invalid, "give exactly one of " + fields.map(\.name).joined(separator: ", "))
            }
            return object
        case .object(let fields):
            guard !bytes.isEmpty else {
                if let missing = fields.first(where: \.required) {
                    throw WorkspaceError(.invalid, "the request body needs the field \"\(missing.name)\"")
                }
                return JSONObject()
            }
            guard case .object(let object) = try JSONValue(parsing: try Self.text(bytes)) else {
                throw WorkspaceError(.invalid, "the request body must be a JSON object")
            }
            try Self.check(object, against: fields, query: query)
            return object
        }
    }

    private static func objectSchema(_ fields: [BodyField]) -> JSONObject {
        var properties = JSONObject()
        for field in fields { properties[field.name] = field.schema }
        var schema = JSONObject([("type", "object"), ("properties", .object(properties)), ("additionalProperties", false)])
        let required = fields.filter(\.required).map { JSONValue.string($0.name) }
        if !required.isEmpty { schema["required"] = .array(required) }
        return schema
    }

    /// The body as text: UTF-8, or refused (never stored with replacement characters).
    static func text(_ bytes: [UInt8]) throws -> String {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw WorkspaceError(.invalid, "the request body is not valid UTF-8")
        }
        return text
    }

    private static func check(_ object: JSONObject, against fields: [BodyField], query: [QueryParameter]) throws {
        for (key, value) in zip(object.keys, object.values) {
            guard let field = fields.first(where: { $0.name == key }) else {
                if query.contains(where: { $0.name == key }) {
                    throw WorkspaceError(.invalid, "\"\(key)\" belongs in the query (?\(key)=…), not in the body")
                }
                let known = fields.map(\.name)
                throw WorkspaceError(
                    .invalid, "unknown field \"\(key)\" in the request body",
                    hint: known.isEmpty ? "this route takes an empty object" : "it takes \(known.joined(separator: ", "))")
            }
            try field.check(value)
        }
        if let missing = fields.first(where: { $0.required && (object[$0.name] ?? .null) == .null }) {
            throw WorkspaceError(.invalid, "the request body needs the field \"\(missing.name)\"")
        }
    }

    /// The OpenAPI request body, nil for a route that takes none.
    var schema: JSONValue? {
        switch self {
        case .none: return nil
        case .json: return ["required": true, "content": ["application/json": ["schema": [:]]]]
        case .file:
            return [
                "required": true,
                "content": [
                    "application/json": [
                        "schema": [
                            "type": "object", "required": ["format", "version", "integration"],
                            "properties": [
                                "format": ["const": .string(IntegrationDocument.format)], "version": ["const": .int(IntegrationDocument.version)],
                                "integration": [
                                    "type": "object", "required": ["name"],
                                    "properties": ["name": ["type": "string", "pattern": .string(BodyField.namePattern), "maxLength": .int(Int64(Limits.nameLength))]],
                                ],
                            ],
                        ]
                    ],
                    "application/zip": ["schema": ["type": "string", "contentMediaType": "application/zip"]],
                ],
            ]
        case .object(let fields):
            let schema = Self.objectSchema(fields)
            return ["required": .bool(schema["required"] != nil), "content": ["application/json": ["schema": .object(schema)]]]
        case .exclusive(let fields, let (one, other)):
            var schema = Self.objectSchema(fields)
            // Both given (null is leaving one out) is what is refused.
            schema["not"] = [
                "required": [.string(one), .string(other)],
                "properties": [one: ["type": "string"], other: ["type": "string"]],
            ]
            return ["required": .bool(schema["required"] != nil), "content": ["application/json": ["schema": .object(schema)]]]
        case .oneOf(let fields):
            // Exactly one of them, and not null: a placement names where.
            var schema = Self.objectSchema(fields.map(\.notNull))
            (schema["minProperties"], schema["maxProperties"]) = (1, 1)
            return ["required": true, "content": ["application/json": ["schema": .object(schema)]]]
        }
    }
}

/// The query of a request checked against what its route reads: every parameter known, each
/// value of its kind.
enum QueryCheck {
    static func check(_ query: [String: String], against parameters: [QueryParameter]) throws {
        for (name, value) in query.sorted(by: { $0.key < $1.key }) {
            guard let parameter = parameters.first(where: { $0.name == name }) else {
                let known = parameters.map(\.name)
                throw WorkspaceError(
                    .invalid, "unknown query parameter \"\(name)\"",
                    hint: known.isEmpty ? "this route reads no query parameters" : "it reads \(known.joined(separator: ", "))")
            }
            try parameter.check(value)
        }
        if let missing = parameters.first(where: { $0.required && query[$0.name] == nil }) {
            throw WorkspaceError(.invalid, "the query parameter \(missing.name) is needed")
        }
    }
}

/// What the audit log's `since` and `until` take: ISO 8601 (a date, or a date and time with
/// an optional zone), or a duration ago (`30m`, `2h`, `7d`, `52w`).
enum AuditTimeSchema {
    static let pattern =
        #"^([0-9]{1,6}[smhdw]|[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])(T([01][0-9]|2[0-3]):[0-5][0-9](:([0-5][0-9]|60)(\.[0-9]{1,3})?)?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])?)?)$"#
}
