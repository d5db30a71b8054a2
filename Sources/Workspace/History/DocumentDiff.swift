/// What changed between two integration documents (SPEC §8): per resource (new, update,
/// deleted, with its kind and name) and per field (JSON pointer, old, new). Lists whose
/// elements have an identity (steps by `_exportId`/`_importId`, routers by `id`, branches by
/// `branchId`, aliases by `alias`, display orders by id) are compared by it, so a moved step is
/// one move, not a cascade of changes.
public struct DocumentDiff: Sendable {
    public enum Status: String, Sendable {
        case new, update, deleted
    }

    public struct Field: Equatable, Sendable {
        public let pointer: JSONPointer
        public let old: JSONValue?
        public let new: JSONValue?
        /// A list element that kept its identity and changed place: (its id, old index, new index).
        public let move: Move?

        public struct Move: Equatable, Sendable {
            public let id: String
            public let from: Int
            public let to: Int
        }

        public var json: JSONValue {
            var object = JSONObject([("path", .string(pointer.description))])
            if let move {
                object["op"] = "move"
                object["id"] = .string(move.id)
                object["from"] = .int(Int64(move.from))
                object["to"] = .int(Int64(move.to))
            } else {
                object["old"] = old ?? .null
                object["new"] = new ?? .null
            }
            return .object(object)
        }
    }

    public struct Change: Sendable {
        public let key: ResourceKey
        public let name: String
        public let status: Status
        public let fields: [Field]

        /// What kind of resource (or part of the document) changed.
        public var kind: DocumentPart { key.part }
        public var id: String? { key.id }

        public var json: JSONValue {
            var object = JSONObject([("kind", .string(kind.description))])
            if let id { object["_id"] = .string(id) }
            object["name"] = .string(name)
            object["status"] = .string(status.rawValue)
            object["fields"] = .array(fields.map(\.json))
            return .object(object)
        }
    }

    public let changes: [Change]

    public var isEmpty: Bool { changes.isEmpty }
    public var json: JSONValue { .array(changes.map(\.json)) }

    /// Per resource, per field: a field is a change (`old`, `new`) or a move (`op`, `id`, `from`, `to`).
    public static let shape = JSONShape.named(
        "Changes",
        .array(
            .record([
                .field("kind", .string), .optional("_id", .string), .field("name", .string), .field("status", .choice(["new", "update", "deleted"])),
                .field(
                    "fields",
                    .array(
                        .record([
                            .field("path", .string), .optional("old", .anyValue), .optional("new", .anyValue), .optional("op", .choice(["move"])),
                            .optional("id", .string), .optional("from", .integer), .optional("to", .integer),
                        ]))),
            ])))

    public init(from old: IntegrationDocument, to new: IntegrationDocument) {
        self.init(from: old.values, to: new.values)
    }

    /// The difference between two documents' resources.
    /// No change.
    static let none = DocumentDiff(from: DocumentValues(entries: []), to: DocumentValues(entries: []))

    init(from old: DocumentValues, to new: DocumentValues) {
        let before = old.entries
        let after = new.entries
        var keys = before.map(\.key)
        let known = Set(keys)
        keys += after.map(\.key).filter { !known.contains($0) }
        let beforeByKey = Dictionary(uniqueKeysWithValues: before)
        let afterByKey = Dictionary(uniqueKeysWithValues: after)
        changes = keys.compactMap { key in
            let (was, now) = (beforeByKey[key], afterByKey[key])
            guard was != now else { return nil }
            let status: Status = was == nil ? .new : now == nil ? .deleted : .update
            let fields = status == .update ? Self.fields(was ?? .null, now ?? .null, at: JSONPointer(tokens: [])) : []
            return Change(key: key, name: Self.name(of: key, (now ?? was)?.objectValue), status: status, fields: fields)
        }
    }

    /// How a change names what changed: a resource's or the integration's name; nothing for
    /// the aliases, the kept resources and the display order.
    static func name(of key: ResourceKey, _ value: JSONObject?) -> String {
        switch key {
        case .integration, .resource: value?["name"]?.stringValue ?? ""
        case .aliases, .other, .order: ""
        }
    }

