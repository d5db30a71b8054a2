import CSQLite

/// Reads (and, for tampering, writes) a workspace file directly, behind the program's back.
final class StoreFile {
    private var handle: OpaquePointer?

    init(_ path: String, writable: Bool = false, create: Bool = false) throws {
        let flags = (writable ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READONLY) | (create ? SQLITE_OPEN_CREATE : 0)
        guard sqlite3_open_v2(path, &handle, flags, nil) == SQLITE_OK else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "no handle"
            sqlite3_close(handle)
            throw Failure("cannot open \(path): \(message)")
        }
        sqlite3_busy_timeout(handle, 10_000)
    }

    deinit { sqlite3_close(handle) }

    /// Every row of `sql` as text (NULL as nil).
    func rows(_ sql: String) throws -> [[String?]] {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK else { throw failure(sql) }
        defer { sqlite3_finalize(statement) }
        var rows: [[String?]] = []
        while true {
            let step = sqlite3_step(statement)
            if step == SQLITE_DONE { break }
            guard step == SQLITE_ROW else { throw failure(sql) }
            rows.append(
                (0..<sqlite3_column_count(statement)).map { column in
                    sqlite3_column_text(statement, column).map { String(cString: $0) }
                })
        }
        return rows
    }


    func execute(_ sql: String) throws {
        guard sqlite3_exec(handle, sql, nil, nil, nil) == SQLITE_OK else { throw failure(sql) }
    }

    private func failure(_ sql: String) -> Failure {
        Failure("\(sql.prefix(80)): \(String(cString: sqlite3_errmsg(handle)))")
    }

    /// `PRAGMA integrity_check` says ok.
    func isSound() throws -> Bool { try rows("PRAGMA integrity_check").map { $0.first ?? nil } == ["ok"] }

    /// The tables' names, internal ones aside.
    func tables() throws -> [String] {
        try rows("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
            .compactMap { $0.first ?? nil }
    }

    /// A digest of every table's content (FNV-1a over the rows in rowid order), and the number
    /// of audit rows; the audit table is left out of the digest so that a denial's row can be
    /// told apart from any other write.
    func fingerprint() throws -> Fingerprint {
        var digest: UInt64 = 0xcbf2_9ce4_8422_2325
        func add(_ text: String?) {
            for byte in (text ?? "\u{0}NULL").utf8 {
                digest = (digest ^ UInt64(byte)) &* 0x100_0000_01b3
            }
            digest = (digest ^ 0x1F) &* 0x100_0000_01b3
        }
        for table in try tables() where table != "audit" {
            add(table)
            for row in try rows("SELECT * FROM \"\(table)\"") { row.forEach(add) }
        }
        let audit = try rows("SELECT count(*), coalesce(max(seq), 0) FROM audit").first ?? []
        return Fingerprint(content: digest, auditRows: Int(audit.first.flatMap { $0 } ?? "") ?? 0)
    }

    /// The actions of audit rows after `sequence`.
    func auditActions(after sequence: Int) throws -> [String] {
        try rows("SELECT action FROM audit WHERE seq > \(sequence) ORDER BY seq").compactMap { $0.first ?? nil }
    }
}

struct Fingerprint: Equatable {
    let content: UInt64
    let auditRows: Int
}
