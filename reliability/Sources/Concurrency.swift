import Foundation

/// 8 writer processes × N mixed writes (clone, install, snapshot and pull among them) and two
/// readers on one file. With the default busy timeout nothing may fail; with 100 ms only clean
/// exit 5s, which write nothing. The final file must reconcile with what succeeded.
struct ConcurrencyCheck {
    let campaign: Campaign
    static let writers = 8

    /// What one writer did that succeeded, to reconcile with the file.
    struct Ledger {
        var flowsCreated = 0
        var descriptionsEdited = 0
        var moves = 0
        var pinned = false
        var pinChanges = 0
        var settings: [String] = []
        var clones: [String] = []
        var installs: [String] = []
        var snapshots = 0
        var pulls = 0
        /// Flow name → "side" or "target": where each of the writer's movable flows is now.
        var places: [String: String] = [:]
        var failures: [String] = []
        var busy = 0
        var operations = 0
    }

    var engines: Engines { campaign.engines }

    func run() throws {
        say("concurrency (\(engines.name)\(engines.postgres == nil ? "" : ", with 2 servers"))")
        let folder = try campaign.folder("concurrency")
        let base = try engines.location(folder, "base")
        let tokens = try prepare(base, folder: folder)
        let writes = campaign.long ? 500 : 60
        for timeout in [nil, 100] as [Int?] {
            let work = try engines.location(folder, "work\(timeout ?? 0)")
            try engines.copy(base, to: work)
            // On PostgreSQL two servers share the database with the CLI: the readers read
            // through them, and the writers pin and unpin through them.
            let servers = try engines.postgres == nil ? [] : (0..<2).map { _ in
                try ServerProcess.start(
                    nextTo: campaign.binary, db: work, port: campaign.int(in: 20_000...32_000), scratch: campaign.root)
            }
            defer { servers.forEach { $0.stop() } }
            let started = Clock.now()
            let (ledgers, reads, readFailures) = try race(
                work, writes: writes, timeout: timeout, folder: folder, servers: servers, tokens: tokens)
            let seconds = (Clock.now() - started) / 1000
            let operations = ledgers.reduce(0) { $0 + $1.operations }
            let busy = ledgers.reduce(0) { $0 + $1.busy }
            for (writer, ledger) in ledgers.enumerated() {
                for failure in ledger.failures { campaign.finding("concurrency (timeout \(timeout.map { "\($0) ms" } ?? "default")), writer \(writer): \(failure)") }
                try reconcile(work, writer: writer, ledger: ledger, label: timeout == nil ? "default timeout" : "100 ms timeout")
            }
            if timeout == nil && busy > 0 { campaign.finding("concurrency: \(busy) busy failures with the default timeout") }
            for failure in readFailures { campaign.finding("concurrency: a reader failed: \(failure)") }
            let verify = try campaign.run(["audit", "verify"], db: work)
            if verify.code != 0 { campaign.finding("concurrency: audit verify: \(verify.stderr)") }
            if !(try engines.store(work).isSound()) { campaign.finding("concurrency: integrity_check failed") }
            let done = (
                creates: ledgers.reduce(0) { $0 + $1.flowsCreated }, moves: ledgers.reduce(0) { $0 + $1.moves },
                pins: ledgers.reduce(0) { $0 + $1.pinChanges }, settings: ledgers.reduce(0) { $0 + $1.settings.count },
                clones: ledgers.reduce(0) { $0 + $1.clones.count }, installs: ledgers.reduce(0) { $0 + $1.installs.count },
                snapshots: ledgers.reduce(0) { $0 + $1.snapshots }, pulls: ledgers.reduce(0) { $0 + $1.pulls })
            campaign.figure(
                "concurrency (\(engines.name), \(servers.isEmpty ? "" : "2 servers, ")\(timeout.map { "busy timeout \($0) ms" } ?? "default busy timeout"))",
                "\(Self.writers) writers × \(writes) steps = \(operations) writes, with \(reads) reads alongside, in \(String(format: "%.1f", seconds)) s; \(busy) refused busy (exit 5); reconciled: \(done.creates) flow creates, \(done.moves) moves, \(done.pins) pins/unpins, \(done.settings) settings, \(done.clones) clones, \(done.installs) installs, \(done.snapshots) snapshots, \(done.pulls) pulls")
        }
    }

