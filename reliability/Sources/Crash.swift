import Foundation
@_spi(Bench) import Workspace

/// SIGKILL at random moments during large writes; after each kill the file must be sound, the
/// audit chain intact, the change all there or not at all, and the next command must work.
struct CrashCheck {
    let campaign: Campaign

    /// One large write, with how a whole one changes the file.
    struct Scenario {
        let name: String
        let arguments: (Int) -> [String]
        var milliseconds: Double = 0
        var auditRows = 0
        var countsAfter: [String: Int] = [:]
    }

    var engines: Engines { campaign.engines }

    func run() throws {
        say("crash (\(engines.name))")
        let folder = try campaign.folder("crash")
        let base = try engines.location(folder, "base")
        let (moved, snapshot, binned) = try prepare(base, folder: folder)
        let baseCounts = try engines.store(base).counts()
        let baseAudit = baseCounts["audit"] ?? 0
        var scenarios = [
            Scenario(name: "flow move (500 flows)") { _ in ["flow", "move"] + moved + ["--to", "Target"] },
            Scenario(name: "integration delete --cascade (200 flows)") { _ in ["integration", "delete", "Doomed", "--cascade"] },
            Scenario(name: "recycle-bin restore (200 flows)") { _ in ["recycle-bin", "restore", binned] },
            Scenario(name: "settings set --file (1,000 leaves)") { _ in ["settings", "set", "integration:Big", "--file", "\(folder)/leaves.json"] },
            Scenario(name: "integration clone (1,000 flows)") { n in ["integration", "clone", "Big", "--name", "Clone \(n)"] },
            Scenario(name: "integration install (1,000 flows)") { n in ["integration", "install", "\(folder)/big.json", "--name", "Installed \(n)"] },
            Scenario(name: "revision snapshot (1,000 flows)") { _ in ["revision", "snapshot", "Big", "-m", "Before the release"] },
            Scenario(name: "revision revert (300 flows)") { _ in ["revision", "revert", snapshot] },
            Scenario(name: "revision pull (1,000 flows)") { _ in ["revision", "pull", "Big", "--from", "Big clone"] },
        ]
        let work = try engines.location(folder, "work")
        // Each scenario once to its end: how long it takes and what a whole one writes.
        for index in scenarios.indices {
            try engines.copy(base, to: work)
            let outcome = try campaign.run(scenarios[index].arguments(0), db: work)
            guard outcome.code == 0 else { throw Failure("\(scenarios[index].name) failed: \(outcome.stderr)") }
            scenarios[index].milliseconds = outcome.milliseconds
            scenarios[index].countsAfter = try engines.store(work).counts()
            scenarios[index].auditRows = (scenarios[index].countsAfter["audit"] ?? 0) - baseAudit
        }
        let target = campaign.long ? 1_000 : 24
        var kills = 0
        var whole = 0
        var none = 0
        var partial = 0
        var finished = 0
        var round = 0
        while kills < target {
            round += 1
            for scenario in scenarios {
                try engines.copy(base, to: work)
                let child = try Child.start(
                    ([campaign.binary] + scenario.arguments(round)).map { Array($0.utf8) },
                    environment: campaign.environment(db: work, user: "olivia"), scratch: campaign.root)
                usleep(UInt32(Double.random(in: 0...(scenario.milliseconds * 1.1), using: &campaign.random) * 1000))
                let outcome = child.kill()
                try engines.settle(work)
                let result = try check(work, after: scenario, baseCounts: baseCounts, round: round)
                guard outcome.signal == SIGKILL else {
                    finished += 1
                    continue
                }
                kills += 1
                switch result {
                case .whole: whole += 1
                case .none: none += 1
                case .partial: partial += 1
                }
            }
        }
        for scenario in scenarios {
            campaign.figure("crash (\(engines.name)): \(scenario.name)", "\(Int(scenario.milliseconds)) ms whole, \(scenario.auditRows) audit rows")
        }
        campaign.figure("crash (\(engines.name)): SIGKILLs", "\(kills) (\(whole) after the commit: the change whole; \(none) before it: nothing; \(partial) partial); \(finished) more runs ended before their kill")
    }

    enum Result { case whole, none, partial }

