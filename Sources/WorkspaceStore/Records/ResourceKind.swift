/// Every kind of resource a REF may name, and what each kind is: the one place that maps a
/// kind to its table, its label, its audit type, its REF prefix, whether it carries settings
/// and whether an alias may name it.
public enum ResourceKind: String, CaseIterable, Sendable {
    case integration, flowGroup, flow, api, tool, export, `import`, connection, script

    /// The table (a constant, never user input, so it may appear in SQL text).
    var table: String {
        switch self {
        case .integration: "integrations"
        case .flowGroup: "flow_groups"
        case .flow: "flows"
        case .api: "apis"
        case .tool: "tools"
        case .export: "exports"
        case .import: "imports"
        case .connection: "connections"
        case .script: "scripts"
        }
    }

    /// The list that holds this kind in the integration document.
    package var documentList: String {
        switch self {
        case .integration: "integration"
        case .flowGroup: "flowGroupings"
        default: table
        }
    }

    /// The kind of a resource key of the integration document (`flows/<_id>`, `integration`).
    package init?(documentKey key: String) {
        let list = key.split(separator: "/", maxSplits: 1).first.map(String.init) ?? key
        guard let kind = Self.allCases.first(where: { $0.documentList == list }) else { return nil }
        self = kind
    }

    /// How messages name one.
    public var label: String {
        switch self {
        case .flowGroup: "flow group"
        case .api: "API"
        default: rawValue
        }
    }

    /// The prefix that picks this kind in a REF (`group:Orders`, `import:Put`).
    public var prefix: String { self == .flowGroup ? "group" : rawValue }

    package init?(prefix: String) {
        guard let kind = Self.allCases.first(where: { $0.prefix == prefix }) else { return nil }
        self = kind
    }

    /// What the audit log calls it.
    package var auditType: ResourceType {
        switch self {
        case .integration: .integration
        case .flowGroup: .flowGroup
        case .flow: .flow
        case .api: .api
        case .tool: .tool
        case .export: .export
        case .import: .import
        case .connection: .connection
        case .script: .script
        }
    }

    /// The settings level it is, nil for kinds that carry no settings (APIs and tools).
    package var settingsLevel: SettingsLevel? {
        switch self {
        case .integration: .integration
        case .flowGroup: .flowGrouping
        case .flow: .flow
        case .export: .export
        case .import: .import
        case .connection: .connection
        case .api, .tool, .script: nil
        }
    }

    /// What an alias naming it records, nil for kinds no alias may name.
    package var aliasTarget: Alias.TargetType? {
        switch self {
        case .flow: .flow
        case .export: .export
        case .import: .import
        case .connection: .connection
        case .integration, .flowGroup, .api, .tool, .script: nil
        }
    }
}

extension ItemKind {
    package var resource: ResourceKind {
        switch self {
        case .flow: .flow
        case .api: .api
        case .tool: .tool
        }
    }
}

extension StepKind {
    package var resource: ResourceKind { self == .export ? .export : .import }
}

extension Alias.TargetType {
    package var resource: ResourceKind {
        switch self {
        case .flow: .flow
        case .connection: .connection
        case .export: .export
        case .import: .import
        }
    }
}

extension SettingsLevel {
    package var resource: ResourceKind {
        switch self {
        case .integration: .integration
        case .flowGrouping: .flowGroup
        case .flow: .flow
        case .export: .export
        case .import: .import
        case .connection: .connection
        }
    }
}

/// A REF that may name several kinds: `kind:REF` picks one, else every kind is tried.
package struct KindedRef {
    package let kinds: [ResourceKind]
    package let ref: String

    /// Splits off a known prefix among `allowed`; a prefix of another kind is left to the
    /// caller (e.g. `api:` where only settings-carrying kinds are allowed).
    package init(_ text: String, among allowed: [ResourceKind]) {
        if let colon = text.firstIndex(of: ":"), let kind = ResourceKind(prefix: String(text[..<colon])) {
            kinds = [kind]
            ref = String(text[text.index(after: colon)...])
        } else {
            kinds = allowed
            ref = text
        }
    }
}

