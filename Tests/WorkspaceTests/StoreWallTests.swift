import Foundation
import Testing

@testable import Workspace
@testable import WorkspaceStore

/// ARCHITECTURE §8: SQL lives in the store target only, so that a second engine has one seam to
/// fill. The compiler keeps the store's statements, rows and values internal; this test keeps
/// SQL text and the SQLite module out of every other target's sources.
@Suite struct StoreWallTests {
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources")

    /// Statement openings as SQL writes them (upper case, as every statement here is written);
    /// an HTTP method alone ("DELETE") or an HTML element ("select") is not SQL.
    static let statement = try! NSRegularExpression(
        pattern: #"\b(SELECT\s+[\w*(]|INSERT\s+(OR\s+\w+\s+)?INTO\b|UPDATE\s+\w+\s+SET\b|DELETE\s+FROM\b|PRAGMA\s+\w|CREATE\s+(UNIQUE\s+)?(TABLE|INDEX|TRIGGER|VIEW)\b|ALTER\s+TABLE\b|DROP\s+(TABLE|INDEX|TRIGGER|VIEW)\b|json_each\()"#)

    /// Every Swift file under Sources/ outside the store target, with its text.
    static func filesOutsideTheStore() throws -> [(path: String, text: String)] {
        let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" } ?? []
        return try files.filter { !$0.path.contains("/Sources/WorkspaceStore/") }
            .map { ($0.path.replacingOccurrences(of: sources.path + "/", with: ""), try String(contentsOf: $0, encoding: .utf8)) }
    }

    @Test func noSQLTextOutsideTheStore() throws {
        let files = try Self.filesOutsideTheStore()
        #expect(files.count > 50, "the sources were not found at \(Self.sources.path)")
        for (path, text) in files {
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let line = String(line)
                let range = NSRange(line.startIndex..., in: line)
                #expect(Self.statement.firstMatch(in: line, range: range) == nil, "SQL in \(path):\(number + 1): \(line)")
            }
        }
    }

    @Test func onlyTheStoreImportsSQLite() throws {
        for (path, text) in try Self.filesOutsideTheStore() {
            #expect(!text.contains("import CSQLite"), "\(path) imports CSQLite")
        }
    }

    /// The pattern finds what it is for, so the tests above can fail.
    @Test func thePatternFindsStatements() {
        let samples = [
            "SELECT id FROM flows", "INSERT OR IGNORE INTO pins", "UPDATE flows SET name = ?", "DELETE FROM grants",
            "PRAGMA user_version", "CREATE INDEX a ON b(c)", "SELECT value FROM json_each(?)", "ALTER TABLE audit RENAME",
        ]
        for sample in samples {
            #expect(Self.statement.firstMatch(in: sample, range: NSRange(sample.startIndex..., in: sample)) != nil, "\(sample)")
        }
        for harmless in [#"api("DELETE", "/session")"#, "<select>", "Select a flow", "UPDATE the README"] {
            #expect(Self.statement.firstMatch(in: harmless, range: NSRange(harmless.startIndex..., in: harmless)) == nil, "\(harmless)")
        }
    }

    /// PostgreSQL's reserved words (those that may not name a column unquoted), as far as a
    /// column of ours could plausibly be called one. `SELECT user FROM audit` is valid there and
    /// silently reads the session's role instead of the column.
    static let reservedInPostgreSQL: Set<String> = [
        "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "both", "case", "cast", "check", "collate",
        "column", "constraint", "create", "current_date", "current_role", "current_time", "current_timestamp",
        "current_user", "default", "deferrable", "desc", "distinct", "do", "else", "end", "except", "false", "fetch",
        "for", "foreign", "from", "grant", "group", "having", "in", "initially", "intersect", "into", "lateral",
        "leading", "limit", "localtime", "localtimestamp", "not", "null", "offset", "on", "only", "or", "order",
        "placing", "primary", "references", "returning", "select", "session_user", "some", "symmetric", "table",
        "then", "to", "trailing", "true", "union", "unique", "user", "using", "variadic", "when", "where", "window",
        "with",
    ]

    @Test(.sqliteOnly) func noColumnIsAReservedWordOfPostgreSQL() throws {
        let scratch = try Scratch()
        let database = scratch.workspace.database
        let tables = try database.rows("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").map { try $0.text(at: 0) }
        #expect(tables.contains("audit") && tables.contains("grants"))
        for table in tables {
            for column in try database.rows("SELECT name FROM pragma_table_info(?)", [.text(table)]).map({ try $0.text(at: 0) }) {
                #expect(!Self.reservedInPostgreSQL.contains(column.lowercased()), "\(table).\(column) is reserved in PostgreSQL")
            }
        }
    }
}
