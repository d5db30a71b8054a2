/// How a resource read from an integrator.io file is written back as that file (SPEC §7):
/// kept in the resource's own fields under `ioLayout`, so that clone, revisions and install
/// carry it like any other kept field.
///
/// - `keys`: the file's keys in their order, the fields the workspace models included;
/// - `verbatim`: fields the workspace models whose value it could not take as given (a
///   `_connectionId` of `""` or an alias name, a `null` description …), written back as they were;
/// - `fallback`: the name the workspace gave a resource whose own it could not take (none,
///   blank-padded, too long): while it is unchanged, the original is written back;
/// - `contained: false`: a connection the download named but did not hold (not written back);
/// - `aliases`: an alias list's order and each alias's key order.
enum IOLayout {
    static let field = "ioLayout"

    /// The known fields of one kind, in the order the workspace writes them when a resource has
    /// no layout, each with the value that means "not given" (omitted unless the layout has it).
    struct Fields {
        let order: [String]
        let defaults: [String: JSONValue]
        /// Written only where the file had them: a connection's `offline` says the workspace
        /// holds no credentials, which a download never carries either.
        var layoutOnly: Set<String> = []

        func contains(_ key: String) -> Bool { order.contains(key) }
    }

    static let empty: JSONValue = .object(JSONObject())

    static let integration = Fields(
        order: ["_id", "name", "description", "readme", "settings", "flowGroupings", "aliases"],
        defaults: ["description": "", "readme": "", "settings": empty, "flowGroupings": [], "aliases": []])
    static let group = Fields(order: ["_id", "name", "settings"], defaults: ["settings": empty])
    static let flow = Fields(
        order: [
            "_id", "name", "description", "disabled", "_flowGroupingId", "settings", "pageGenerators", "pageProcessors",
            "routers", "aliases",
        ],
        defaults: ["description": "", "settings": empty, "pageGenerators": [], "pageProcessors": [], "aliases": []])
    static let export = Fields(
        order: ["_id", "name", "description", "_connectionId", "isLookup", "settings"],
        defaults: ["description": "", "isLookup": false, "settings": empty])
    static let `import` = Fields(
        order: ["_id", "name", "description", "_connectionId", "settings"], defaults: ["description": "", "settings": empty])
    static let connection = Fields(
        order: ["_id", "name", "type", "description", "offline", "settings"],
        defaults: ["description": "", "offline": false, "settings": empty, "type": "unknown"], layoutOnly: ["offline"])
    static let script = Fields(order: ["_id", "name", "content"], defaults: ["content": ""])
    /// APIs and tools, which integrator.io's downloads hold none of: a synced folder keeps them
    /// in `apis/` and `tools/`, in the same form.
    static let api = Fields(
        order: ["_id", "name", "description", "method", "path"], defaults: ["description": "", "method": "GET", "path": "/"])
    static let tool = Fields(order: ["_id", "name", "description", "inputSchema"], defaults: ["description": "", "inputSchema": empty])

    /// The object as integrator.io had it: the layout's keys first, known fields taken from the
    /// document (or verbatim where the document has only the default), then known fields the
    /// layout lacks that are not defaults, then any kept field the layout lacks.
    static func write(_ document: JSONObject, _ fields: Fields) -> JSONObject {
        let layout = document[field]?.objectValue
        let verbatim = layout?["verbatim"]?.objectValue ?? JSONObject()
        let fallback = layout?["fallback"]?.objectValue ?? JSONObject()
        var output = JSONObject()
        func known(_ key: String) -> JSONValue? {
            guard let value = document[key] else { return verbatim[key] }
            if value == fallback[key] { return verbatim[key] }
            if value == fields.defaults[key], let raw = verbatim[key] { return raw }
            return value
        }
        for key in keys(of: layout) ?? [] where output[key] == nil {
            if fields.contains(key) {
                output[key] = known(key)
            } else if key != field {
                output[key] = document[key]
            }
        }
        for key in fields.order where output[key] == nil && !(keys(of: layout)?.contains(key) ?? false) {
            if layout != nil && fields.layoutOnly.contains(key) { continue }
            if let value = document[key], value != fields.defaults[key], value != fallback[key] { output[key] = value }
        }
        for (key, value) in document.pairs where key != field && !fields.contains(key) && output[key] == nil {
            output[key] = value
        }
        return output
    }

    private static func keys(of layout: JSONObject?) -> [String]? {
        layout?["keys"]?.arrayValue?.compactMap(\.stringValue)
    }

    /// The layout of a file's object, with the known fields whose value the reader could not take.
    static func of(
        _ object: JSONObject, verbatim: JSONObject = JSONObject(), fallback: JSONObject = JSONObject(), aliases: JSONValue? = nil
    ) -> JSONValue {
        var layout = JSONObject([("keys", .array(object.keys.map(JSONValue.string)))])
        if !verbatim.isEmpty { layout["verbatim"] = .object(verbatim) }
        if !fallback.isEmpty { layout["fallback"] = .object(fallback) }
        if let aliases { layout["aliases"] = aliases }
        return .object(layout)
    }

    /// Whether a connection was only named by the download, not held by it.
    static func isContained(_ connection: JSONObject) -> Bool {
        connection[field]?["contained"] != .bool(false)
    }

    /// An alias list in integrator.io's form: the order, spelling (the workspace stores alias
    /// ids lower-cased) and key order the layout remembers; aliases it does not know follow,
    /// by name.
    static func writeAliases(_ aliases: [JSONObject], layout: JSONValue?) -> [JSONValue] {
        let remembered = (layout?["aliases"]?.arrayValue ?? []).compactMap(\.objectValue)
        var known: [String: (rank: Int, spelling: String, keys: [String])] = [:]
        for (index, entry) in remembered.enumerated() {
            guard let name = entry["alias"]?.stringValue else { continue }
            known[name.lowercased()] = (index, name, entry["keys"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        }
        func name(_ alias: JSONObject) -> String { alias["alias"]?.stringValue ?? "" }
        let sorted = aliases.sorted { lhs, rhs in
            (known[name(lhs)]?.rank ?? Int.max, name(lhs)) < (known[name(rhs)]?.rank ?? Int.max, name(rhs))
        }
        return sorted.map { alias in
            guard let memory = known[name(alias)] else { return .object(alias) }
            var output = JSONObject()
            for key in memory.keys { output[key] = key == "alias" ? .string(memory.spelling) : alias[key] }
            for (key, value) in alias.pairs where output[key] == nil && !(key == "description" && value == "") {
                output[key] = value
            }
            return .object(output)
        }
    }

    /// Each alias's name and key order, to write the list back as it was.
    static func aliasLayout(_ aliases: [JSONObject]) -> JSONValue {
        .array(aliases.map { alias in
            ["alias": alias["alias"] ?? .null, "keys": .array(alias.keys.map(JSONValue.string))]
        })
    }
}
