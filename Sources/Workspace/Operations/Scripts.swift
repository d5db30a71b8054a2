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
