import Crypto

/// The audit log's hash chain: hash(n) = SHA-256(canonical content of row n ‖ hash(n−1)),
/// with the empty string before the first row. `audit verify` recomputes it.
enum AuditChain {
    /// The columns a row's hash covers, in this order (the sequence number included, so a
    /// removed or reordered row breaks the chain).
    static let columns = """
        seq, time, user, source, resource_type, resource_id, resource_name, integration_id, action,
        field_path, old_value, new_value
        """

    /// A row's canonical bytes: its columns as a compact JSON array.
    static func canonical(_ row: Row) -> String {
        JSONValue.array(row.values.prefix(12).map { value in
            switch value {
            case .null: .null
            case .integer(let number): .int(number)
            case .real(let number): .double(number)
            case .text(let text): .string(text)
            }
        }).compactText
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    static func hash(_ canonical: String, previous: String) -> String {
        var hasher = SHA256()
        hasher.update(data: Array(canonical.utf8))
        hasher.update(data: Array(previous.utf8))
        var hex: [UInt8] = []
        hex.reserveCapacity(64)
        for byte in hasher.finalize() {
            hex.append(hexDigits[Int(byte >> 4)])
            hex.append(hexDigits[Int(byte & 0x0F)])
        }
        return String(decoding: hex, as: UTF8.self)
    }

    /// Hashes the rows written before the chain existed, then makes the log append-only again.
    @Sendable static func backfill(_ database: Database) throws {
        var previous = ""
        for row in try database.rows("SELECT \(columns) FROM audit ORDER BY seq") {
            previous = hash(canonical(row), previous: previous)
            try database.run("UPDATE audit SET hash = ? WHERE seq = ?", [.text(previous), row.values[0]])
        }
        try database.execute(Schema.auditUpdateTrigger)
    }
}