    /// The checks after one kill.
    private func check(_ work: String, after scenario: Scenario, baseCounts: [String: Int], round: Int) throws -> Result {
        let store = try engines.store(work, writable: true)
        if !(try store.isSound()) { campaign.finding("\(scenario.name), round \(round): integrity_check failed") }
        let counts = try store.counts()
        let verify = try campaign.run(["audit", "verify"], db: work)
        if verify.code != 0 { campaign.finding("\(scenario.name), round \(round): audit verify: \(verify.stderr)") }
        var result = Result.partial
        if counts == baseCounts {
            result = .none
        } else if counts == scenario.countsAfter {
            result = .whole
        } else {
            campaign.finding("\(scenario.name), round \(round): a partial change (rows per table \(difference(counts, baseCounts)))")
        }
        let next = try campaign.run(["integration", "create", "After \(round)"], db: work)
        if next.code != 0 { campaign.finding("\(scenario.name), round \(round): the next command failed: \(next.stderr)") }
        return result
    }

    private func difference(_ counts: [String: Int], _ base: [String: Int]) -> String {
        counts.keys.sorted().compactMap { key in
            let delta = (counts[key] ?? 0) - (base[key] ?? 0)
            return delta == 0 ? nil : "\(key) \(delta > 0 ? "+" : "")\(delta)"
        }.joined(separator: ", ")
    }

    /// The base file: Big (1,000 flows) and its clone changed since, Doomed (200 flows),
    /// Source (500 flows to move) and Target, "Revert me" (300 flows) changed since a snapshot,
    /// Big's document and a 1,000-leaf settings document, "Binned" (200 flows) deleted into the
    /// recycle bin. Returns the 500 flows' ids, the snapshot to revert to and the bin entry.
    private func prepare(_ base: String, folder: String) throws -> ([String], String, String) {
        let w = try Workspace.create(at: base, owner: "olivia")
        try w.useBulkLoadSettings()
        var moved: [String] = []
        try w.batch {
            let connection = try w.createConnection(name: "Shop", type: "http", offline: false, integration: nil).id
            func fill(_ name: String, _ count: Int, steps: Bool) throws -> [String] {
                _ = try w.createIntegration(name: name, description: "For the crash check")
                return try (0..<count).map { index in
                    let flow = try w.createFlow(name: "\(name) flow \(index)", integration: name)
                    if steps {
                        _ = try w.createStep(.export, name: "\(name) export \(index)", flow: flow.id, connection: connection)
                        _ = try w.createStep(.import, name: "\(name) import \(index)", flow: flow.id, connection: connection)
                    }
                    return flow.id
                }
            }
            _ = try fill("Big", 1_000, steps: true)
            _ = try fill("Doomed", 200, steps: true)
            _ = try fill("Binned", 200, steps: true)
            moved = try fill("Source", 500, steps: false)
            _ = try w.createIntegration(name: "Target")
            _ = try fill("Revert me", 300, steps: true)
        }
        let snapshot = try w.snapshot("Revert me", description: "Snapshot to revert").id
        _ = try w.deleteIntegration("Binned", mode: .cascade)
        let binned = try w.binEntries(type: .integration).first { $0.name == "Binned" }?.id ?? ""
        _ = try w.cloneIntegration("Big", options: InstallOptions(name: "Big clone"))
        try w.batch {
            for index in 0..<300 {
                _ = try w.editItem(.flow, "Revert me flow \(index)", ItemEdit(description: "Changed \(index)"))
                _ = try w.editItem(.flow, "Big flow \(index)", integration: "Big clone", ItemEdit(description: "Clone's \(index)"))
            }
            _ = try w.deleteItems(.flow, (0..<50).map { "Revert me flow \($0)" }, force: true)
        }
        var leaves = JSONObject()
        for index in 0..<1_000 { leaves["key\(index)"] = .string("value \(index)") }
        try writeFile("\(folder)/leaves.json", Array(JSONValue.object(leaves).compactText.utf8))
        try engines.checkpoint(base)
        try campaign.must(["integration", "download", "Big", "-o", "\(folder)/big.json"], db: base)
        try engines.checkpoint(base)
        return (moved, snapshot, binned)
    }
}
