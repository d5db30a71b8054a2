/// What differs between engines' SQL statements, in one small place (the schema's DDL —
/// column types, triggers — is a migration body per engine, see `Schema`). Everything else the records write
/// is in the form both SQLite and PostgreSQL accept (`INSERT … ON CONFLICT … DO NOTHING`,
/// `RETURNING`, `coalesce`, `count(*)`, subqueries), so it needs no dialect.
protocol Dialect: Sendable {
    /// The statement as this engine numbers its parameters (records write `?` and `?N`).
    func placeholders(_ sql: String) -> String
    /// A subquery yielding the text values of one bound list (bind it with `listValue`), for
    /// `id IN (…)`: one statement whatever the list's length.
    var list: String { get }
    /// The bound value of a `list` subquery.
    func listValue(_ values: [String]) -> SQLValue
    /// The schema version: read, and the statement that sets it.
    var schemaVersion: String { get }
    func setSchemaVersion(_ version: Int) -> String
    /// The mark that a database is a workspace (set by a migration).
    var applicationID: String { get }
    /// A number that moves when another connection commits.
    var dataVersion: String { get }
    /// The names of the tables the workspace's schema holds.
    var tables: String { get }
    /// The table that keeps the schema version and application id, where the engine has no
    /// place of its own for them (nil: SQLite's pragmas).
    var metaTable: String? { get }
    /// Where marks live in a table: one row saying whether that table is there (1 or 0) and
    /// whether the database holds any table at all.
    var metaProbe: String? { get }
    /// What makes a table's generated creation order continue after rows copied in with theirs
    /// (nil where the engine needs nothing: SQLite continues from the largest rowid).
    func catchUpCreationOrder(_ table: String) -> String?
    /// A case-insensitive "contains" test of `column`, and the values it binds for the searched
    /// text: the same matches on every engine (Unicode case folding, `searchFolded`).
    func containsFolded(_ column: String, _ text: String) -> (condition: String, values: [SQLValue])
}

extension String {
    /// Case folded for search, the same on both engines: Swift's lowercase mapping, except that
    /// U+0130 (İ) becomes a plain "i", as PostgreSQL's lower() makes it (the simple mapping),
    /// rather than "i" with a combining dot above.
    var searchFolded: String {
        guard unicodeScalars.contains("\u{130}") else { return lowercased() }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: unicodeScalars.map { $0 == "\u{130}" ? "I" : $0 })
        return String(view).lowercased()
    }
}


/// SQLite's forms.
struct SQLiteDialect: Dialect {
    func placeholders(_ sql: String) -> String { sql }
    var list: String { "SELECT value FROM json_each(?)" }
    /// A JSON array of the values.
    func listValue(_ values: [String]) -> SQLValue { .text(JSONValue.array(values.map(JSONValue.string)).compactText) }
    var schemaVersion: String { "PRAGMA user_version" }
    func setSchemaVersion(_ version: Int) -> String { "PRAGMA user_version = \(version)" }
    var applicationID: String { "PRAGMA application_id" }
    var dataVersion: String { "PRAGMA data_version" }
    var tables: String { "SELECT name FROM sqlite_schema WHERE type = 'table'" }
    var metaTable: String? { nil }
    var metaProbe: String? { nil }
    func catchUpCreationOrder(_ table: String) -> String? { nil }

    /// SQLite's LIKE (in C, fast) folds ASCII exactly, which is all an ASCII search needs;
    /// other searches use the Unicode-folding `contains_folded` the connection registers.
    /// ASCII text goes through LIKE (which folds ASCII only); the two characters outside ASCII
    /// that fold into it, İ to "i" and the Kelvin sign to "k", send the rows that hold them to
    /// `contains_folded` (instr, a byte search, costs a search a third more over 10,000 flows;
    /// a GLOB for any character outside ASCII cost it double).
    func containsFolded(_ column: String, _ text: String) -> (condition: String, values: [SQLValue]) {
        let folded = text.searchFolded
        guard folded.unicodeScalars.allSatisfy(\.isASCII) else { return ("contains_folded(\(column), ?)", [.text(folded)]) }
        let escaped = folded.unicodeScalars.map { "%_\\".unicodeScalars.contains($0) ? "\\\($0)" : "\($0)" }.joined()
        let like = ("\(column) LIKE ? ESCAPE '\\'", [SQLValue.text("%" + escaped + "%")])
        let foldingIn = [("i", "\u{130}"), ("k", "\u{212A}")].filter { folded.contains($0.0) }
        guard !foldingIn.isEmpty else { return like }
        let holds = foldingIn.map { "instr(\(column), '\($0.1)') > 0" }.joined(separator: " OR ")
        return ("(\(like.0) OR ((\(holds)) AND contains_folded(\(column), ?)))", like.1 + [.text(folded)])
    }

}
