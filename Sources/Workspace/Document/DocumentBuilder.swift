/// Building the document from the records: the whole integration (download, clone, revisions)
/// or one flow's part of it (flow clone), through one builder.
extension Workspace {
    /// The integration's document as it is now (read access).
    public func download(_ ref: String) throws -> IntegrationDocument {
        try read {
            let integration = try findIntegration(ref)
            try authorize(.read(integration))
            try integration.refuseIfStandalone(.download)
            return try document(of: integration)
        }
    }

    /// What of an integration a document holds.
    enum DocumentScope {
        case whole
        /// One flow, the exports and imports it uses and their connections; `withScripts`, the
        /// scripts their hooks name too (a copy in another integration gets its own, so that
        /// no hook names another integration's script).
        case flow(Item, withScripts: Bool)
    }

    func document(of integration: Integration, _ scope: DocumentScope = .whole) throws -> IntegrationDocument {
        let settings = try SettingsRecord.document(of: .integration, integration.id, in: database)
        var document = IntegrationDocument(integration: DocumentIntegration(integration, settings: settings))
        let connectionIDs: Set<String>
        switch scope {
        case .whole: connectionIDs = try addContents(of: integration.id, to: &document)
        case .flow(let flow, let withScripts):
            connectionIDs = try addPart(of: flow, in: integration.id, withScripts: withScripts, to: &document)
        }
        document.connections = try documentConnections(connectionIDs)
        return document
    }

    /// Connections as the document holds them, with their settings, in one query.
    func documentConnections(_ ids: Set<String>) throws -> [DocumentConnection] {
        try ConnectionRecord.withSettings(ids: ids, in: database).map(DocumentConnection.init)
    }

    /// Everything an integration holds, settings read one query a kind; returns the connections
    /// it registers or its steps use.
    private func addContents(of id: String, to document: inout IntegrationDocument) throws -> Set<String> {
        let settings = try DocumentSettings(of: id, in: database)
        let flowAliases = try AliasRecord.flowAliases(ofIntegration: id, in: database)
        let steps = try self.steps(inIntegrationID: id).sorted { $0.id < $1.id }
        document.flowGroups = try groups(ofIntegration: id).map { DocumentGroup($0, settings: settings[.flowGroup, $0.id]) }
        document.flows = try items(.flow, inIntegrationID: id).map {
            DocumentFlow($0, settings: settings[.flow, $0.id], aliases: flowAliases[$0.id] ?? [])
        }
        document.exports = steps.filter { $0.kind == .export }.map { DocumentStep($0, settings: settings[.export, $0.id]) }
        document.imports = steps.filter { $0.kind == .import }.map { DocumentStep($0, settings: settings[.import, $0.id]) }
        document.apis = try items(.api, inIntegrationID: id).sorted { $0.id < $1.id }.map(DocumentItem.init)
        document.tools = try items(.tool, inIntegrationID: id).sorted { $0.id < $1.id }.map(DocumentItem.init)
        document.scripts = try ScriptRecord.inIntegration(id, in: database).map(DocumentScript.init)
        document.aliases = try aliases(ownedBy: .integration(id)).sorted { $0.alias < $1.alias }.map(DocumentAlias.init)
        document.other = try IntegrationRecord.other(of: id, in: database).map(KeptResource.init)
        return Set(try registrations(ofIntegration: id)).union(steps.compactMap(\.connectionID))
    }

    /// One flow, the exports and imports it uses and, `withScripts`, the scripts their hooks
    /// name; returns the connections its steps use.
    private func addPart(
        of flow: Item, in id: String, withScripts: Bool, to document: inout IntegrationDocument
    ) throws -> Set<String> {
        let steps = try self.steps(usedBy: [flow.id])
        let flowSettings = try SettingsRecord.document(of: .flow, flow.id, in: database)
        document.flows = [DocumentFlow(flow, settings: flowSettings, aliases: try aliases(ownedBy: .flow(flow.id)))]
        for step in steps {
            let part = DocumentStep(step, settings: try SettingsRecord.document(of: step.kind.resource, step.id, in: database))
            if step.kind == .export { document.exports.append(part) } else { document.imports.append(part) }
        }
        if withScripts {
            let hooks = IDFields.named(.script, in: .array(flow.structure.json.map(\.1)))
            let named = Set(hooks + steps.flatMap { IDFields.named(.script, in: .object($0.extra)) })
            let scripts = try ScriptRecord.inIntegration(id, in: database).filter { named.contains($0.id) }
            document.scripts = scripts.map(DocumentScript.init)
        }
        return Set(steps.compactMap(\.connectionID))
    }
}

/// The settings of an integration's flow groups, flows, exports and imports, read one query a kind.
private struct DocumentSettings {
    private var byKind: [ResourceKind: [String: JSONValue]] = [:]

    init(of integrationID: String, in database: Store) throws {
        for kind in [ResourceKind.flowGroup, .flow, .export, .import] {
            byKind[kind] = try SettingsRecord.documents(of: kind, inIntegration: integrationID, in: database)
        }
    }

    subscript(kind: ResourceKind, id: String) -> JSONValue { byKind[kind]?[id] ?? [:] }
}