    /// Runs the writers and two readers at once, each on a thread of its own (not a pool the
    /// size of the machine, so that all run at once); returns the writers' ledgers.
    private func race(
        _ work: String, writes: Int, timeout: Int?, folder: String, servers: [ServerProcess], tokens: [String]
    ) throws -> ([Ledger], Int, [String]) {
        let shared = Shared()
        let campaign = self.campaign
        let seeds = (0..<Self.writers + 2).map { _ in campaign.random.next() }
        let finished = DispatchGroup()
        for index in 0..<(Self.writers + 2) {
            finished.enter()
            let seed = seeds[index]
            Thread {
                if index < Self.writers {
                    var writer = Writer(
                        campaign: campaign, db: work, index: index, folder: folder, timeout: timeout, random: SplitMix(seed: seed),
                        server: servers.isEmpty ? nil : (servers[index % 2], tokens[index]))
                    for step in 0..<writes { writer.write(step) }
                    let ledger = writer.ledger
                    shared.ledgers.update { $0[index] = ledger }
                    shared.writersLeft.update { $0 -= 1 }
                } else {
                    let server = servers.isEmpty ? nil : (servers[index % 2], tokens[Self.writers])
                    Self.read(work, campaign: campaign, timeout: timeout, seed: seed, shared: shared, server: server)
                }
                finished.leave()
            }.start()
        }
        finished.wait()
        return (shared.ledgers.value, shared.reads.value.count, shared.reads.value.failures)
    }

    /// What the threads share.
    final class Shared: Sendable {
        let ledgers = Locked([Ledger](repeating: Ledger(), count: ConcurrencyCheck.writers))
        let reads = Locked((count: 0, failures: [String]()))
        let writersLeft = Locked(ConcurrencyCheck.writers)
    }

    /// A reader: random reads until the writers are done; any failure but a clean busy one is a finding.
    private static func read(
        _ work: String, campaign: Campaign, timeout: Int?, seed: UInt64, shared: Shared, server: (ServerProcess, String)?
    ) {
        var random = SplitMix(seed: seed)
        let reads = [["home"], ["flow", "list", "--integration", "W 0"], ["audit", "--limit", "20"], ["revision", "list", "W 1"], ["connection", "list"]]
        let paths = ["/api/v1/integrations", "/api/v1/integrations?view=list", "/api/v1/integrations/W%200", "/api/v1/connections"]
        while shared.writersLeft.value > 0 {
            if let (server, token) = server {
                let path = paths[Int(random.next() % UInt64(paths.count))]
                // At about the pace of a reader process (a request every 10 ms), not a load
                // test: a read flood on this 2-core machine would starve the writers instead.
                usleep(10_000)
                let status = server.request("GET", path, token: token)
                shared.reads.update { tally in
                    tally.count += 1
                    if status != 200 { tally.failures.append("GET \(path) on port \(server.port): \(status.map(String.init) ?? "no answer")") }
                }
                continue
            }
            let read = reads[Int(random.next() % UInt64(reads.count))]
            let outcome = try? campaign.run(read, db: work, busyTimeout: timeout)
            let failed = outcome?.code != 0 && !(timeout != nil && outcome?.code == 5)
            shared.reads.update { tally in
                tally.count += 1
                if failed { tally.failures.append("\(read.joined(separator: " ")): \(outcome?.described ?? "did not start") \(outcome?.stderr ?? "")") }
            }
        }
    }

