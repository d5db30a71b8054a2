import Foundation

/// Random invocations of every command with hostile arguments, and installs of mutated files.
/// No crash, no hang, only SPEC §0 exit codes, `error:` first on stderr, a failing command
/// writes nothing (a denial only its `denied` row), and a successful one reads back.
struct FuzzCheck {
    let campaign: Campaign
    let repository: String

    static let users = ["olivia", "ada", "mary", "mo", "tim", "ghost"]
    static let exitCodes: Set<Int32> = [0, 1, 2, 3, 4, 5, 64]

    /// Figures.
    struct Tally {
        var invocations = 0
        var installs = 0
        var byCode: [Int32: Int] = [:]
        var readBacks = 0
    }

    func run() throws {
        say("fuzz")
        let folder = try campaign.folder("fuzz")
        let base = "\(folder)/base.sqlite"
        try Seed(campaign: campaign, repository: repository).build(base)
        let samples = try Samples(campaign: campaign, base: base, folder: folder)
        let work = "\(folder)/work.sqlite"
        let total = campaign.long ? 20_000 : 1_500
        var tally = Tally()
        let arguments = Arguments(campaign: campaign, folder: folder, samples: samples)
        let started = Clock.now()
        for invocation in 0..<total {
            if invocation % 400 == 0 { try copyWorkspace(base, to: work) }
            let user = campaign.chance(0.7) ? "olivia" : campaign.pick(Self.users)
            let (argv, stdin, readBack): ([[UInt8]], String, ReadBackCheck?)
            if campaign.chance(0.2) {
                (argv, stdin, readBack) = (try samples.mutatedInstall(campaign), "/dev/null", nil)
                tally.installs += 1
            } else {
                (argv, stdin, readBack) = arguments.invocation()
            }
            try check(argv, stdin: stdin, user: user, work: work, readBack: readBack, tally: &tally)
            if invocation % 250 == 249 { try soundness(work, after: invocation) }
        }
        try soundness(work, after: total)
        let seconds = (Clock.now() - started) / 1000
        let codes = tally.byCode.keys.sorted().map { "\($0): \(tally.byCode[$0] ?? 0)" }.joined(separator: ", ")
        campaign.figure("fuzz", "\(tally.invocations) invocations (\(tally.installs) installs of mutated files) in \(Int(seconds)) s; exit codes \(codes); \(tally.readBacks) writes read back")
    }

    private func check(_ argv: [[UInt8]], stdin: String, user: String, work: String, readBack: ReadBackCheck?, tally: inout Tally) throws {
        let before = try StoreFile(work).fingerprint()
        let outcome = try campaign.runBytes(argv, db: work, user: user, stdin: stdin)
        tally.invocations += 1
        let shown = describe(argv, user: user)
        if outcome.timedOut || outcome.signal != nil || outcome.stderr.contains("Fatal error") {
            campaign.finding("fuzz: \(shown): \(outcome.described) \(outcome.stderr.prefix(300))")
            return
        }
        let code = outcome.code ?? -1
        tally.byCode[code, default: 0] += 1
        if campaign.trace { say("  exit \(code): \(shown.prefix(200))") }
        if !Self.exitCodes.contains(code) { campaign.finding("fuzz: \(shown): exit \(code) is not one of SPEC §0's") }
        let after = try StoreFile(work).fingerprint()
        guard code != 0 else {
            // With -h, --help or --version anywhere the parser printed that and ran nothing.
            let helped = argv.contains { ["-h", "--help", "--version"].contains(String(decoding: $0, as: UTF8.self)) }
            if let readBack, user == "olivia", !helped {
                tally.readBacks += 1
                if let problem = try readBack(campaign, work, outcome) { campaign.finding("fuzz: \(shown): \(problem)") }
            }
            return
        }
        if !outcome.stderr.hasPrefix("error:") {
            campaign.finding("fuzz: \(shown): exit \(code) without `error:` first on stderr: \(outcome.stderr.prefix(200))")
        }
        let added = after.auditRows - before.auditRows
        if after.content != before.content || added < 0 || added > 1 {
            campaign.finding("fuzz: \(shown): exit \(code) but the file changed (\(added) audit rows)")
        } else if added == 1 {
            let action = try StoreFile(work).auditActions(after: before.auditRows).first
            if code != 4 || action != "denied" { campaign.finding("fuzz: \(shown): exit \(code) wrote an audit row (\(action ?? "?"))") }
        }
    }

    private func soundness(_ work: String, after invocation: Int) throws {
        if !(try StoreFile(work).isSound()) { campaign.finding("fuzz: integrity_check failed after invocation \(invocation)") }
        // As an owner no fuzzed command names: the fuzz may demote or remove any user it knows.
        let verify = try campaign.run(["audit", "verify"], db: work, user: Seed.auditor)
        if verify.code != 0 { campaign.finding("fuzz: audit verify failed after invocation \(invocation): \(verify.stderr)") }
    }

    private func describe(_ argv: [[UInt8]], user: String) -> String {
        let words = argv.map { bytes -> String in
            let text = String(decoding: bytes, as: UTF8.self)
            return text.count > 60 ? "\(text.prefix(40).debugDescription)…(\(bytes.count) bytes)" : text.debugDescription
        }
        return "--as \(user) " + words.joined(separator: " ")
    }
}

/// Checks what a successful command wrote by reading it back through the binary.
typealias ReadBackCheck = (Campaign, String, Outcome) throws -> String?

/// The seeded workspace: the demo's commands, the sample integrator.io download, and one user
/// of each role.
struct Seed {
    /// The owner the checks act as; no fuzzed invocation names it.
    static let auditor = "auditor-7f3a"
    let campaign: Campaign
    let repository: String

    func build(_ path: String) throws {
        try campaign.must(["init", "--owner", "olivia"], db: path)
        for (name, role) in [("ada", "administrator"), ("mo", "monitor"), (Self.auditor, "owner")] {
            try campaign.must(["user", "add", name, "--role", role], db: path)
        }
        let commands = try String(contentsOfFile: "\(repository)/fixtures/demo.commands", encoding: .utf8)
        for line in commands.split(separator: "\n") where !line.hasPrefix("#") && !line.isEmpty {
            let words = Self.words(String(line)).map { $0.hasPrefix("fixtures/") ? "\(repository)/\($0)" : $0 }
            try campaign.must(words, db: path)
        }
        try campaign.must(["integration", "install", "\(repository)/fixtures/integrator.io/shopify-netsuite"], db: path)
        try campaign.must(["integration", "create", "aaaaaaaaaaaaaaaaaaaaaaaa", "--description", "A name that looks like an id"], db: path)
        try campaign.must(["revision", "snapshot", "Shopify to NetSuite", "-m", "Seed"], db: path)
        try campaign.must(["integration", "clone", "Shopify to NetSuite", "--name", "Shop clone"], db: path)
        try checkpoint(path)
    }

    /// Shell words of a demo.commands line (double and single quotes, no escapes).
    static func words(_ line: String) -> [String] {
        var words: [String] = []
        var current = ""
        var quote: Character?
        var inWord = false
        for character in line {
            if let open = quote {
                if character == open { quote = nil } else { current.append(character) }
            } else if character == "\"" || character == "'" {
                quote = character
                inWord = true
            } else if character == " " {
                if inWord { words.append(current) }
                current = ""
                inWord = false
            } else {
                current.append(character)
                inWord = true
            }
        }
        if inWord { words.append(current) }
        return words
    }
}
