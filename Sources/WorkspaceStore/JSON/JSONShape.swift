/// What a JSON answer looks like, said beside the code that writes it (each `json` has its
/// `shape`): the OpenAPI document describes answers with it, and tests hold every answer to it.
public indirect enum JSONShape: Sendable {
    case string
    /// An ISO 8601 time (`createdAt`, `lastModified` …).
    case time
    case integer, boolean
    /// Any JSON value (settings, a field's old and new values).
    case anyValue
    /// One of these strings.
    case choice([String])
    /// An object with these fields; `open` when it may carry more (integrator.io fields kept as given).
    case object([Field], open: Bool)
    case array(JSONShape)
    /// An object whose values all have one shape (a plan, a connection map).
    case map(JSONShape)
    case nullable(JSONShape)
    /// A shape the OpenAPI document lists once under `components/schemas`.
    case named(String, JSONShape)

    /// One field of an object.
    public struct Field: Sendable {
        public let name: String
        public let shape: JSONShape
        public let required: Bool
    }

    /// A resource in integrator.io's shape (`ResourceJSON`): these fields, then whatever it kept.
    public static func resource(_ fields: [Field]) -> JSONShape { .object(fields, open: true) }

    /// `flow` → `Flow`: a component's name from a kind's.
    public static func title(_ word: String) -> String { word.prefix(1).uppercased() + word.dropFirst() }

    /// A closed object.
    public static func record(_ fields: [Field]) -> JSONShape { .object(fields, open: false) }

    /// `{_id, name}`: how one resource names another.
    public static let reference = JSONShape.record([.field("_id", .string), .field("name", .string)])

    /// A choice of an enumeration's raw values.
    public static func choice<T: RawRepresentable & CaseIterable>(of type: T.Type) -> JSONShape where T.RawValue == String {
        .choice(type.allCases.map(\.rawValue))
    }

    /// The same object with more fields (a summary is an integration and its counts).
    public func adding(_ fields: [Field], named name: String? = nil) -> JSONShape {
        var shape = self
        if case .named(_, let inner) = shape { shape = inner }
        guard case .object(let own, let open) = shape else { return self }
        let object = JSONShape.object(own + fields, open: open)
        return name.map { .named($0, object) } ?? object
    }
}

extension JSONShape.Field {
    /// A field every answer has.
    public static func field(_ name: String, _ shape: JSONShape) -> Self { Self(name: name, shape: shape, required: true) }
    /// A field some answers leave out.
    public static func optional(_ name: String, _ shape: JSONShape) -> Self { Self(name: name, shape: shape, required: false) }
}

extension JSONShape {
    /// JSON Schema (2020-12, as OpenAPI 3.1 takes it); named shapes go to `components` once
    /// and are referred to.
    public func schema(components: inout JSONObject) -> JSONValue {
        switch self {
        case .string: return ["type": "string"]
        case .time: return ["type": "string", "format": "date-time"]
        case .integer: return ["type": "integer"]
        case .boolean: return ["type": "boolean"]
        case .anyValue: return [:]
        case .choice(let values): return ["type": "string", "enum": .array(values.map(JSONValue.string))]
        case .object(let fields, let open):
            var properties = JSONObject()
            for field in fields { properties[field.name] = field.shape.schema(components: &components) }
            var object = JSONObject([("type", "object"), ("properties", .object(properties))])
            let required = fields.filter(\.required).map { JSONValue.string($0.name) }
            if !required.isEmpty { object["required"] = .array(required) }
            if !open { object["additionalProperties"] = false }
            return .object(object)
        case .array(let element): return ["type": "array", "items": element.schema(components: &components)]
        case .map(let value): return ["type": "object", "additionalProperties": value.schema(components: &components)]
        case .nullable(let shape): return ["anyOf": [shape.schema(components: &components), ["type": "null"]]]
        case .named(let name, let shape):
            if components[name] == nil {
                components[name] = [:]  // a placeholder first, so that a shape may name itself
                components[name] = shape.schema(components: &components)
            }
            return ["$ref": .string("#/components/schemas/" + name)]
        }
    }

    /// Where `value` differs from the shape, if anywhere: "at /flows/0: name is missing".
    public func mismatch(_ value: JSONValue, at path: String = "") -> String? {
        func wrong(_ expected: String) -> String { "at \(path.isEmpty ? "/" : path): expected \(expected), got \(value.compactText.prefix(80))" }
        switch (self, value) {
        case (.anyValue, _), (.string, .string), (.integer, .int), (.boolean, .bool): return nil
        case (.time, .string(let text)): return Self.looksLikeTime(text) ? nil : wrong("an ISO 8601 time")
        case (.choice(let values), .string(let text)): return values.contains(text) ? nil : wrong("one of \(values)")
        case (.object(let fields, let open), .object(let object)):
            for field in fields {
                if let inner = object[field.name] {
                    if let problem = field.shape.mismatch(inner, at: path + "/" + field.name) { return problem }
                } else if field.required {
                    return "at \(path.isEmpty ? "/" : path): \(field.name) is missing"
                }
            }
            guard !open else { return nil }
            let known = Set(fields.map(\.name))
            return object.keys.first { !known.contains($0) }.map { "at \(path.isEmpty ? "/" : path): \($0) is not described" }
        case (.array(let element), .array(let values)):
            for (index, inner) in values.enumerated() {
                if let problem = element.mismatch(inner, at: path + "/\(index)") { return problem }
            }
            return nil
        case (.map(let shape), .object(let object)):
            for (key, inner) in object.pairs {
                if let problem = shape.mismatch(inner, at: path + "/" + key) { return problem }
            }
            return nil
        case (.nullable, .null): return nil
        case (.nullable(let shape), _): return shape.mismatch(value, at: path)
        case (.named(_, let shape), _): return shape.mismatch(value, at: path)
        case (.string, _), (.integer, _), (.boolean, _), (.time, _), (.choice, _): return wrong("\(self.label)")
        case (.object, _), (.array, _), (.map, _): return wrong("\(self.label)")
        }
    }

    /// `2026-12-07T15:26:46.000Z`, as `Timestamp.iso8601` writes it.
    private static func looksLikeTime(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count >= 20, bytes.last == UInt8(ascii: "Z") else { return false }
        return bytes[4] == UInt8(ascii: "-") && bytes[7] == UInt8(ascii: "-") && bytes[10] == UInt8(ascii: "T")
            && bytes[13] == UInt8(ascii: ":") && bytes[16] == UInt8(ascii: ":")
    }

    private var label: String {
        switch self {
        case .string, .time, .choice: "a string"
        case .integer: "an integer"
        case .boolean: "a boolean"
        case .object, .map: "an object"
        case .array: "an array"
        case .anyValue, .nullable, .named: "a value"
        }
    }
}
