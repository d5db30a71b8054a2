/// An alias as a flow sees it: its own, or inherited from its integration.
public struct AliasView: Equatable, Sendable {
    public let alias: Alias
    public let inherited: Bool

    public var json: JSONValue {
        guard case .object(var object) = alias.json else { return alias.json }
        if inherited { object["inherited"] = .bool(true) }
        return .object(object)
    }

    public static var shape: JSONShape { Alias.shape }
}

/// Aliases that never dangle (SPEC §5). Every operation that could leave one pointing at
/// nothing or out of its scope calls `settleAliases`, which checks all of them in one query
/// after the change, inside the same transaction: refused unless forced, then removed.
extension Workspace {
    /// Every alias whose target is gone or out of its scope (always empty between commands).
    public func danglingAliases() throws -> [Alias] {
        try AliasRecord.dangling(in: database)
    }

    /// Whether one stored alias names something in its scope (one row, by its key).
    func isSound(_ alias: Alias) throws -> Bool {
        try AliasRecord.isSound(alias, in: database)
    }

    /// After a change: refuses it while it leaves aliases dangling, or with `force` removes them
    /// (and returns them, for the recycle bin).
    @discardableResult
    func settleAliases(force: Bool, audit: AuditWriter) throws -> [Alias] {
        let dangling = try danglingAliases()
        guard !dangling.isEmpty else { return [] }
        guard force else {
            throw WorkspaceError.refused(
                "aliases would dangle: " + dangling.map(\.label).joined(separator: ", "),
                hint: "delete those aliases first, or pass --force to remove them in the same step")
        }
        for alias in dangling { try removeAlias(alias, audit: audit) }
        return dangling
    }

    /// Removes the aliases an integration or flow keeps (when the owner itself goes).
    func removeAliases(ownedBy owner: Alias.Owner, audit: AuditWriter) throws {
        for alias in try AliasRecord.owned(by: owner, in: database).sorted(by: { $0.alias < $1.alias }) {
            try removeAlias(alias, audit: audit)
        }
    }

    private func removeAlias(_ alias: Alias, audit: AuditWriter) throws {
        try AliasRecord.delete(alias, from: database)
        try audit.record(
            .alias, id: "\(alias.owner.id)/\(alias.alias)", name: alias.alias, integration: try ownerIntegration(of: alias.owner),
            action: .delete,
            change: FieldChange(path: "/" + alias.targetType.field, old: .string(alias.targetID), new: nil))
    }

    /// The integration an alias's owner is in.
    func ownerIntegration(of owner: Alias.Owner) throws -> String? {
        switch owner {
        case .integration(let id): id
        case .flow(let id): try ItemRecord.integrationID(ofFlow: id, in: database)
        }
    }

    /// The names of what aliases name, by target id, in one query per kind present.
    public func targetNames(of aliases: [Alias]) throws -> [String: String] {
        try Alias.TargetType.allCases.reduce(into: [:]) { names, type in
            let ids = Set(aliases.filter { $0.targetType == type }.map(\.targetID))
            names.merge(try ResourceRecord.names(of: type.resource, ids, in: database)) { first, _ in first }
        }
    }

    // MARK: Commands

    public func createAlias(
        _ name: String, integration: String, flow: String? = nil, target: String, description: String = ""
    ) throws -> Alias {
        let name = try Self.validAliasName(name)
        let description = try Limits.description(description)
        return try write { audit in
            let (home, owner) = try aliasOwner(integration: integration, flow: flow)
            try authorize(.change(home))
            let (type, targetID) = try aliasTarget(target)
            guard try !AliasRecord.exists(name, ownedBy: owner, in: database) else { throw WorkspaceError.refused("the alias \(name) already exists in that list") }
            let alias = Alias(owner: owner, alias: name, description: description, targetType: type, targetID: targetID)
            try AliasRecord.insert(alias, at: audit.time, into: database)
            guard try isSound(alias) else {
                throw WorkspaceError.refused(
                    "the \(type.rawValue) \(targetID) is out of this alias's scope",
                    hint: flow == nil
                        ? "an integration's aliases name its flows, exports and imports and the connections registered to it"
                        : "a flow's aliases name the same as its integration's, except the flow itself")
            }
            try audit.record(
                .alias, id: "\(owner.id)/\(name)", name: name, integration: home.id, action: .create,
                change: FieldChange(path: "/" + type.field, old: nil, new: .string(targetID)))
            return alias
        }
    }

