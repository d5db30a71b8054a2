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
            let document = try self.document(of: sourceHome, .flow(source, withScripts: destination.id != sourceHome.id))
            var installer = Installer(
                workspace: self, document: document,
                purpose: .flowClone(
                    into: destination, name: name ?? String("Clone - \(source.name)".prefix(Limits.nameLength)),
                    keepGroup: destination.id == sourceHome.id),
                audit: audit)
            let copy = try installer.installFlow()
            return FlowView(flow: copy, steps: try stepViews(of: copy), aliases: try aliases(ownedBy: .flow(copy.id)))
        }
    }
}
