@_spi(Bench) import Workspace

/// How big a generated workspace is.
struct Size {
    let name: String
    let integrations: Int
    let flows: Int
    let connections: Int
    let auditRows: Int

    static func named(_ name: String) -> Size {
        switch name {
        case "large": Size(name: "large", integrations: 2_000, flows: 100_000, connections: 5_000, auditRows: 1_000_000)
        case "medium": Size(name: "medium", integrations: 1_000, flows: 10_000, connections: 1_000, auditRows: 100_000)
        default: Size(name: "small", integrations: 100, flows: 1_000, connections: 200, auditRows: 10_000)
        }
    }
}

/// Fills a new workspace through the library, in one transaction per few thousand changes:
/// integrations, connections registered to them, flows with an export and an import each,
/// three levels of settings on one flow, then audit history up to the size's row count (from
/// real edits of the flows' descriptions).
struct Generator {
    let path: String
    let size: Size

    init(path: String, size: Size) {
        self.path = path
        self.size = size
    }

    /// How many timed runs will pull: one clone each, and one for the warm-up.
    var runs = 10

    init(options: Options) {
        self.init(path: options.string("db", default: "bench.sqlite"), size: Size.named(options.string("size", default: "small")))
        runs = options.int("runs", default: 10)
    }

    func run() throws {
        let workspace = try Workspace.create(at: path, owner: "bench")
        try workspace.useBulkLoadSettings()
        let integrations = try phase("integrations") {
            try chunked(workspace, size.integrations) { index in
                try workspace.createIntegration(name: "Integration \(index)", description: "Generated integration \(index)").id
            }
        }
        let connections = try phase("connections") {
            try chunked(workspace, size.connections) { index in
                try workspace.createConnection(
                    name: "Connection \(index)", type: ["http", "netsuite", "salesforce", "shopify", "ftp"][index % 5],
                    offline: index % 97 == 0, integration: integrations[index % integrations.count]).id
            }
        }
        let flows = try phase("flows and steps") {
            try chunked(workspace, size.flows) { index in
                let integration = index % integrations.count
                let flow = try workspace.createFlow(name: "Flow \(index)", integration: integrations[integration])
                let connection = connections[integration % connections.count]
                _ = try workspace.createStep(.export, name: "Export \(index)", flow: flow.id, connection: connection)
                _ = try workspace.createStep(.import, name: "Import \(index)", flow: flow.id, connection: connection)
                return flow.id
            }
        }
        try phase("settings") { try addSettings(to: workspace) }
        try phase("big integration") { try addBigIntegration(to: workspace, connection: connections[0]) }
        try phase("integrator.io downloads") {
            let directory = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
            try Downloads.writeAll(into: directory.isEmpty ? "." : directory)
            _ = try workspace.install(
                download: Downloads.flows(100, exportsPerFlow: 3), options: InstallOptions(name: Downloads.installed))
        }
        try phase("revisions and clones to pull") {
            let directory = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
            try HistoryBench.prepare(workspace, runs: runs, directory: directory.isEmpty ? "." : directory)
        }
        try phase("synced folders") {
            let directory = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
            try SyncBench.prepare(workspace, runs: runs, directory: directory.isEmpty ? "." : directory)
        }
        try phase("recycle bin") {
            let directory = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
            try RecycleBinBench.prepare(workspace, runs: runs, directory: directory.isEmpty ? "." : directory)
        }
        try phase("audit history") {
            try addHistory(to: workspace, flows: flows, count: max(0, size.auditRows - (try workspace.auditCount())))
        }
        print("generated \(path): \(size.integrations) integrations, \(size.flows) flows, \(size.connections) connections, \(try workspace.auditCount()) audit rows")
    }

    /// Runs `make` for 0..<count, 5,000 to a transaction.
    private func chunked<T>(_ workspace: Workspace, _ count: Int, _ make: (Int) throws -> T) throws -> [T] {
        var made: [T] = []
        made.reserveCapacity(count)
        for start in stride(from: 0, to: count, by: 5_000) {
            try workspace.batch {
                for index in start..<min(start + 5_000, count) { made.append(try make(index)) }
            }
        }
        return made
    }

    @discardableResult
    private func phase<T>(_ name: String, _ body: () throws -> T) throws -> T {
        let started = Timestamp.now()
        let result = try body()
        print("  \(name): \(Timestamp.now() - started) ms")
        return result
    }

    /// The integration clone, download and install are timed on (its flows are not counted
    /// in the size's flows).
    static let bigIntegration = "Integration big"
    static func bigFlows(_ size: Size) -> Int { size.name == "small" ? 100 : 1_000 }

    private func addBigIntegration(to workspace: Workspace, connection: String) throws {
        let flows = Self.bigFlows(size)
        try workspace.batch {
            let home = try workspace.createIntegration(name: Self.bigIntegration, description: "For clone and download")
            for index in 0..<flows {
                let flow = try workspace.createFlow(name: "Big flow \(index)", integration: home.id)
                _ = try workspace.createStep(.export, name: "Big export \(index)", flow: flow.id, connection: connection)
                _ = try workspace.createStep(.import, name: "Big import \(index)", flow: flow.id, connection: connection)
            }
        }
    }

    /// A long history made the way users make it: real edits (one audit row each, hash
    /// chained by the normal writer), all in one batch.
    private func addHistory(to workspace: Workspace, flows: [String], count: Int) throws {
        guard !flows.isEmpty else { return }
        try workspace.batch {
            for index in 0..<count {
                _ = try workspace.editItem(.flow, flows[index % flows.count], ItemEdit(description: "Revision \(index)"))
            }
        }
    }

    /// Three levels of 1,000 keys each (half of each overriding the level above) on "Flow 1",
    /// in a flow group of "Integration 1".
    private func addSettings(to workspace: Workspace) throws {
        guard size.integrations > 1, size.flows > 1 else { return }
        try workspace.batch {
            _ = try workspace.createGroup(name: "Settings group", integration: "Integration 1")
            _ = try workspace.moveItems(.flow, ["Flow 1"], to: "Integration 1", group: "Settings group")
            let levels = [("integration:Integration 1", false), ("Settings group", true), ("flow:Flow 1", false)]
            for (level, (ref, group)) in levels.enumerated() {
                var document = JSONObject()
                for key in 0..<1_000 { document["key\(key + level * 500)"] = .string("level \(level) value \(key)") }
                _ = try workspace.replaceSettings(ref, group: group, with: .object(document))
            }
        }
    }
}
