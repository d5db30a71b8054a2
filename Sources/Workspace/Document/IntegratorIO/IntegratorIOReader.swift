/// Reads an integrator.io download (SPEC §7) into an integration document: no second model.
/// Every file is read and every problem collected before anything is refused; what the
/// download names but cannot resolve is kept verbatim and reported in `notes`.
struct IntegratorIOReader {
    /// The folders whose files the workspace models; any other folder's JSON files are kept
    /// in the document's `other`.
    static let modelled = ["flows", "exports", "imports", "connections", "scripts"] + itemFolders
    /// APIs and tools, which a synced folder holds beside integrator.io's layout.
    static let itemFolders = ["apis", "tools"]

    private(set) var problems: [String] = []
    private(set) var notes: [String] = []
    /// Parsed files by folder: (path, object), in path order.
    private var folders: [String: [(path: String, object: JSONObject)]] = [:]
    private var scriptSources: [String: String] = [:]
    private var head = JSONObject()
    private var other: [JSONValue] = []

    /// Finds the root (`integration.json` at the top, or inside the one folder the zip holds).
    static func root(of files: DownloadFiles) -> String? {
        if files.files["integration.json"] != nil { return "" }
        // A zip made by hand may add a top folder, and macOS its __MACOSX/ and .DS_Store.
        let tops = Set(files.files.keys.compactMap { $0.split(separator: "/", maxSplits: 1).first.map(String.init) })
            .filter { $0 != "__MACOSX" && !$0.hasPrefix(".") }
        guard tops.count == 1, let top = tops.first, files.files["\(top)/integration.json"] != nil else { return nil }
        return top + "/"
    }

    /// The download as an integration document's JSON (parsed by the install), or every
    /// problem found in it (exit 3).
    static func read(_ files: DownloadFiles) throws -> (JSONObject, notes: [String]) {
        guard let root = root(of: files) else {
            throw WorkspaceError.invalid(
                "not an integrator.io download: there is no integration.json at its root",
                hint: "give the .zip integrator.io's Download button made, or the folder it unpacks to")
        }
        var reader = IntegratorIOReader()
        reader.parse(files, root: root)
        guard reader.problems.isEmpty else { throw failure(reader.problems) }
        let document = reader.document()
        guard reader.problems.isEmpty else { throw failure(reader.problems) }
        return (document, reader.notes)
    }

    static func failure(_ problems: [String]) -> WorkspaceError {
        .invalid(
            "the download has \(problems.count) problem\(problems.count == 1 ? "" : "s"), nothing was installed:\n"
                + problems.map { "  - \($0)" }.joined(separator: "\n"))
    }

    // MARK: Files

    private mutating func parse(_ files: DownloadFiles, root: String) {
        for (fullPath, bytes) in files.files.sorted(by: { $0.key < $1.key }) {
            if Self.isMacMetadata(fullPath) { continue }
            guard fullPath.hasPrefix(root) else {
                notes.append("\(fullPath): outside the download's folder \(root.dropLast()); left out")
                continue
            }
            let path = String(fullPath.dropFirst(root.count))
            let parts = path.split(separator: "/").map(String.init)
            if path == "integration.json" {
                if let object = parseObject(bytes, path: path) { head = object }
            } else if parts.count == 2, parts[0] == "scripts", path.hasSuffix(".js") {
                guard let text = String(validating: bytes, as: UTF8.self) else {
                    problems.append("\(path): is not UTF-8 text")
                    continue
                }
                scriptSources[String(parts[1].dropLast(3))] = text
            } else if parts.count == 2, path.hasSuffix(".json") {
                guard let object = parseObject(bytes, path: path) else { continue }
                if Self.modelled.contains(parts[0]) {
                    folders[parts[0], default: []].append((path, object))
                } else {
                    other.append(["kind": .string(parts[0]), "file": .string(path), "resource": .object(object)])
                }
            } else {
                notes.append("\(path): not part of integrator.io's download format; left out")
            }
        }
    }

