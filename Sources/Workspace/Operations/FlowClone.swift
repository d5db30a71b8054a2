extension Workspace {
    /// Copies a flow with its exports and imports (new ids), their settings and the flow's
    /// aliases into its own integration or `target`; default name `Clone - <name>`. It is the
    /// flow's part of the integration document installed there: one copy path with integration
    /// clone. The copy keeps its flow group only when it stays in the same integration; its
    /// connections are registered where it lands.
    public func cloneFlow(_ ref: String, to target: String? = nil, name: String? = nil, integration: String? = nil)
        throws -> FlowView
    {
        try write { audit in
            let source = try findItem(.flow, ref, integration: integration)
            let sourceHome = try home(of: source)
            try authorize(.read(sourceHome))
            let destination = try target.map(findIntegration) ?? sourceHome
            try authorize(.change(destination))
            let document = try flowDocument(source, in: sourceHome, withScripts: destination.id != sourceHome.id)
            var installer = Installer(
                workspace: self, document: document, options: InstallOptions(), mapped: [:], audit: audit)
            let copy = try installer.installFlow(
                into: destination, name: name ?? String("Clone - \(source.name)".prefix(Limits.nameLength)),
                keepGroup: destination.id == sourceHome.id)
            return FlowView(flow: copy, steps: try stepViews(of: copy), aliases: try aliases(ownedBy: .flow(copy.id)))
        }
    }

    /// The flow's part of its integration's document: the flow, the exports and imports it
    /// uses, and their connections; `withScripts`, the scripts their hooks name too (a copy in
    /// another integration gets its own, so that no hook names another integration's script).
    private func flowDocument(_ flow: Item, in home: Integration, withScripts: Bool) throws -> IntegrationDocument {
        let steps = try steps(usedBy: [flow.id])
        var settings: [String: JSONValue] = [:]
        for step in steps { settings[step.id] = try SettingsRecord.document(of: step.kind.resource, step.id, in: database) }
        let flowSettings = try SettingsRecord.document(of: .flow, flow.id, in: database)
        let named = Set(
            IDFields.named("scripts", in: .array(flow.structure.json.map(\.1)))
                + steps.flatMap { IDFields.named("scripts", in: .object($0.extra)) })
        let scripts = withScripts ? try ScriptRecord.inIntegration(home.id, in: database).filter { named.contains($0.id) } : []
        return IntegrationDocument(
            json: JSONObject([
                ("format", .string(IntegrationDocument.format)), ("version", .int(IntegrationDocument.version)),
                ("integration", .object(JSONObject([("_id", .string(home.id)), ("name", .string(home.name))]))),
                ("flows", .array([.object(Self.documentFlow(flow, settings: flowSettings, aliases: try aliases(ownedBy: .flow(flow.id))))])),
                ("exports", .array(steps.filter { $0.kind == .export }.map { .object(Self.documentStep($0, settings: settings[$0.id] ?? [:])) })),
                ("imports", .array(steps.filter { $0.kind == .import }.map { .object(Self.documentStep($0, settings: settings[$0.id] ?? [:])) })),
                ("connections", .array(try documentConnections(ids: Set(steps.compactMap(\.connectionID))).map { .object($0) })),
                ("scripts", .array(scripts.map { .object(Self.documentScript($0)) })),
            ]))
    }
}
