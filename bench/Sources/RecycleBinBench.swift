import Workspace

/// The recycle bin: per run, a clone of the big integration to delete with `--cascade`
/// (timed: the delete that puts 1,000 flows in the bin), one already deleted (timed: its
/// restore), and 10,000 small entries (timed: the listing).
enum RecycleBinBench {
    static let file = "bin-entries.json"
    static let listed = 10_000

    static func deleteClone(_ run: Int) -> String { "Bin delete \(run)" }
    static func restoreClone(_ run: Int) -> String { "Bin restore \(run)" }

    static func prepare(_ workspace: Workspace, runs: Int, directory: String) throws {
        let big = Generator.bigIntegration
        var entries: [JSONValue] = []
        for run in 0...runs {
            _ = try workspace.cloneIntegration(big, options: InstallOptions(name: deleteClone(run)))
            _ = try workspace.cloneIntegration(big, options: InstallOptions(name: restoreClone(run)))
            _ = try workspace.deleteIntegration(restoreClone(run), mode: .cascade, force: true)
            entries.append(.string(try workspace.binEntries(type: .integration).first?.id ?? ""))
        }
        // Small entries to list: APIs made and deleted, 1,000 to a transaction.
        let home = try workspace.createIntegration(name: "Bin fodder")
        for start in stride(from: 0, to: listed, by: 1_000) {
            try workspace.batch {
                for index in start..<start + 1_000 {
                    let api = try workspace.createAPI(name: "Deleted API \(index)", integration: home.id)
                    try workspace.deleteItems(.api, [api.id])
                }
            }
        }
        try LocalFile.write(Array(JSONValue.array(entries).prettyText.utf8), to: "\(directory)/\(file)")
    }

    /// The entry of run `run`'s deleted clone.
    static func entry(_ run: Int, in directory: String) -> String {
        let text = (try? LocalFile.read("\(directory)/\(file)", limit: 1 << 20, what: "ids")).map { String(decoding: $0, as: UTF8.self) }
        guard let text, case .array(let ids)? = try? JSONValue(parsing: text), ids.indices.contains(run) else { return "" }
        return ids[run].stringValue ?? ""
    }
}
