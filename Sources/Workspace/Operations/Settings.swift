/// A resource whose settings are read or written.
struct SettingsTarget {
    let level: SettingsLevel
    let id: String
    let name: String
    /// The integration it lives in (nil for account-wide connections).
    let integrationID: String?
    /// What `resolve` needs: the flow group of a flow, the flow and connection of a step.
    var groupID: String? = nil
    var flowID: String? = nil
    var connectionID: String? = nil

    var resourceType: ResourceType { level.resource.auditType }
}

/// One leaf of an effective settings document and where it comes from.
public struct SettingOrigin: Equatable, Sendable {
    public struct Source: Equatable, Sendable {
        public let level: SettingsLevel
        public let resourceID: String
        public let value: JSONValue
    }

    public let pointer: JSONPointer
    /// The effective value; for a removed key, the value it had before it was removed.
    public let value: JSONValue
    /// The level that set it (or removed it, with a `null`).
    public let level: SettingsLevel
    public let resourceID: String
    /// The values it replaced, lowest level first.
    public let overrides: [Source]
    /// A key a lower level removed with `null`: listed, but not in the effective document.
    public var removed = false

    public var json: JSONValue {
        var object = JSONObject([
            ("pointer", .string(pointer.description)), ("value", removed ? .null : value),
            ("level", .string(level.rawValue)), ("_resourceId", .string(resourceID)),
            (
                "overrides",
                .array(overrides.map {
                    ["level": .string($0.level.rawValue), "_resourceId": .string($0.resourceID), "value": $0.value]
                })
            ),
        ])
        if removed { object["removed"] = .bool(true) }
        return .object(object)
    }

    public static let shape = JSONShape.named(
        "SettingOrigin",
        .record([
            .field("pointer", .string), .field("value", .anyValue), .field("level", .string), .field("_resourceId", .string),
            .field(
                "overrides", .array(.record([.field("level", .string), .field("_resourceId", .string), .field("value", .anyValue)]))),
            .optional("removed", .boolean),
        ]))
}

/// What `settings resolve` computes for a resource.
public struct ResolvedSettings: Equatable, Sendable {
    public let effective: JSONValue
    public let origins: [SettingOrigin]
    public let namespaced: JSONValue
}

/// JSON settings on integrations, flow groups, flows, exports, imports and connections (SPEC §4).
extension Workspace {
    // MARK: Reading

    /// The document, or the value at `pointer` in it.
    public func settings(_ ref: String, group: Bool = false, at pointer: String = "") throws -> JSONValue {
        try read {
            let target = try settingsTarget(ref, group: group)
            try authorizeSettings(target, .monitor)
            let pointer = try JSONPointer(parsing: pointer)
            guard let value = try document(of: target).value(at: pointer) else {
                throw WorkspaceError.notFound("\(target.name) has no setting at \(pointer)")
            }
            return value
        }
    }

    /// The effective settings of a resource: each level above it applied as a merge patch.
    /// An export or import used by several flows resolves through the one `flow` names.
    public func resolveSettings(_ ref: String, group: Bool = false, flow: String? = nil) throws -> ResolvedSettings {
        try read {
            let target = try settingsTarget(ref, group: group, flow: flow)
            try authorizeSettings(target, .monitor)
            let layers = try settingsLayers(of: target)
            let effective = layers.reduce(JSONValue.object(JSONObject())) { $0.merging($1.document) }
            return ResolvedSettings(
                effective: effective, origins: Self.origins(of: layers),
                namespaced: try namespaced(target, layers))
        }
    }

    // MARK: Writing

    /// Sets one value, creating missing parent objects.
    public func setSetting(_ ref: String, group: Bool = false, at pointer: String, to value: JSONValue) throws
        -> JSONValue
    {
        let pointer = try JSONPointer(parsing: pointer)
        return try changeSettings(ref, group: group) { document in
            guard !pointer.isRoot else { return try Self.validDocument(value) }
            return try document.setting(value, at: pointer)
        }
    }

    /// Replaces the whole document.
    public func replaceSettings(_ ref: String, group: Bool = false, with document: JSONValue) throws -> JSONValue {
        try changeSettings(ref, group: group) { _ in try Self.validDocument(document) }
    }

    /// Removes one value; a pointer with nothing there is not found (exit 2).
    public func unsetSetting(_ ref: String, group: Bool = false, at pointer: String) throws -> JSONValue {
        let pointer = try JSONPointer(parsing: pointer)
        guard !pointer.isRoot else {
            throw WorkspaceError.invalid("unset needs a pointer below the document, e.g. /a", hint: "to clear everything: settings set REF --file with {}")
        }
        return try changeSettings(ref, group: group) { document in
            guard let changed = document.removing(at: pointer) else {
                throw WorkspaceError.notFound("there is no setting at \(pointer)")
            }
            return changed
        }
    }

