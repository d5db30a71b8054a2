import Foundation

/// Rows of the audit log and of the revision store altered, removed and reordered behind the
/// program's back: `audit verify` must exit 1 naming the first bad row (and the right last
/// good one in its hint); a head kept elsewhere must catch rows cut from the end.
struct TamperingCheck {
    let campaign: Campaign
    let repository: String

    func run() throws {
        say("tampering")
        let folder = try campaign.folder("tamper")
        let base = "\(folder)/base.sqlite"
        try Seed(campaign: campaign, repository: repository).build(base)
        for index in 0..<4 {
            try campaign.must(["flow", "edit", "NetSuite invoices to Salesforce", "--description", "Edit \(index)"], db: base)
            try campaign.must(["revision", "snapshot", "Salesforce to NetSuite", "-m", "Snapshot \(index)"], db: base)
        }
        try checkpoint(base)
        let rows = try StoreFile(base).int("SELECT max(seq) FROM audit")
        let revisions = try StoreFile(base).rows("SELECT id FROM revisions ORDER BY seq").compactMap { $0.first ?? nil }
        let work = "\(folder)/work.sqlite"
        let trials = campaign.long ? 60 : 6
        var found = 0
        for _ in 0..<trials {
            let row = campaign.int(in: 2...(rows - 2))
            let unlock = "DROP TRIGGER audit_is_append_only_update; DROP TRIGGER audit_is_append_only_delete;"
            let cases: [(String, String, [String])] = [
                ("altered audit row \(row)", "UPDATE audit SET resource_name = resource_name || 'x' WHERE seq = \(row)", ["row \(row) does not match", "after row \(row - 1)"]),
                ("removed audit row \(row)", "DELETE FROM audit WHERE seq = \(row)", ["row \(row) is missing", "after row \(row - 1)"]),
                ("audit rows \(row) and \(row + 1) swapped",
                 "UPDATE audit SET seq = -1 WHERE seq = \(row); UPDATE audit SET seq = \(row) WHERE seq = \(row + 1); UPDATE audit SET seq = \(row + 1) WHERE seq = -1",
                 ["row \(row) does not match", "after row \(row - 1)"]),
            ]
            for (label, sql, expected) in cases {
                try copyWorkspace(base, to: work)
                try StoreFile(work, writable: true).execute(unlock + sql)
                found += try expectFound(label, work, expected) ? 1 : 0
            }
            let revision = campaign.pick(revisions)
            let revisionUnlock = "DROP TRIGGER revisions_are_append_only_update; DROP TRIGGER revisions_are_append_only_delete;"
            let revisionCases: [(String, String, [String])] = [
                ("altered revision \(revision)", "UPDATE revisions SET description = description || 'x' WHERE id = '\(revision)'", ["revision \(revision)", "revision store"]),
                ("removed revision \(revision)", "DELETE FROM revisions WHERE id = '\(revision)'", ["revision \(revision)", "removed"]),
                ("revision \(revision) moved last", "UPDATE revisions SET seq = (SELECT max(seq) + 1 FROM revisions) WHERE id = '\(revision)'", ["out of the log's order"]),
                ("altered stored bytes", "UPDATE blobs SET content = content || ' ' WHERE hash = (SELECT hash FROM blobs ORDER BY random() LIMIT 1)", ["no longer match"]),
            ]
            for (label, sql, expected) in revisionCases {
                try copyWorkspace(base, to: work)
                try StoreFile(work, writable: true).execute(revisionUnlock + sql)
                if label.hasSuffix("moved last"), revision == revisions.last { continue }
                found += try expectFound(label, work, expected) ? 1 : 0
            }
        }
        // Rows cut from the end: the chain alone cannot tell; a kept head can.
        try copyWorkspace(base, to: work)
        let head = try campaign.must(["audit", "head"], db: work).trimmingCharacters(in: .whitespacesAndNewlines)
        try StoreFile(work, writable: true).execute("DROP TRIGGER audit_is_append_only_delete; DELETE FROM audit WHERE seq > \(rows - 3)")
        let anchored = try campaign.run(["audit", "verify", "--head", head], db: work)
        if anchored.code != 1 || !anchored.stderr.contains("cut from its end") {
            campaign.finding("tampering: verify --head missed rows cut from the end: \(anchored.described) \(anchored.stderr)")
        } else {
            found += 1
        }
        campaign.figure("tampering", "\(found) of \(found + campaign.findings.filter { $0.hasPrefix("tampering") }.count) tamperings named by audit verify (audit rows altered, removed, reordered, cut from the end; revisions altered, removed, reordered; stored bytes altered)")
    }

    /// `audit verify` exits 1 with every expected phrase in its error and hint.
    private func expectFound(_ label: String, _ work: String, _ expected: [String]) throws -> Bool {
        let outcome = try campaign.run(["audit", "verify"], db: work)
        let missing = expected.filter { !outcome.stderr.contains($0) }
        if outcome.code != 1 || !outcome.stderr.hasPrefix("error:") || !missing.isEmpty {
            campaign.finding("tampering: \(label): audit verify gave \(outcome.described): \(outcome.stderr.prefix(300)) (missing \(missing))")
            return false
        }
        return true
    }
}
