/// What an operation needs, checked once per operation inside the library (SPEC §9).
enum Permission {
    /// Read an integration and what it holds.
    case read(Integration)
    /// Change an integration's fields or anything in it.
    case change(Integration)
    /// Create, delete or clone integrations: owner, administrator or manage.
    case manageIntegrations(Integration?)
    /// Create account-wide connections, or delete connections: owner, administrator or manage.
    case manageConnections
    /// Add users, change roles, grant access: owner or administrator.
    case manageUsers
    /// Read (monitor) or change (manage) a connection: through a role, or through access to
    /// an integration it is registered to.
    case connection(Connection, Access)
    /// Make, demote or remove owners: owner only.
    case manageOwners
    /// Read the account-wide audit log: owner or administrator.
    case readAccountAudit
    /// Read the whole workspace at once (db info, db copy): owner or administrator.
    case readWholeWorkspace
    /// What belongs to no integration one can be granted: deleted integrations' revisions.
    case readEverything
    /// Purge recycle bin entries: owner or administrator.
    case purgeBin
    /// Make or revoke tokens: anyone, but not through a scoped token (whose tokens could reach
    /// no further than it; rather than compare scopes, only a full-scope caller makes them).
    case manageTokens
}

extension Workspace {
    /// The acting user's access to an integration: their role's, raised by a grant. Standalone
    /// follows the role only, and is at least readable by everyone.
    /// A token's scope lowers it: never more than both the user and the scope allow.
    public func access(to integrationID: String) throws -> Access {
        min(try userAccess(to: integrationID), scope.access(to: integrationID))
    }

    private func userAccess(to integrationID: String) throws -> Access {
        let base = user.role.baseAccess
        guard integrationID != ResourceID.standalone else { return max(base, .monitor) }
        guard base < .manage, let granted = try grantedAccess(user.name, integrationID) else { return base }
        return max(base, granted)
    }

    /// What the caller may do on every integration: the role's, lowered by the token's scope.
    var baseAccess: Access { min(user.role.baseAccess, scope.baseAccess) }

    /// The best access the caller has to a connection: their role's, or through any integration
    /// it is registered to.
    func access(toConnection connection: Connection) throws -> Access {
        guard baseAccess < .manage else { return baseAccess }
        return try registrations(of: connection.id).map { try access(to: $0) }.max() ?? baseAccess
    }

    /// Denies what a scoped token may not do across the workspace: a change beyond its
    /// integrations (`writes`), or a read of more than they are.
    private func requireScope(writes: Bool, _ what: String, on target: (ResourceType, String, String, String?)) throws {
        guard !(writes ? scope.isFull : scope.readsEverything) else { return }
        throw denied(
            "uses a token whose scope (\(scope.text)) does not reach \(what)", needed: writes ? "token scope full" : "token scope full or read",
            on: target, hint: "make a token with --scope full for that")
    }

    func grantedAccess(_ userName: String, _ integrationID: String) throws -> Access? {
        try UserRecord.grantedAccess(userName, on: integrationID, in: database)
    }

    /// Throws a recorded denial (exit 4) unless the acting user holds `permission`.
    func authorize(_ permission: Permission) throws {
        switch permission {
        case .read(let integration):
            try require(access: .monitor, to: integration)
        case .change(let integration):
            try require(access: .manage, to: integration)
        case .manageIntegrations(let integration):
            try requireScope(writes: true, "creating, deleting or cloning integrations", on: integration.map(Self.target) ?? (.integration, "", "", nil))
            guard user.role.baseAccess < .manage else { return }
            throw denied(
                "may not create, delete or clone integrations: that needs the owner, administrator or manage role",
                needed: "role owner, administrator or manage",
                on: integration.map(Self.target) ?? (.integration, "", "", nil))
        case .manageConnections:
            try requireScope(writes: true, "account-wide connections", on: (.connection, "", "", nil))
            guard user.role.baseAccess < .manage else { return }
            throw denied(
                "may not create account-wide connections or delete connections: that needs the owner, administrator or manage role",
                needed: "role owner, administrator or manage", on: (.connection, "", "", nil))
        case .manageUsers:
            try requireScope(writes: true, "users, grants and others' tokens", on: (.user, user.name, user.name, nil))
            guard !user.role.isAdministrator else { return }
            throw denied(
                "may not manage users: that needs the owner or administrator role",
                needed: "role owner or administrator", on: (.user, user.name, user.name, nil))
        case .connection(let connection, let needed):
            guard try access(toConnection: connection) < needed else { return }
            throw denied(
                "needs \(needed.name) access to connection \"\(connection.name)\" (\(connection.id)), through its role or an integration it is registered to",
                needed: "\(needed.name) access", on: (.connection, connection.id, connection.name, nil))
        case .manageOwners:
            try requireScope(writes: true, "owners", on: (.user, user.name, user.name, nil))
            guard user.role != .owner else { return }
            throw denied(
                "may not make, change or remove owners: only an owner may", needed: "role owner",
                on: (.user, user.name, user.name, nil))
        case .readEverything:
            try requireScope(writes: false, "deleted resources of every integration", on: (.integration, "", "", nil))
            guard user.role.baseAccess < .monitor else { return }
            throw denied(
                "may not read deleted integrations: that needs a role that reads every integration (owner, administrator, manage or monitor)",
                needed: "role owner, administrator, manage or monitor", on: (.integration, "", "", nil))
        case .manageTokens:
            try requireScope(writes: true, "making or revoking tokens", on: (.token, "", "token", nil))
        case .purgeBin:
            try requireScope(writes: true, "purging the recycle bin", on: (.recycleBin, "", "recycle bin", nil))
            guard !user.role.isAdministrator else { return }
            throw denied(
                "may not purge the recycle bin: that needs the owner or administrator role",
                needed: "role owner or administrator", on: (.recycleBin, "", "recycle bin", nil))
        case .readWholeWorkspace:
            try requireScope(writes: false, "the whole workspace", on: (.user, user.name, user.name, nil))
            guard !user.role.isAdministrator else { return }
            throw denied(
                "may not read the whole workspace (db info, db copy): that needs the owner or administrator role",
                needed: "role owner or administrator", on: (.user, user.name, user.name, nil))
        case .readAccountAudit:
            try requireScope(writes: false, "the account-wide audit log", on: (.user, user.name, user.name, nil))
            guard !user.role.isAdministrator else { return }
            throw denied(
                "may not read the account-wide audit log: that needs the owner or administrator role",
                needed: "role owner or administrator", on: (.user, user.name, user.name, nil),
                hint: "read one integration's log with `workspace audit --integration REF`")
        }
    }