    /// Applies `change` to a document and stores it, with one audit row per changed leaf.
    private func changeSettings(_ ref: String, group: Bool, _ change: (JSONValue) throws -> JSONValue) throws -> JSONValue {
        try write { audit in
            let target = try settingsTarget(ref, group: group)
            try authorizeSettings(target, .manage)
            let before = try document(of: target)
            let after = try change(before)
            guard after.depth <= JSONValue.maximumDepth else {
                throw WorkspaceError.invalid(
                    "the settings document would nest \(after.depth) levels deep; the limit is \(JSONValue.maximumDepth)")
            }
            let text = after.compactText
            guard text.utf8.count <= Limits.settingsBytes else {
                throw WorkspaceError.invalid("the settings document would be \(text.utf8.count) bytes; the limit is 1 MiB")
            }
            let changes = JSONValue.leafChanges(from: before, to: after)
            guard !changes.isEmpty else { return after }
            try SettingsRecord.store(after, of: target.level.resource, target.id, at: audit.time, in: database)
            for change in changes {
                try audit.record(
                    target.resourceType, id: target.id, name: target.name, integration: target.integrationID,
                    action: .update,
                    change: FieldChange(path: "/settings" + change.path, old: change.old, new: change.new))
            }
            return after
        }
    }

    static func validDocument(_ value: JSONValue) throws -> JSONValue {
        guard case .object = value else {
            throw WorkspaceError.invalid("a settings document must be a JSON object")
        }
        return value
    }

    // MARK: Targets

    /// Resolves `kind:REF`, or a bare REF by id or name across every kind that carries settings.
    func settingsTarget(_ ref: String, group: Bool, flow: String? = nil) throws -> SettingsTarget {
        if group { return try target(.flowGrouping, ref) }
        let target = KindedRef(ref, among: ResourceKind.allCases)
        let match = try ResourceRecord.single(target.ref, among: target.kinds, noun: "resource", in: database)
        guard let level = match.kind.settingsLevel else {
            throw WorkspaceError.refused(
                "\(match.kind == .api ? "APIs" : "\(match.kind.label)s") don't carry settings",
                hint: "settings live on integrations, flow groups, flows, exports, imports and connections")
        }
        return try self.target(level, match.id, flow: flow)
    }

    private func target(_ level: SettingsLevel, _ ref: String, flow flowRef: String? = nil) throws -> SettingsTarget {
        switch level {
        case .integration:
            let integration = try findIntegration(ref)
            try integration.refuseIfStandalone(.settings)
            return SettingsTarget(level: level, id: integration.id, name: integration.name, integrationID: integration.id)
        case .flowGrouping:
            let group = try findGroup(ref)
            return SettingsTarget(level: level, id: group.id, name: group.name, integrationID: group.integrationID)
        case .flow:
            let flow = try findItem(.flow, ref)
            return SettingsTarget(
                level: level, id: flow.id, name: flow.name, integrationID: flow.integrationID, groupID: flow.groupID)
        case .export, .import:
            let step = try findStep(level == .export ? .export : .import, ref)
            let flow = try flowOf(step, named: flowRef)
            return SettingsTarget(
                level: level, id: step.id, name: step.name, integrationID: step.integrationID, groupID: flow?.groupID,
                flowID: flow?.id, connectionID: step.connectionID)
        case .connection:
            let connection = try findConnection(ref)
            return SettingsTarget(level: level, id: connection.id, name: connection.name, integrationID: nil)
        }
    }

    /// The flow an export's or import's settings resolve through: the one `ref` names, else
    /// the only flow that uses it (none when no flow does).
    private func flowOf(_ step: Step, named ref: String?) throws -> Item? {
        let users = try flowsUsing(step.reference)
        if let ref {
            let flow = try findItem(.flow, ref)
            guard users.contains(where: { $0.id == flow.id }) else {
                throw WorkspaceError.refused("flow \"\(flow.name)\" does not use \(step.kind.rawValue) \"\(step.name)\"")
            }
            return flow
        }
        guard users.count <= 1 else {
            throw WorkspaceError.refused(
                "\(step.kind.rawValue) \"\(step.name)\" is used by \(Self.describeFlows(users)): its settings resolve differently in each",
                hint: "name one with --flow REF")
        }
        return try users.first.map { try findItem(.flow, $0.id) }
    }

    private func authorizeSettings(_ target: SettingsTarget, _ needed: Access) throws {
        guard let integrationID = target.integrationID else {
            return try authorize(.connection(try findConnection(target.id), needed))
        }
        let integration = try findIntegration(integrationID)
        try authorize(needed == .manage ? .change(integration) : .read(integration))
    }

    private func document(of target: SettingsTarget) throws -> JSONValue {
        try SettingsRecord.document(of: target.level.resource, target.id, in: database)
    }

    // MARK: Resolution

    private struct Layer {
        let level: SettingsLevel
        let id: String
        let document: JSONValue
    }

    /// The documents that make up a resource's effective settings, highest level first.
    private func settingsLayers(of target: SettingsTarget) throws -> [Layer] {
        func layer(_ level: SettingsLevel, _ id: String) throws -> Layer {
            Layer(level: level, id: id, document: try SettingsRecord.document(of: level.resource, id, in: database))
        }
        var layers: [Layer] = []
        if target.level != .connection, let integrationID = target.integrationID, integrationID != ResourceID.standalone {
            layers.append(try layer(.integration, integrationID))
        }
        if target.level != .integration, let groupID = target.groupID ?? (target.level == .flowGrouping ? target.id : nil) {
            layers.append(try layer(.flowGrouping, groupID))
        }
        if let flowID = target.flowID ?? (target.level == .flow ? target.id : nil) {
            layers.append(try layer(.flow, flowID))
        }
        if target.level == .export || target.level == .import || target.level == .connection {
            layers.append(try layer(target.level, target.id))
        }
        return layers
    }

