/// The schema as one ordered list of migrations with a body per engine; the schema version
/// (SQLite's `PRAGMA user_version`, PostgreSQL's `workspace_meta`) counts those applied.
/// PostgreSQL workspaces start at `PostgreSQLSchema.baseline` (the schema as it stood when
/// the engine came); every migration after it carries a PostgreSQL body too.
enum Schema {
    struct Migration: Sendable {
        let name: String
        /// SQLite's body.
        let statements: [String]
        /// Work SQL alone can't do, run after the statements in the same transaction.
        var code: (@Sendable (Store) throws -> Void)? = nil
        /// PostgreSQL's body (nil for the migrations the baseline already holds).
        var postgres: [String]? = nil
    }

    /// The newest schema: the number of migrations (a test checks the two agree). A constant,
    /// so that opening a current file does not build every migration's SQL just to count them.
    static let version = 19

    static let migrations: [Migration] = [
        Migration(name: "users, integrations, flows, APIs, tools, audit", statements: foundation),
        Migration(name: "per-integration grants", statements: grants),
        Migration(name: "connections, registrations, flow steps, flow groups", statements: connectionsAndSteps),
        Migration(name: "per-user pins and tile order", statements: homePage),
        Migration(name: "item counts kept by triggers", statements: itemCounts),
        Migration(
            name: "settings documents",
            statements: ["integrations", "flow_groups", "flows", "steps", "connections"].map {
                "ALTER TABLE \($0) ADD COLUMN settings TEXT NOT NULL DEFAULT '{}'"
            }),
        Migration(name: "aliases", statements: aliases),
        Migration(name: "hash-chained audit log", statements: auditChain, code: backfillAuditChain),
        Migration(
            name: "connection status read from an index",
            statements: ["CREATE INDEX connections_status ON connections(id, offline, type)"]),
        Migration(
            name: "exports and imports belong to integrations; flows keep integrator.io's step structure",
            statements: ResourceModel.statements, code: ResourceModel.convertSteps),
        Migration(
            name: "audit sources api and web; the file names itself a workspace",
            statements: auditSources + ["PRAGMA application_id = \(applicationID)"]),
        Migration(name: "content-addressed blobs; clones keep their source and merge base", statements: mergeBases),
        Migration(
            name: "scripts belong to integrations",
            statements: [
                """
                CREATE TABLE scripts (
                    seq INTEGER PRIMARY KEY,
                    id TEXT NOT NULL UNIQUE,
                    integration_id TEXT NOT NULL REFERENCES integrations(id),
                    name TEXT NOT NULL,
                    content TEXT NOT NULL DEFAULT '',
                    extra TEXT NOT NULL DEFAULT '{}',
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL
                )
                """,
                "CREATE INDEX scripts_by_integration ON scripts(integration_id, seq)",
                "CREATE INDEX scripts_by_name ON scripts(name)",
            ]),
        Migration(
            name: "flow groups keep their integrator.io fields; integrations keep resources the workspace does not model",
            statements: [
                "ALTER TABLE flow_groups ADD COLUMN extra TEXT NOT NULL DEFAULT '{}'",
                "ALTER TABLE integrations ADD COLUMN other TEXT NOT NULL DEFAULT '[]'",
            ]),
        Migration(name: "revisions of integrations, append-only", statements: revisions),
        Migration(
            name: "API tokens, stored as SHA-256 hashes; a user's go with them",
            statements: [
                """
                CREATE TABLE tokens (
                    seq INTEGER PRIMARY KEY,
                    id TEXT NOT NULL UNIQUE,
                    user TEXT NOT NULL REFERENCES users(name) ON DELETE CASCADE,
                    label TEXT NOT NULL DEFAULT '',
                    hash TEXT NOT NULL UNIQUE,
                    created_by TEXT NOT NULL,
                    created_at INTEGER NOT NULL
                )
                """,
                "CREATE INDEX tokens_by_user ON tokens(user, seq)",
            ]),
        Migration(
            name: "columns named user are user_name: a reserved word in PostgreSQL, where SELECT user reads the session's role",
            statements: ["audit", "grants", "pins", "tile_order", "tokens", "revisions"].map {
                "ALTER TABLE \($0) RENAME COLUMN user TO user_name"
            }),
        Migration(
            name: "browser sessions kept in the workspace (hashed, expiring), so any server over it accepts them",
            statements: [
                """
                CREATE TABLE sessions (
                    id_hash TEXT PRIMARY KEY,
                    token_id TEXT NOT NULL REFERENCES tokens(id) ON DELETE CASCADE,
                    csrf TEXT NOT NULL,
                    expires_at INTEGER NOT NULL
                ) WITHOUT ROWID
                """,
                "CREATE INDEX sessions_by_token ON sessions(token_id, expires_at)",
                "CREATE INDEX sessions_by_expiry ON sessions(expires_at)",
            ],
            postgres: [
                """
                CREATE TABLE sessions (
                    id_hash text PRIMARY KEY,
                    token_id text NOT NULL REFERENCES tokens(id) ON DELETE CASCADE DEFERRABLE INITIALLY IMMEDIATE,
                    csrf text NOT NULL,
                    expires_at bigint NOT NULL
                )
                """,
                "CREATE INDEX sessions_by_token ON sessions(token_id, expires_at)",
                "CREATE INDEX sessions_by_expiry ON sessions(expires_at)",
            ]),
        Migration(
            name: "a recycle bin for every kind (deleted integrations' revisions its first entries); tokens with a scope, an expiry and a last use; workspace options",
            statements: recycleBin(seq: "seq INTEGER PRIMARY KEY", integer: "INTEGER", text: "TEXT"),
            postgres: recycleBin(seq: "seq bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY", integer: "bigint", text: "text")),
    ]

