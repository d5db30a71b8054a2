import Workspace

/// How big a generated workspace is.
struct Size {
    let name: String
    let integrations: Int
    let flows: Int

    static func named(_ name: String) -> Size {
        switch name {
        case "large": Size(name: "large", integrations: 2_000, flows: 100_000)
        case "medium": Size(name: "medium", integrations: 1_000, flows: 10_000)
        default: Size(name: "small", integrations: 100, flows: 1_000)
        }
    }
}

/// Fills a new workspace through the library, in one transaction per thousand resources.
struct Generator {
    let path: String
    let size: Size

    init(options: Options) {
        let base = Size.named(options.string("size", default: "small"))
        path = options.string("db", default: "bench.sqlite")
        size = Size(
            name: base.name, integrations: options.int("integrations", default: base.integrations),
            flows: options.int("flows", default: base.flows))
    }

    init(path: String, size: Size) {
        self.path = path
        self.size = size
    }

    func run() throws {
        let workspace = try Workspace.create(at: path, owner: "bench")
        var integrationIDs: [String] = []
        for chunk in stride(from: 0, to: size.integrations, by: 1_000) {
            try workspace.batch {
                for index in chunk..<min(chunk + 1_000, size.integrations) {
                    let integration = try workspace.createIntegration(
                        name: "Integration \(index)", description: "Generated integration number \(index)")
                    integrationIDs.append(integration.id)
                }
            }
        }
        for chunk in stride(from: 0, to: size.flows, by: 1_000) {
            try workspace.batch {
                for index in chunk..<min(chunk + 1_000, size.flows) {
                    let home = integrationIDs.isEmpty ? nil : integrationIDs[index % integrationIDs.count]
                    _ = try workspace.createFlow(name: "Flow \(index)", integration: home)
                }
            }
        }
        try addSettings(to: workspace)
        print("generated \(path): \(size.integrations) integrations, \(size.flows) flows")
    }

    /// Three levels of 1,000 keys each (half of each overriding the level above) on "Flow 1",
    /// in a flow group of "Integration 1".
    private func addSettings(to workspace: Workspace) throws {
        guard size.integrations > 1, size.flows > 1 else { return }
        try workspace.batch {
            _ = try workspace.createGroup(name: "Settings group", integration: "Integration 1")
            _ = try workspace.moveItems(.flow, ["Flow 1"], to: "Integration 1", group: "Settings group")
            for (level, (ref, group)) in [("Integration 1", false), ("Settings group", true), ("Flow 1", false)].enumerated() {
                var document = JSONObject()
                for key in 0..<1_000 { document["key\(key + level * 500)"] = .string("level \(level) value \(key)") }
                _ = try workspace.replaceSettings(ref, group: group, with: .object(document))
            }
        }
    }
}
