/// Three-way merge of integration documents (SPEC §8), per resource and per field: a change
/// made on one side applies; the same change on both sides is no conflict; a field changed on
/// both sides to different values, or a resource deleted on one side and changed on the other,
/// is a conflict. Lists whose elements have an identity (steps, routers, branches, aliases,
/// display orders) merge by it, so an insertion on each side keeps both.
public struct DocumentMerge: Sendable {
    public enum Side: String, CaseIterable, Sendable {
        case ours, theirs
    }

    public struct Conflict: Sendable {
        public let key: ResourceKey
        public let name: String
        public let pointer: JSONPointer
        public let base: JSONValue?
        public let ours: JSONValue?
        public let theirs: JSONValue?

        public var kind: DocumentPart { key.part }

        public var json: JSONValue {
            [
                "kind": .string(kind.description), "name": .string(name), "resource": .string(key.description),
                "path": .string(pointer.description),
                "base": base ?? .null, "ours": ours ?? .null, "theirs": theirs ?? .null,
            ]
        }

        public static let shape = JSONShape.named(
            "Conflict",
            .record([
                .field("kind", .string), .field("name", .string), .field("resource", .string), .field("path", .string),
                .field("base", .anyValue), .field("ours", .anyValue), .field("theirs", .anyValue),
            ]))
    }

    public let merged: IntegrationDocument
    public let conflicts: [Conflict]
    /// What the merged document's fields break (two sides' settings joined past the limit …).
    let problems: [String]

    /// Merges; with `take`, every conflict is settled for that side (and still listed).
    public init(base: IntegrationDocument, ours: IntegrationDocument, theirs: IntegrationDocument, take: Side? = nil) {
        self.init(base: base.values, ours: ours.values, theirs: theirs.values, take: take)
    }

    /// Merges documents' resources (as stored, or rendered once by the caller).
    init(base: DocumentValues, ours: DocumentValues, theirs: DocumentValues, take: Side? = nil) {
        let (b, o, t) = (base.byKey, ours.byKey, theirs.byKey)
        var keys = ours.entries.map(\.key)
        keys += theirs.entries.map(\.key).filter { o[$0] == nil }
        var values: [ResourceKey: JSONValue] = [:]
        var conflicts: [Conflict] = []
        for key in keys {
            let name = (o[key] ?? t[key] ?? b[key])?["name"]?.stringValue ?? key.part.description
            var context = Context(key: key, name: name, take: take)
            if let value = context.merge(b[key], o[key], t[key], at: JSONPointer(tokens: [])) { values[key] = value }
            conflicts += context.conflicts
        }
        var problems: [String] = []
        merged = IntegrationDocument.assemble(values, problems: &problems)
        self.conflicts = conflicts
        self.problems = problems
    }

    /// One resource's merge, collecting its conflicts.
    private struct Context {
        let key: ResourceKey
        let name: String
        let take: Side?
        var conflicts: [Conflict] = []

        init(key: ResourceKey, name: String, take: Side?) {
            self.key = key
            self.name = name
            self.take = take
        }

        mutating func merge(_ base: JSONValue?, _ ours: JSONValue?, _ theirs: JSONValue?, at pointer: JSONPointer) -> JSONValue? {
            if ours == theirs { return ours }
            if base == ours { return theirs }
            if base == theirs { return ours }
            switch (ours, theirs) {
            case (.object(let o)?, .object(let t)?):
                return .object(mergeObjects(base?.objectValue ?? JSONObject(), o, t, at: pointer))
            case (.array(let o)?, .array(let t)?):
                if let merged = mergeKeyed(base?.arrayValue ?? [], o, t, at: pointer) { return .array(merged) }
            default: break
            }
            return conflict(base, ours, theirs, at: pointer)
        }

        private mutating func conflict(_ base: JSONValue?, _ ours: JSONValue?, _ theirs: JSONValue?, at pointer: JSONPointer)
            -> JSONValue?
        {
            conflicts.append(
                Conflict(key: key, name: name, pointer: pointer, base: base, ours: ours, theirs: theirs))
            return take == .theirs ? theirs : ours
        }

        private mutating func mergeObjects(_ base: JSONObject, _ ours: JSONObject, _ theirs: JSONObject, at pointer: JSONPointer)
            -> JSONObject
        {
            var keys = ours.keys
            keys += theirs.keys.filter { ours[$0] == nil }
            var result = JSONObject()
            for key in keys {
                if let value = merge(base[key], ours[key], theirs[key], at: pointer.appending(key)) { result[key] = value }
            }
            return result
        }

        /// Lists whose elements all have an identity, merged element by element: ours' order,
        /// their deletions of what we left alone, their insertions after the element they follow.
        private mutating func mergeKeyed(_ base: [JSONValue], _ ours: [JSONValue], _ theirs: [JSONValue], at pointer: JSONPointer)
            -> [JSONValue]?
        {
            func index(_ list: [JSONValue]) -> [String: JSONValue]? {
                var result: [String: JSONValue] = [:]
                for element in list {
                    guard let id = DocumentDiff.identity(of: element), result[id] == nil else { return nil }
                    result[id] = element
                }
                return result
            }
            guard let b = index(base), let o = index(ours), let t = index(theirs) else { return nil }
            let theirOrder = theirs.compactMap { DocumentDiff.identity(of: $0) }
            var order = ours.compactMap { DocumentDiff.identity(of: $0) }
            // Their reordering applies where ours kept the base's order.
            let common = order.filter { t[$0] != nil && b[$0] != nil }
            let baseOrder = base.compactMap { DocumentDiff.identity(of: $0) }.filter { o[$0] != nil && t[$0] != nil }
            let theirCommon = theirOrder.filter { o[$0] != nil && b[$0] != nil }
            if common == baseOrder && theirCommon != baseOrder {
                var slots = theirCommon.makeIterator()
                order = order.map { id in common.contains(id) ? slots.next() ?? id : id }
            }
            for (position, id) in theirOrder.enumerated() where o[id] == nil && b[id] == nil {
                let after = theirOrder[..<position].last { order.contains($0) }
                let at = after.flatMap { order.firstIndex(of: $0) }.map { $0 + 1 } ?? 0
                order.insert(id, at: at)
            }
            var result: [JSONValue] = []
            for id in order {
                let element = pointer.appending(id.split(separator: ":", maxSplits: 1).last.map(String.init) ?? id)
                if let value = merge(b[id], o[id], t[id], at: element) { result.append(value) }
            }
            // What ours deleted and theirs changed is a conflict (settled by `take`).
            for id in base.compactMap({ DocumentDiff.identity(of: $0) }) where o[id] == nil && t[id] != nil && t[id] != b[id] {
                let element = pointer.appending(id.split(separator: ":", maxSplits: 1).last.map(String.init) ?? id)
                if let value = conflict(b[id], nil, t[id], at: element) { result.append(value) }
            }
            return result
        }
    }
}
