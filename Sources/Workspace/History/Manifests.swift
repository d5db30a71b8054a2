/// Manifests map each resource of an integration document (`integration`, `flows/<_id>` …) to
/// the SHA-256 of its canonical bytes in `blobs`. A manifest is stored as a blob too: whole, or
/// as the difference from the manifest before it (as git packs deltas and Fossil stores
/// delta manifests), so that a revision after one change adds about that one resource's bytes.
enum Manifests {
    /// Deltas chained on a whole manifest before the next whole one (bounds a load's reads).
    static let longestChain = 32

    /// Stores a manifest, as a delta from `base` when that is smaller; returns its hash.
    static func store(_ entries: [String: String], base: String?, in database: Store) throws -> String {
        if let base {
            let (baseEntries, depth) = try loadWithDepth(base, in: database)
            var set = JSONObject()
            for (key, hash) in entries.sorted(by: { $0.key < $1.key }) where baseEntries[key] != hash { set[key] = .string(hash) }
            let removed = baseEntries.keys.filter { entries[$0] == nil }.sorted()
            if depth < longestChain && set.count + removed.count < max(entries.count / 2, 1) {
                return try save([
                    "base": .string(base), "depth": .int(Int64(depth + 1)), "set": .object(set),
                    "removed": .array(removed.map(JSONValue.string)),
                ], in: database)
            }
        }
        let whole = JSONObject(entries.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })
        return try save(["depth": 0, "entries": .object(whole)], in: database)
    }

    static func load(_ hash: String, in database: Store) throws -> [String: String] {
        try loadWithDepth(hash, in: database).entries
    }

    private static func loadWithDepth(_ hash: String, in database: Store) throws -> (entries: [String: String], depth: Int) {
        guard let text = try BlobRecord.content(hash, in: database), case .object(let manifest) = try JSONValue(parsing: text)
        else { throw WorkspaceError.damaged("the revision manifest \(hash) is missing or damaged") }
        var depth = 0
        if case .int(let value)? = manifest["depth"] { depth = Int(value) }
        if let whole = manifest["entries"]?.objectValue {
            return (strings(whole), depth)
        }
        // Merge bases recorded by clones before revisions existed: a flat key → hash object.
        if manifest["base"] == nil { return (strings(manifest), 0) }
        guard let base = manifest["base"]?.stringValue, depth <= longestChain else {
            throw WorkspaceError.damaged("the revision manifest \(hash) is damaged")
        }
        var entries = try loadWithDepth(base, in: database).entries
        for key in (manifest["removed"]?.arrayValue ?? []).compactMap(\.stringValue) { entries[key] = nil }
        for (key, value) in strings(manifest["set"]?.objectValue ?? JSONObject()) { entries[key] = value }
        return (entries, depth)
    }

    private static func strings(_ object: JSONObject) -> [String: String] {
        var result: [String: String] = [:]
        for (key, value) in zip(object.keys, object.values) { result[key] = value.stringValue }
        return result
    }

    private static func save(_ manifest: JSONValue, in database: Store) throws -> String {
        var bytes: [UInt8] = []
        manifest.appendCompact(to: &bytes)
        return try BlobRecord.store(bytes, in: database)
    }
}

extension IntegrationDocument {
    /// Stores every resource's bytes and the manifest naming them; returns the manifest's hash.
    func store(in database: Store, base: String?) throws -> String {
        var entries: [String: String] = [:]
        for (key, bytes) in resources { entries[key] = try BlobRecord.store(bytes, in: database) }
        return try Manifests.store(entries, base: base, in: database)
    }

    /// The document a manifest names, assembled in the document's order.
    static func load(_ manifest: String, in database: Store) throws -> IntegrationDocument {
        var values: [String: JSONValue] = [:]
        for (key, hash) in try Manifests.load(manifest, in: database) {
            guard let text = try BlobRecord.content(hash, in: database) else {
                throw WorkspaceError.damaged("the revision's resource \(key) (\(hash)) is missing")
            }
            values[key] = try JSONValue(parsing: text)
        }
        return assemble(values)
    }

    /// A document from its resources by key (as `resources` and `DocumentDiff.values` name
    /// them): flow groups and flows in the display order `order` gives, the rest by `_id`.
    static func assemble(_ values: [String: JSONValue]) -> IntegrationDocument {
        let order = values["order"] ?? .null
        var json = JSONObject([
            ("format", .string(format)), ("version", .int(version)), ("integration", values["integration"] ?? [:]),
        ])
        for list in lists {
            let prefix = list + "/"
            var ids = values.keys.filter { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }.sorted()
            if let ordered = order[list]?.arrayValue?.compactMap(\.stringValue) {
                let present = Set(ids)
                let placed = Set(ordered)
                ids = ordered.filter { present.contains($0) } + ids.filter { !placed.contains($0) }
            }
            json[list] = .array(ids.compactMap { values[prefix + $0] })
        }
        json["aliases"] = values["aliases"] ?? []
        json["other"] = values["other"] ?? []
        return IntegrationDocument(json: json)
    }

    /// The same document with its ids replaced (list → old → new): every resource's `_id`, every
    /// reference to one (`_…Id` fields, steps, alias targets), and the display order.
    func translated(_ ids: [String: [String: String]]) -> IntegrationDocument {
        var count = 0
        func renamed(_ object: JSONObject, in list: String) -> JSONValue {
            var copy = IDFields.remapped(.object(object), ids, count: &count).objectValue ?? object
            if let id = object["_id"]?.stringValue, let new = ids[list]?[id] { copy["_id"] = .string(new) }
            return .object(copy)
        }
        var json = self.json
        json["integration"] = renamed(integration, in: "integration")
        for list in Self.lists { json[list] = .array(self.list(list).map { renamed($0, in: list) }) }
        json["aliases"] = IDFields.remapped(json["aliases"] ?? [], ids, count: &count)
        return IntegrationDocument(json: json)
    }
}
