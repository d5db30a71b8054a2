/// A flow's steps: putting exports and imports into it, taking them out, reordering them,
/// within integrator.io's structure (page generators, page processors, routers' branches).
extension Workspace {
    /// Puts an existing export or import (`export:REF` or `import:REF`) into a flow: at the end
    /// of its list, or before or after another step.
    public func addFlowStep(_ flowRef: String, step stepRef: String, lookup: Bool = false, placement: Placement? = nil)
        throws -> FlowView
    {
        try changingFlowSteps(flowRef) { flow, audit in
            let step = try stepNamed(stepRef, in: flow)
            guard !flow.structure.references.contains(step.reference) else {
                throw WorkspaceError.refused("\(step.kind.rawValue) \"\(step.name)\" is already a step of this flow")
            }
            guard lookup == step.lookup || step.kind == .import else {
                throw WorkspaceError.refused(
                    lookup
                        ? "export \"\(step.name)\" is not a lookup: it can only be a page generator"
                        : "export \"\(step.name)\" is a lookup: it can only be a page processor",
                    hint: lookup ? "leave out --lookup" : "pass --lookup")
            }
            guard !lookup || step.kind == .export else { throw WorkspaceError.invalid("only exports can be lookups") }
            try placeStep(step, in: &flow, placement: placement, audit: audit)
        }
    }

    /// Takes a step out of a flow; the export or import itself stays.
    public func removeFlowStep(_ flowRef: String, step stepRef: String) throws -> FlowView {
        try changingFlowSteps(flowRef) { flow, audit in
            let step = try Self.flowStep(stepRef, of: flow, resources: try stepResources(flow.structure.references))
            try changeStructure(of: &flow, audit: audit) { $0.removeAll(step.reference) }
        }
    }

    /// Moves a step within its flow: first or last of its list, or next to another step
    /// (into that step's list, when both are page processors).
    public func moveFlowStep(_ flowRef: String, step stepRef: String, _ placement: Placement) throws -> FlowView {
        try changingFlowSteps(flowRef) { flow, audit in
            let resources = try stepResources(flow.structure.references)
            let moving = try Self.flowStep(stepRef, of: flow, resources: resources)
            let anchor = try placement.anchor.map { try Self.flowStep($0, of: flow, resources: resources) }
            let list = anchor?.list ?? moving.list
            guard list.isGenerators == moving.list.isGenerators else {
                throw WorkspaceError.refused(
                    "page generators and page processors are ordered apart: a step cannot move from one to the other")
            }
            try changeStructure(of: &flow, audit: audit) { structure in
                var entries = structure.entries(of: moving.list)
                entries.remove(at: moving.index)
                structure.setEntries(entries, of: moving.list)
                structure.insert(moving.entry, into: list, placement, anchor: anchor?.reference)
            }
        }
    }

    /// Runs a change of one flow's steps as a command and returns the flow as it then is.
    private func changingFlowSteps(_ flowRef: String, _ change: (inout Item, AuditWriter) throws -> Void) throws
        -> FlowView
    {
        try write { audit in
            var flow = try findItem(.flow, flowRef)
            try authorize(.change(try home(of: flow)))
            try change(&flow, audit)
            return FlowView(flow: flow, steps: try stepViews(of: flow), aliases: try aliases(ownedBy: .flow(flow.id)))
        }
    }

    /// Appends a step to the list its role belongs in, or places it next to an anchor step.
    func placeStep(_ step: Step, in flow: inout Item, placement: Placement?, audit: AuditWriter) throws {
        guard step.integrationID == flow.integrationID else {
            throw WorkspaceError.refused(
                "\(step.kind.rawValue) \"\(step.name)\" belongs to another integration: a flow uses its own integration's exports and imports",
                hint: "move the flow or the \(step.kind.rawValue) first")
        }
        let isGenerator = step.kind == .export && !step.lookup
        let anchor = try placement?.anchor.map {
            try Self.flowStep($0, of: flow, resources: try stepResources(flow.structure.references))
        }
        let list: StepList
        if let anchor {
            guard anchor.list.isGenerators == isGenerator else {
                throw WorkspaceError.refused(
                    "\(step.kind.rawValue) \"\(step.name)\" is a page \(isGenerator ? "generator" : "processor"); the step it would stand next to is not")
            }
            list = anchor.list
        } else if isGenerator {
            list = .generators
        } else {
            guard flow.structure.pageProcessors != nil || flow.structure.routers == nil else {
                throw WorkspaceError.refused(
                    "the flow branches: say where the step goes",
                    hint: "pass --before STEP or --after STEP naming a step of the branch")
            }
            list = .processors
        }
        let entry = FlowStep.entry(for: step.reference, in: list)
        try changeStructure(of: &flow, audit: audit) { structure in
            structure.insert(entry, into: list, placement, anchor: anchor?.reference)
        }
    }

    /// Applies a change to a flow's structure, stores it and records one update per changed list.
    func changeStructure(of flow: inout Item, audit: AuditWriter, _ change: (inout FlowStructure) -> Void) throws {
        guard case .flow(let disabled, let groupID, var structure) = flow.details else { return }
        let before = JSONObject(structure.json)
        change(&structure)
        let changes = FieldChange.between(before, JSONObject(structure.json))
        guard !changes.isEmpty else { return }
        flow.details = .flow(disabled: disabled, groupID: groupID, steps: structure)
        flow.updatedAt = audit.time
        try ItemRecord.update(flow, in: database, stepsChanged: true)
        try audit.recordUpdates(.flow, id: flow.id, name: flow.name, integration: flow.integrationID, changes: changes)
    }

    /// `export:REF` or `import:REF` (or a bare REF naming one of either kind) in a flow's integration.
    private func stepNamed(_ ref: String, in flow: Item) throws -> Step {
        if let colon = ref.firstIndex(of: ":"), let kind = StepKind(rawValue: String(ref[..<colon])) {
            let name = String(ref[ref.index(after: colon)...])
            do {
                return try findStep(kind, name, integration: flow.integrationID)
            } catch let error as WorkspaceError where error.kind == .notFound {
                // One of another integration's is worth naming: placeStep refuses it with the reason.
                do { return try findStep(kind, name) } catch let other as WorkspaceError where other.kind == .notFound {
                    throw error
                }
            }
        }
        let match = try ResourceRecord.single(ref, among: [.export, .import], noun: "export or import", in: database)
        let kind: StepKind = match.kind == .export ? .export : .import
        return try findStep(kind, match.id)
    }

    /// A step of a flow, by the id or exact name of the export or import it names.
    private static func flowStep(_ ref: String, of flow: Item, resources: [StepReference: Step]) throws -> FlowStep {
        let wanted = ref.trimmingBlanks()
        let steps = flow.structure.steps
        if let step = steps.first(where: { $0.reference.id == wanted }) { return step }
        let named = steps.filter { resources[$0.reference]?.name == wanted }
        guard named.count == 1 else {
            throw WorkspaceError.notFound(
                named.isEmpty
                    ? "the flow has no step with the id or name \"\(wanted)\""
                    : "\"\(wanted)\" names \(named.count) steps of the flow: "
                        + named.map(\.reference.id).joined(separator: ", "),
                hint: named.isEmpty ? "list them with `workspace flow steps \(flow.name)`" : "use one of these ids instead")
        }
        return named[0]
    }
}

extension StepList {
    var isGenerators: Bool { self == .generators }
}
