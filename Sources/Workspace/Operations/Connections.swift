/// The changes `connection edit` may make; nil leaves a field as it is. Status changes go
/// through `reconnect` and `disconnect`.
public struct ConnectionEdit: Sendable {
    public var name: String?
    public var type: String?
    public var description: String?

    public init(name: String? = nil, type: String? = nil, description: String? = nil) {
        self.name = name
        self.type = type
        self.description = description
    }
}

/// Connections are account-wide and registered to integrations, many to many (SPEC §3).
/// Reading one needs read access to an integration it is registered to (or a role that reads
/// everything); changing one needs the manage role or manage access to such an integration;
/// deleting one needs the manage role.
extension Workspace {
    func findConnection(_ ref: String) throws -> Connection {
        try Lookup.connections.find(ref, in: database)
    }

    /// Ids of the integrations a connection is registered to.
    func registrations(of connectionID: String) throws -> [String] {
        try ConnectionRecord.registrations(of: connectionID, in: database)
    }

    /// Ids of the connections registered to an integration.
    func registrations(ofIntegration integrationID: String) throws -> [String] {
        try ConnectionRecord.registrations(ofIntegration: integrationID, in: database)
    }

    public func connection(_ ref: String) throws -> Connection {
        try read {
            let connection = try findConnection(ref)
            try authorize(.connection(connection, .monitor))
            return connection
        }
    }

    /// Every connection the user may read; only those registered to one integration, or with
    /// one status, when given.
    public func connections(integration ref: String? = nil, offline: Bool? = nil) throws -> [Connection] {
        try allConnections(integration: ref).filter { offline == nil || $0.offline == offline }
    }

    /// The applications the user's connections are for, with how many are online and offline.
    public func applications(integration ref: String? = nil) throws -> [ApplicationCount] {
        var counts: [String: ApplicationCount] = [:]
        for connection in try allConnections(integration: ref) {
            counts[connection.type, default: ApplicationCount(type: connection.type)].add(connection)
        }
        return counts.values.sorted { $0.type < $1.type }
    }

    /// Where a connection is used: the integrations it is registered to, and the exports and
    /// imports that use it with their flows.
    public func connectionUsage(_ ref: String) throws -> ConnectionUsage {
        try read {
            let connection = try findConnection(ref)
            try authorize(.connection(connection, .monitor))
            let registered = try ConnectionRecord.registeredIntegrations(of: connection.id, in: database)
            let steps = try stepsUsing(connection.id).map { step in
                ConnectionUsage.StepUse(step: step, flows: try flowsUsing(step.reference).map { ($0.id, $0.name) })
            }
            var usage = ConnectionUsage(connection: connection, integrations: registered, steps: steps)
            usage.settings = try SettingsRecord.document(of: .connection, connection.id, in: database)
            return usage
        }
    }

    /// Takes a connection offline (`online` false) or brings it back, audited as `disconnect`
    /// or `reconnect`; one already in that state is left as it is (no audit row).
    @discardableResult
    public func setConnectionOnline(_ ref: String, _ online: Bool) throws -> Connection {
        try write { audit in
            var connection = try findConnection(ref)
            try authorize(.connection(connection, .manage))
            guard connection.offline == online else { return connection }
            connection.offline = !online
            connection.updatedAt = audit.time
            try ConnectionRecord.update(connection, in: database)
            try audit.record(
                .connection, id: connection.id, name: connection.name, integration: nil,
                action: online ? .reconnect : .disconnect,
                change: FieldChange(path: "/offline", old: .bool(online), new: .bool(!online)))
            return connection
        }
    }

    private func allConnections(integration ref: String?) throws -> [Connection] {
        try read {
            if let ref {
                let integration = try self.integration(ref)
                return try ConnectionRecord.all(registeredTo: integration.id, in: database)
            }
            // A tile user sees the connections registered to an integration they may read.
            return try ConnectionRecord.all(visibleTo: visibility, in: database)
        }
    }

    public func createConnection(
        name: String, type: String, description: String = "", offline: Bool = false, integration ref: String? = nil
    ) throws -> Connection {
        let name = try Limits.name(name, of: "connection")
        let type = try Self.validType(type)
        let description = try Limits.description(description)
        return try write { audit in
            let home = try ref.map(findIntegration)
            if let home { try authorize(.change(home)) } else { try authorize(.manageConnections) }
            let connection = Connection(
                id: ResourceID.make(at: audit.time), name: name, type: type, description: description, offline: offline,
                createdAt: audit.time, updatedAt: audit.time, extra: JSONObject())
            try ConnectionRecord.insert(connection, into: database)
            try audit.record(.connection, id: connection.id, name: name, integration: home?.id, action: .create)
            if let home { try register(connection, to: home, audit: audit) }
            return connection
        }
    }

