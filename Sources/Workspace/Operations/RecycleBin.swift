/// The recycle bin (SPEC §8, v3): every delete puts what it deleted there, as one entry with
/// what went along with it, until the retention (30 days unless an owner says otherwise) or a
/// purge takes it. A deleted integration's entry is its delete revision; any other entry keeps
/// the part of its integration's document that was deleted and where it sat.
extension Workspace {
    /// What a delete puts in the bin, gathered while it deletes.
    struct BinDraft {
        let kind: ResourceKind
        let resourceID: String
        let name: String
        /// The integration it was in (nil for a connection).
        let home: Integration?
        /// The deleted part of the integration's document.
        var document: IntegrationDocument
        /// Aliases outside the document that named what was deleted, removed with `--force`.
        var aliases: [Alias] = []
        /// A deleted export's or import's places in flows that stay.
        var uses: [StepPlace] = []
        /// A deleted flow group's flows, and its place among the groups.
        var members: [String] = []
        var position = 0
        /// A deleted connection's integrations.
        var registrations: [String] = []

        init(_ kind: ResourceKind, id: String, name: String, home: Integration?) {
            self.kind = kind
            resourceID = id
            self.name = name
            self.home = home
            document = IntegrationDocument(integration: home.map { DocumentIntegration(id: $0.id, name: $0.name) })
        }

        /// The ids of what the entry holds, to claim the aliases that named them.
        var ids: Set<String> {
            Set(document.resourceLists.flatMap { $0.resources.map(\.id) }).union([resourceID])
        }

        /// What came along, by list: `{"exports": 2}`.
        var along: JSONObject {
            var along = JSONObject()
            for (kind, resources) in document.resourceLists where kind != .connection {
                let count = resources.count - (kind == self.kind ? 1 : 0)
                if count > 0 { along[kind.documentList] = .int(Int64(count)) }
            }
            return along
        }

        var contents: JSONValue {
            [
                "document": .object(document.json), "aliases": .array(aliases.map(\.binJSON)),
                "uses": .array(uses.map(\.json)), "members": .array(members.map(JSONValue.string)),
                "position": .int(Int64(position)), "registrations": .array(registrations.map(JSONValue.string)),
            ]
        }
    }

    /// One entry of a flow's step lists that a deleted export or import filled.
    struct StepPlace {
        let flowID: String
        let list: StepList
        let index: Int
        let entry: JSONValue
        /// The step just before it in that list, to find the place again after other edits.
        let after: StepReference?

        var json: JSONValue {
            [
                "_flowId": .string(flowID), "list": .string(list.pointer), "index": .int(Int64(index)), "entry": entry,
                "after": after.map { [$0.kind.idField: .string($0.id)] } ?? .null,
            ]
        }

    }

    /// Puts a draft in the bin (the audit rows of the delete are the operation's own).
    func putInBin(_ draft: BinDraft, audit: AuditWriter, id: String? = nil, revision: String? = nil) throws {
        let entry = BinEntry(
            id: id ?? ResourceID.make(at: audit.time), kind: draft.kind, resourceID: draft.resourceID, name: draft.name,
            integrationID: draft.home?.id, integrationName: draft.home?.name ?? "", user: user.name, deletedAt: audit.time,
            revisionID: revision, along: draft.along)
        try BinRecord.insert(entry, contents: revision == nil ? draft.contents : [:], into: database)
    }

    /// Gives each removed alias to the draft that holds what it named.
    static func claim(_ removed: [Alias], into drafts: inout [BinDraft]) {
        for alias in removed {
            guard let index = drafts.firstIndex(where: { $0.ids.contains(alias.targetID) }) else { continue }
            drafts[index].aliases.append(alias)
        }
    }

    // MARK: Reading

    /// How long entries stay, in days (an owner sets it; 30 unless they did).
    public func binRetentionDays() throws -> Int {
        try read { try storedRetentionDays() }
    }

    static let retentionOption = "recycleBinRetentionDays"
    static let defaultRetentionDays = 30

    private func storedRetentionDays() throws -> Int {
        guard let text = try OptionRecord.value(Self.retentionOption, in: database) else { return Self.defaultRetentionDays }
        guard let days = Int(text), days >= 1 else { throw WorkspaceError.damaged("the recycle bin's retention is damaged: \(text)") }
        return days
    }

