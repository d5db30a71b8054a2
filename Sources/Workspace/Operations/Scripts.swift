/// Scripts: resources of an integration that hooks name by `_scriptId` (SPEC §7).
extension Workspace {
    /// An integration's scripts, by `_id`.
    public func scripts(integration ref: String) throws -> [Script] {
        try read {
            let home = try integration(ref)
            return try ScriptRecord.inIntegration(home.id, in: database)
        }
    }

    /// One script the user may read, by id or exact name.
    public func script(_ ref: String, integration: String? = nil) throws -> Script {
        try read {
            var lookup = Lookup.scripts
            if let integration {
                lookup.narrow(toIntegration: try findIntegration(integration).id, description: "that integration")
            }
            let script = try lookup.find(ref, in: database)
            try authorize(.read(try findIntegration(script.integrationID)))
            return script
        }
    }

    /// `script delete REF [--integration REF]`: refused while a hook names it (exit 1, naming
    /// the flows, exports and imports), since a hook must never name a script that is gone.
    @discardableResult
    public func deleteScript(_ ref: String, integration: String? = nil) throws -> Script {
        try write { audit in
            var lookup = Lookup.scripts
            if let integration { lookup.narrow(toIntegration: try findIntegration(integration).id, description: "that integration") }
            let script = try lookup.find(ref, in: database)
            let home = try findIntegration(script.integrationID)
            try authorize(.change(home))
            let users = try hooksNaming(script)
            guard users.isEmpty else {
                throw WorkspaceError.refused(
                    "script \"\(script.name)\" is named by the hooks of " + users.joined(separator: ", "),
                    hint: "point those hooks at another script first")
            }
            var draft = BinDraft(.script, id: script.id, name: script.name, home: home)
            draft.document.scripts = [DocumentScript(script)]
            try ScriptRecord.delete(script, from: database)
            try audit.record(.script, id: script.id, name: script.name, integration: home.id, action: .delete)
            try putInBin(draft, audit: audit)
            return script
        }
    }

    /// The flows, exports and imports of its integration whose kept fields name a script.
    private func hooksNaming(_ script: Script) throws -> [String] {
        let flows = try items(.flow, inIntegrationID: script.integrationID).filter {
            IDFields.named(.script, in: .array($0.structure.json.map(\.1)) ).contains(script.id)
                || IDFields.named(.script, in: .object($0.extra)).contains(script.id)
        }
        let steps = try self.steps(inIntegrationID: script.integrationID).filter {
            IDFields.named(.script, in: .object($0.extra)).contains(script.id)
        }
        return flows.map { "flow \"\($0.name)\" (\($0.id))" } + steps.map { "\($0.kind.rawValue) \"\($0.name)\" (\($0.id))" }
    }

    /// With its integration deleted: moved to Standalone (`detach`) or deleted (`cascade`).
    func removeScripts(_ scripts: [Script], of integration: Integration, detach: Bool, audit: AuditWriter) throws {
        for script in scripts {
            if detach {
                try audit.record(
                    .script, id: script.id, name: script.name, integration: ResourceID.standalone, action: .move,
                    change: FieldChange(path: "/_integrationId", old: .string(integration.id), new: .string(ResourceID.standalone)))
            } else {
                try ScriptRecord.delete(script, from: database)
                try audit.record(.script, id: script.id, name: script.name, integration: integration.id, action: .delete)
            }
        }
        if detach {
            try ScriptRecord.relocate(from: integration.id, to: ResourceID.standalone, at: audit.time, in: database)
        }
    }
}
