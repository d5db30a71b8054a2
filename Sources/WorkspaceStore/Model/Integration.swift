/// An integration: a folder of flows, APIs and tools. The Standalone bucket is one too, with id `none`.
public struct Integration: Equatable, Sendable {
    public static let standaloneName = "Standalone flows"

    public let id: String
    public var name: String
    public var description: String
    public var readme: String
    public let createdAt: Int64
    public var updatedAt: Int64
    /// integrator.io fields this program has no column for, kept verbatim.
    public var extra: JSONObject
    /// The integration this one was cloned from.
    public var sourceID: String? = nil

    package init(
        id: String, name: String, description: String, readme: String, createdAt: Int64, updatedAt: Int64,
        extra: JSONObject, sourceID: String? = nil
    ) {
        self.id = id
        self.name = name
        self.description = description
        self.readme = readme
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.extra = extra
        self.sourceID = sourceID
    }

    public var isStandalone: Bool { id == ResourceID.standalone }

    /// The fields a person can change, as they appear in JSON and in audit field paths.
    package var editableFields: JSONObject {
        JSONObject([("name", .string(name)), ("description", .string(description)), ("readme", .string(readme))])
    }

    public var json: JSONValue {
        ResourceJSON.make(
            id: id, links: sourceID.map { [("_sourceId", .string($0))] } ?? [], fields: editableFields,
            createdAt: createdAt, updatedAt: updatedAt, extra: extra)
    }

    public static let shape = JSONShape.named(
        "Integration",
        ResourceJSON.shape(
            links: [.optional("_sourceId", .string)], [.field("name", .string), .field("description", .string), .field("readme", .string)]))
}

/// How much an integration holds, computed in the same query that lists it.
public struct IntegrationCounts: Equatable, Sendable {
    public var flows: Int
    public var apis: Int
    public var tools: Int
    /// Only `integration show` counts exports and imports (the Home page stays one query).
    public var exports: Int?
    public var imports: Int?
    /// Only counted where a delete is refused.
    public var scripts: Int?
    public var groups = 0
    /// What its registered connections add up to.
    public var connectionStats = Connections()

    public var connections: Int { connectionStats.count }
    public var offlineConnections: Int { connectionStats.offline }
    /// The distinct `type`s of its registered connections, sorted.
    public var applications: [String] { connectionStats.types.sorted() }

    /// Registered connections: how many, how many offline, which application types.
    public struct Connections: Equatable, Sendable {
        public var count = 0
        public var offline = 0
        public var types: Set<String> = []

        mutating func add(type: String, offline isOffline: Bool) {
            count += 1
            if isOffline { offline += 1 }
            types.insert(type)
        }
    }

    public init(flows: Int, apis: Int, tools: Int, exports: Int? = nil, imports: Int? = nil) {
        self.flows = flows
        self.apis = apis
        self.tools = tools
        self.exports = exports
        self.imports = imports
    }

    package init(of items: [Item]) {
        flows = items.count { $0.kind == .flow }
        apis = items.count { $0.kind == .api }
        tools = items.count { $0.kind == .tool }
    }

    /// "3 flows, 1 API, 2 exports" (only the non-zero parts).
    public var phrase: String {
        [(flows, "flow"), (apis, "API"), (tools, "tool"), (exports ?? 0, "export"), (imports ?? 0, "import"), (scripts ?? 0, "script")]
            .filter { $0.0 > 0 }
            .map { "\($0.0) \($0.1)\($0.0 == 1 ? "" : "s")" }
            .joined(separator: ", ")
    }

    package var json: [(String, JSONValue)] {
        [("numFlows", .int(Int64(flows))), ("numApis", .int(Int64(apis))), ("numTools", .int(Int64(tools)))]
            + (exports.map { [("numExports", .int(Int64($0)))] } ?? [])
            + (imports.map { [("numImports", .int(Int64($0)))] } ?? []) + [
            ("numFlowGroupings", .int(Int64(groups))), ("numConnections", .int(Int64(connections))),
            ("numOfflineConnections", .int(Int64(offlineConnections))),
            ("applications", .array(applications.map(JSONValue.string))),
        ]
    }

    package static let shape: [JSONShape.Field] = [
        .field("numFlows", .integer), .field("numApis", .integer), .field("numTools", .integer), .optional("numExports", .integer),
        .optional("numImports", .integer), .field("numFlowGroupings", .integer), .field("numConnections", .integer),
        .field("numOfflineConnections", .integer), .field("applications", .array(.string)),
    ]
}

/// What the caller may do with one integration, as listings and pages show it (`allowed`), so
/// that no client keeps its own copy of the permission and Standalone rules.
public enum Capability: String, CaseIterable, Sendable {
    /// See it and what it holds; change what it holds (flows, steps, settings …).
    case read, change
    /// Its own fields (name, description, readme); delete, clone or download it; pin it.
    case edit, delete, clone, download, pin
    /// The parts Standalone has none of: settings, aliases, flow groups, revisions.
    case settings, aliases, groups, revisions
    /// Grant other users access to it.
    case grant
}

/// An integration with its counts, as listed on the Home page and shown by `integration show`.
public struct IntegrationSummary: Equatable, Sendable {
    public let integration: Integration
    public let counts: IntegrationCounts
    /// Whether the acting user pinned it (filled in by the Home page).
    public var pinned: Bool?
    /// Only `integration show` fills these in.
    public var groups: [FlowGroup]?
    public var registeredConnectionIDs: [String]?
    public var aliases: [Alias]?
    /// What the caller may do with it (filled in by the Home page and `integration show`).
    public var allowed: [Capability]?
    /// Its settings document (`integration show`, as integrator.io's integration documents carry it).
    public var settings: JSONValue?
    /// The Home page does not read readmes (up to 1 MiB each): its rows leave `readme` out
    /// rather than show an empty one.
    package var readmeLoaded = true

    package init(
        integration: Integration, counts: IntegrationCounts, pinned: Bool? = nil, groups: [FlowGroup]? = nil,
        registeredConnectionIDs: [String]? = nil, aliases: [Alias]? = nil
    ) {
        self.integration = integration
        self.counts = counts
        self.pinned = pinned
        self.groups = groups
        self.registeredConnectionIDs = registeredConnectionIDs
        self.aliases = aliases
    }

    public var json: JSONValue {
        guard case .object(var object) = integration.json else { return integration.json }
        if !readmeLoaded { object["readme"] = nil }
        for (key, value) in counts.json { object[key] = value }
        if let pinned { object["pinned"] = .bool(pinned) }
        if let groups { object["flowGroupings"] = .array(groups.map(\.json)) }
        if let registeredConnectionIDs {
            object["_registeredConnectionIds"] = .array(registeredConnectionIDs.map(JSONValue.string))
        }
        if let aliases { object["aliases"] = .array(aliases.map(\.json)) }
        if let settings { object["settings"] = settings }
        if let allowed { object["allowed"] = .array(allowed.map { .string($0.rawValue) }) }
        return .object(object)
    }

    /// `readme` is left out of Home page rows; the last five only `integration show` gives.
    public static let shape: JSONShape = .named(
        "IntegrationSummary",
        ResourceJSON.shape(
            links: [.optional("_sourceId", .string)],
            [.field("name", .string), .field("description", .string), .optional("readme", .string)] + IntegrationCounts.shape + [
                .optional("pinned", .boolean), .optional("flowGroupings", .array(FlowGroup.shape)),
                .optional("_registeredConnectionIds", .array(.string)), .optional("aliases", .array(Alias.shape)),
                .optional("settings", .anyValue), .optional("allowed", .array(.choice(of: Capability.self))),
            ]))
}