    private func require(access needed: Access, to integration: Integration) throws {
        guard try access(to: integration.id) < needed else { return }
        if try userAccess(to: integration.id) >= needed {
            throw denied(
                "uses a token whose scope (\(scope.text)) gives \(scope.access(to: integration.id).name) access to integration \"\(integration.name)\" (\(integration.id)); this needs \(needed.name) access",
                needed: "token scope with \(needed.name) access", on: Self.target(integration),
                hint: "make a token whose --scope reaches it")
        }
        throw denied(
            "needs \(needed.name) access to integration \"\(integration.name)\" (\(integration.id))",
            needed: "\(needed.name) access", on: Self.target(integration),
            // Access to Standalone follows the role alone: no grant would help there.
            hint: user.role == .tile && !integration.isStandalone
                ? "an owner or administrator can grant it with `workspace user grant`" : nil)
    }

    private static func target(_ integration: Integration) -> (ResourceType, String, String, String?) {
        (.integration, integration.id, integration.name, integration.id)
    }

    private func denied(
        _ what: String, needed: String, on target: (ResourceType, String, String, String?), hint: String? = nil
    ) -> WorkspaceError {
        WorkspaceError(
            .denied, "permission denied: \(user.name) (\(user.role.rawValue)) \(what)", hint: hint,
            denial: Denial(
                resourceType: target.0, resourceID: target.1, resourceName: target.2, integrationID: target.3,
                needed: needed))
    }
}

/// What the caller may do in the workspace as a whole, as `whoami` shows it.
public enum AccountCapability: String, CaseIterable, Sendable {
    case createIntegration, manageConnections, manageUsers, readAccountAudit, readEverything
    /// Purge recycle bin entries.
    case purgeRecycleBin
    /// Set how long the recycle bin keeps entries (owners).
    case setRetention
    /// Make and revoke tokens (a scoped token may not).
    case makeTokens
}

/// Capabilities: what `authorize` would let through, asked without recording anything.
extension Workspace {
    /// Whether `authorize` would let the caller through.
    func may(_ permission: Permission) -> Bool {
        do {
            try authorize(permission)
            return true
        } catch {
            return false
        }
    }

    /// The caller's capabilities on an integration to which they have `access`, by the rules
    /// `authorize` and the Standalone guard apply (`account`: the caller's `accountCapabilities`,
    /// asked once for many integrations).
    func capabilities(on integration: Integration, access: Access, account: [AccountCapability]? = nil) -> [Capability] {
        guard access >= .monitor else { return [] }
        let account = account ?? accountCapabilities
        let managesIntegrations = account.contains(.createIntegration)
        let protected = integration.isStandalone
        var allowed: [Capability] = [.read]
        if access >= .manage { allowed.append(.change) }
        guard !protected else { return allowed }
        if access >= .manage { allowed.append(.edit) }
        if managesIntegrations { allowed += [.delete, .clone] }
        allowed += [.download, .pin, .settings, .aliases, .groups, .revisions]
        if account.contains(.manageUsers) { allowed.append(.grant) }
        return allowed
    }

    /// The caller's capabilities on many integrations, their grants read once.
    func capabilities(on integrations: [Integration]) throws -> [String: [Capability]] {
        let granted = user.role.baseAccess >= .manage ? [:] : Dictionary(
            (try UserRecord.grants(of: user.name, in: database)[user.name] ?? []).map { ($0.integrationID, $0.access) },
            uniquingKeysWith: { first, _ in first })
        let account = accountCapabilities
        var result: [String: [Capability]] = [:]
        for integration in integrations {
            let base = user.role.baseAccess
            let access = integration.isStandalone ? max(base, .monitor) : max(base, granted[integration.id] ?? .none)
            result[integration.id] = capabilities(
                on: integration, access: min(access, scope.access(to: integration.id)), account: account)
        }
        return result
    }

    /// What the caller may do in the workspace as a whole.
    var accountCapabilities: [AccountCapability] {
        let needs: [(AccountCapability, Permission)] = [
            (.createIntegration, .manageIntegrations(nil)), (.manageConnections, .manageConnections), (.manageUsers, .manageUsers),
            (.readAccountAudit, .readAccountAudit), (.readEverything, .readEverything), (.purgeRecycleBin, .purgeBin),
            (.setRetention, .manageOwners), (.makeTokens, .manageTokens),
        ]
        return needs.filter { may($0.1) }.map(\.0)
    }
}

extension AuditWriter {
    func record(_ denial: Denial) throws {
        try record(
            denial.resourceType, id: denial.resourceID, name: denial.resourceName, integration: denial.integrationID,
            action: .denied, change: FieldChange(path: "/permission", old: nil, new: .string(denial.needed)))
    }
}