    /// The recycle bin: one row an entry, what it holds as JSON (an integration's entry names its
    /// delete revision instead). The integrations deleted before it came, not restored, are its
    /// first entries, under their delete revisions' ids.
    private static func recycleBin(seq: String, integer: String, text: String) -> [String] {
        [
            "ALTER TABLE tokens ADD COLUMN scope \(text) NOT NULL DEFAULT 'full'",
            "ALTER TABLE tokens ADD COLUMN expires_at \(integer)",
            "ALTER TABLE tokens ADD COLUMN last_used_at \(integer)",
            """
            CREATE TABLE recycle_bin (
                \(seq),
                id \(text) NOT NULL UNIQUE,
                kind \(text) NOT NULL CHECK (kind IN ('integration', 'flowGroup', 'flow', 'export', 'import', 'api', 'tool', 'script', 'connection')),
                resource_id \(text) NOT NULL,
                name \(text) NOT NULL,
                integration_id \(text),
                integration_name \(text) NOT NULL DEFAULT '',
                user_name \(text) NOT NULL,
                deleted_at \(integer) NOT NULL,
                revision_id \(text),
                contents \(text) NOT NULL DEFAULT '{}',
                along \(text) NOT NULL DEFAULT '{}'
            )
            """,
            "CREATE INDEX recycle_bin_by_time ON recycle_bin(deleted_at, seq)",
            "CREATE INDEX recycle_bin_by_integration ON recycle_bin(integration_id, seq)",
            "CREATE INDEX recycle_bin_by_kind ON recycle_bin(kind, seq)",
            "CREATE TABLE workspace_options (name \(text) PRIMARY KEY, value \(text) NOT NULL)",
            """
            INSERT INTO recycle_bin (id, kind, resource_id, name, integration_id, integration_name, user_name, deleted_at, revision_id)
            SELECT r.id, 'integration', r.integration_id, r.integration_name, r.integration_id, r.integration_name, r.user_name,
                r.created_at, r.id
            FROM revisions r WHERE r.type = 'delete'
            AND NOT EXISTS (SELECT 1 FROM integrations i WHERE i.id = r.integration_id)
            AND NOT EXISTS (SELECT 1 FROM revisions x WHERE x.type = 'restore' AND x.other_id = r.id)
            ORDER BY r.seq
            """,
        ]
    }

    /// A revision names its integration by id without a foreign key: the revisions of a deleted
    /// integration stay, to be restored. Manifests are blobs (see `Manifests`).
    private static let revisions = [
        """
        CREATE TABLE revisions (
            seq INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            integration_id TEXT NOT NULL,
            integration_name TEXT NOT NULL,
            type TEXT NOT NULL CHECK (type IN ('snapshot', 'pull', 'revert', 'delete', 'install', 'clone', 'restore')),
            status TEXT NOT NULL DEFAULT 'completed' CHECK (status IN ('completed')),
            description TEXT NOT NULL DEFAULT '',
            user TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            before_manifest TEXT REFERENCES blobs(hash),
            after_manifest TEXT REFERENCES blobs(hash),
            other_id TEXT
        )
        """,
        "CREATE INDEX revisions_by_integration ON revisions(integration_id, seq)",
        "CREATE INDEX revisions_by_type ON revisions(type, seq)",
        "CREATE INDEX revisions_by_other ON revisions(other_id) WHERE other_id IS NOT NULL",
        """
        CREATE TRIGGER revisions_are_append_only_update BEFORE UPDATE ON revisions
        BEGIN SELECT RAISE(ABORT, 'revisions are append-only'); END
        """,
        """
        CREATE TRIGGER revisions_are_append_only_delete BEFORE DELETE ON revisions
        BEGIN SELECT RAISE(ABORT, 'revisions are append-only'); END
        """,
    ]