    /// The changed fields between two values of one resource.
    static func fields(_ old: JSONValue, _ new: JSONValue, at pointer: JSONPointer) -> [Field] {
        guard old != new else { return [] }
        switch (old, new) {
        case (.object(let before), .object(let after)):
            var keys = before.keys
            keys += after.keys.filter { before[$0] == nil }
            return keys.flatMap { key -> [Field] in
                let (was, now) = (before[key], after[key])
                switch (was, now) {
                case (let was?, let now?): return fields(was, now, at: pointer.appending(key))
                default: return [Field(pointer: pointer.appending(key), old: was, new: now, move: nil)]
                }
            }
        case (.array(let before), .array(let after)):
            if let keyed = keyedFields(before, after, at: pointer) { return keyed }
            return [Field(pointer: pointer, old: old, new: new, move: nil)]
        default:
            return [Field(pointer: pointer, old: old, new: new, move: nil)]
        }
    }

    /// The identity of a list element, where it has one.
    static func identity(of element: JSONValue) -> String? {
        switch element {
        case .string(let id): return id
        case .object(let object):
            for key in ["_exportId", "_importId", "branchId", "id", "alias", "_id"] {
                if let id = object[key]?.stringValue { return key + ":" + id }
            }
            return nil
        default: return nil
        }
    }

    /// A list compared by identity: elements removed, added, changed in place, and moved (the
    /// fewest moves: those outside a longest common subsequence of the kept elements).
    private static func keyedFields(_ before: [JSONValue], _ after: [JSONValue], at pointer: JSONPointer) -> [Field]? {
        let oldIDs = before.map(identity)
        let newIDs = after.map(identity)
        guard !oldIDs.contains(nil), !newIDs.contains(nil) else { return nil }
        let old = oldIDs.compactMap { $0 }
        let new = newIDs.compactMap { $0 }
        guard Set(old).count == old.count, Set(new).count == new.count else { return nil }
        let oldIndex = Dictionary(uniqueKeysWithValues: old.enumerated().map { ($1, $0) })
        let newIndex = Dictionary(uniqueKeysWithValues: new.enumerated().map { ($1, $0) })
        var result: [Field] = []
        for (index, id) in old.enumerated() where newIndex[id] == nil {
            result.append(Field(pointer: pointer.appending(String(index)), old: before[index], new: nil, move: nil))
        }
        for (index, id) in new.enumerated() where oldIndex[id] == nil {
            result.append(Field(pointer: pointer.appending(String(index)), old: nil, new: after[index], move: nil))
        }
        let kept = new.filter { oldIndex[$0] != nil }
        let stay = Set(longestCommonSubsequence(old.filter { newIndex[$0] != nil }, kept))
        for id in kept {
            guard let from = oldIndex[id], let to = newIndex[id] else { continue }
            if !stay.contains(id) {
                result.append(Field(pointer: pointer, old: nil, new: nil, move: Field.Move(id: display(id), from: from, to: to)))
            }
            result += fields(before[from], after[to], at: pointer.appending(String(to)))
        }
        return result
    }

    private static func display(_ identity: String) -> String {
        identity.split(separator: ":", maxSplits: 1).last.map(String.init) ?? identity
    }

    static func longestCommonSubsequence(_ a: [String], _ b: [String]) -> [String] {
        guard !a.isEmpty, !b.isEmpty else { return [] }
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                table[i][j] = a[i] == b[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
            }
        }
        var (i, j) = (0, 0)
        var result: [String] = []
        while i < a.count && j < b.count {
            if a[i] == b[j] {
                result.append(a[i])
                (i, j) = (i + 1, j + 1)
            } else if table[i + 1][j] >= table[i][j + 1] {
                i += 1
            } else {
                j += 1
            }
        }
        return result
    }
}

extension Revision {
    /// A snapshot's revision with whether it was recorded (`--if-changed`, the API's `ifChanged`).
    public func json(recorded: Bool) -> JSONValue {
        var object = json.objectValue ?? JSONObject()
        object["recorded"] = .bool(recorded)
        return .object(object)
    }

    public static let snapshotShape = shape.adding([.field("recorded", .boolean)], named: "Snapshot")
    public static let changesShape = shape.adding([.field("changes", DocumentDiff.shape)], named: "RevisionChanges")

    /// Its fields with what it changed, as `revision show --json` and the API give it.
    public func json(changes: DocumentDiff) -> JSONValue {
        var object = json.objectValue ?? JSONObject()
        object["changes"] = changes.json
        return .object(object)
    }
}
