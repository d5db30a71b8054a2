/// `_…Id` reference fields in kept JSON (hooks' `_scriptId`, an integration's
/// `_registeredConnectionIds`, a flow's `_runNextFlowIds` and `_integrationId`, a connection's
/// `_borrowConcurrencyFromConnectionId` …), known by how their names end. Fields that name
/// nothing a document holds (`_httpConnectorId`, `_templateId`, `_sourceId`, `_fileDefinitionId`
/// …) are kept verbatim.
enum IDFields {
    private static let suffixes: [(suffix: String, kind: ResourceKind)] = [
        ("scriptid", .script), ("scriptids", .script), ("connectionid", .connection), ("connectionids", .connection),
        ("exportid", .export), ("exportids", .export), ("importid", .import), ("importids", .import), ("flowid", .flow),
        ("flowids", .flow), ("flowgroupingid", .flowGroup), ("integrationid", .integration),
    ]

    /// The kind of resource a field's ids name, if any.
    static func kind(of key: String) -> ResourceKind? {
        guard key.utf8.first == UInt8(ascii: "_"), key.utf8.last == UInt8(ascii: "d") || key.utf8.last == UInt8(ascii: "s")
        else { return nil }
        let name = key.lowercased()
        return suffixes.first { name.hasSuffix($0.suffix) }?.kind
    }

    /// The ids that fields naming `kind` hold anywhere in `value`.
    static func named(_ kind: ResourceKind, in value: JSONValue) -> [String] {
        var found: [String] = []
        collect(kind, in: value, into: &found)
        return found
    }

    private static func collect(_ kind: ResourceKind, in value: JSONValue, into found: inout [String]) {
        switch value {
        case .object(let object):
            for (key, child) in zip(object.keys, object.values) {
                if self.kind(of: key) == kind { found += ids(in: child) } else { collect(kind, in: child, into: &found) }
            }
        case .array(let elements): for element in elements { collect(kind, in: element, into: &found) }
        case .string, .int, .double, .bool, .null: break
        }
    }

    private static func ids(in value: JSONValue) -> [String] {
        switch value {
        case .string(let id): [id]
        case .array(let elements): elements.compactMap(\.stringValue)
        default: []
        }
    }

    /// The value with every id that `ids` knows replaced; `count` counts them.
    static func remapped(_ value: JSONValue, _ ids: IDMap, count: inout Int) -> JSONValue {
        ids.isEmpty ? value : changed(value, ids, count: &count) ?? value
    }

    /// The remapped value, or nil when nothing in it changes (so that large kept data such as
    /// a `mockOutput` is walked but never copied).
    private static func changed(_ value: JSONValue, _ ids: IDMap, count: inout Int) -> JSONValue? {
        switch value {
        case .object(let object):
            var result: JSONObject?
            for (key, child) in zip(object.keys, object.values) {
                let new: JSONValue? =
                    if let kind = kind(of: key), let map = ids[kind] {
                        replaced(child, map, count: &count)
                    } else {
                        changed(child, ids, count: &count)
                    }
                if let new, new != child {
                    if result == nil { result = object }
                    result?[key] = new
                }
            }
            return result.map(JSONValue.object)
        case .array(let elements):
            var result: [JSONValue]?
            for (index, element) in elements.enumerated() {
                guard let new = changed(element, ids, count: &count) else { continue }
                if result == nil { result = elements }
                result?[index] = new
            }
            return result.map(JSONValue.array)
        default: return nil
        }
    }

    private static func replaced(_ value: JSONValue, _ map: [String: String], count: inout Int) -> JSONValue {
        switch value {
        case .string(let old):
            guard let new = map[old] else { return value }
            count += 1
            return .string(new)
        case .array(let elements): return .array(elements.map { replaced($0, map, count: &count) })
        default: return value
        }
    }
}