    /// Each resource's canonical bytes stored once under their SHA-256; a clone's merge base is
    /// a manifest (resource → hash) and the id map between the two sides, both blobs too.
    private static let mergeBases = [
        "ALTER TABLE integrations ADD COLUMN source_id TEXT",
        "CREATE TABLE blobs (hash TEXT PRIMARY KEY, content BLOB NOT NULL) WITHOUT ROWID",
        """
        CREATE TABLE merge_bases (
            integration_id TEXT NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
            other_id TEXT NOT NULL,
            manifest TEXT NOT NULL REFERENCES blobs(hash),
            id_map TEXT NOT NULL REFERENCES blobs(hash),
            created_at INTEGER NOT NULL,
            PRIMARY KEY (integration_id, other_id)
        ) WITHOUT ROWID
        """,
    ]

    /// `PRAGMA application_id` of a workspace file ("WSP1"), so that no other file is taken for one.
    static let applicationID: Int64 = 0x5753_5031

    /// Refuses (exit 5) a file that is not a workspace: a new empty one, another SQLite
    /// database, or no database at all. Files written before the application id was set are
    /// known by their tables.
    static func requireWorkspace(_ database: Store) throws {
        func tables() throws -> Set<String> { Set(try database.rows(database.dialect.tables).map { try $0.text(at: 0) }) }
        // SQLite keeps the application id in the file's header: one query settles a workspace.
        // PostgreSQL keeps it in a table, which must be there first: one probe says so.
        var keepsMeta = true
        if let probe = database.dialect.metaProbe, let row = try database.row(probe) {
            guard try row.integer(at: 1) == 1 else {
                // An empty database, as an empty file: not a workspace (yet).
                throw WorkspaceError.damaged(
                    "the database at \(database.location) holds no workspace",
                    hint: "run `workspace init --db ADDRESS` to make one there")
            }
            keepsMeta = try row.integer(at: 0) == 1
        }
        let application = keepsMeta ? try database.scalar(database.dialect.applicationID) : 0
        if application == applicationID { return }
        guard application == 0, keepsMeta, try database.scalar(database.dialect.schemaVersion) > 0,
            try tables().isSuperset(of: ["users", "integrations", "audit"])
        else {
            throw WorkspaceError.damaged(
                "\(database.location) is not a workspace",
                hint: "pass --db PATH to a workspace file, or run `workspace init` with a new path")
        }
    }

    /// Brings the file up to `target` (normally the newest `version`) from the schema it has
    /// (`from` when known); a newer file is refused without being touched.
    static func migrate(_ database: Store, from known: Int? = nil, to target: Int = version) throws {
        let current = try known ?? Int(try database.scalar(database.dialect.schemaVersion))
        guard current <= version else {
            throw WorkspaceError.damaged(
                "this workspace was written by a newer version of workspace (schema \(current); this program knows \(version))",
                hint: "upgrade workspace to open it")
        }
        guard current < target else { return }
        try database.changingSchema { try apply(migrations[current..<target], to: database, reaching: target) }
    }

    /// Runs each migration's body for the engine, then records the version reached.
    private static func apply(_ steps: ArraySlice<Migration>, to database: Store, reaching target: Int) throws {
        for migration in steps {
            switch database.engine {
            case .sqlite:
                for statement in migration.statements { try database.execute(statement) }
                try migration.code?(database)
            case .postgresql:
                guard let body = migration.postgres else {
                    throw WorkspaceError.damaged(
                        "this PostgreSQL workspace is older than any schema this program can upgrade (migration \"\(migration.name)\")")
                }
                for statement in body { try database.execute(statement) }
            }
        }
        try database.execute(database.dialect.setSchemaVersion(target))
    }

