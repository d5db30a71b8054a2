/// Exports and imports: the steps of a flow, each over a connection (SPEC §3).
extension Workspace {
    static func stepColumns(_ table: String) -> String {
        ["id", "type", "flow_id", "connection_id", "lookup", "position", "name", "description", "created_at",
            "updated_at", "extra"].map { "\(table).\($0)" }.joined(separator: ", ")
    }

    /// Page generators first, then page processors, each in their own order.
    static let stepOrder = "ORDER BY (s.type = 'export' AND s.lookup = 0) DESC, s.position, s.seq"

    static func decodeStep(_ row: Row) throws -> Step {
        Step(
            id: row.string(0), kind: row.string(1) == "import" ? .import : .export, flowID: row.string(2),
            connectionID: row.string(3), lookup: row.bool(4), position: row.int(5), name: row.string(6),
            description: row.string(7), createdAt: row.int(8), updatedAt: row.int(9),
            extra: try decodeExtra(row.string(10)))
    }

    func steps(ofFlow flowID: String) throws -> [Step] {
        try database.rows(
            "SELECT \(Self.stepColumns("s")) FROM steps s WHERE s.flow_id = ? \(Self.stepOrder)", [.text(flowID)]
        ).map(Self.decodeStep)
    }

    func findStep(_ kind: Step.Kind, _ ref: String, flow flowRef: String? = nil) throws -> Step {
        var lookup = Lookup(table: "steps", columns: Self.stepColumns("steps"), noun: kind.rawValue)
        lookup.narrow("type", kind.rawValue)
        if let flowRef { lookup.narrow("flow_id", try findItem(.flow, flowRef).id, description: "that flow") }
        return try Self.decodeStep(try lookup.find(ref, in: database))
    }

    /// The integration a step's flow lives in.
    func home(of step: Step) throws -> Integration {
        try home(of: try findItem(.flow, step.flowID))
    }

    // MARK: Reading

    public func step(_ kind: Step.Kind, _ ref: String, flow: String? = nil) throws -> Step {
        try read {
            let step = try findStep(kind, ref, flow: flow)
            try authorize(.read(try home(of: step)))
            return step
        }
    }

    /// The steps of a kind the user may read; only one flow's when given, in flow order.
    public func steps(_ kind: Step.Kind, flow flowRef: String? = nil) throws -> [Step] {
        try read {
            if let flowRef {
                return try flowView(flowRef).steps.filter { $0.kind == kind }
            }
            let (visible, values) = visibleIntegrations("f.integration_id")
            return try database.rows(
                """
                SELECT \(Self.stepColumns("s")) FROM steps s JOIN flows f ON f.id = s.flow_id
                WHERE s.type = ? AND \(visible) ORDER BY s.seq
                """, [.text(kind.rawValue)] + values
            ).map(Self.decodeStep)
        }
    }

    /// A flow with its page generators and processors.
    public func flowView(_ ref: String, integration: String? = nil) throws -> FlowView {
        try read {
            let flow = try item(.flow, ref, integration: integration)
            return FlowView(flow: flow, steps: try steps(ofFlow: flow.id), aliases: try aliases(ownedBy: .flow(flow.id)))
        }
    }

    // MARK: Changing

    /// Adds an export (a page generator, or with `lookup` a page processor) or an import
    /// (a page processor) at the end of its list; its connection is registered to the flow's integration.
    public func createStep(
        _ kind: Step.Kind, name: String, flow flowRef: String, connection connectionRef: String, lookup: Bool = false,
        description: String = ""
    ) throws -> Step {
        let name = try Limits.name(name, of: kind.rawValue)
        let description = try Limits.description(description)
        guard kind == .export || !lookup else { throw WorkspaceError.invalid("only exports can be lookups") }
        return try write { audit in
            let flow = try findItem(.flow, flowRef)
            let home = try home(of: flow)
            try authorize(.change(home))
            let connection = try findConnection(connectionRef)
            try authorize(.connection(connection, .monitor))
            let isGenerator = kind == .export && !lookup
            let position = try database.scalar(
                """
                SELECT coalesce(max(position) + 1, 0) FROM steps
                WHERE flow_id = ? AND (type = 'export' AND lookup = 0) = ?
                """, [.text(flow.id), .integer(isGenerator ? 1 : 0)])
            let step = Step(
                id: ResourceID.make(at: audit.time), kind: kind, flowID: flow.id, connectionID: connection.id,
                lookup: lookup, position: position, name: name, description: description, createdAt: audit.time,
                updatedAt: audit.time, extra: JSONObject())
            try insert(step)
            try audit.record(kind.resourceType, id: step.id, name: name, integration: home.id, action: "create")
            try register(connection, to: home, audit: audit)
            return step
        }
    }

