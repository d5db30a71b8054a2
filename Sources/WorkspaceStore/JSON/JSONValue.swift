/// A JSON value that keeps integers apart from decimals, booleans apart from numbers,
/// and object keys in the order they were given.
public enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// How deep objects and arrays may nest, in what is parsed and in what is written (so that
    /// everything written can be read back).
    public static let maximumDepth = 512

    public subscript(key: String) -> JSONValue? {
        if case .object(let object) = self { return object[key] }
        return nil
    }

    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    public var objectValue: JSONObject? {
        if case .object(let object) = self { return object }
        return nil
    }
}

/// An object whose keys keep their insertion order. Keys and values sit in two parallel
/// arrays, so walking an object (printing, remapping) hashes nothing; a lookup scans small
/// objects and hashes through an index only once they grow past `indexedFrom` keys.
public struct JSONObject: Equatable, Sendable {
    public private(set) var keys: [String] = []
    /// The values, in the order of `keys`.
    public private(set) var values: [JSONValue] = []
    private var index: [String: Int]?
    private static let indexedFrom = 12

    public init() {}

    public init(_ pairs: [(String, JSONValue)]) {
        keys.reserveCapacity(pairs.count)
        values.reserveCapacity(pairs.count)
        for (key, value) in pairs { self[key] = value }
    }

    /// Pairs whose keys are known to differ (the fields a type writes), appended without
    /// looking each key up first.
    package init(distinct pairs: [(String, JSONValue)]) {
        keys = pairs.map(\.0)
        values = pairs.map(\.1)
        if keys.count >= Self.indexedFrom { index = Dictionary(keys.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first }) }
    }

    public var count: Int { keys.count }
    public var isEmpty: Bool { keys.isEmpty }

    private func position(of key: String) -> Int? {
        if let index { return index[key] }
        return keys.firstIndex(of: key)
    }

    public subscript(key: String) -> JSONValue? {
        get { position(of: key).map { values[$0] } }
        set {
            switch (position(of: key), newValue) {
            case (let found?, let value?): values[found] = value
            case (nil, let value?):
                keys.append(key)
                values.append(value)
                if index != nil {
                    index?[key] = keys.count - 1
                } else if keys.count >= Self.indexedFrom {
                    index = Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($1, $0) })
                }
            case (let found?, nil):
                keys.remove(at: found)
                values.remove(at: found)
                if index != nil { index = Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($1, $0) }) }
            case (nil, nil): break
            }
        }
    }

    /// Key/value pairs in order.
    public var pairs: [(key: String, value: JSONValue)] {
        keys.indices.map { (key: keys[$0], value: values[$0]) }
    }

    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        lhs.keys == rhs.keys && lhs.values == rhs.values
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral, ExpressibleByFloatLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(nilLiteral: ()) { self = .null }
    public init(dictionaryLiteral elements: (String, JSONValue)...) { self = .object(JSONObject(elements)) }
}

extension JSONValue {
    /// A string, or null when absent.
    package static func optional(_ text: String?) -> JSONValue {
        text.map(JSONValue.string) ?? .null
    }
}