    public func editConnection(_ ref: String, _ edit: ConnectionEdit) throws -> Connection {
        try write { audit in
            let before = try findConnection(ref)
            try authorize(.connection(before, .manage))
            var after = before
            if let name = edit.name { after.name = try Limits.name(name, of: "connection") }
            if let type = edit.type { after.type = try Self.validType(type) }
            if let description = edit.description { after.description = try Limits.description(description) }
            let changes = FieldChange.between(before.editableFields, after.editableFields)
            guard !changes.isEmpty else { return before }
            after.updatedAt = audit.time
            try ConnectionRecord.update(after, in: database)
            try audit.recordUpdates(.connection, id: after.id, name: after.name, integration: nil, changes: changes)
            return after
        }
    }

    /// Deletes a connection no step uses; it is deregistered everywhere first.
    @discardableResult
    public func deleteConnection(_ ref: String, force: Bool = false) throws -> Connection {
        try write { audit in
            let connection = try findConnection(ref)
            try authorize(.manageConnections)
            let users = try stepsUsing(connection.id)
            guard users.isEmpty else {
                throw WorkspaceError.refused(
                    "connection \"\(connection.name)\" is used by \(Self.describe(users))",
                    hint: "delete those steps or point them at another connection first")
            }
            var draft = BinDraft(.connection, id: connection.id, name: connection.name, home: nil)
            draft.document.connections = try documentConnections([connection.id])
            draft.registrations = try registrations(of: connection.id)
            for integrationID in draft.registrations {
                try unregister(connection, from: integrationID, audit: audit)
            }
            draft.aliases = try settleAliases(force: force, audit: audit)
            try ConnectionRecord.delete(connection, from: database)
            try audit.record(.connection, id: connection.id, name: connection.name, integration: nil, action: .delete)
            try putInBin(draft, audit: audit)
            return connection
        }
    }

    public func registerConnection(_ ref: String, integration integrationRef: String) throws -> Connection {
        try write { audit in
            let connection = try findConnection(ref)
            let integration = try findIntegration(integrationRef)
            try authorize(.change(integration))
            try authorize(.connection(connection, .monitor))
            try register(connection, to: integration, audit: audit)
            return connection
        }
    }

    /// Deregisters a connection, refused while a step of that integration's flows uses it.
    public func deregisterConnection(_ ref: String, integration integrationRef: String, force: Bool = false) throws
        -> Connection
    {
        try write { audit in
            let connection = try findConnection(ref)
            let integration = try findIntegration(integrationRef)
            try authorize(.change(integration))
            guard try registrations(of: connection.id).contains(integration.id) else {
                throw WorkspaceError.notFound(
                    "connection \"\(connection.name)\" is not registered to integration \"\(integration.name)\"")
            }
            let users = try stepsUsing(connection.id, inIntegration: integration.id)
            guard users.isEmpty else {
                throw WorkspaceError.refused(
                    "connection \"\(connection.name)\" is used in integration \"\(integration.name)\" by \(Self.describe(users))",
                    hint: "delete those steps or point them at another connection first")
            }
            try unregister(connection, from: integration.id, audit: audit)
            try settleAliases(force: force, audit: audit)
            return connection
        }
    }

    /// Registers a connection to an integration unless it already is, recording it.
    func register(_ connection: Connection, to integration: Integration, audit: AuditWriter) throws {
        guard try ConnectionRecord.register(connection.id, to: integration.id, in: database) else { return }
        try audit.record(
            .connection, id: connection.id, name: connection.name, integration: integration.id, action: .register)
    }

    func unregister(_ connection: Connection, from integrationID: String, audit: AuditWriter) throws {
        try ConnectionRecord.deregister(connection.id, from: integrationID, in: database)
        try audit.record(
            .connection, id: connection.id, name: connection.name, integration: integrationID, action: .deregister)
    }

    /// The exports and imports that use a connection, optionally only one integration's.
    func stepsUsing(_ connectionID: String, inIntegration integrationID: String? = nil) throws -> [Step] {
        try StepRecord.using(connectionID, inIntegration: integrationID, in: database)
    }

    static func describe(_ steps: [Step]) -> String {
        steps.map { "\($0.kind.rawValue) \"\($0.name)\" (\($0.id))" }.joined(separator: ", ")
    }

    static func validType(_ type: String) throws -> String {
        let trimmed = type.trimmingBlanks().lowercased()
        guard !trimmed.isEmpty, trimmed.count <= 64,
            trimmed.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_.".unicodeScalars.contains($0) })
        else {
            throw WorkspaceError.invalid(
                "\"\(type)\" is not a connection type", hint: "name the application, e.g. salesforce, netsuite, http")
        }
        return trimmed
    }
}