    /// What a Mac adds when it compresses or copies a folder: `__MACOSX/`, `.DS_Store`, and
    /// AppleDouble `._NAME` files. They describe files, they are not part of the download.
    static func isMacMetadata(_ path: String) -> Bool {
        let bytes = path.utf8
        let last = bytes.lastIndex(of: UInt8(ascii: "/")).map { bytes.index(after: $0) } ?? bytes.startIndex
        let name = bytes[last...]
        return bytes.starts(with: "__MACOSX/".utf8) || path == "__MACOSX" || name.elementsEqual(".DS_Store".utf8)
            || name.starts(with: "._".utf8)
    }

    private mutating func parseObject(_ bytes: [UInt8], path: String) -> JSONObject? {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            problems.append("\(path): is not UTF-8 text")
            return nil
        }
        do {
            guard case .object(let object) = try JSONValue(parsing: text) else {
                problems.append("\(path): is not a JSON object")
                return nil
            }
            return object
        } catch let error as WorkspaceError {
            problems.append("\(path): \(error.message)")
        } catch {
            problems.append("\(path): \(error)")
        }
        return nil
    }

    // MARK: The document

    private mutating func document() -> JSONObject {
        let groups = objects(in: head["flowGroupings"])
        let groupIDs = Set(groups.compactMap { $0["_id"]?.stringValue })
        let connectionIDs = ids("connections")
        var stubs: [String: [String]] = [:]
        var lists: [String: [JSONObject]] = [:]
        for (folder, fields) in [("exports", IOLayout.export), ("imports", IOLayout.import)] {
            for (path, object) in folders[folder] ?? [] {
                lists[folder, default: []].append(step(object, path: path, fields: fields, connections: connectionIDs, stubs: &stubs))
            }
        }
        for (path, object) in folders["flows"] ?? [] { lists["flows", default: []].append(flow(object, path: path, groups: groupIDs)) }
        for (path, object) in folders["scripts"] ?? [] { lists["scripts", default: []].append(script(object, path: path)) }
        for (folder, fields) in [("apis", IOLayout.api), ("tools", IOLayout.tool)] {
            for (path, object) in folders[folder] ?? [] {
                requireID(object, path: path)
                lists[folder, default: []].append(split(object, fields).laidOut())
            }
        }
        for (path, object) in folders["connections"] ?? [] {
            requireID(object, path: path)
            lists["connections", default: []].append(connection(object))
        }
        for (id, adaptors) in stubs.sorted(by: { $0.key < $1.key }) { lists["connections", default: []].append(stub(id, adaptors: adaptors)) }
        let described = Set((folders["scripts"] ?? []).map { String($0.path.dropFirst("scripts/".count).dropLast(5)) })
        for base in scriptSources.keys.sorted() where !described.contains(base) {
            notes.append("scripts/\(base).js: has no \(base).json beside it (its _id and name); left out")
        }
        noteUnresolved("scripts", in: ["flows", "exports", "imports"].flatMap { lists[$0] ?? [] }, known: ids("scripts"))
        // A step's own _connectionId is reported by step() (and kept in the layout, which is not
        // searched); those nested in kept fields (a `settingsForm` …) here.
        let nested = [head] + ["flows", "exports", "imports", "connections"].flatMap { lists[$0] ?? [] }.map { object in
            var object = object
            object["_connectionId"] = nil
            object[IOLayout.field] = nil
            return object
        }
        noteUnresolved("connections", in: nested, known: connectionIDs.union(stubs.keys))
        let aliases = objects(in: head["aliases"])
        var integration = split(head, IOLayout.integration)
        for key in ["flowGroupings", "aliases"] { integration.fields[key] = nil }
        var json = JSONObject([
            ("format", .string(IntegrationDocument.format)), ("version", .int(IntegrationDocument.version)),
            ("integration", .object(integration.laidOut(aliases: IOLayout.aliasLayout(aliases)))),
            ("flowGroupings", .array(groups.map { .object(group($0)) })),
        ])
        for list in ["flows", "exports", "imports", "scripts", "connections"] + Self.itemFolders where lists[list] != nil || !Self.itemFolders.contains(list) {
            json[list] = .array((lists[list] ?? []).map(JSONValue.object))
        }
        json["aliases"] = .array(aliases.map(JSONValue.object))
        json["other"] = .array(other)
        return json
    }

    private func ids(_ folder: String) -> Set<String> {
        Set((folders[folder] ?? []).compactMap { $0.object["_id"]?.stringValue })
    }

    private func objects(in value: JSONValue?) -> [JSONObject] {
        (value?.arrayValue ?? []).compactMap(\.objectValue)
    }

    /// One file's object split for the document: the known fields the workspace can take as
    /// given and every other field (`fields`), the known ones it cannot take (a `null`
    /// description …) set aside to be written back verbatim.
    struct Split {
        let original: JSONObject
        var fields = JSONObject()
        var verbatim = JSONObject()
        var fallback = JSONObject()

        /// The document's object: the fields and the layout to write the file back.
        func laidOut(aliases: JSONValue? = nil) -> JSONObject {
            var output = fields
            output[IOLayout.field] = IOLayout.of(original, verbatim: verbatim, fallback: fallback, aliases: aliases)
            return output
        }

        /// A name with each control character (a tab, a trailing newline) made a space.
        static func withoutControls(_ name: String) -> String {
            String(String.UnicodeScalarView(name.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : $0 }))
        }

        /// A name the workspace cannot take as given (none, blank-padded, too long, with control
        /// characters) becomes one it can, remembered as the fallback; the original is written back.
        mutating func settleName() {
            let raw = original["name"]?.stringValue
            if let raw, (try? Limits.name(raw, of: "")) == raw { return }
            let usable =
                (try? Limits.name(Self.withoutControls(raw ?? ""), of: "")) ?? "Unnamed \(original["_id"]?.stringValue ?? "resource")"
            if let name = original["name"] { verbatim["name"] = name }
            fields["name"] = .string(usable)
            fallback["name"] = .string(usable)
        }
    }

    private func split(_ object: JSONObject, _ known: IOLayout.Fields, accept: (String, JSONValue) -> Bool = { _, _ in true })
        -> Split
    {
        var split = Split(original: object)
        for (key, value) in object.pairs {
            if !known.contains(key) || (Self.fits(value, known.defaults[key], key: key) && accept(key, value)) {
                split.fields[key] = value
            } else {
                split.verbatim[key] = value
            }
        }
        split.settleName()
        return split
    }

    /// Whether a known field's value has the type the workspace keeps it as.
    private static func fits(_ value: JSONValue, _ standard: JSONValue?, key: String) -> Bool {
        switch (key, value, standard) {
        case ("_id", .string(let id), _): !id.isEmpty
        case ("name", .string, _), ("_connectionId", .string, _), ("_flowGroupingId", .string, _): true
        case ("disabled", .bool, _): true
        case ("flowGroupings", .array, _), ("aliases", .array, _): true
        case ("pageGenerators", .array, _), ("pageProcessors", .array, _), ("routers", .array, _): true
        case (_, .string, .string?), (_, .bool, .bool?), (_, .object, .object?), (_, .array, .array?): true
        default: false
        }
    }

    private mutating func requireID(_ object: JSONObject, path: String) {
        if object["_id"]?.stringValue?.isEmpty ?? true { problems.append("\(path): it has no _id") }
    }

    private mutating func step(
        _ object: JSONObject, path: String, fields: IOLayout.Fields, connections: Set<String>, stubs: inout [String: [String]]
    ) -> JSONObject {
        requireID(object, path: path)
        let split = split(object, fields) { key, value in
            guard key == "_connectionId", let id = value.stringValue else { return true }
            if connections.contains(id) { return true }
            guard ResourceID.looksLikeID(id) else { return false }
            stubs[id, default: []].append(object["adaptorType"]?.stringValue ?? "")
            return true
        }
        if let raw = split.verbatim["_connectionId"] {
            notes.append("\(path): _connectionId \(raw.compactText) is not a connection of the download; kept as it is")
        }
        return split.laidOut()
    }

    private mutating func flow(_ object: JSONObject, path: String, groups: Set<String>) -> JSONObject {
        requireID(object, path: path)
        var split = split(object, IOLayout.flow) { key, value in
            key != "_flowGroupingId" || groups.contains(value.stringValue ?? "")
        }
        // Older downloads name one export and one import on the flow itself.
        if object["pageGenerators"] == nil && object["pageProcessors"] == nil && object["routers"] == nil {
            if let export = object["_exportId"]?.stringValue {
                split.fields["pageGenerators"] = [["_exportId": .string(export)]]
                split.fields["_exportId"] = nil
            }
            if let imported = object["_importId"]?.stringValue {
                split.fields["pageProcessors"] = [["type": "import", "_importId": .string(imported)]]
                split.fields["_importId"] = nil
            }
        }
        if let group = split.verbatim["_flowGroupingId"], group != .null {
            notes.append("\(path): _flowGroupingId \(group.compactText) is not a flow group of the download; kept as it is")
        }
        let aliases = objects(in: object["aliases"])
        if object["aliases"] != nil { split.fields["aliases"] = .array(aliases.map(JSONValue.object)) }
        return split.laidOut(aliases: IOLayout.aliasLayout(aliases))
    }

    private mutating func script(_ object: JSONObject, path: String) -> JSONObject {
        requireID(object, path: path)
        let base = String(path.split(separator: "/").last?.dropLast(5) ?? "")
        var split = split(object, IOLayout.script)
        split.verbatim["content"] = nil
        if let source = scriptSources[base] {
            split.fields["content"] = .string(source)
        } else if object["content"] == nil {
            notes.append("\(path): has no \(base).js beside it; the script is installed empty")
        }
        return split.laidOut()
    }

    private func connection(_ object: JSONObject) -> JSONObject {
        var split = split(object, IOLayout.connection) { key, value in
            key != "type" || (try? Workspace.validType(value.stringValue ?? "")) == value.stringValue
        }
        if split.fields["type"] == nil { split.fields["type"] = "unknown" }
        return split.laidOut()
    }

    /// A connection the download names but does not hold: created offline, typed after the
    /// application of the exports and imports that use it (`HTTPExport` → `http`).
    private mutating func stub(_ id: String, adaptors: [String]) -> JSONObject {
        let types = Set(adaptors.compactMap(Self.application))
        let type = types.count == 1 ? types.first ?? "unknown" : "unknown"
        notes.append("connection \(id) is named but not in the download: created offline (type \(type)) unless --connection maps it")
        return JSONObject([
            ("_id", .string(id)), ("name", .string("Connection \(id)")), ("type", .string(type)), ("offline", true),
            (IOLayout.field, JSONValue.object(JSONObject([("contained", .bool(false))]))),
        ])
    }

    /// The application an adaptor type speaks to: `NetSuiteDistributedImport` → `netsuite`.
    static func application(_ adaptorType: String) -> String? {
        var name = adaptorType
        for suffix in ["Export", "Import"] where name.hasSuffix(suffix) { name.removeLast(suffix.count) }
        if name.hasSuffix("Distributed") { name.removeLast("Distributed".count) }
        let type = name.lowercased()
        guard !type.isEmpty, (try? Workspace.validType(type)) == type else { return nil }
        return type
    }

    /// Notes each reference to `list` in the objects' fields that names nothing of the download:
    /// it is kept as it is (`"ns_alias"`, `""` in a `settingsForm` …), and the user is told.
    private mutating func noteUnresolved(_ list: String, in objects: [JSONObject], known: Set<String>) {
        let field = list == "scripts" ? "_scriptId" : "_connectionId"
        let what = list == "scripts" ? "a script" : "a connection"
        for object in objects {
            var seen = Set<String>()
            for id in IDFields.named(list == "scripts" ? .script : .connection, in: .object(object)) where !known.contains(id) && seen.insert(id).inserted {
                let value = JSONValue.string(id).compactText
                notes.append("\(object["name"]?.stringValue ?? "?"): \(field) \(value) is not \(what) of the download; kept as it is")
            }
        }
    }

    private func group(_ object: JSONObject) -> JSONObject {
        split(object, IOLayout.group).laidOut()
    }
}
