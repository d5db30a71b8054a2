import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Files that are not what a workspace should be: each gets SPEC §0's answer and is left as it was.
struct OddFilesCheck {
    let campaign: Campaign
    let repository: String

    func run() throws {
        say("odd files")
        let folder = try campaign.folder("odd")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder)
        let good = "\(folder)/good.sqlite"
        try campaign.must(["init", "--owner", "olivia"], db: good)
        try campaign.must(["integration", "create", "Kept"], db: good)
        try campaign.must(["user", "add", "mo", "--role", "monitor"], db: good)
        try checkpoint(good)
        var cases = 0
        func expect(_ label: String, _ path: String, _ arguments: [String], code: Int32, saying: String, user: String = "olivia", launcher: [String] = []) throws {
            cases += 1
            let before = try? readFile(path)
            let outcome = try campaign.run(arguments, db: path, user: user, launcher: launcher)
            if outcome.code != code || (code != 0 && !(outcome.stderr.hasPrefix("error:") && outcome.stderr.contains(saying))) {
                campaign.finding("odd files: \(label): workspace \(arguments.joined(separator: " ")) gave \(outcome.described): \(outcome.stderr.prefix(200)) (expected exit \(code), \"\(saying)\")")
            }
            if code != 0 || arguments.first == "home", let before, (try? readFile(path)) != before {
                campaign.finding("odd files: \(label): \(arguments.joined(separator: " ")) changed the file")
            }
        }

        let empty = "\(folder)/empty.sqlite"
        try writeFile(empty, [])
        try expect("empty file", empty, ["home"], code: 5, saying: "not a workspace")
        try expect("empty file", empty, ["integration", "create", "X"], code: 5, saying: "not a workspace")

        let other = "\(folder)/other.sqlite"
        try StoreFile.create(other, sql: "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes (text) VALUES ('mine')")
        try expect("another SQLite database", other, ["home"], code: 5, saying: "not a workspace")
        try expect("another SQLite database", other, ["init"], code: 1, saying: "not a workspace")

        let noise = "\(folder)/noise.sqlite"
        try writeFile(noise, (0..<8192).map { _ in UInt8.random(in: 0...255, using: &campaign.random) })
        try expect("not SQLite", noise, ["home"], code: 5, saying: "not a workspace")
        try expect("not SQLite", noise, ["init"], code: 1, saying: "not a workspace")

        let truncated = "\(folder)/truncated.sqlite"
        let bytes = try readFile(good)
        try writeFile(truncated, Array(bytes.prefix(bytes.count / 2)))
        try expect("truncated workspace", truncated, ["integration", "create", "X"], code: 5, saying: "damaged")

        try expect("a directory", folder, ["home"], code: 5, saying: "cannot open")
        try expect("missing file", "\(folder)/missing.sqlite", ["home"], code: 2, saying: "run `workspace init`")

        let newer = "\(folder)/newer.sqlite"
        try copyWorkspace(good, to: newer)
        try StoreFile(newer, writable: true).execute("PRAGMA user_version = 999")
        try expect("newer schema", newer, ["home"], code: 5, saying: "newer")
        try expect("newer schema", newer, ["integration", "create", "X"], code: 5, saying: "newer")

