/// Installing a document: parse and check all of it, then create everything with new ids in
/// one transaction, through the records, with every reference remapped.
extension Workspace {
    /// Installs an integration document (`workspace integration install`): flows arrive disabled,
    /// every row is audited with source `install`.
    public func install(_ text: String, options: InstallOptions = InstallOptions()) throws -> InstallPlan {
        guard case .object(let json) = try JSONValue(parsing: text) else {
            throw WorkspaceError.invalid("the file is not an integration document: it is not a JSON object")
        }
        return try install(json, purpose: .install(.document), options: options)
    }

    /// Parses a document from outside and installs it as a new integration.
    func install(_ json: JSONObject, purpose: InstallPurpose, options: InstallOptions) throws -> InstallPlan {
        try write(source: .install) { audit in
            try authorize(.manageIntegrations(nil))
            var problems: [String] = []
            guard let document = IntegrationDocument(parsing: json, problems: &problems) else { throw Self.refusal(problems) }
            return try installing(document, purpose: purpose, options: options, audit: audit, problems: problems)
        }
    }

    /// Checks the references (and any problems the parse found), then installs (or, for a dry
    /// run, installs and undoes) and records the revision the new integration's history starts
    /// with; one transaction.
    func installing(
        _ document: IntegrationDocument, purpose: InstallPurpose, options: InstallOptions, audit: AuditWriter,
        problems parsed: [String] = []
    ) throws -> InstallPlan {
        let references = DocumentReferences(document, mapped: Set(options.connections.keys), scriptsMustResolve: purpose.scriptsMustResolve)
        let problems = parsed + references.problems
        var mappingProblems = references.unknownMappings
        var mapped: [String: Connection] = [:]
        for (old, ref) in options.connections.sorted(by: { $0.key < $1.key }) {
            do { mapped[old] = try findConnection(ref) } catch let error as WorkspaceError {
                mappingProblems.append("--connection \(old)=\(ref): \(error.message)")
            }
        }
        guard problems.isEmpty && mappingProblems.isEmpty else { throw Self.refusal(problems, mappingProblems) }
        for connection in mapped.values { try authorize(.connection(connection, .monitor)) }
        let run = {
            var installer = Installer(
                workspace: self, document: document, purpose: purpose, options: options, mapped: mapped, audit: audit)
            var plan = try installer.install()
            if let (kind, other) = purpose.revision {
                plan.revision = try self.recordRevision(
                    kind, of: plan.integration, before: nil, after: try self.document(of: plan.integration).values, other: other,
                    audit: audit)
            }
            return plan
        }
        var plan = options.dryRun ? try database.undoing(run) : try run()
        if options.dryRun { plan.revision = nil }
        plan.notes = purpose.notes
        return plan
    }

    /// The refusal of a file with problems, every one of them listed. When the only problems
    /// are connections the caller's map names and nothing has, what is missing is a resource
    /// (not found: exit 2, HTTP 404), not a sound file.
    static func refusal(_ problems: [String], _ mappingProblems: [String] = []) -> WorkspaceError {
        let all = problems + mappingProblems
        let message =
            "the file has \(all.count) problem\(all.count == 1 ? "" : "s"), nothing was installed:\n"
            + all.map { "  - \($0)" }.joined(separator: "\n")
        return problems.isEmpty ? WorkspaceError(.notFound, message) : .invalid(message)
    }

    /// Clones an integration (SPEC §6): everything, APIs and tools too, under `Clone - <name>`
    /// unless `options.name`; connections reused unless `newConnections` or mapped. Flows
    /// arrive disabled, as in integrator.io, so a copy never runs beside its source unasked.
    public func cloneIntegration(_ ref: String, options: InstallOptions = InstallOptions()) throws -> InstallPlan {
        try write { audit in
            let source = try findIntegration(ref)
            try authorize(.read(source))
            try source.refuseIfStandalone(.clone)
            try authorize(.manageIntegrations(source))
            try options.checkConnectionChoice()
            var options = options
            options.name = options.name ?? String("Clone - \(source.name)".prefix(Limits.nameLength))
            return try installing(try document(of: source), purpose: .clone(source: source), options: options, audit: audit)
        }
    }
}