/// Resources of any kind by id or name: what a REF that may name several kinds resolves to.
package enum ResourceRecord {
    /// Deletes everything an integration holds — its own and its flows' aliases, flows, APIs,
    /// tools, exports, imports, scripts and flow groups — in one statement a table (not its
    /// row, registrations or connections; no audit rows: the caller audits what changed).
    package static func deleteContents(of integrationID: String, in database: Store) throws {
        try database.run(
            """
            DELETE FROM aliases WHERE (owner_type = 'integration' AND owner_id = ?)
                OR (owner_type = 'flow' AND owner_id IN (SELECT id FROM flows WHERE integration_id = ?))
            """, [.text(integrationID), .text(integrationID)])
        for kind in [ResourceKind.flow, .api, .tool, .export, .import, .script, .flowGroup] {
            try database.run("DELETE FROM \(kind.table) WHERE integration_id = ?", [.text(integrationID)])
        }
    }

    /// Every resource of the given kinds with that id, or else with that exact name: one
    /// query per column, whatever the number of kinds.
    package static func candidates(_ ref: String, among kinds: [ResourceKind], in database: Store) throws
        -> [(kind: ResourceKind, id: String)]
    {
        let wanted = ref.trimmingBlanks()
        for column in ["id", "name"] {
            let union = kinds.map { "SELECT '\($0.rawValue)', id FROM \($0.table) WHERE \(column) = ?" }
                .joined(separator: " UNION ALL ")
            let rows = try database.rows(union, Array(repeating: .text(wanted), count: kinds.count))
            if !rows.isEmpty { return try rows.map { (try $0.choice(at: 0, as: ResourceKind.self), try $0.text(at: 1)) } }
        }
        return []
    }

    /// The names of some resources of one kind, by id, in one query (for listings that name
    /// what they mention).
    package static func names(of kind: ResourceKind, _ ids: Set<String>, in database: Store) throws -> [String: String] {
        guard !ids.isEmpty else { return [:] }
        return Dictionary(
            try database.rows(
                "SELECT id, name FROM \(kind.table) WHERE id IN (\(database.dialect.list))",
                [database.dialect.listValue(ids.sorted())])
                .map { (try $0.text(at: 0), try $0.text(at: 1)) }, uniquingKeysWith: { first, _ in first })
    }

    /// The one resource of `kinds` that `ref` names; none or several is not found (exit 2),
    /// with a hint that only suggests what would work.
    package static func single(_ ref: String, among kinds: [ResourceKind], noun: String, in database: Store) throws
        -> (kind: ResourceKind, id: String)
    {
        let matches = try candidates(ref, among: kinds, in: database)
        guard matches.count == 1, let match = matches.first else {
            if matches.isEmpty { throw WorkspaceError.notFound("no \(noun) has the id or name \"\(ref)\"") }
            throw WorkspaceError.ambiguous(
                "\"\(ref)\" names \(matches.count) resources: " + matches.map { "\($0.kind.label) \($0.id)" }.joined(separator: ", "),
                hint: Self.prefixHint(ref, kinds: matches.map(\.kind)),
                candidates: matches.map { WorkspaceError.Candidate(kind: $0.kind.label, id: $0.id) })
        }
        return match
    }

    /// A kind prefix only where it would pick one (the matches are of different kinds), else ids.
    package static func prefixHint(_ ref: String, kinds: [ResourceKind]) -> String {
        let distinct = kinds.reduce(into: [ResourceKind]()) { if !$0.contains($1) { $0.append($1) } }
        guard distinct.count == kinds.count else { return "use one of these ids instead" }
        return "prefix the kind (" + distinct.map { "\($0.prefix):\(ref)" }.joined(separator: " or ") + "), or use an id"
    }

    /// Those of `ids` that name a resource of `kind` in another integration than `integrationID`.
    package static func ids(_ ids: [String], of kind: ResourceKind, outside integrationID: String, in database: Store) throws
        -> Set<String>
    {
        guard !ids.isEmpty else { return [] }
        return Set(
            try database.rows(
                "SELECT id FROM \(kind.table) WHERE integration_id <> ? AND id IN (\(database.dialect.list))",
                [.text(integrationID), database.dialect.listValue(ids)]
            ).map { try $0.text("id") })
    }
}