    /// An integration's aliases, or a flow's (with `inherited`, then its integration's that it does not shadow).
    public func aliases(integration: String, flow: String? = nil, inherited: Bool = false) throws -> [AliasView] {
        try read {
            let (home, owner) = try aliasOwner(integration: integration, flow: flow)
            try authorize(.read(home))
            let own = try aliases(ownedBy: owner).map { AliasView(alias: $0, inherited: false) }
            guard inherited, case .flow = owner else { return own }
            let names = Set(own.map(\.alias.alias))
            return own
                + (try aliases(ownedBy: .integration(home.id))).filter { !names.contains($0.alias) }
                .map { AliasView(alias: $0, inherited: true) }
        }
    }

    /// What an alias names, as a flow sees it: its own aliases first, then its integration's.
    public func resolveAlias(_ name: String, integration: String, flow: String? = nil) throws -> AliasView {
        let wanted = name.trimmingBlanks().lowercased()
        guard let match = try aliases(integration: integration, flow: flow, inherited: true).first(where: { $0.alias.alias == wanted })
        else { throw WorkspaceError.notFound("no alias \(wanted) here") }
        return match
    }

    @discardableResult
    public func deleteAlias(_ name: String, integration: String, flow: String? = nil) throws -> Alias {
        try write { audit in
            let (home, owner) = try aliasOwner(integration: integration, flow: flow)
            try authorize(.change(home))
            let wanted = name.trimmingBlanks().lowercased()
            guard let alias = try aliases(ownedBy: owner).first(where: { $0.alias == wanted }) else {
                throw WorkspaceError.notFound("no alias \(wanted) in that list")
            }
            try removeAlias(alias, audit: audit)
            return alias
        }
    }

    func aliases(ownedBy owner: Alias.Owner) throws -> [Alias] {
        try AliasRecord.owned(by: owner, in: database)
    }

    /// The integration and the list an alias command works on; Standalone has no aliases.
    private func aliasOwner(integration ref: String, flow flowRef: String?) throws -> (Integration, Alias.Owner) {
        let integration = try findIntegration(ref)
        try integration.refuseIfStandalone(.aliases)
        guard let flowRef else { return (integration, .integration(integration.id)) }
        return (integration, .flow(try findItem(.flow, flowRef, integration: integration.id).id))
    }

    /// Resolves `--target`: `flow:`, `connection:`, `export:` or `import:` REF, or a bare REF of one of those kinds.
    private func aliasTarget(_ text: String) throws -> (Alias.TargetType, String) {
        // APIs and tools are looked for too, so that naming one says why it can't be a target.
        let target = KindedRef(text, among: [.flow, .connection, .export, .import, .api, .tool])
        let match = try ResourceRecord.single(target.ref, among: target.kinds, noun: "flow, connection, export or import", in: database)
        guard let type = match.kind.aliasTarget else {
            throw WorkspaceError.refused(
                "an alias names a flow, connection, export or import, never \(match.kind == .api ? "an API" : "a \(match.kind.label)")")
        }
        return (type, match.id)
    }

    static func validAliasName(_ raw: String) throws -> String {
        let name = raw.trimmingBlanks()
        guard !name.isEmpty, name.utf8.count <= Limits.nameLength,
            name.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-") })
        else {
            throw WorkspaceError.invalid(
                "\"\(raw)\" is not a valid alias", hint: "use letters, digits, _ and - only (^[a-zA-Z0-9_-]+$)")
        }
        guard !ResourceID.looksLikeID(name) else {
            throw WorkspaceError.invalid("\"\(raw)\" looks like a resource id (24 hex digits); choose another alias")
        }
        return name.lowercased()
    }
}