    /// `recycle-bin list [--type KIND] [--integration REF]` (REF: a live integration, or one that
    /// is gone by its id or last name), newest first: the entries whose
    /// integration the caller may read (an integration that is gone, or a connection, needs a
    /// role that reads every integration).
    public func binEntries(type: ResourceKind? = nil, integration ref: String? = nil) throws -> [BinEntry] {
        try read {
            // A live integration by id or name; one that is gone by its id or its last name.
            let live = try ref.flatMap { try integrationIfPresent($0) }
            let retention = Int64(try storedRetentionDays()) * Self.day
            let readsEverything = may(.readEverything)
            let account = (
                purge: may(.purgeBin), integrations: may(.manageIntegrations(nil)), connections: may(.manageConnections)
            )
            // Two arrays shared by every entry, rather than one made for each.
            let withoutRestore: [BinEntry.Action] = account.purge ? [.purge] : []
            let withRestore: [BinEntry.Action] = [.restore] + withoutRestore
            // Each integration's access, asked once (none when it is gone).
            var access: [String: Access] = [:]
            let entries = try BinRecord.all(
                kind: type, integrationID: live?.id ?? ref, orName: live == nil ? ref : nil, in: database)
            return try entries.compactMap { entry in
                var entry = entry
                var home = Access.none
                if let id = entry.integrationID, entry.kind != .integration {
                    if access[id] == nil { access[id] = try integrationIfPresent(id) == nil ? Access.none : try self.access(to: id) }
                    home = access[id] ?? .none
                }
                guard home >= .monitor || readsEverything else { return nil }
                entry.purgeAt = entry.deletedAt + retention
                let restores =
                    switch entry.kind {
                    case .integration: account.integrations
                    case .connection: account.connections
                    default: home == .manage && (entry.kind != .flowGroup || entry.integrationID != ResourceID.standalone)
                    }
                entry.allowed = restores ? withRestore : withoutRestore
                return entry
            }
        }
    }

    /// One entry the caller may read.
    func readableBinEntry(_ id: String) throws -> BinEntry {
        guard let entry = try BinRecord.find(id.lowercased(), in: database) else {
            throw WorkspaceError.notFound(
                "no recycle bin entry \(id): never there, restored, or purged", hint: "`workspace recycle-bin list` shows the entries")
        }
        if let home = entry.integrationID, entry.kind != .integration, let live = try integrationIfPresent(home) {
            try authorize(.read(live))
        } else {
            try authorize(.readEverything)
        }
        return entry
    }

    static let day: Int64 = 86_400_000

    // MARK: Purging

    /// `recycle-bin purge ENTRY` (owner or administrator).
    @discardableResult
    public func purgeBinEntry(_ id: String) throws -> BinEntry {
        try write { audit in
            try authorize(.purgeBin)
            let entry = try readableBinEntry(id)
            try purge([entry], audit: audit)
            return entry
        }
    }

    /// `recycle-bin purge --older-than DURATION` (owner or administrator): the entries deleted
    /// more than `age` milliseconds ago.
    @discardableResult
    public func purgeBin(olderThan age: Int64) throws -> [BinEntry] {
        try write { audit in
            try authorize(.purgeBin)
            let doomed = try BinRecord.deleted(before: audit.time - age, in: database)
            try purge(doomed, audit: audit)
            return doomed
        }
    }

    /// `recycle-bin retention DAYS` (owners only): how long entries stay.
    @discardableResult
    public func setBinRetention(days: Int) throws -> Int {
        try write { audit in
            try authorize(.manageOwners)
            guard (1...3650).contains(days) else {
                throw WorkspaceError.invalid("the retention is 1 to 3650 days, not \(days)")
            }
            let old = try storedRetentionDays()
            guard old != days else { return days }
            try OptionRecord.set(Self.retentionOption, to: String(days), in: database)
            try audit.record(
                .recycleBin, id: "retention", name: "recycle bin", integration: nil, action: .update,
                change: FieldChange(path: "/retentionDays", old: .int(Int64(old)), new: .int(Int64(days))))
            return days
        }
    }

    private func purge(_ entries: [BinEntry], audit: AuditWriter, by system: Bool = false) throws {
        let writer = system ? AuditWriter(self, time: audit.time, source: .system) : audit
        for entry in entries {
            try BinRecord.delete(entry.id, from: database)
            try writer.record(
                .recycleBin, id: entry.id, name: entry.name, integration: entry.integrationID, action: .purge,
                change: FieldChange(path: "/_resourceId", old: .string(entry.resourceID), new: nil))
        }
    }

    /// Called by every write before it commits: entries past the retention go, audited as the
    /// system's doing. One indexed probe when there is nothing to purge.
    func purgeExpiredBinEntries(_ audit: AuditWriter) throws {
        let cutoff = audit.time - Int64(try storedRetentionDays()) * Self.day
        guard try BinRecord.holdsAny(before: cutoff, in: database) else { return }
        // Only a command whose changes stand purges: one that wrote nothing, or a dry run
        // whose rows were undone, leaves the workspace as it was.
        guard let last = audit.lastSequence, try AuditRecord.tail(in: database).sequence == last else { return }
        try purge(try BinRecord.deleted(before: cutoff, in: database), audit: audit, by: true)
    }
}

