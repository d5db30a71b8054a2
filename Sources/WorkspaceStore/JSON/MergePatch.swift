extension JSONValue {
    /// RFC 7386 JSON Merge Patch: objects merge key by key, null removes a key, anything
    /// else replaces.
    public func merging(_ patch: JSONValue) -> JSONValue {
        guard case .object(let changes) = patch else { return patch }
        var result = objectValue ?? JSONObject()
        for (key, value) in changes.pairs {
            if value == .null {
                result[key] = nil
            } else {
                result[key] = (result[key] ?? .null).merging(value)
            }
        }
        return .object(result)
    }

    /// Every leaf with its pointer, in document order. Objects are walked; everything else
    /// (arrays, scalars, empty objects) is a leaf.
    public func leaves(under prefix: JSONPointer = JSONPointer(tokens: [])) -> [(pointer: JSONPointer, value: JSONValue)] {
        guard case .object(let object) = self, !object.isEmpty else { return [(prefix, self)] }
        return object.pairs.flatMap { key, value in value.leaves(under: prefix.appending(key)) }
    }

    /// One change per leaf that differs between two documents (nil: no leaf there).
    public static func leafChanges(from old: JSONValue?, to new: JSONValue?, at pointer: JSONPointer = JSONPointer(tokens: []))
        -> [FieldChange]
    {
        if case .object(let before)? = old, case .object(let after)? = new {
            var keys = before.keys
            keys.append(contentsOf: after.keys.filter { before[$0] == nil })
            return keys.flatMap { leafChanges(from: before[$0], to: after[$0], at: pointer.appending($0)) }
        }
        guard old != new else { return [] }
        let removed = old.map { $0.leaves(under: pointer).map { FieldChange(path: $0.pointer.description, old: $0.value, new: nil) } } ?? []
        let added = new.map { $0.leaves(under: pointer).map { FieldChange(path: $0.pointer.description, old: nil, new: $0.value) } } ?? []
        // A leaf that only changed value reads as one row, not a removal and an addition.
        if removed.count == 1, added.count == 1, removed[0].path == added[0].path {
            return [FieldChange(path: removed[0].path, old: removed[0].old, new: added[0].new)]
        }
        return removed + added
    }
}
