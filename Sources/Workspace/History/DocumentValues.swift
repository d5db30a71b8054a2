/// A document as its resources' values by key, in the document's order: what revisions store,
/// diffs compare, merges combine and translations rename. A typed document renders it
/// (`IntegrationDocument.values`); stored revisions are read as it without being parsed, since
/// nothing but a comparison or a copy reads them there.
struct DocumentValues: Sendable {
    var entries: [(key: ResourceKey, value: JSONValue)]

    init(entries: [(key: ResourceKey, value: JSONValue)]) {
        self.entries = entries
    }

    /// Stored resources in the order of the document they make, as `IntegrationDocument.values`
    /// gives them: the head, each list (flow groups and flows in the display order `order`
    /// gives, the rest by `_id`), the aliases, the kept resources, and the display order.
    init(ordering values: [ResourceKey: JSONValue]) {
        var byKind: [ResourceKind: [String: JSONValue]] = [:]
        for (key, value) in values {
            if case .resource(let kind, let id) = key, value.objectValue != nil { byKind[kind, default: [:]][id] = value }
        }
        entries = [(.integration, values[.integration] ?? [:])]
        var displayOrder = JSONObject()
        for kind in IntegrationDocument.listKinds {
            let present = byKind[kind] ?? [:]
            var ids = present.keys.sorted()
            let displayed = kind == .flowGroup || kind == .flow
            if displayed, let ordered = values[.order]?[kind.documentList]?.arrayValue?.compactMap(\.stringValue) {
                let placed = Set(ordered)
                ids = ordered.filter { present[$0] != nil } + ids.filter { !placed.contains($0) }
            }
            if displayed { displayOrder[kind.documentList] = .array(ids.map(JSONValue.string)) }
            for id in ids { entries.append((.resource(kind, id: id), present[id] ?? [:])) }
        }
        entries.append((.aliases, values[.aliases] ?? []))
        entries.append((.other, values[.other] ?? []))
        entries.append((.order, .object(displayOrder)))
    }

    var byKey: [ResourceKey: JSONValue] { Dictionary(entries.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first }) }

    /// Each resource with its canonical compact bytes: what blobs store and manifests list.
    var bytes: [(key: ResourceKey, bytes: [UInt8])] {
        entries.map { key, value in
            var bytes: [UInt8] = []
            value.appendCompact(to: &bytes)
            return (key, bytes)
        }
    }

    /// The same document with its ids replaced: every resource's `_id` (and key), every
    /// reference to one (`_…Id` fields, steps, alias targets), and the display order. Kept
    /// integrator.io resources are copied as they are.
    func translated(_ ids: IDMap) -> DocumentValues {
        // A folder first written by this workspace keeps its ids: nothing to rename.
        if ids.allSatisfy({ $0.value.allSatisfy { $0.key == $0.value } }) { return self }
        var count = 0
        func renamed(_ value: JSONValue, _ kind: ResourceKind) -> JSONValue {
            guard case .object(var object) = IDFields.remapped(value, ids, count: &count) else { return value }
            if let id = object["_id"]?.stringValue, let new = ids[kind]?[id] { object["_id"] = .string(new) }
            return .object(object)
        }
        return DocumentValues(entries: entries.map { key, value in
            switch key {
            case .integration: return (key, renamed(value, .integration))
            case .resource(let kind, let id): return (.resource(kind, id: ids[kind]?[id] ?? id), renamed(value, kind))
            case .aliases: return (key, IDFields.remapped(value, ids, count: &count))
            case .other: return (key, value)
            case .order:
                var order = JSONObject()
                for kind in [ResourceKind.flowGroup, .flow] {
                    let list = (value[kind.documentList]?.arrayValue ?? []).map { id in
                        id.stringValue.flatMap { ids[kind]?[$0] }.map(JSONValue.string) ?? id
                    }
                    order[kind.documentList] = .array(list)
                }
                return (key, .object(order))
            }
        })
    }

    /// Stores every resource's bytes and the manifest naming them; returns the manifest's hash.
    /// What the base manifest names is stored already: only the resources that differ from it
    /// are written (a snapshot or a pull after one change writes one resource, not thousands).
    func store(in database: Store, base: String?) throws -> String {
        let loaded = try base.map { try Manifests.loadWithDepth($0, in: database) }
        var hashes: [ResourceKey: String] = [:]
        for (key, bytes) in bytes {
            let hash = try AuditChain.sha256Hex(bytes)
            if loaded?.entries[key.description] != hash { try BlobRecord.insert(bytes, hash: hash, in: database) }
            hashes[key] = hash
        }
        return try Manifests.store(hashes, base: base, loaded: loaded, in: database)
    }
}
