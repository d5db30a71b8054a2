/// A flow's steps as integrator.io keeps them: `pageGenerators`, then `pageProcessors` or
/// `routers` (each with `branches`, each with its own `pageProcessors`). Entries keep every
/// per-step field they were given (`responseMapping`, `hooks`, `proceedOnFailure` …).
public struct FlowStructure: Equatable, Sendable {
    public var pageGenerators: [JSONValue]
    /// nil when the flow has no `pageProcessors` key (a branching flow keeps `routers`).
    public var pageProcessors: [JSONValue]?
    public var routers: [JSONValue]?

    public init(pageGenerators: [JSONValue] = [], pageProcessors: [JSONValue]? = [], routers: [JSONValue]? = nil) {
        self.pageGenerators = pageGenerators
        self.pageProcessors = pageProcessors
        self.routers = routers
    }

    /// The flow's fields in integrator.io's order: `pageGenerators`, then `pageProcessors`
    /// and/or `routers`; a flow with neither shows an empty `pageProcessors`.
    package var json: [(String, JSONValue)] {
        var fields: [(String, JSONValue)] = [("pageGenerators", .array(pageGenerators))]
        if let pageProcessors { fields.append(("pageProcessors", .array(pageProcessors))) }
        if let routers { fields.append(("routers", .array(routers))) }
        if pageProcessors == nil && routers == nil { fields.append(("pageProcessors", .array([]))) }
        return fields
    }

    /// Every step in order: page generators, page processors, then each router's branches.
    public var steps: [FlowStep] {
        var steps: [FlowStep] = []
        for (index, entry) in pageGenerators.enumerated() {
            if let step = FlowStep(entry, list: .generators, index: index) { steps.append(step) }
        }
        for (index, entry) in (pageProcessors ?? []).enumerated() {
            if let step = FlowStep(entry, list: .processors, index: index) { steps.append(step) }
        }
        for (routerIndex, router) in (routers ?? []).enumerated() {
            guard case .array(let branches)? = router["branches"] else { continue }
            for (branchIndex, branch) in branches.enumerated() {
                guard case .array(let processors)? = branch["pageProcessors"] else { continue }
                let list = StepList.branch(router: routerIndex, branch: branchIndex, name: branch["name"]?.stringValue)
                for (index, entry) in processors.enumerated() {
                    if let step = FlowStep(entry, list: list, index: index) { steps.append(step) }
                }
            }
        }
        return steps
    }

    /// The exports and imports the flow refers to, each once.
    package var references: [StepReference] {
        var seen = Set<StepReference>()
        return steps.map(\.reference).filter { seen.insert($0).inserted }
    }

    // MARK: Editing

    /// The entries of one list.
    package func entries(of list: StepList) -> [JSONValue] {
        switch list {
        case .generators: return pageGenerators
        case .processors: return pageProcessors ?? []
        case .branch(let router, let branch, _):
            guard let routers, routers.indices.contains(router) else { return [] }
            return routers[router]["branches"]?[branch]["pageProcessors"]?.arrayValue ?? []
        }
    }

    package mutating func setEntries(_ entries: [JSONValue], of list: StepList) {
        switch list {
        case .generators: pageGenerators = entries
        // A branching flow without a `pageProcessors` key keeps none while it has nothing there.
        case .processors: if pageProcessors != nil || !entries.isEmpty { pageProcessors = entries }
        case .branch(let router, let branch, _):
            guard var routers, routers.indices.contains(router), case .object(var routerObject) = routers[router],
                case .array(var branches)? = routerObject["branches"], branches.indices.contains(branch),
                case .object(var branchObject) = branches[branch]
            else { return }
            branchObject["pageProcessors"] = .array(entries)
            branches[branch] = .object(branchObject)
            routerObject["branches"] = .array(branches)
            routers[router] = .object(routerObject)
            self.routers = routers
        }
    }

    /// Puts an entry into a list: first or last, or before or after the entry that names
    /// `anchor` (the end when there is no placement).
    package mutating func insert(_ entry: JSONValue, into list: StepList, _ placement: Placement?, anchor: StepReference?) {
        var entries = entries(of: list)
        let anchorIndex = anchor.flatMap { anchor in
            entries.firstIndex { FlowStep($0, list: list, index: 0)?.reference == anchor }
        }
        let index =
            switch placement {
            case .first?: 0
            case .before?: anchorIndex ?? 0
            case .after?: (anchorIndex ?? entries.count - 1) + 1
            case .last?, nil: entries.count
            }
        entries.insert(entry, at: index)
        setEntries(entries, of: list)
    }

