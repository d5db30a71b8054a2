/// How a REF on the command line finds its resource: by `_id`, else by exact name (SPEC §0).
struct Lookup {
    /// Table and column names are constants of this program, never user input.
    let table: String
    let columns: String
    /// What the resource is called in messages ("integration", "flow" ...).
    let noun: String
    /// Narrows the search, e.g. to one integration's flows.
    var scope: (column: String, value: String)?

    func find(_ ref: String, in database: Database) throws -> Row {
        let wanted = ref.trimmingBlanks()
        var filter = ""
        var values: [SQLValue] = []
        if let scope {
            filter = " AND \(scope.column) = ?"
            values = [.text(scope.value)]
        }
        if let row = try database.row("SELECT \(columns) FROM \(table) WHERE id = ?\(filter)", [.text(wanted)] + values) {
            return row
        }
        let matches = try database.rows(
            "SELECT \(columns) FROM \(table) WHERE name = ?\(filter) ORDER BY seq", [.text(wanted)] + values)
        switch matches.count {
        case 1: return matches[0]
        case 0:
            throw WorkspaceError.notFound(
                "no \(noun) has the id or name \"\(wanted)\"\(scope == nil ? "" : " in that integration")",
                hint: "list them with `workspace \(noun) list`")
        default:
            let ids = matches.map { $0.string(0) }.joined(separator: ", ")
            throw WorkspaceError.notFound(
                "\"\(wanted)\" names \(matches.count) \(noun)s: \(ids)", hint: "use one of these ids instead")
        }
    }
}
