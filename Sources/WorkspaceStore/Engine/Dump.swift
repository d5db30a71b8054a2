extension Store {
    /// Every row of every table, in a stable order: two files with the same content give the
    /// same text. Used to prove that a refused command wrote nothing.
    package func contentDump() throws -> String {
        let tables = try rows(dialect.tables).map { try $0.text(at: 0) }.sorted()
        var lines: [String] = []
        for table in tables {
            lines.append("# \(table)")
            // The name comes from the schema, not from a user; quoted as an identifier.
            let quoted = "\"" + String(table.flatMap { $0 == "\"" ? ["\"", "\""] : [$0] }) + "\""
            // The generation is a change stamp (as SQLite's data_version, which no table shows), not content.
            let filter = table == dialect.metaTable ? " WHERE key <> 'generation'" : ""
            for row in try rows("SELECT * FROM \(quoted)\(filter) ORDER BY 1") {
                // A token's last use is a usage stamp (noted at most once a minute), not content.
                let values = row.values.indices.filter { row.columns?.names[$0] != "last_used_at" }.map { row.values[$0] }
                lines.append(values.map { "\($0)" }.joined(separator: "|"))
            }
        }
        if dialect.metaTable.map(tables.contains) ?? true {
            lines.append("# user_version \(try scalar(dialect.schemaVersion))")
        }
        return lines.joined(separator: "\n")
    }

    /// A dump without the audit table's rows: what a denial (which adds only its audit row)
    /// must leave unchanged.
    static func withoutAudit(_ dump: String) -> String {
        var keep = true
        return dump.split(separator: "\n").filter { line in
            if line.hasPrefix("# ") { keep = line != "# audit" }
            return keep
        }.joined(separator: "\n")
    }
}