    /// Makes the newest schema in a new, empty workspace (on PostgreSQL with `seed`'s rows in
    /// the same transaction, so that a failure leaves the database empty).
    static func create(_ database: Store, seed: () throws -> Void = {}) throws {
        switch database.engine {
        case .sqlite:
            try migrate(database, from: 0)
            try database.transaction(.write, seed)
        case .postgresql:
            try database.changingSchema {
                for statement in PostgreSQLSchema.baseline { try database.execute(statement) }
                try apply(migrations[PostgreSQLSchema.baselineVersion...], to: database, reaching: version)
                try seed()
            }
        }
    }

    /// Hashes the rows written before the chain existed, then makes the log append-only again.
    /// A copy of the chain as it was defined when this migration was written, so a later
    /// change to `AuditChain` cannot change what this step does.
    @Sendable private static func backfillAuditChain(_ database: Store) throws {
        var previous = ""
        for row in try database.rows(
            """
            SELECT seq, time, user, source, resource_type, resource_id, resource_name, integration_id, action,
                   field_path, old_value, new_value FROM audit ORDER BY seq
            """)
        {
            var bytes: [UInt8] = [UInt8(ascii: "[")]
            for (index, value) in row.values.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                let json: JSONValue =
                    switch value {
                    case .null: .null
                    case .integer(let number): .int(number)
                    case .real(let number): .double(number)
                    case .text(let text): .string(text)
                    }
                json.appendCompact(to: &bytes)
            }
            bytes.append(UInt8(ascii: "]"))
            previous = try AuditChain.sha256Hex(bytes + Array(previous.utf8))
            try database.run("UPDATE audit SET hash = ? WHERE seq = ?", [.text(previous), row.values[0]])
        }
        try database.execute(
            """
            CREATE TRIGGER audit_is_append_only_update BEFORE UPDATE ON audit
            BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END
            """)
    }

    /// SQLite cannot change a CHECK constraint in place: the log is copied into a new table
    /// with the same rows, hashes and sequence numbers (so the chain still verifies).
    private static let auditSources = [
        "DROP TRIGGER audit_is_append_only_update",
        "DROP TRIGGER audit_is_append_only_delete",
        """
        CREATE TABLE audit_new (
            seq INTEGER PRIMARY KEY,
            time INTEGER NOT NULL,
            user TEXT NOT NULL,
            source TEXT NOT NULL CHECK (source IN ('cli', 'api', 'web', 'install', 'system')),
            resource_type TEXT NOT NULL,
            resource_id TEXT NOT NULL,
            resource_name TEXT NOT NULL,
            integration_id TEXT,
            action TEXT NOT NULL,
            field_path TEXT,
            old_value TEXT,
            new_value TEXT,
            hash TEXT NOT NULL DEFAULT ''
        )
        """,
        "INSERT INTO audit_new SELECT seq, time, user, source, resource_type, resource_id, resource_name, integration_id, action, field_path, old_value, new_value, hash FROM audit",
        "DROP TABLE audit",
        "ALTER TABLE audit_new RENAME TO audit",
        "CREATE INDEX audit_by_integration ON audit(integration_id, seq)",
        "CREATE INDEX audit_by_resource ON audit(resource_id, seq)",
        "CREATE INDEX audit_by_user ON audit(user, seq)",
        "CREATE INDEX audit_by_action ON audit(action, seq)",
        "CREATE INDEX audit_by_type ON audit(resource_type, seq)",
        "CREATE INDEX audit_by_name ON audit(resource_name, seq)",
        "CREATE INDEX audit_by_time ON audit(time)",
        "CREATE INDEX audit_by_source ON audit(source, seq)",
        """
        CREATE TRIGGER audit_is_append_only_update BEFORE UPDATE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END
        """,
        """
        CREATE TRIGGER audit_is_append_only_delete BEFORE DELETE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END
        """,
    ]

    /// Each audit row's hash covers its content and the previous row's hash. The append-only
    /// triggers are recreated after `AuditChain.backfill` hashes the rows already there.
    private static let auditChain = [
        "DROP TRIGGER audit_is_append_only_update",
        "ALTER TABLE audit ADD COLUMN hash TEXT NOT NULL DEFAULT ''",
        "CREATE INDEX audit_by_user ON audit(user, seq)",
        "CREATE INDEX audit_by_action ON audit(action, seq)",
        "CREATE INDEX audit_by_type ON audit(resource_type, seq)",
        "CREATE INDEX audit_by_name ON audit(resource_name, seq)",
        "CREATE INDEX audit_by_time ON audit(time)",
    ]

    /// Aliases belong to an integration or to a flow (`owner_type`), are unique within their
    /// owner, and name a flow, connection, export or import.
    private static let aliases = [
        """
        CREATE TABLE aliases (
            owner_type TEXT NOT NULL CHECK (owner_type IN ('integration', 'flow')),
            owner_id TEXT NOT NULL,
            alias TEXT NOT NULL,
            description TEXT NOT NULL DEFAULT '',
            target_type TEXT NOT NULL CHECK (target_type IN ('flow', 'connection', 'export', 'import')),
            target_id TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            PRIMARY KEY (owner_type, owner_id, alias)
        ) WITHOUT ROWID
        """,
        "CREATE INDEX aliases_by_target ON aliases(target_id)",
    ]

    /// How many flows, APIs and tools each integration holds, kept by triggers in the same
    /// statement as every insert, delete or move, so the Home page reads counts instead of
    /// counting 100,000 flows. `ItemCountsTests` checks them against real counts.
    private static let itemCounts =
        [
            """
            CREATE TABLE item_counts (
                integration_id TEXT PRIMARY KEY REFERENCES integrations(id) ON DELETE CASCADE,
                flows INTEGER NOT NULL DEFAULT 0,
                apis INTEGER NOT NULL DEFAULT 0,
                tools INTEGER NOT NULL DEFAULT 0
            ) WITHOUT ROWID
            """,
            """
            INSERT INTO item_counts (integration_id, flows, apis, tools)
            SELECT i.id, (SELECT count(*) FROM flows x WHERE x.integration_id = i.id),
                   (SELECT count(*) FROM apis x WHERE x.integration_id = i.id),
                   (SELECT count(*) FROM tools x WHERE x.integration_id = i.id)
            FROM integrations i
            """,
        ] + ["flows", "apis", "tools"].flatMap(countTriggers)

    private static func countTriggers(_ table: String) -> [String] {
        let add = { (row: String) in
            """
            INSERT INTO item_counts (integration_id, \(table)) VALUES (\(row).integration_id, 1)
            ON CONFLICT (integration_id) DO UPDATE SET \(table) = \(table) + 1;
            """
        }
        let remove = { (row: String) in
            "UPDATE item_counts SET \(table) = \(table) - 1 WHERE integration_id = \(row).integration_id;"
        }
        return [
            "CREATE TRIGGER \(table)_counted_in AFTER INSERT ON \(table) BEGIN \(add("new")) END",
            "CREATE TRIGGER \(table)_counted_out AFTER DELETE ON \(table) BEGIN \(remove("old")) END",
            """
            CREATE TRIGGER \(table)_counted_moving AFTER UPDATE OF integration_id ON \(table)
            WHEN old.integration_id <> new.integration_id BEGIN \(remove("old")) \(add("new")) END
            """,
        ]
    }

    private static let homePage = [
        """
        CREATE TABLE pins (
            user TEXT NOT NULL REFERENCES users(name) ON DELETE CASCADE,
            integration_id TEXT NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
            pinned_at INTEGER NOT NULL,
            seq INTEGER NOT NULL,
            PRIMARY KEY (user, integration_id)
        ) WITHOUT ROWID
        """,
        """
        CREATE TABLE tile_order (
            user TEXT NOT NULL REFERENCES users(name) ON DELETE CASCADE,
            integration_id TEXT NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
            position TEXT NOT NULL,
            PRIMARY KEY (user, integration_id)
        ) WITHOUT ROWID
        """,
        "CREATE INDEX pins_by_integration ON pins(integration_id)",
        "CREATE INDEX tile_order_by_integration ON tile_order(integration_id)",
    ]

    private static let connectionsAndSteps = [
        """
        CREATE TABLE connections (
            seq INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            type TEXT NOT NULL,
            description TEXT NOT NULL DEFAULT '',
            offline INTEGER NOT NULL DEFAULT 0,
            extra TEXT NOT NULL DEFAULT '{}',
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        )
        """,
        "CREATE INDEX connections_by_name ON connections(name)",
        """
        CREATE TABLE registrations (
            integration_id TEXT NOT NULL REFERENCES integrations(id),
            connection_id TEXT NOT NULL REFERENCES connections(id),
            PRIMARY KEY (integration_id, connection_id)
        ) WITHOUT ROWID
        """,
        "CREATE INDEX registrations_by_connection ON registrations(connection_id)",
        """
        CREATE TABLE flow_groups (
            seq INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            integration_id TEXT NOT NULL REFERENCES integrations(id),
            name TEXT NOT NULL,
            position INTEGER NOT NULL,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            UNIQUE (integration_id, name)
        )
        """,
        "CREATE INDEX flow_groups_by_name ON flow_groups(name)",
        "ALTER TABLE flows ADD COLUMN group_id TEXT REFERENCES flow_groups(id)",
        "CREATE INDEX flows_by_group ON flows(group_id)",
        """
        CREATE TABLE steps (
            seq INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            type TEXT NOT NULL CHECK (type IN ('export', 'import')),
            flow_id TEXT NOT NULL REFERENCES flows(id),
            connection_id TEXT NOT NULL REFERENCES connections(id),
            lookup INTEGER NOT NULL DEFAULT 0,
            position INTEGER NOT NULL,
            name TEXT NOT NULL,
            description TEXT NOT NULL DEFAULT '',
            extra TEXT NOT NULL DEFAULT '{}',
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        )
        """,
        "CREATE INDEX steps_by_flow ON steps(flow_id, position)",
        "CREATE INDEX steps_by_connection ON steps(connection_id)",
        "CREATE INDEX steps_by_name ON steps(name)",
    ]

    private static let grants = [
        """
        CREATE TABLE grants (
            user TEXT NOT NULL REFERENCES users(name) ON DELETE CASCADE,
            integration_id TEXT NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
            access TEXT NOT NULL CHECK (access IN ('manage', 'monitor')),
            PRIMARY KEY (user, integration_id)
        ) WITHOUT ROWID
        """,
        "CREATE INDEX grants_by_integration ON grants(integration_id)",
    ]

    private static let foundation = [
        """
        CREATE TABLE users (
            name TEXT PRIMARY KEY,
            role TEXT NOT NULL CHECK (role IN ('owner', 'administrator', 'manage', 'monitor', 'tile')),
            created_at INTEGER NOT NULL
        ) WITHOUT ROWID
        """,
        """
        CREATE TABLE integrations (
            seq INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            description TEXT NOT NULL DEFAULT '',
            readme TEXT NOT NULL DEFAULT '',
            extra TEXT NOT NULL DEFAULT '{}',
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        )
        """,
        "CREATE INDEX integrations_by_name ON integrations(name)",
        """
        CREATE TABLE flows (
            seq INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            integration_id TEXT NOT NULL REFERENCES integrations(id),
            name TEXT NOT NULL,
            description TEXT NOT NULL DEFAULT '',
            disabled INTEGER NOT NULL DEFAULT 0,
            extra TEXT NOT NULL DEFAULT '{}',
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        )
        """,
        "CREATE INDEX flows_by_integration ON flows(integration_id, seq)",
        "CREATE INDEX flows_by_name ON flows(name)",
        """
        CREATE TABLE apis (
            seq INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            integration_id TEXT NOT NULL REFERENCES integrations(id),
            name TEXT NOT NULL,
            description TEXT NOT NULL DEFAULT '',
            method TEXT NOT NULL DEFAULT 'GET',
            path TEXT NOT NULL DEFAULT '/',
            extra TEXT NOT NULL DEFAULT '{}',
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        )
        """,
        "CREATE INDEX apis_by_integration ON apis(integration_id, seq)",
        "CREATE INDEX apis_by_name ON apis(name)",
        """
        CREATE TABLE tools (
            seq INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            integration_id TEXT NOT NULL REFERENCES integrations(id),
            name TEXT NOT NULL,
            description TEXT NOT NULL DEFAULT '',
            input_schema TEXT NOT NULL DEFAULT '{}',
            extra TEXT NOT NULL DEFAULT '{}',
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        )
        """,
        "CREATE INDEX tools_by_integration ON tools(integration_id, seq)",
        "CREATE INDEX tools_by_name ON tools(name)",
        """
        CREATE TABLE audit (
            seq INTEGER PRIMARY KEY,
            time INTEGER NOT NULL,
            user TEXT NOT NULL,
            source TEXT NOT NULL CHECK (source IN ('cli', 'install', 'system')),
            resource_type TEXT NOT NULL,
            resource_id TEXT NOT NULL,
            resource_name TEXT NOT NULL,
            integration_id TEXT,
            action TEXT NOT NULL,
            field_path TEXT,
            old_value TEXT,
            new_value TEXT
        )
        """,
        "CREATE INDEX audit_by_integration ON audit(integration_id, seq)",
        "CREATE INDEX audit_by_resource ON audit(resource_id, seq)",
        """
        CREATE TRIGGER audit_is_append_only_update BEFORE UPDATE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END
        """,
        """
        CREATE TRIGGER audit_is_append_only_delete BEFORE DELETE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END
        """,
    ]
}