    /// The file against one writer's ledger: its audit rows per action, its flows, pins,
    /// settings, clones, installs and revisions.
    private func reconcile(_ work: String, writer: Int, ledger: Ledger, label: String) throws {
        let store = try engines.store(work)
        func expect(_ what: String, _ actual: Int, _ expected: Int) {
            if actual != expected { campaign.finding("concurrency (\(label)), writer \(writer): \(what) is \(actual), expected \(expected)") }
        }
        let user = "w\(writer)"
        func audit(_ type: String, _ action: String) throws -> Int {
            try store.int("SELECT count(*) FROM audit WHERE user_name = '\(user)' AND resource_type = '\(type)' AND action = '\(action)'")
        }
        expect("flows created (audit)", try store.int("SELECT count(*) FROM audit WHERE user_name = '\(user)' AND resource_type = 'flow' AND action = 'create' AND resource_name LIKE '\(user) flow %'"), ledger.flowsCreated)
        expect("flows created (file)", try store.int("SELECT count(*) FROM flows WHERE name LIKE '\(user) flow %'"), ledger.flowsCreated)
        expect("flow moves (audit)", try audit("flow", "move"), ledger.moves)
        expect("pins and unpins (audit)", try audit("integration", "pin") + (try audit("integration", "unpin")), ledger.pinChanges)
        expect("pinned", try store.int("SELECT count(*) FROM pins p JOIN integrations i ON i.id = p.integration_id WHERE p.user_name = '\(user)' AND i.name = 'W \(writer)'"), ledger.pinned ? 1 : 0)
        expect("snapshots", try audit("revision", "snapshot"), ledger.snapshots)
        expect("pulls", try audit("revision", "pull"), ledger.pulls)
        expect("clones", try audit("revision", "clone"), ledger.clones.count)
        expect("installs", try audit("revision", "install"), ledger.installs.count)
        for name in ledger.clones + ledger.installs {
            expect("flows of \(name)", try store.int("SELECT count(*) FROM flows f JOIN integrations i ON i.id = f.integration_id WHERE i.name = '\(name)'"), 3)
        }
        expect("integrations made", try store.int("SELECT count(*) FROM integrations WHERE name LIKE '\(user) copy %'"), ledger.clones.count + ledger.installs.count)
        let settings = try store.text("SELECT settings FROM integrations WHERE name = 'W \(writer)'")
        for key in ledger.settings where !settings.contains("\"\(key)\"") { campaign.finding("concurrency (\(label)), writer \(writer): setting \(key) was lost") }
        for (flow, place) in ledger.places {
            let actual = try store.text("SELECT i.name FROM flows f JOIN integrations i ON i.id = f.integration_id WHERE f.name = '\(flow)'")
            if actual != "W \(writer) \(place)" { campaign.finding("concurrency (\(label)), writer \(writer): \(flow) is in \(actual), expected W \(writer) \(place)") }
        }
    }

    /// Users w0…w7 (manage role), and for each: W k (3 flows) and its clone, W k side (5
    /// flows to move) and W k target, and W k's document to install. Returns a token for each
    /// writer, then olivia's.
    private func prepare(_ base: String, folder: String) throws -> [String] {
        try campaign.must(["init", "--owner", "olivia"], db: base)
        for writer in 0..<Self.writers {
            try campaign.must(["user", "add", "w\(writer)", "--role", "manage"], db: base)
            for name in ["W \(writer)", "W \(writer) side", "W \(writer) target"] { try campaign.must(["integration", "create", name], db: base) }
            for index in 0..<3 { try campaign.must(["flow", "create", "W \(writer) own \(index)", "--integration", "W \(writer)"], db: base) }
            for index in 0..<5 { try campaign.must(["flow", "create", "w\(writer) movable \(index)", "--integration", "W \(writer) side"], db: base) }
            try campaign.must(["integration", "download", "W \(writer)", "-o", "\(folder)/w\(writer).json"], db: base)
            try campaign.must(["integration", "clone", "W \(writer)", "--name", "W \(writer) clone"], db: base)
        }
        let users = (0..<Self.writers).map { "w\($0)" } + ["olivia"]
        let tokens = try users.map { user in
            try campaign.must(["token", "create", "--user", user], db: base).split(separator: "\n").last.map(String.init) ?? ""
        }
        try engines.checkpoint(base)
        return tokens
    }
}

/// One writer process's loop: a random write per step, recorded when it succeeded.
struct Writer {
    let campaign: Campaign
    let db: String
    let index: Int
    let folder: String
    let timeout: Int?
    var random: SplitMix
    /// The server this writer pins and unpins through, with its token (PostgreSQL).
    let server: (ServerProcess, String)?
    var ledger = ConcurrencyCheck.Ledger()

