/// How a document is installed (or an integration cloned).
public struct InstallOptions: Sendable {
    /// The new integration's name (default: the document's, or `Clone - <name>` for a clone).
    public var name: String?
    /// `--connection OLD=NEW`: the document's connection OLD becomes the workspace's NEW (a REF).
    public var connections: [String: String]
    /// Clone only: copy every connection (created offline) instead of reusing it.
    public var newConnections: Bool
    /// Plan only: write nothing.
    public var dryRun: Bool
    /// Where ids are kept (restore, revert, pull): the integration's own `_id` when it is free,
    /// and the document's ids that something else holds now (they get new ones).
    var keptIntegrationID: String?
    var takenIDs: Set<String> = []

    public init(name: String? = nil, connections: [String: String] = [:], newConnections: Bool = false, dryRun: Bool = false) {
        self.name = name
        self.connections = connections
        self.newConnections = newConnections
        self.dryRun = dryRun
    }

    /// One `OLD=NEW` mapping (`--connection`, the API's `connections`), or nil when it is not one.
    /// Split at the first `=` code point: a combining mark or a modifier after it (one
    /// Character to Swift) must not hide it.
    public static func connectionMapping(_ text: String) -> (old: String, new: String)? {
        let scalars = text.unicodeScalars
        guard let equals = scalars.firstIndex(of: "="), equals != scalars.startIndex, scalars.index(after: equals) != scalars.endIndex
        else { return nil }
        return (String(scalars[..<equals]), String(scalars[scalars.index(after: equals)...]))
    }

    /// Copying every connection and mapping some exclude each other.
    func checkConnectionChoice() throws {
        if newConnections && !connections.isEmpty {
            throw WorkspaceError.invalid("new connections and a connection mapping exclude each other: give one")
        }
    }
}

/// What an install or a clone created (or, in a dry run, would create).
public struct InstallPlan: Sendable {
    public struct Created: Sendable {
        public let kind: ResourceKind
        /// Its `_id` in the document (the source's, for a clone).
        public let sourceID: String
        public let id: String
        public let name: String

        public var json: JSONValue {
            ["type": .string(kind.rawValue), "_sourceId": .string(sourceID), "_id": .string(id), "name": .string(name)]
        }

        public static let shape = JSONShape.record([
            .field("type", .choice(of: ResourceKind.self)), .field("_sourceId", .string), .field("_id", .string), .field("name", .string),
        ])
    }

    public enum ConnectionUse: String, CaseIterable, Sendable {
        case reused, created, mapped
    }

    public struct ConnectionChoice: Sendable {
        public let sourceID: String
        public let id: String
        public let name: String
        public let use: ConnectionUse
    }

    public let integration: Integration
    public let created: [Created]
    public let connections: [ConnectionChoice]
    /// How many references (`_…Id` fields, alias targets) were pointed at the new ids.
    public let remapped: Int
    public let dryRun: Bool
    /// What an integrator.io download named but could not be resolved, kept as it was.
    public var notes: [String] = []

    /// The revision the install recorded (install, clone or restore); nil in a dry run.
    public var revision: Revision?

    public var result: LifecycleResult {
        LifecycleResult(integration: integration, revision: revision, plan: plan)
    }

    public var json: JSONValue { result.json }

    /// What was (or, in a dry run, would be) created, and how references were carried over.
    public var plan: JSONObject {
        let created: [JSONValue] = created.map(\.json)
        let connections: [JSONValue] = connections.map {
            ["_sourceId": .string($0.sourceID), "_id": .string($0.id), "name": .string($0.name), "use": .string($0.use.rawValue)]
        }
        return JSONObject([
            ("dryRun", .bool(dryRun)), ("created", .array(created)), ("connections", .array(connections)),
            ("referencesRemapped", .int(Int64(remapped))), ("notes", .array(notes.map(JSONValue.string))),
        ])
    }

    public static let shape = LifecycleResult.shape(
        "Installed",
        plan: .record([
            .field("dryRun", .boolean),
            .field("created", .array(Created.shape)),
            .field(
                "connections",
                .array(
                    .record([
                        .field("_sourceId", .string), .field("_id", .string), .field("name", .string),
                        .field("use", .choice(of: ConnectionUse.self)),
                    ]))),
            .field("referencesRemapped", .integer), .field("notes", .array(.string)),
        ]))
}
