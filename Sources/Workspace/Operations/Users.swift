/// A user with their grants.
/// `roleAccess` is what the role alone gives to every integration (manage, monitor or no):
/// grants only matter below it.
public struct UserAccess: Equatable, Sendable {
    public let user: User
    public let grants: [Grant]
    /// The acting user's own (`whoami`): what they may do in the workspace as a whole.
    public var allowed: [AccountCapability]?

    public var json: JSONValue {
        guard case .object(var object) = user.json else { return user.json }
        object["roleAccess"] = .string(user.role.baseAccess.name)
        object["integrations"] = .array(grants.map(\.json))
        if let allowed { object["allowed"] = .array(allowed.map { .string($0.rawValue) }) }
        return .object(object)
    }

    /// `allowed` only in `whoami`: what the caller may do in the workspace as a whole.
    public static let shape = JSONShape.named(
        "UserAccess",
        User.shape.adding([
            .field("roleAccess", .choice(["manage", "monitor", "no"])), .field("integrations", .array(Grant.shape)),
            .optional("allowed", .array(.choice(of: AccountCapability.self))),
        ]))
}

/// Users, roles and grants (SPEC §9). Managing them needs the owner or administrator role;
/// only an owner may make or unmake owners; the last owner stays.
extension Workspace {
    public func addUser(_ name: String, role: User.Role) throws -> User {
        try write { audit in
            try authorize(.manageUsers)
            try requireOwnerToTouchOwners(role)
            let name = try Limits.name(name, of: "user")
            guard try UserRecord.find(name, in: database) == nil else {
                throw WorkspaceError.refused("a user named \(name) already exists")
            }
            try UserRecord.insert(User(name: name, role: role), at: audit.time, into: database)
            try audit.record(
                .user, id: name, name: name, integration: nil, action: .create,
                change: FieldChange(path: "/role", old: nil, new: .string(role.rawValue)))
            return User(name: name, role: role)
        }
    }

    /// Changes a user's role; the last owner can't be demoted.
    public func setRole(_ name: String, to role: User.Role) throws -> User {
        try write { audit in
            try authorize(.manageUsers)
            let before = try existingUser(name)
            try requireOwnerToTouchOwners(before.role)
            try requireOwnerToTouchOwners(role)
            guard before.role != role else { return before }
            if before.role == .owner { try requireAnotherOwner(than: before.name, "demoted") }
            try UserRecord.update(User(name: before.name, role: role), in: database)
            try audit.record(
                .user, id: before.name, name: before.name, integration: nil, action: .update,
                change: FieldChange(path: "/role", old: .string(before.role.rawValue), new: .string(role.rawValue)))
            return User(name: before.name, role: role)
        }
    }

    /// Removes a user and their grants; the last owner can't be removed.
    @discardableResult
    public func removeUser(_ name: String) throws -> User {
        try write { audit in
            try authorize(.manageUsers)
            let user = try existingUser(name)
            try requireOwnerToTouchOwners(user.role)
            if user.role == .owner { try requireAnotherOwner(than: user.name, "removed") }
            // Their tokens go with them (the foreign key deletes them): audited one by one.
            for token in try TokenRecord.all(of: user.name, in: database) { try recordRevoked(token, audit) }
            try UserRecord.delete(user, from: database)
            try audit.record(.user, id: user.name, name: user.name, integration: nil, action: .delete)
            return user
        }
    }

    /// Gives a user manage or monitor access to one integration (replacing an earlier grant).
    public func grant(_ name: String, integration ref: String, access: Access) throws -> UserAccess {
        try write { audit in
            try authorize(.manageUsers)
            let user = try existingUser(name)
            let integration = try findIntegration(ref)
            guard !integration.isStandalone else {
                throw WorkspaceError.refused(
                    "\(Integration.standaloneName) can't be granted: access to it follows the user's role")
            }
            guard access != .none else { throw WorkspaceError.invalid("grant manage or monitor access") }
            guard user.role.baseAccess < .manage else {
                throw WorkspaceError.refused(
                    "\(user.name) is \(user.role.rawValue) and already has manage access to every integration")
            }
            let before = try grantedAccess(user.name, integration.id)
            guard before != access else { return try userAccess(user) }
            try UserRecord.grant(access, to: user.name, on: integration.id, in: database)
            try audit.record(
                .user, id: user.name, name: user.name, integration: integration.id, action: .grant,
                change: FieldChange(path: "/access", old: before.map { .string($0.name) }, new: .string(access.name)))
            return try userAccess(user)
        }
    }

    /// Takes a user's access to one integration away.
    public func revoke(_ name: String, integration ref: String) throws -> UserAccess {
        try write { audit in
            try authorize(.manageUsers)
            let user = try existingUser(name)
            let integration = try findIntegration(ref)
            guard let before = try grantedAccess(user.name, integration.id) else {
                throw WorkspaceError.notFound("\(user.name) has no access granted to integration \"\(integration.name)\"")
            }
            try UserRecord.revoke(user.name, on: integration.id, in: database)
            try recordRevoke(user.name, integration.id, before, audit: audit)
            return try userAccess(user)
        }
    }

    /// Every user with their grants, by name.
    public func users() throws -> [UserAccess] {
        try read {
            try authorize(.manageUsers)
            let grants = try allGrants()
            return try UserRecord.all(in: database).map { UserAccess(user: $0, grants: grants[$0.name] ?? []) }
        }
    }

    /// The acting user and their grants.
    public func whoami() throws -> UserAccess {
        try read {
            var access = try userAccess(user)
            access.allowed = accountCapabilities
            return access
        }
    }

    /// Drops every grant on an integration that is being deleted, recording each.
    func revokeAllGrants(on integration: Integration, audit: AuditWriter) throws {
        for (userName, access) in try UserRecord.grants(on: integration.id, in: database) {
            try recordRevoke(userName, integration.id, access, audit: audit)
        }
        try UserRecord.revokeAll(on: integration.id, in: database)
    }

    private func recordRevoke(_ userName: String, _ integrationID: String, _ before: Access, audit: AuditWriter)
        throws
    {
        try audit.record(
            .user, id: userName, name: userName, integration: integrationID, action: .revoke,
            change: FieldChange(path: "/access", old: .string(before.name), new: nil))
    }

    private func userAccess(_ user: User) throws -> UserAccess {
        UserAccess(user: user, grants: try allGrants(of: user.name)[user.name] ?? [])
    }

    private func allGrants(of userName: String? = nil) throws -> [String: [Grant]] {
        try UserRecord.grants(of: userName, in: database)
    }

    private func existingUser(_ name: String) throws -> User {
        guard let user = try UserRecord.find(name.trimmingBlanks(), in: database) else {
            throw WorkspaceError.notFound("no user named \(name)", hint: "list them with `workspace user list`")
        }
        return user
    }

    private func requireOwnerToTouchOwners(_ role: User.Role) throws {
        if role == .owner { try authorize(.manageOwners) }
    }

    private func requireAnotherOwner(than name: String, _ what: String) throws {
        guard try UserRecord.ownerCount(except: name, in: database) > 0 else {
            throw WorkspaceError.refused(
                "\(name) is the last owner and can't be \(what)", hint: "make another user an owner first")
        }
    }
}
