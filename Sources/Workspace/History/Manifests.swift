/// Manifests map each resource of an integration document (by its `ResourceKey`) to
/// the SHA-256 of its canonical bytes in `blobs`. A manifest is stored as a blob too: whole, or
/// as the difference from the manifest before it (as git packs deltas and Fossil stores
/// delta manifests), so that a revision after one change adds about that one resource's bytes.
enum Manifests {
    /// Deltas chained on a whole manifest before the next whole one (bounds a load's reads).
    static let longestChain = 32

    /// Stores a manifest, as a delta from `base` when that is smaller; returns its hash.
    /// `loaded` is the base as `loadWithDepth` gives it, when the caller read it already.
    static func store(
        _ entries: [ResourceKey: String], base: String?, loaded: (entries: [String: String], depth: Int)? = nil, in database: Store
    ) throws -> String {
        let sorted = entries.map { (key: $0.key.description, hash: $0.value) }.sorted { $0.key < $1.key }
        if let base {
            let (baseEntries, depth) = try loaded ?? loadWithDepth(base, in: database)
            var set = JSONObject()
            for (key, hash) in sorted where baseEntries[key] != hash { set[key] = .string(hash) }
            let present = Set(sorted.map(\.key))
            let removed = baseEntries.keys.filter { !present.contains($0) }.sorted()
            if depth < longestChain && set.count + removed.count < max(entries.count / 2, 1) {
                return try save([
                    "base": .string(base), "depth": .int(Int64(depth + 1)), "set": .object(set),
                    "removed": .array(removed.map(JSONValue.string)),
                ], in: database)
            }
        }
        let whole = JSONObject(sorted.map { ($0.key, .string($0.hash)) })
        return try save(["depth": 0, "entries": .object(whole)], in: database)
    }

    /// Each resource's key and the hash of its bytes.
    static func load(_ hash: String, in database: Store) throws -> [ResourceKey: String] {
        var entries: [ResourceKey: String] = [:]
        for (text, hash) in try loadWithDepth(hash, in: database).entries {
            guard let key = ResourceKey(text) else {
                throw WorkspaceError.damaged("a revision manifest names \(text), which no document holds")
            }
            entries[key] = hash
        }
        return entries
    }

    static func loadWithDepth(_ hash: String, in database: Store) throws -> (entries: [String: String], depth: Int) {
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
        try values.store(in: database, base: base)
    }

    /// The document a manifest names; `problems` gathers what its fields break under today's rules.
    static func load(_ manifest: String, in database: Store, problems: inout [String]) throws -> IntegrationDocument {
        assemble(try DocumentValues.stored(manifest, in: database), problems: &problems)
    }
}

extension DocumentValues {
    /// The stored resources a manifest names, by key.
    static func stored(_ manifest: String, in database: Store) throws -> [ResourceKey: JSONValue] {
        var values: [ResourceKey: JSONValue] = [:]
        for (key, hash) in try Manifests.load(manifest, in: database) {
            guard let text = try BlobRecord.content(hash, in: database) else {
                throw WorkspaceError.damaged("the revision's resource \(key) (\(hash)) is missing")
            }
            values[key] = try JSONValue(parsing: text)
        }
        return values
    }

    /// The resources of the document a manifest names, as stored, in the document's order.
    init(stored manifest: String, in database: Store) throws {
        self.init(ordering: try Self.stored(manifest, in: database))
    }
}