    func insert(_ step: Step) throws {
        try database.run(
            """
            INSERT INTO steps (id, type, flow_id, connection_id, lookup, position, name, description, extra,
                               created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                .text(step.id), .text(step.kind.rawValue), .text(step.flowID), .text(step.connectionID),
                .integer(step.lookup ? 1 : 0), .integer(step.position), .text(step.name), .text(step.description),
                .text(JSONValue.object(step.extra).compactText), .integer(step.createdAt), .integer(step.updatedAt),
            ])
    }

    /// Changes a step's name, description or connection (the new one is registered to the flow's integration).
    public func editStep(
        _ kind: Step.Kind, _ ref: String, flow: String? = nil, name: String? = nil, description: String? = nil,
        connection connectionRef: String? = nil
    ) throws -> Step {
        try write { audit in
            let before = try findStep(kind, ref, flow: flow)
            let home = try home(of: before)
            try authorize(.change(home))
            var after = before
            if let name { after.name = try Limits.name(name, of: kind.rawValue) }
            if let description { after.description = try Limits.description(description) }
            if let connectionRef {
                let connection = try findConnection(connectionRef)
                try authorize(.connection(connection, .monitor))
                after.connectionID = connection.id
                try register(connection, to: home, audit: audit)
            }
            let changes = FieldChange.between(before.editableFields, after.editableFields)
            guard !changes.isEmpty else { return before }
            after.updatedAt = audit.time
            try database.run(
                "UPDATE steps SET name = ?, description = ?, connection_id = ?, updated_at = ? WHERE id = ?",
                [.text(after.name), .text(after.description), .text(after.connectionID), .integer(audit.time), .text(after.id)])
            try audit.recordUpdates(kind.resourceType, id: after.id, name: after.name, integration: home.id, changes: changes)
            return after
        }
    }

    /// Deletes steps, all or none.
    @discardableResult
    public func deleteSteps(_ kind: Step.Kind, _ refs: [String], flow: String? = nil, force: Bool = false) throws
        -> [Step]
    {
        try write { audit in
            guard !refs.isEmpty else { throw WorkspaceError.invalid("name at least one \(kind.rawValue)") }
            var seen = Set<String>()
            let doomed = try refs.map { try findStep(kind, $0, flow: flow) }.filter { seen.insert($0.id).inserted }
            for step in doomed {
                let home = try home(of: step)
                try authorize(.change(home))
                try removeStep(step, integrationID: home.id, audit: audit)
            }
            try settleAliases(force: force, audit: audit)
            return doomed
        }
    }

    func removeStep(_ step: Step, integrationID: String, audit: AuditWriter) throws {
        try database.run("DELETE FROM steps WHERE id = ?", [.text(step.id)])
        try audit.record(step.kind.resourceType, id: step.id, name: step.name, integration: integrationID, action: "delete")
    }

    /// Moves a step within its list (page generators or page processors) of its flow.
    public func reorderStep(_ ref: String, flow flowRef: String, _ placement: Placement) throws -> FlowView {
        try write { audit in
            let flow = try findItem(.flow, flowRef)
            let home = try home(of: flow)
            try authorize(.change(home))
            let all = try steps(ofFlow: flow.id)
            let moving = try Self.stepIn(all, ref)
            let list = all.filter { $0.isPageGenerator == moving.isPageGenerator }
            var resolved = placement
            if let anchorRef = placement.anchor {
                let anchor = try Self.stepIn(all, anchorRef)
                guard anchor.isPageGenerator == moving.isPageGenerator else {
                    throw WorkspaceError.refused(
                        "\"\(moving.name)\" and \"\(anchor.name)\" are in different lists: page generators and page processors are ordered apart")
                }
                resolved = placement.anchored(to: anchor.id)
            }
            let before = list.map(\.id)
            let after = resolved.apply(to: before, moving: moving.id)
            guard after != before else { return FlowView(flow: flow, steps: all) }
            try storePositions(after, current: Dictionary(uniqueKeysWithValues: list.map { ($0.id, $0.position) }), in: "steps")
            try audit.record(
                moving.kind.resourceType, id: moving.id, name: moving.name, integration: home.id, action: "reorder",
                change: FieldChange(
                    path: "/position", old: .int(Int64(before.firstIndex(of: moving.id) ?? 0)),
                    new: .int(Int64(after.firstIndex(of: moving.id) ?? 0))))
            return FlowView(flow: flow, steps: try steps(ofFlow: flow.id))
        }
    }

    /// A step of a flow by id or exact name.
    private static func stepIn(_ steps: [Step], _ ref: String) throws -> Step {
        let wanted = ref.trimmingBlanks()
        if let step = steps.first(where: { $0.id == wanted }) { return step }
        let named = steps.filter { $0.name == wanted }
        guard named.count == 1 else {
            throw WorkspaceError.notFound(
                named.isEmpty
                    ? "the flow has no step with the id or name \"\(wanted)\""
                    : "\"\(wanted)\" names \(named.count) steps of the flow: \(named.map(\.id).joined(separator: ", "))")
        }
        return named[0]
    }
}