    /// integrator.io's runtime view: each level's own document under its name.
    private func namespaced(_ target: SettingsTarget, _ layers: [Layer]) throws -> JSONValue {
        var object = JSONObject()
        for layer in layers { object[layer.level.rawValue] = layer.document }
        if let connectionID = target.connectionID {
            object["connection"] = try SettingsRecord.document(of: .connection, connectionID, in: database)
        }
        return .object(object)
    }

    /// Replays the merge patches over a tree that remembers, for every leaf, the layer that
    /// set it and the values it replaced; it follows RFC 7386 step by step, so it agrees with
    /// the effective document by construction.
    private static func origins(of layers: [Layer]) -> [SettingOrigin] {
        var tree = Provenance.empty
        for layer in layers {
            tree = tree.merging(layer.document, from: SettingOrigin.Source(level: layer.level, resourceID: layer.id, value: .null))
        }
        return tree.origins(at: JSONPointer(tokens: []))
    }
}

/// A settings document being merged, with where each part came from.
private indirect enum Provenance: Sendable {
    case leaf(JSONValue, source: SettingOrigin.Source, overrides: [SettingOrigin.Source])
    /// Keys in order, children by key (hashed: documents hold thousands of keys).
    case object(keys: [String], children: [String: Provenance], creator: SettingOrigin.Source?)
    /// A key a lower level removed with `null`: what it was, and who removed it.
    case removed(Provenance, by: SettingOrigin.Source)

    static let empty = Provenance.object(keys: [], children: [:], creator: nil)

    func merging(_ patch: JSONValue, from source: SettingOrigin.Source) -> Provenance {
        if case .removed = self { return Provenance.empty.merging(patch, from: source) }
        guard case .object(let changes) = patch else {
            let replaced: [SettingOrigin.Source] =
                if case .leaf(let value, let old, let overrides) = self {
                    overrides + [SettingOrigin.Source(level: old.level, resourceID: old.resourceID, value: value)]
                } else { [] }
            return .leaf(patch, source: source, overrides: replaced)
        }
        var (keys, children, creator): ([String], [String: Provenance], SettingOrigin.Source?) = ([], [:], source)
        if case .object(let existingKeys, let existing, let madeBy) = self {
            (keys, children, creator) = (existingKeys, existing, madeBy)
        }
        for (key, value) in changes.pairs {
            if value == .null {
                if let child = children[key], !child.isRemoved { children[key] = .removed(child, by: source) }
            } else if let child = children[key], !child.isRemoved {
                children[key] = child.merging(value, from: source)
            } else {
                // Set again after a removal: RFC 7386 puts it last, like a new key.
                if children[key] != nil { keys.removeAll { $0 == key } }
                keys.append(key)
                children[key] = Provenance.object(keys: [], children: [:], creator: source).merging(value, from: source)
            }
        }
        return .object(keys: keys, children: children, creator: creator)
    }

    private var isRemoved: Bool {
        if case .removed = self { return true }
        return false
    }

    /// The value this part of the document holds (removed keys left out).
    var value: JSONValue {
        switch self {
        case .leaf(let value, _, _): value
        case .removed(let old, _): old.value
        case .object(let keys, let children, _):
            .object(JSONObject(keys.compactMap { key in
                guard let child = children[key], !child.isRemoved else { return nil }
                return (key, child.value)
            }))
        }
    }

    /// The source that set this part last (for a removed key's overrides).
    private var setter: SettingOrigin.Source? {
        switch self {
        case .leaf(_, let source, _): source
        case .object(_, _, let creator): creator
        case .removed(_, let by): by
        }
    }

    func origins(at pointer: JSONPointer) -> [SettingOrigin] {
        switch self {
        case .leaf(let value, let source, let overrides):
            return [
                SettingOrigin(
                    pointer: pointer, value: value, level: source.level, resourceID: source.resourceID,
                    overrides: overrides)
            ]
        case .removed(let old, let by):
            let had = old.setter.map { [SettingOrigin.Source(level: $0.level, resourceID: $0.resourceID, value: old.value)] }
            var origin = SettingOrigin(
                pointer: pointer, value: old.value, level: by.level, resourceID: by.resourceID, overrides: had ?? [])
            origin.removed = true
            return [origin]
        case .object(let keys, let children, let creator):
            guard keys.isEmpty else {
                return keys.flatMap { key in children[key]?.origins(at: pointer.appending(key)) ?? [] }
            }
            guard let creator, !pointer.isRoot else { return [] }
            return [
                SettingOrigin(
                    pointer: pointer, value: .object(JSONObject()), level: creator.level,
                    resourceID: creator.resourceID, overrides: [])
            ]
        }
    }
}