        // Root writes through permissions: act as nobody when run as root.
        let launcher = getuid() == 0 ? ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] : []
        let binary = "\(folder)/workspace"
        try FileManager.default.copyItem(atPath: campaign.binary, toPath: binary)
        let nobody = Campaign(binary: binary, root: campaign.root, long: campaign.long, seed: 1)
        let readOnly = "\(folder)/read-only.sqlite"
        try copyWorkspace(good, to: readOnly)
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: readOnly)
        try OddFilesCheck(campaign: nobody, repository: repository).expectReadOnly("read-only file", readOnly, launcher: launcher, count: &cases)
        let lockedFolder = "\(folder)/locked"
        try FileManager.default.createDirectory(atPath: lockedFolder, withIntermediateDirectories: true)
        try copyWorkspace(good, to: "\(lockedFolder)/w.sqlite")
        try FileManager.default.setAttributes([.posixPermissions: 0o666], ofItemAtPath: "\(lockedFolder)/w.sqlite")
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: lockedFolder)
        try OddFilesCheck(campaign: nobody, repository: repository).expectReadOnly("read-only folder", "\(lockedFolder)/w.sqlite", launcher: launcher, count: &cases)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: lockedFolder)

        try fullDisk(good, count: &cases)
        campaign.figure("odd files", "\(cases) cases")
    }

    /// Reads work, a write exits 5 as read-only, a denial exits 4; the file is unchanged.
    func expectReadOnly(_ label: String, _ path: String, launcher: [String], count: inout Int) throws {
        let before = try readFile(path)
        let read = try campaign.run(["home"], db: path, launcher: launcher)
        let write = try campaign.run(["integration", "create", "X"], db: path, launcher: launcher)
        let denied = try campaign.run(["integration", "create", "X"], db: path, user: "mo", launcher: launcher)
        count += 3
        if read.code != 0 || !read.stdoutText.contains("Kept") { campaign.finding("odd files: \(label): a read gave \(read.described): \(read.stderr)") }
        if write.code != 5 || !write.stderr.contains("read-only") { campaign.finding("odd files: \(label): a write gave \(write.described): \(write.stderr)") }
        if denied.code != 4 { campaign.finding("odd files: \(label): a denial gave \(denied.described): \(denied.stderr)") }
        if try readFile(path) != before { campaign.finding("odd files: \(label): the file changed") }
    }

    /// A small tmpfs filled up: large writes exit 5 saying the disk is full, nothing is
    /// damaged or half-written, and once space is freed the next command works.
    private func fullDisk(_ good: String, count: inout Int) throws {
        let mount = try campaign.folder("full-disk")
        guard Self.shell("mount -t tmpfs -o size=16m tmpfs '\(mount)'") == 0 else {
            campaign.figure("odd files: full disk", "skipped (cannot mount a tmpfs here: needs root)")
            return
        }
        defer { _ = Self.shell("umount '\(mount)'") }
        let path = "\(mount)/w.sqlite"
        try copyWorkspace(good, to: path)
        let filler = "\(mount)/filler"
        _ = Self.shell("dd if=/dev/zero of='\(filler)' bs=64k 2>/dev/null")
        _ = Self.shell("truncate -s -96k '\(filler)'")
        let before = try StoreFile(path).fingerprint()
        var full = 0
        let leaves = try campaign.folder("leaves")
        var text = "{"
        for index in 0..<20_000 { text += "\"key\(index)\": \"\(String(repeating: "v", count: 20))\"," }
        try writeFile("\(leaves)/big.json", Array((text + "\"end\": 0}").utf8))
        for attempt in 0..<6 {
            count += 1
            let outcome = try campaign.run(["settings", "set", "integration:Kept", "--file", "\(leaves)/big.json"], db: path)
            if outcome.code == 0 { campaign.finding("odd files: full disk: a 700 KB write succeeded on a full disk (attempt \(attempt))"); break }
            if outcome.code != 5 || !outcome.stderr.contains("full") { campaign.finding("odd files: full disk: \(outcome.described): \(outcome.stderr)") }
            full += 1
            let sound = try StoreFile(path).isSound()
            let after = try StoreFile(path).fingerprint()
            if !sound || after != before {
                campaign.finding("odd files: full disk: the file was damaged or changed")
            }
        }
        unlink(filler)
        let next = try campaign.run(["settings", "set", "integration:Kept", "--file", "\(leaves)/big.json"], db: path)
        count += 1
        guard next.code == 0 else {
            campaign.finding("odd files: full disk: after freeing space the write failed: \(next.stderr)")
            return
        }
        let verify = try campaign.run(["audit", "verify"], db: path)
        if verify.code != 0 { campaign.finding("odd files: full disk: audit verify: \(verify.stderr)") }
        campaign.figure("odd files: full disk", "\(full) writes refused with exit 5 on a full 16 MiB tmpfs, file intact; the write succeeded once space was freed")
    }

    static func shell(_ command: String) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        try? process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}

extension StoreFile {
    /// A new SQLite database (not a workspace) holding what `sql` makes.
    static func create(_ path: String, sql: String) throws {
        let file = try StoreFile(path, writable: true, create: true)
        try file.execute(sql)
    }
}
