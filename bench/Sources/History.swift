@_spi(Bench) import Workspace

#if canImport(Glibc)
    import Glibc
#endif

/// Revisions of the big integration: two snapshots a flow apart (for diff and revert), one
/// clone per pull run with ten changes on each side, and the bytes one snapshot adds, side by
/// side with what `git commit` of the same documents adds to a git repository.
enum HistoryBench {
    static let file = "revisions.json"

    static func pullClone(_ run: Int) -> String { "Pull clone \(run)" }

    /// At generation: the snapshots and clones the timed commands use.
    static func prepare(_ workspace: Workspace, runs: Int, directory: String) throws {
        let big = Generator.bigIntegration
        let first = try workspace.snapshot(big, description: "Bench: before")
        _ = try workspace.editItem(.flow, "Big flow 0", integration: big, ItemEdit(description: "Changed once"))
        let second = try workspace.snapshot(big, description: "Bench: after one change")
        for run in 0...runs { _ = try workspace.cloneIntegration(big, options: InstallOptions(name: pullClone(run))) }
        try workspace.batch {
            for index in 1...10 {
                _ = try workspace.editItem(.flow, "Big flow \(index)", integration: big, ItemEdit(description: "Source \(index)"))
            }
            for run in 0...runs {
                for index in 11...20 {
                    _ = try workspace.editItem(
                        .flow, "Big flow \(index)", integration: pullClone(run), ItemEdit(description: "Clone \(index)"))
                }
            }
        }
        let ids: JSONValue = ["first": .string(first.id), "second": .string(second.id)]
        try LocalFile.write(Array(ids.prettyText.utf8), to: "\(directory)/\(file)")
    }

    static func revisions(in directory: String) throws -> (first: String, second: String) {
        let json = try JSONValue(parsing: String(decoding: try LocalFile.read("\(directory)/\(file)", limit: 4096, what: "ids"), as: UTF8.self))
        return (json["first"]?.stringValue ?? "", json["second"]?.stringValue ?? "")
    }

    struct Storage {
        let oursBytes: Int
        let gitBytes: Int
        let gitCommitMs: Double

        var json: JSONValue {
            ["snapshotBytes": .int(Int64(oursBytes)), "gitBytes": .int(Int64(gitBytes)), "gitCommitMs": .double(gitCommitMs)]
        }
    }

    /// One flow of the big integration changed, then a snapshot; the same documents committed
    /// to git (one file per resource) before and after the same change.
    static func storage(path: String, directory: String, flows: Int) throws -> Storage {
        let workspace = try Workspace.open(at: path, as: "bench")
        let big = Generator.bigIntegration
        let repository = "\(directory)/git-history"
        _ = try Timer.spawn(["/bin/rm", "-rf", repository])
        mkdir(repository, 0o755)
        try git(repository, "init", "-q")
        try write(try workspace.download(big), into: repository)
        try git(repository, "add", "-A")
        try git(repository, "commit", "-q", "-m", "before")
        let gitBefore = try bytes(under: "\(repository)/.git/objects")
        let oursBefore = try workspace.storedHistoryBytes()
        _ = try workspace.editItem(.flow, "Big flow \(flows / 2)", integration: big, ItemEdit(description: "Changed for the storage row"))
        _ = try workspace.snapshot(big, description: "Bench: one flow changed")
        let oursAfter = try workspace.storedHistoryBytes()
        try write(try workspace.download(big), into: repository)
        try git(repository, "add", "-A")
        let (commitMs, _) = try Timer.spawn(gitCommand(repository, "commit", "-q", "-m", "after"))
        return Storage(
            oursBytes: oursAfter - oursBefore, gitBytes: try bytes(under: "\(repository)/.git/objects") - gitBefore,
            gitCommitMs: commitMs)
    }

    private static func gitCommand(_ repository: String, _ arguments: String...) -> [String] {
        ["/usr/bin/git", "-C", repository, "-c", "user.name=bench", "-c", "user.email=bench@example.com"] + arguments
    }

    private static func git(_ repository: String, _ arguments: String...) throws {
        _ = try Timer.spawn(["/usr/bin/git", "-C", repository, "-c", "user.name=bench", "-c", "user.email=bench@example.com"] + arguments)
    }

    /// The document one file per resource, as revisions store them (compact canonical bytes).
    private static func write(_ document: IntegrationDocument, into repository: String) throws {
        var files = DownloadFiles()
        for (key, bytes) in document.storedResources { files.files[key + ".json"] = bytes }
        for folder in Set(files.files.keys.compactMap { $0.split(separator: "/").dropLast().first.map(String.init) }) {
            mkdir("\(repository)/\(folder)", 0o755)
        }
        for (path, bytes) in files.files { try LocalFile.write(bytes, to: "\(repository)/\(path)") }
    }

    private static func bytes(under folder: String) throws -> Int {
        try DownloadFolder.read(folder).files.values.reduce(0) { $0 + $1.count }
    }
}
