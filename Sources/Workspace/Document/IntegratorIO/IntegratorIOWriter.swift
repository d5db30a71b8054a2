/// Writes an integration document in integrator.io's download layout (SPEC §7): one
/// `JSON.stringify(doc, null, 2)` file per resource, named `<name>-<_id>.json`, scripts as a
/// `.js` beside their `.json`, kept integrator.io resources back where they came from.
enum IntegratorIOWriter {
    /// `withItems`: APIs and tools too, in `apis/` and `tools/` (a synced folder); integrator.io's
    /// own downloads hold none, so a download leaves them out and says so.
    static func files(of document: IntegrationDocument, withItems: Bool = false) -> (DownloadFiles, notes: [String]) {
        var files = DownloadFiles()
        var notes: [String] = []
        func add(_ path: String, _ object: JSONObject) { files.files[path] = JSONValue.object(object).javaScriptBytes }
        /// A resource's file is named after the name it is written with.
        func add(resource object: JSONObject, in folder: String) { add(path(folder, object), object) }

        var head = document.integration.json
        head["flowGroupings"] = .array(document.flowGroups.map { .object(IOLayout.write($0.json, IOLayout.group)) })
        head["aliases"] = .array(IOLayout.writeAliases(document.aliases.map(\.json), layout: head[IOLayout.field]))
        add("integration.json", IOLayout.write(head, IOLayout.integration))
        for flow in document.flows { add(resource: self.flow(flow.json), in: "flows") }
        for step in document.exports { add(resource: IOLayout.write(step.json, IOLayout.export), in: "exports") }
        for step in document.imports { add(resource: IOLayout.write(step.json, IOLayout.import), in: "imports") }
        for connection in document.connections.map(\.json) where IOLayout.isContained(connection) {
            add(resource: IOLayout.write(connection, IOLayout.connection), in: "connections")
        }
        for script in document.scripts {
            let metadata = self.script(script.json)
            let json = path("scripts", metadata)
            files.files[String(json.dropLast(5)) + ".js"] = Array(script.content.utf8)
            add(json, metadata)
        }
        for (index, entry) in document.other.enumerated() {
            guard let resource = entry.resource else { continue }
            add(entry.file ?? path(fileName(entry.kind ?? "other"), resource, fallback: "\(index)"), resource)
        }
        if withItems {
            for item in document.apis { add(resource: IOLayout.write(item.json, IOLayout.api), in: "apis") }
            for item in document.tools { add(resource: IOLayout.write(item.json, IOLayout.tool), in: "tools") }
        } else {
            for (items, label) in [(document.apis, "API"), (document.tools, "tool")] where !items.isEmpty {
                notes.append("\(items.count) \(label)\(items.count == 1 ? "" : "s") left out: integrator.io downloads hold none")
            }
        }
        return (files, notes)
    }

    /// `<name>-<_id>.json` in `folder`, every run of characters outside [A-Za-z0-9_] in the name
    /// made one `-`.
    static func path(_ folder: String, _ object: JSONObject, fallback: String = "") -> String {
        let id = object["_id"]?.stringValue ?? fallback
        return "\(folder)/\(fileName(object["name"]?.stringValue ?? ""))-\(id).json"
    }

    static func fileName(_ name: String) -> String {
        var output = ""
        var inRun = false
        for scalar in name.unicodeScalars {
            if scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_" {
                output.unicodeScalars.append(scalar)
                inRun = false
            } else if !inRun {
                output += "-"
                inRun = true
            }
        }
        return output
    }

    /// A flow as integrator.io has it: its aliases in their old order, and an older download's
    /// single `_exportId`/`_importId` given back that way while the steps still fit it.
    private static func flow(_ document: JSONObject) -> JSONObject {
        var flow = document
        let keys = Set(flow[IOLayout.field]?["keys"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        if keys.isDisjoint(with: ["pageGenerators", "pageProcessors", "routers"]), let legacy = legacySteps(of: flow) {
            flow["pageGenerators"] = nil
            flow["pageProcessors"] = nil
            if let export = legacy.export { flow["_exportId"] = .string(export) }
            if let imported = legacy.import { flow["_importId"] = .string(imported) }
        }
        if let aliases = flow["aliases"]?.arrayValue {
            flow["aliases"] = .array(IOLayout.writeAliases(aliases.compactMap(\.objectValue), layout: flow[IOLayout.field]))
        }
        return IOLayout.write(flow, IOLayout.flow)
    }

    /// The export and import of a flow whose steps are one bare export and at most one bare import.
    private static func legacySteps(of flow: JSONObject) -> (export: String?, import: String?)? {
        guard flow["routers"] == nil else { return nil }
        let generators = flow["pageGenerators"]?.arrayValue ?? []
        let processors = flow["pageProcessors"]?.arrayValue ?? []
        guard generators.count <= 1, processors.count <= 1 else { return nil }
        let export = generators.first?.objectValue
        let imported = processors.first?.objectValue
        guard export.map({ $0.keys == ["_exportId"] }) ?? true,
            imported.map({ $0.keys == ["type", "_importId"] && $0["type"] == "import" }) ?? true
        else { return nil }
        return (export?["_exportId"]?.stringValue, imported?["_importId"]?.stringValue)
    }

    /// A script's metadata: its content goes to the `.js` file unless the `.json` held it too.
    private static func script(_ document: JSONObject) -> JSONObject {
        var script = document
        let keys = script[IOLayout.field]?["keys"]?.arrayValue?.compactMap(\.stringValue) ?? []
        if !keys.contains("content") { script["content"] = nil }
        return IOLayout.write(script, IOLayout.script)
    }
}

extension Workspace {
    /// The integration in integrator.io's download layout (`download --format integrator.io`),
    /// with what the layout cannot hold noted.
    public func downloadIntegratorIO(_ ref: String) throws -> (files: DownloadFiles, notes: [String]) {
        IntegratorIOWriter.files(of: try download(ref))
    }

    /// Installs what a file holds, told apart by its content: a zip (an integrator.io
    /// download) or an integration document.
    public func install(_ bytes: [UInt8], options: InstallOptions = InstallOptions()) throws -> InstallPlan {
        if DownloadFiles.isZip(bytes) { return try install(download: try ZipArchive.read(bytes), options: options) }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw WorkspaceError.invalid(
                "the file is neither a zip file nor an integration document (it is not UTF-8 text)")
        }
        return try install(text, options: options)
    }

    /// Installs an integrator.io download (its files, from a zip or a folder).
    public func install(download files: DownloadFiles, options: InstallOptions = InstallOptions()) throws -> InstallPlan {
        let (json, notes) = try IntegratorIOReader.read(files)
        return try install(json, purpose: .install(.integratorIO(notes: notes)), options: options)
    }
}
