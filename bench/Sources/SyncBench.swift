import Workspace

/// Git sync of the big integration: per run, a clone pushed to its own folder and then changed
/// in one flow (timed: the push that writes that one file), a clone pushed and then one flow's
/// file edited in the folder (timed: the pull of that one field), and the big integration
/// pushed to a folder nothing changes (timed: status).
enum SyncBench {
    static func pushClone(_ run: Int) -> String { "Sync push \(run)" }
    static func pullClone(_ run: Int) -> String { "Sync pull \(run)" }
    static func pushFolder(_ directory: String, _ run: Int) -> String { "\(directory)/sync-push-\(run)" }
    static func pullFolder(_ directory: String, _ run: Int) -> String { "\(directory)/sync-pull-\(run)" }
    static func statusFolder(_ directory: String) -> String { "\(directory)/sync-status" }

    static func prepare(_ workspace: Workspace, runs: Int, directory: String) throws {
        let big = Generator.bigIntegration
        _ = try Timer.spawn(["/bin/sh", "-c", "rm -rf '\(directory)'/sync-*"])
        _ = try workspace.syncPush(big, to: statusFolder(directory))
        for run in 0...runs {
            _ = try workspace.cloneIntegration(big, options: InstallOptions(name: pushClone(run)))
            _ = try workspace.syncPush(pushClone(run), to: pushFolder(directory, run))
            _ = try workspace.editItem(.flow, "Big flow 7", integration: pushClone(run), ItemEdit(description: "Pushed \(run)"))
            _ = try workspace.cloneIntegration(big, options: InstallOptions(name: pullClone(run)))
            _ = try workspace.syncPush(pullClone(run), to: pullFolder(directory, run))
            let flow = try workspace.items(.flow, integration: pullClone(run)).first { $0.name == "Big flow 7" }
            try editFlowFile("\(pullFolder(directory, run))/flows/Big-flow-7-\(flow?.id ?? "").json", description: "Pulled \(run)")
        }
    }

    /// Gives one flow's file a description, as a hand edit (or a git merge) would (the folder
    /// has the ids of the workspace that first pushed it: this one's).
    private static func editFlowFile(_ path: String, description: String) throws {
        let text = String(decoding: try LocalFile.read(path, limit: 1 << 20, what: "a flow"), as: UTF8.self)
        guard case .object(var flow) = try JSONValue(parsing: text) else { return }
        flow["description"] = .string(description)
        try LocalFile.write(Array(JSONValue.object(flow).prettyText.utf8), to: path)
    }
}