extension Workspace.StepPlace {
    /// A place as an entry keeps it (its memberwise initializer stays, in the type).
    init?(_ json: JSONValue) {
        guard let flowID = json["_flowId"]?.stringValue, let pointer = json["list"]?.stringValue,
            let list = StepList(pointer: pointer), case .int(let index)? = json["index"], let entry = json["entry"]
        else { return nil }
        self.init(
            flowID: flowID, list: list, index: Int(index), entry: entry,
            after: json["after"].flatMap { FlowStep($0, list: .processors, index: 0)?.reference })
    }
}

extension Alias {
    /// How a bin entry keeps an alias it removed.
    var binJSON: JSONValue {
        [
            "owner": .string(owner.type), "_ownerId": .string(owner.id), "alias": .string(alias), "description": .string(description),
            "targetType": .string(targetType.rawValue), "_targetId": .string(targetID),
        ]
    }

    init?(bin json: JSONValue) {
        guard let ownerID = json["_ownerId"]?.stringValue, let alias = json["alias"]?.stringValue,
            let targetType = json["targetType"]?.stringValue.flatMap(TargetType.init(rawValue:)),
            let targetID = json["_targetId"]?.stringValue
        else { return nil }
        let owner: Owner
        switch json["owner"]?.stringValue {
        case "integration": owner = .integration(ownerID)
        case "flow": owner = .flow(ownerID)
        default: return nil
        }
        self.init(
            owner: owner, alias: alias, description: json["description"]?.stringValue ?? "", targetType: targetType, targetID: targetID)
    }
}

extension StepList {
    /// The list a pointer names (`/pageGenerators`, `/pageProcessors`, `/routers/R/branches/B/pageProcessors`).
    init?(pointer: String) {
        switch pointer {
        case "/pageGenerators": self = .generators
        case "/pageProcessors": self = .processors
        default:
            let parts = pointer.split(separator: "/")
            guard parts.count == 5, parts[0] == "routers", parts[2] == "branches", parts[4] == "pageProcessors",
                let router = Int(parts[1]), let branch = Int(parts[3])
            else { return nil }
            self = .branch(router: router, branch: branch, name: nil)
        }
    }
}

// MARK: What each delete puts in the bin

extension Workspace {
    /// A flow (with the exports and imports it uses, to be narrowed to those deleted with it),
    /// an API or a tool, read before it is deleted.
    func binDraft(of item: Item) throws -> BinDraft {
        let home = try self.home(of: item)
        var draft = BinDraft(item.kind.resource, id: item.id, name: item.name, home: home)
        switch item.kind {
        case .flow:
            let part = try document(of: home, .flow(item, withScripts: false))
            draft.document.flows = part.flows
            draft.document.exports = part.exports
            draft.document.imports = part.imports
            draft.document.connections = part.connections
        case .api: draft.document.apis = [DocumentItem(item)]
        case .tool: draft.document.tools = [DocumentItem(item)]
        }
        return draft
    }

    /// An export or import with its connection (so that it comes back using it), and its
    /// places in the flows it is about to be taken out of.
    func binDraft(of step: Step, usedBy flows: [Item]) throws -> BinDraft {
        var draft = BinDraft(step.kind.resource, id: step.id, name: step.name, home: try findIntegration(step.integrationID))
        let part = DocumentStep(step, settings: try SettingsRecord.document(of: step.kind.resource, step.id, in: database))
        if step.kind == .export { draft.document.exports = [part] } else { draft.document.imports = [part] }
        if let connectionID = step.connectionID {
            draft.document.connections = try documentConnections([connectionID])
        }
        for flow in flows {
            var previous: FlowStep?
            for entry in flow.structure.steps {
                if entry.reference == step.reference {
                    draft.uses.append(
                        StepPlace(
                            flowID: flow.id, list: entry.list, index: entry.index, entry: entry.entry,
                            after: previous.flatMap { $0.list == entry.list ? $0.reference : nil }))
                }
                previous = entry
            }
        }
        return draft
    }

    /// Keeps, of a flow's draft, only the exports and imports `deleted` holds, each claimed once.
    static func narrowSteps(of drafts: inout [BinDraft], to deleted: Set<String>) {
        var claimed = Set<String>()
        for index in drafts.indices {
            drafts[index].document.exports.removeAll { !deleted.contains($0.id) || !claimed.insert("e" + $0.id).inserted }
            drafts[index].document.imports.removeAll { !deleted.contains($0.id) || !claimed.insert("i" + $0.id).inserted }
        }
    }
}
