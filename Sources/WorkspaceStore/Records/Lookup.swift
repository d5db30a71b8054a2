/// How a REF on the command line finds its resource of one kind: by `_id`, else by exact name
/// (SPEC §0), decoded by the kind's record.
package struct Lookup<Value> {
    /// Table and column names are constants of this program, never user input.
    private let table: String
    private let columns: String
    /// What the resource is called in messages ("integration", "flow" ...).
    private let noun: String
    private let decode: (Row) throws -> Value
    /// Narrows the search, e.g. to one integration's flows: SQL conditions with one `?` each
    /// (constants of this program), all of which must hold.
    private var filters: [(condition: String, value: String)] = []
    /// Says where the search was narrowed to, for the not-found message.
    private var scopeDescription: String?

    private init(table: String, columns: String, noun: String, decode: @escaping (Row) throws -> Value) {
        self.table = table
        self.columns = columns
        self.noun = noun
        self.decode = decode
    }

    /// Keeps only what lives in one integration; `description` names the scope in messages.
    package mutating func narrow(toIntegration id: String, description: String) {
        narrow(condition: "integration_id = ?", id, description: description)
    }

    private mutating func narrow(condition: String, _ value: String, description: String) {
        filters.append((condition, value))
        scopeDescription = description
    }

    /// The one resource `ref` names (exit 2 for none or several).
    package func find(_ ref: String, in database: Store) throws -> Value {
        try decode(try findRow(ref, in: database))
    }

    /// Many REFs resolved in two queries (ids, then names), in the order given.
    package func findAll(_ refs: [String], in database: Store) throws -> [Value] {
        try findAllRows(refs, in: database).map(decode)
    }

    private func findRow(_ ref: String, in database: Store) throws -> Row {
        let wanted = ref.trimmingBlanks()
        let filter = filters.map { " AND \($0.condition)" }.joined()
        let values = filters.map { SQLValue.text($0.value) }
        if let row = try database.row("SELECT \(columns) FROM \(table) WHERE id = ?\(filter)", [.text(wanted)] + values) {
            return row
        }
        let matches = try database.rows(
            "SELECT \(columns) FROM \(table) WHERE name = ?\(filter) ORDER BY seq", [.text(wanted)] + values)
        return try single(matches, for: wanted)
    }

    private func findAllRows(_ refs: [String], in database: Store) throws -> [Row] {
        let wanted = refs.map { $0.trimmingBlanks() }
        let list = database.dialect.listValue(wanted)
        let filter = filters.map { " AND \($0.condition)" }.joined()
        let values = filters.map { SQLValue.text($0.value) }
        let byID = Dictionary(
            try database.rows("SELECT \(columns) FROM \(table) WHERE id IN (\(database.dialect.list))\(filter)", [list] + values)
                .map { (try $0.text(at: 0), $0) }, uniquingKeysWith: { first, _ in first })
        let names = database.dialect.listValue(wanted.filter { byID[$0] == nil })
        let byName = try Dictionary(
            grouping: database.rows(
                "SELECT \(columns), name FROM \(table) WHERE name IN (\(database.dialect.list))\(filter) ORDER BY seq",
                [names] + values), by: { try $0.text(at: $0.values.count - 1) })
        return try wanted.map { ref in try byID[ref] ?? single(byName[ref] ?? [], for: ref) }
    }

    private func single(_ matches: [Row], for wanted: String) throws -> Row {
        switch matches.count {
        case 1: return matches[0]
        case 0:
            throw WorkspaceError.notFound(
                "no \(noun) has the id or name \"\(wanted)\"\(scopeDescription.map { " in \($0)" } ?? "")",
                hint: "list them with `workspace \(noun) list`")
        default:
            let ids = try matches.map { try $0.text(at: 0) }
            throw WorkspaceError.ambiguous(
                "\"\(wanted)\" names \(matches.count) \(noun)s: \(ids.joined(separator: ", "))", hint: "use one of these ids instead",
                candidates: ids.map { WorkspaceError.Candidate(kind: noun, id: $0) })
        }
    }
}

extension Lookup where Value == Integration {
    package static var integrations: Self {
        Self(table: "integrations", columns: IntegrationRecord.columns, noun: "integration", decode: IntegrationRecord.decode)
    }
}

extension Lookup where Value == Item {
    package static func items(_ kind: ItemKind) -> Self {
        Self(table: kind.table, columns: ItemRecord.columns(kind), noun: kind.rawValue) { try ItemRecord.decode(kind, $0) }
    }
}

extension Lookup where Value == Step {
    package static func steps(_ kind: StepKind) -> Self {
        Self(table: kind.table, columns: StepRecord.columns(kind), noun: kind.rawValue) { try StepRecord.decode(kind, $0) }
    }

    /// Keeps only the exports or imports one flow uses.
    package mutating func narrow(toStepsOf flowID: String, kind: StepKind, description: String) {
        narrow(
            condition: "id IN (SELECT resource_id FROM flow_steps WHERE flow_id = ? AND kind = '\(kind.rawValue)')", flowID,
            description: description)
    }
}

extension Lookup where Value == Connection {
    package static var connections: Self {
        Self(table: "connections", columns: ConnectionRecord.columns("connections"), noun: "connection", decode: ConnectionRecord.decode)
    }
}

extension Lookup where Value == FlowGroup {
    package static var groups: Self {
        Self(table: "flow_groups", columns: GroupRecord.columns, noun: "group", decode: GroupRecord.decode)
    }
}

extension Lookup where Value == Script {
    package static var scripts: Self {
        Self(table: "scripts", columns: ScriptRecord.columns, noun: "script", decode: ScriptRecord.decode)
    }
}
