/// Schema step 10: exports and imports become resources of an integration (SPEC v2 §3), and
/// each flow keeps integrator.io's step structure. Self-contained: it reads the wave-1 `steps`
/// table with its own SQL and writes the new tables with its own SQL.
enum ResourceModel {
    static let statements: [String] =
        ["exports", "imports"].flatMap { table in
            [
                """
                CREATE TABLE \(table) (
                    seq INTEGER PRIMARY KEY,
                    id TEXT NOT NULL UNIQUE,
                    integration_id TEXT NOT NULL REFERENCES integrations(id),
                    connection_id TEXT REFERENCES connections(id),
                    name TEXT NOT NULL,
                    description TEXT NOT NULL DEFAULT '',
                    \(table == "exports" ? "is_lookup INTEGER NOT NULL DEFAULT 0 CHECK (is_lookup IN (0, 1))," : "")
                    settings TEXT NOT NULL DEFAULT '{}',
                    extra TEXT NOT NULL DEFAULT '{}',
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL
                )
                """,
                "CREATE INDEX \(table)_by_integration ON \(table)(integration_id, seq)",
                "CREATE INDEX \(table)_by_name ON \(table)(name)",
                "CREATE INDEX \(table)_by_connection ON \(table)(connection_id)",
            ]
        } + [
            "ALTER TABLE flows ADD COLUMN page_generators TEXT NOT NULL DEFAULT '[]'",
            // NULL when the flow has no such key (a branching flow keeps `routers` instead).
            "ALTER TABLE flows ADD COLUMN page_processors TEXT",
            "ALTER TABLE flows ADD COLUMN routers TEXT",
            // Which flow uses which export or import: derived from the flows' structure and
            // rewritten with it, so "used by" questions are one indexed query.
            """
            CREATE TABLE flow_steps (
                flow_id TEXT NOT NULL REFERENCES flows(id) ON DELETE CASCADE,
                kind TEXT NOT NULL CHECK (kind IN ('export', 'import')),
                resource_id TEXT NOT NULL,
                PRIMARY KEY (flow_id, kind, resource_id)
            ) WITHOUT ROWID
            """,
            "CREATE INDEX flow_steps_by_resource ON flow_steps(resource_id, kind, flow_id)",
        ]

    /// Moves every wave-1 step into `exports` or `imports` (same id, so aliases, settings and
    /// the audit log still name it), writes each flow's `pageGenerators` and `pageProcessors`
    /// in the old order, then drops `steps`.
    @Sendable static func convertSteps(_ database: Store) throws {
        let columns = "id, connection_id, name, description, settings, extra, created_at, updated_at"
        try database.execute(
            """
            INSERT INTO exports (\(columns), integration_id, is_lookup)
            SELECT s.id, s.connection_id, s.name, s.description, s.settings, s.extra, s.created_at, s.updated_at,
                   f.integration_id, s.lookup
            FROM steps s JOIN flows f ON f.id = s.flow_id WHERE s.type = 'export' ORDER BY s.seq;
            INSERT INTO imports (\(columns), integration_id)
            SELECT s.id, s.connection_id, s.name, s.description, s.settings, s.extra, s.created_at, s.updated_at,
                   f.integration_id
            FROM steps s JOIN flows f ON f.id = s.flow_id WHERE s.type = 'import' ORDER BY s.seq;
            INSERT INTO flow_steps (flow_id, kind, resource_id) SELECT DISTINCT flow_id, type, id FROM steps;
            UPDATE flows SET page_processors = '[]';
            """)
        var structure: [String: (generators: [JSONValue], processors: [JSONValue])] = [:]
        for row in try database.rows(
            """
            SELECT flow_id, type, id, lookup FROM steps
            ORDER BY flow_id, (type = 'export' AND lookup = 0) DESC, position, seq
            """)
        {
            let (flowID, type, id, lookup) = (try row.text(at: 0), try row.text(at: 1), try row.text(at: 2), try row.flag(at: 3))
            if type == "export" && !lookup {
                structure[flowID, default: ([], [])].generators.append(["_exportId": .string(id)])
            } else {
                let entry: JSONValue =
                    type == "export"
                    ? ["type": "export", "_exportId": .string(id)] : ["type": "import", "_importId": .string(id)]
                structure[flowID, default: ([], [])].processors.append(entry)
            }
        }
        for (flowID, lists) in structure {
            try database.run(
                "UPDATE flows SET page_generators = ?, page_processors = ? WHERE id = ?",
                [
                    .text(JSONValue.array(lists.generators).compactText),
                    .text(JSONValue.array(lists.processors).compactText), .text(flowID),
                ])
        }
        try database.execute("DROP TABLE steps")
    }
}
