/// How a REF on the command line finds its resource: by `_id`, else by exact name (SPEC §0).
struct Lookup {
    /// Table and column names are constants of this program, never user input.
    let table: String
    let columns: String
    /// What the resource is called in messages ("integration", "flow" ...).
    let noun: String
    /// Narrows the search, e.g. to one integration's flows: SQL conditions with one `?` each
    /// (constants of this program), all of which must hold.
    var filters: [(condition: String, value: String)] = []
    /// Says where the search was narrowed to, for the not-found message.
    var scopeDescription: String?

    init(table: String, columns: String, noun: String) {
        self.table = table
        self.columns = columns
        self.noun = noun
    }

    /// Keeps only rows whose `column` equals `value`; `description` names the scope in messages.
    mutating func narrow(_ column: String, _ value: String, description: String? = nil) {
        narrow(condition: "\(column) = ?", value, description: description)
    }

    mutating func narrow(condition: String, _ value: String, description: String? = nil) {
        filters.append((condition, value))
        if let description { scopeDescription = description }
    }

    func find(_ ref: String, in database: Database) throws -> Row {
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

    /// Resolves many REFs in two queries (ids, then names), in the order given.
    func findAll(_ refs: [String], in database: Database) throws -> [Row] {
        let wanted = refs.map { $0.trimmingBlanks() }
        let list = SQLValue.text(JSONValue.array(wanted.map(JSONValue.string)).compactText)
        let filter = filters.map { " AND \($0.condition)" }.joined()
        let values = filters.map { SQLValue.text($0.value) }
        let byID = Dictionary(
            try database.rows("SELECT \(columns) FROM \(table) WHERE id IN (SELECT value FROM json_each(?))\(filter)", [list] + values)
                .map { (try $0.text(at: 0), $0) }, uniquingKeysWith: { first, _ in first })
        let names = SQLValue.text(JSONValue.array(wanted.filter { byID[$0] == nil }.map(JSONValue.string)).compactText)
        let byName = try Dictionary(
            grouping: database.rows(
                "SELECT \(columns), name FROM \(table) WHERE name IN (SELECT value FROM json_each(?))\(filter) ORDER BY seq",
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
            let ids = try matches.map { try $0.text(at: 0) }.joined(separator: ", ")
            throw WorkspaceError.notFound(
                "\"\(wanted)\" names \(matches.count) \(noun)s: \(ids)", hint: "use one of these ids instead")
        }
    }
}
