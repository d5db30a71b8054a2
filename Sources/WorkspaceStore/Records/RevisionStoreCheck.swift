/// Tamper evidence for the revision store. Each revision's audit row carries its seal (type,
/// description, time, manifests, other side), so the audit chain vouches for the revisions;
/// `audit verify` then checks the store against it: every revision matches its sealed row and
/// comes in the log's order, no sealed revision is gone, every stored blob still hashes to its
/// name, and every manifest names only blobs that are there.
package struct RevisionStoreCheck {
    /// The field path of the seal in a revision's audit row.
    package static let sealPath = "/revision"

    /// What is wrong: the audit row it concerns (0: none) and a message naming the revision or blob.
    package struct Problem {
        package let sequence: Int64
        package let message: String
    }

    let database: Store

    package init(database: Store) {
        self.database = database
    }

    /// The first problem found (by audit row), or nil when the store matches the log.
    package func firstProblem() throws -> Problem? {
        let sealed = try sealedRows()
        var problems: [Problem] = []
        var seen = Set<String>()
        var previous: (sequence: Int64, id: String)?
        var manifests: [String] = []
        try database.forEach("SELECT \(RevisionRecord.columns) FROM revisions ORDER BY seq") { row in
            let revision = try RevisionRecord.decode(row)
            seen.insert(revision.id)
            manifests += [revision.before, revision.after].compactMap { $0 }
            guard let audit = sealed[revision.id] else {
                problems.append(Problem(sequence: 0, message: "revision \(revision.id) has no audit row: it was added or changed behind the program's back"))
                return
            }
            if let mismatch = audit.mismatch(with: revision) {
                problems.append(Problem(sequence: audit.sequence, message: "revision \(revision.id) (audit row \(audit.sequence)) was altered: its \(mismatch) differs from what the log recorded"))
            } else if let previous, previous.sequence > audit.sequence {
                problems.append(Problem(sequence: audit.sequence, message: "revisions \(previous.id) and \(revision.id) are out of the log's order: the revision store was reordered"))
            }
            previous = (audit.sequence, revision.id)
        }
        for (id, audit) in sealed where !seen.contains(id) {
            problems.append(Problem(sequence: audit.sequence, message: "revision \(id) (audit row \(audit.sequence)) was removed from the revision store"))
        }
        if let first = problems.min(by: { ($0.sequence == 0 ? Int64.max : $0.sequence) < ($1.sequence == 0 ? Int64.max : $1.sequence) }) {
            return first
        }
        try database.forEach("SELECT manifest, id_map FROM merge_bases") { row in manifests += [try row.text(at: 0), try row.text(at: 1)] }
        return try blobProblem(manifests: manifests)
    }

    /// The revision audit rows by revision id (the newest row of an id, should a test forge two).
    private func sealedRows() throws -> [String: SealedRow] {
        var rows: [String: SealedRow] = [:]
        try database.forEach(
            """
            SELECT seq, resource_id, user_name, integration_id, action, field_path, new_value FROM audit
            WHERE resource_type = 'revision' ORDER BY seq
            """
        ) { row in rows[try row.text(at: 1)] = try SealedRow(row) }
        return rows
    }

    /// A blob whose bytes no longer hash to its name, or a manifest naming a missing blob.
    private func blobProblem(manifests: [String]) throws -> Problem? {
        var present = Set<String>()
        var altered: String?
        try database.forEach("SELECT hash, content FROM blobs ORDER BY hash") { row in
            let hash = try row.text(at: 0)
            present.insert(hash)
            if altered == nil, try AuditChain.sha256Hex(Array(try row.text(at: 1).utf8)) != hash { altered = hash }
        }
        if let altered {
            return Problem(sequence: 0, message: "the stored revision bytes \(altered) no longer match their hash: they were altered")
        }
        var pending = manifests
        var visited = Set<String>()
        while let hash = pending.popLast() {
            guard visited.insert(hash).inserted else { continue }
            guard present.contains(hash), let text = try BlobRecord.content(hash, in: database) else {
                return Problem(sequence: 0, message: "the revision store lost \(hash), which a revision or merge base names")
            }
            guard case .object(let manifest)? = try? JSONValue(parsing: text) else { continue }
            let (base, resources) = Self.references(of: manifest)
            if let base { pending.append(base) }
            if let lost = resources.first(where: { !present.contains($0) }) {
                return Problem(sequence: 0, message: "the revision store lost \(lost), which the manifest \(hash) names")
            }
        }
        return nil
    }

    /// The manifest a delta manifest builds on, and the resource blobs a manifest (whole, delta
    /// or the flat kind of old merge bases) names. An id map names no blob: its values are ids.
    private static func references(of manifest: JSONObject) -> (base: String?, resources: [String]) {
        let isManifest = manifest["depth"] != nil
        let tables = isManifest ? [manifest["entries"], manifest["set"]].compactMap { $0?.objectValue } : [manifest]
        let hashes = tables.flatMap { $0.values.compactMap(\.stringValue) }.filter(Self.isHash)
        return (manifest["base"]?.stringValue, isManifest || hashes.count == manifest.count ? hashes : [])
    }

    private static func isHash(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }
}

/// A revision's audit row, and what it recorded of the revision.
private struct SealedRow {
    let sequence: Int64
    let user: String
    let integrationID: String
    let action: String
    let seal: JSONValue?
    /// Rows written before seals existed recorded the description alone (or nothing).
    let legacyDescription: String?

    init(_ row: Row) throws {
        sequence = try row.integer(at: 0)
        user = try row.text(at: 2)
        integrationID = try row.optionalText(at: 3) ?? ""
        action = try row.text(at: 4)
        let path = try row.optionalText(at: 5)
        // A seal that does not parse is a mismatch to report, not a damaged file.
        let value = try row.optionalText(at: 6).flatMap { try? JSONValue(parsing: $0) }
        seal = path == RevisionStoreCheck.sealPath ? value : nil
        legacyDescription = path == RevisionStoreCheck.sealPath ? nil : (value?.stringValue ?? "")
    }

    /// The first field in which the revision differs from this row, if any.
    func mismatch(with revision: Revision) -> String? {
        if revision.user != user { return "user" }
        if revision.integrationID != integrationID { return "integration" }
        if revision.type.auditAction.rawValue != action { return "type" }
        if let seal {
            guard case .object(let recorded) = seal, case .object(let actual) = revision.seal else { return "seal" }
            return actual.keys.first { recorded[$0] != actual[$0] }.map { $0 == "createdAt" ? "time" : $0 }
                ?? (recorded.count == actual.count ? nil : "seal")
        }
        return legacyDescription == revision.description ? nil : "description"
    }
}

extension Revision {
    /// What its audit row records of it (the columns the row has of its own aside).
    package var seal: JSONValue {
        .object(
            JSONObject([
                ("type", .string(type.rawValue)), ("description", .string(description)), ("createdAt", .int(createdAt)),
                ("before", before.map(JSONValue.string) ?? .null), ("after", after.map(JSONValue.string) ?? .null),
                ("other", otherID.map(JSONValue.string) ?? .null), ("integrationName", .string(integrationName)),
            ]))
    }
}