    init(
        campaign: Campaign, db: String, index: Int, folder: String, timeout: Int?, random: SplitMix,
        server: (ServerProcess, String)?
    ) {
        self.server = server
        self.campaign = campaign
        self.db = db
        self.index = index
        self.folder = folder
        self.timeout = timeout
        self.random = random
        for flow in 0..<5 { ledger.places["w\(index) movable \(flow)"] = "side" }
    }

    var user: String { "w\(index)" }
    var home: String { "W \(index)" }

    mutating func write(_ step: Int) {
        let choice = Int.random(in: 0..<100, using: &random)
        switch choice {
        case 0..<20:
            if attempt(["flow", "create", "\(user) flow \(step)", "--integration", "\(home) side"]) { ledger.flowsCreated += 1 }
        case 20..<35:
            let flow = "w\(index) movable \(Int.random(in: 0..<5, using: &random))"
            let to = ledger.places[flow] == "side" ? "target" : "side"
            if attempt(["flow", "move", flow, "--to", "\(home) \(to)"]) {
                ledger.moves += 1
                ledger.places[flow] = to
            }
        case 35..<50:
            if attemptPin() {
                ledger.pinned.toggle()
                ledger.pinChanges += 1
            }
        case 50..<65:
            let key = "k\(step)"
            if attempt(["settings", "set", "integration:\(home)", "/\(key)", "\(step)"]) { ledger.settings.append(key) }
        case 65..<72:
            let name = "\(user) copy \(step)"
            if attempt(["integration", "clone", home, "--name", name]) { ledger.clones.append(name) }
        case 72..<79:
            let name = "\(user) copy \(step)"
            if attempt(["integration", "install", "\(folder)/\(user).json", "--name", name]) { ledger.installs.append(name) }
        case 79..<89:
            if attempt(["revision", "snapshot", home, "-m", "Step \(step)"]) { ledger.snapshots += 1 }
        default:
            // Something new on the clone, then pull it in.
            let flow = "W \(index) own \(Int.random(in: 0..<3, using: &random))"
            guard attempt(["flow", "edit", flow, "--integration", "\(home) clone", "--description", "Step \(step)"]) else { return }
            if attempt(["revision", "pull", home, "--from", "\(home) clone", "-m", "Step \(step)"]) { ledger.pulls += 1 }
        }
    }

    /// Pins or unpins the writer's integration: through its server when it has one.
    private mutating func attemptPin() -> Bool {
        guard let (server, token) = server else { return attempt(["integration", ledger.pinned ? "unpin" : "pin", home]) }
        ledger.operations += 1
        let path = "/api/v1/integrations/\(home.replacingOccurrences(of: " ", with: "%20"))/pin"
        let status = server.request(ledger.pinned ? "DELETE" : "PUT", path, token: token)
        if status == 200 || status == 204 { return true }
        ledger.failures.append("\(ledger.pinned ? "DELETE" : "PUT") \(path) on port \(server.port): \(status.map(String.init) ?? "no answer")")
        return false
    }

    /// Runs one write; a failure is a finding unless it is a clean busy refusal under a short timeout.
    private mutating func attempt(_ arguments: [String]) -> Bool {
        ledger.operations += 1
        guard let outcome = try? campaign.run(arguments, db: db, user: user, busyTimeout: timeout) else {
            ledger.failures.append("\(arguments.joined(separator: " ")) did not start")
            return false
        }
        if outcome.code == 0 { return true }
        if timeout != nil, outcome.code == 5, outcome.stderr.hasPrefix("error:"), outcome.stderr.contains("locked") {
            ledger.busy += 1
            return false
        }
        ledger.failures.append("\(arguments.joined(separator: " ")): \(outcome.described): \(outcome.stderr.prefix(300))")
        return false
    }
}

/// A value shared between threads, behind a lock.
final class Locked<Value>: @unchecked Sendable {
    private var stored: Value
    private let lock = NSLock()
    init(_ value: Value) { stored = value }
    var value: Value { lock.withLock { stored } }
    func update(_ body: (inout Value) -> Void) { lock.withLock { body(&stored) } }
}
