import Foundation
@_spi(Bench) import Workspace

/// PostgreSQL stopped at once (`pg_ctl -m immediate`: as if its host lost power) and started
/// again while a command writes and a server serves: the command ends whole or with a clean
/// exit 5, nothing is half-written, the audit chain holds, and every command after works, on
/// the CLI and through the same server process (which must not need a restart of its own).
struct RestartCheck {
    let campaign: Campaign
    /// A shell command that restarts the PostgreSQL server.
    let restart: String
    var engines: Engines { campaign.engines }

    func run() throws {
        say("restart (PostgreSQL)")
        let folder = try campaign.folder("restart")
        let base = try engines.location(folder, "base")
        let token = try prepare(base)
        let baseCounts = try engines.store(base).counts()
        let work = try engines.location(folder, "work")
        let clone = { (round: Int) in ["integration", "clone", "Big", "--name", "Clone \(round)"] }
        try engines.copy(base, to: work)
        let whole = try campaign.run(clone(0), db: work, timeout: 60)
        guard whole.code == 0 else { throw Failure("the clone failed: \(whole.stderr)") }
        let countsAfter = try engines.store(work).counts()
        var tally = (committed: 0, lost: 0, serverRecovered: 0)
        let rounds = campaign.long ? 20 : 4
        for round in 1...rounds {
            try engines.copy(base, to: work)
            let server = try ServerProcess.start(nextTo: campaign.binary, db: work, port: campaign.int(in: 20_000...32_000), scratch: campaign.root)
            defer { server.stop() }
            let child = try Child.start(
                ([campaign.binary] + clone(round)).map { Array($0.utf8) }, environment: campaign.environment(db: work, user: "olivia"),
                scratch: campaign.root)
            usleep(UInt32(Double.random(in: 0...(whole.milliseconds * 0.9), using: &campaign.random) * 1000))
            try restartServer()
            let outcome = child.wait(timeout: 60)
            try engines.settle(work)
            let counts = try engines.store(work).counts()
            switch outcome.code {
            case 0 where counts == countsAfter: tally.committed += 1
            case 5 where counts == baseCounts && outcome.stderr.hasPrefix("error:"): tally.lost += 1
            case 5 where counts == countsAfter && outcome.stderr.contains("may or may not have been kept"): tally.committed += 1
            default:
                campaign.finding("restart, round \(round): \(outcome.described) with rows \(counts == baseCounts ? "as before" : counts == countsAfter ? "as after" : "half-written"): \(outcome.stderr.prefix(300))")
            }
            let verify = try campaign.run(["audit", "verify"], db: work)
            if verify.code != 0 { campaign.finding("restart, round \(round): audit verify: \(verify.stderr)") }
            let next = try campaign.run(["integration", "create", "After \(round)"], db: work)
            if next.code != 0 { campaign.finding("restart, round \(round): the next command failed: \(next.stderr)") }
            // The server's pooled connections died with the database's processes: a request
            // may fail once per dead connection, then the server must serve again.
            var answered = false
            for _ in 0..<10 where !answered { answered = server.request("GET", "/api/v1/integrations", token: token) == 200 }
            if answered { tally.serverRecovered += 1 } else { campaign.finding("restart, round \(round): the server did not serve again") }
        }
        campaign.figure(
            "restart (PostgreSQL)",
            "\(rounds) immediate restarts during a 300-flow clone (\(Int(whole.milliseconds)) ms whole): \(tally.committed) kept whole, \(tally.lost) refused with exit 5 and nothing written; the server served again after \(tally.serverRecovered) of \(rounds)")
    }

    /// Runs the restart command and waits for it.
    private func restartServer() throws {
        let outcome = try Child.start(
            ["/bin/sh", "-c", restart].map { Array($0.utf8) }, environment: ["PATH=\(ProcessInfo.processInfo.environment["PATH"] ?? "/usr/sbin:/usr/bin:/sbin:/bin")"],
            scratch: campaign.root
        ).wait(timeout: 120)
        guard outcome.code == 0 else { throw Failure("`\(restart)` failed: \(outcome.described) \(outcome.stderr)") }
    }

    /// Big: 300 flows with an export and an import each; olivia's token for the server.
    private func prepare(_ base: String) throws -> String {
        let w = try Workspace.create(at: base, owner: "olivia")
        try w.batch {
            let connection = try w.createConnection(name: "Shop", type: "http", offline: false, integration: nil).id
            _ = try w.createIntegration(name: "Big", description: "For the restart check")
            for index in 0..<300 {
                let flow = try w.createFlow(name: "Big flow \(index)", integration: "Big")
                _ = try w.createStep(.export, name: "Big export \(index)", flow: flow.id, connection: connection)
                _ = try w.createStep(.import, name: "Big import \(index)", flow: flow.id, connection: connection)
            }
        }
        return try w.createToken(label: "reliability").secret
    }
}