    /// Takes out every entry that refers to `reference`.
    package mutating func removeAll(_ reference: StepReference) {
        for list in lists {
            let entries = entries(of: list)
            let kept = entries.filter { FlowStep($0, list: list, index: 0)?.reference != reference }
            if kept.count != entries.count { setEntries(kept, of: list) }
        }
    }

    /// The same structure with export and import ids replaced by `ids` (old id → new id).
    /// The structure with each step's id replaced; references are typed, so an export and an
    /// import that share an id (old hand-made downloads) each get their own.
    package func remapping(_ ids: [StepReference: String]) -> FlowStructure {
        var copy = self
        for list in lists {
            copy.setEntries(
                entries(of: list).map { entry in
                    guard case .object(var object) = entry else { return entry }
                    for kind in [StepKind.export, .import] {
                        if let id = object[kind.idField]?.stringValue, let new = ids[StepReference(kind: kind, id: id)] {
                            object[kind.idField] = .string(new)
                        }
                    }
                    return .object(object)
                }, of: list)
        }
        return copy
    }

    /// Every list that holds steps, branches included.
    package var lists: [StepList] {
        var lists: [StepList] = [.generators, .processors]
        for (routerIndex, router) in (routers ?? []).enumerated() {
            for (branchIndex, branch) in (router["branches"]?.arrayValue ?? []).enumerated() {
                lists.append(.branch(router: routerIndex, branch: branchIndex, name: branch["name"]?.stringValue))
            }
        }
        return lists
    }
}

/// An export or an import, as a flow refers to it.
public struct StepReference: Hashable, Sendable {
    public let kind: StepKind
    public let id: String
}

/// Where a step sits in its flow.
public enum StepList: Equatable, Hashable, Sendable {
    case generators
    case processors
    /// A branch of a router: the router's and branch's positions, and the branch's name.
    case branch(router: Int, branch: Int, name: String?)

    /// The JSON Pointer of the list in the flow document.
    public var pointer: String {
        switch self {
        case .generators: "/pageGenerators"
        case .processors: "/pageProcessors"
        case .branch(let router, let branch, _): "/routers/\(router)/branches/\(branch)/pageProcessors"
        }
    }

    /// "page generator", "page processor", "router 1, branch \"Big orders\"".
    public var label: String {
        switch self {
        case .generators: "page generator"
        case .processors: "page processor"
        case .branch(let router, let branch, let name):
            "router \(router + 1), branch \(name.map { "\"\($0)\"" } ?? String(branch + 1))"
        }
    }

    public static func == (lhs: StepList, rhs: StepList) -> Bool {
        switch (lhs, rhs) {
        case (.generators, .generators), (.processors, .processors): true
        case (.branch(let r1, let b1, _), .branch(let r2, let b2, _)): r1 == r2 && b1 == b2
        default: false
        }
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(pointer) }
}

/// One entry of a flow's step lists.
public struct FlowStep: Equatable, Sendable {
    public let reference: StepReference
    public let list: StepList
    public let index: Int
    /// The entry as the flow keeps it (`_exportId`/`_importId`, `type`, per-step fields).
    public let entry: JSONValue

    public var isPageGenerator: Bool { list == .generators }
    public var isLookup: Bool { reference.kind == .export && !isPageGenerator }

    /// Reads an entry; nil for one that names neither an export nor an import.
    package init?(_ entry: JSONValue, list: StepList, index: Int) {
        if let id = entry["_importId"]?.stringValue, list != .generators {
            reference = StepReference(kind: .import, id: id)
        } else if let id = entry["_exportId"]?.stringValue {
            reference = StepReference(kind: .export, id: id)
        } else {
            return nil
        }
        self.list = list
        self.index = index
        self.entry = entry
    }

    /// The entry a new step gets: `{_exportId}` for a page generator, else `{type, _…Id}`.
    package static func entry(for reference: StepReference, in list: StepList) -> JSONValue {
        let field = reference.kind.idField
        if list == .generators { return .object(JSONObject([(field, .string(reference.id))])) }
        return .object(JSONObject([("type", .string(reference.kind.rawValue)), (field, .string(reference.id))]))
    }
}

extension JSONValue {
    public var arrayValue: [JSONValue]? {
        if case .array(let array) = self { return array }
        return nil
    }

    package subscript(index: Int) -> JSONValue {
        guard case .array(let array) = self, array.indices.contains(index) else { return .null }
        return array[index]
    }
}
