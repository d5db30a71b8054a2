import Workspace

#if canImport(Glibc)
    import Glibc
#endif

/// integrator.io downloads for the install and download rows: one the size of a real
/// production integration (1 flow, 30 exports one of which has a 1.8 MB `mockOutput`,
/// 2 imports, 3 scripts) and one of 100 flows with 300 exports.
enum Downloads {
    static let production = "production.zip"
    static let hundred = "hundred.zip"
    /// The 100-flow download, installed at generation so that its download can be timed.
    static let installed = "Integrator.io 100 flows"

    static func writeAll(into directory: String) throws {
        try write(ZipArchive.make(productionFiles()), to: "\(directory)/\(production)")
        try write(ZipArchive.make(flows(100, exportsPerFlow: 3)), to: "\(directory)/\(hundred)")
    }

    private static func write(_ bytes: [UInt8], to path: String) throws {
        guard let file = fopen(path, "wb") else { throw WorkspaceError(.notFound, "cannot write \(path)") }
        defer { fclose(file) }
        guard fwrite(bytes, 1, bytes.count, file) == bytes.count else { throw WorkspaceError(.unavailable, "cannot write \(path)") }
    }

    private static func id(_ kind: UInt64, _ index: Int) -> String {
        let digits = String(kind << 32 | UInt64(index), radix: 16)
        return "5f00" + String(repeating: "0", count: 20 - digits.count) + digits
    }

    private static func add(_ folder: String, _ object: JSONObject, to files: inout DownloadFiles) {
        let name = String(object["name"]?.stringValue?.map { $0.isLetter || $0.isNumber ? $0 : "-" } ?? [])
        files.files["\(folder)/\(name)-\(object["_id"]?.stringValue ?? "").json"] = JSONValue.object(object).javaScriptBytes
    }

    /// An HTTP export as integrator.io writes one, `extra` fields after its own.
    private static func export(_ index: Int, connection: String, extra: [(String, JSONValue)] = []) -> JSONObject {
        JSONObject(
            [
                ("_id", .string(id(1, index))), ("createdAt", "2024-01-01T00:00:00.000Z"), ("lastModified", "2024-02-01T00:00:00.000Z"),
                ("name", .string("IO export \(index)")), ("_connectionId", .string(connection)), ("apiIdentifier", .string("e\(index)")),
                ("asynchronous", true),
                ("http", ["relativeURI": .string("/v1/records/\(index)"), "method": "GET", "successMediaType": "json",
                    "paging": ["method": "linkheader", "lastPageStatusCode": 404]]),
                ("transform", ["type": "expression", "expression": ["rules": [[["extract": "id", "generate": "externalId"]]], "version": "1"]]),
                ("adaptorType", "HTTPExport"),
            ] + extra)
    }

    private static func head(name: String, connection: String) -> JSONObject {
        JSONObject([
            ("_id", .string(id(9, 0))), ("name", .string(name)), ("install", []), ("sandbox", false),
            ("_registeredConnectionIds", [.string(connection)]), ("installSteps", []), ("uninstallSteps", []),
            ("flowGroupings", []), ("settings", ["retries": 3]),
        ])
    }

    private static func connection() -> JSONObject {
        JSONObject([
            ("_id", .string(id(2, 0))), ("type", "http"), ("name", "API"), ("offline", true),
            ("http", ["baseURI": "https://api.example.com", "mediaType": "json", "auth": ["type": "token"]]),
        ])
    }

    static func productionFiles() -> DownloadFiles {
        var files = DownloadFiles()
        let connection = id(2, 0)
        files.files["integration.json"] = JSONValue.object(head(name: "Production", connection: connection)).javaScriptBytes
        add("connections", Self.connection(), to: &files)
        let records: [JSONValue] = (0..<7_650).map { index in
            ["id": .int(Int64(index)), "email": .string("customer\(index)@example.com"), "total": .double(Double(index) * 1.25 + 0.5),
             "status": "open", "lines": [["sku": .string("SKU-\(index % 97)"), "qty": .int(Int64(index % 5 + 1))]]]
        }
        for index in 0..<30 {
            let mock: [(String, JSONValue)] = index == 0 ? [("mockOutput", ["page_of_records": .array(records)])] : []
            add("exports", export(index, connection: connection, extra: mock), to: &files)
        }
        for index in 0..<2 {
            add("imports", JSONObject([
                ("_id", .string(id(3, index))), ("name", .string("IO import \(index)")), ("_connectionId", .string(connection)),
                ("http", ["relativeURI": ["/v1/orders"], "method": ["POST"]]), ("adaptorType", "HTTPImport"),
            ]), to: &files)
        }
        for index in 0..<3 {
            let metadata = JSONObject([("_id", .string(id(4, index))), ("name", .string("IO script \(index)")), ("sandbox", false)])
            add("scripts", metadata, to: &files)
            files.files["scripts/IO-script-\(index)-\(id(4, index)).js"] = Array(
                String(repeating: "function hook\(index) (options) {\n  return options.data\n}\n", count: 40).utf8)
        }
        let generators: [JSONValue] = [["_exportId": .string(id(1, 0))]]
        let processors: [JSONValue] = (1..<30).map { ["type": "export", "_exportId": .string(id(1, $0))] }
            + (0..<2).map { ["type": "import", "_importId": .string(id(3, $0)),
                "hooks": ["preMap": ["function": "hook0", "_scriptId": .string(id(4, $0))]]] }
        add("flows", JSONObject([
            ("_id", .string(id(5, 0))), ("name", "Orders"), ("disabled", false), ("schedule", "? 0 * * * *"),
            ("pageGenerators", .array(generators)), ("pageProcessors", .array(processors)),
        ]), to: &files)
        return files
    }

    static func flows(_ count: Int, exportsPerFlow: Int) -> DownloadFiles {
        var files = DownloadFiles()
        let connection = id(2, 0)
        files.files["integration.json"] = JSONValue.object(head(name: "Hundred", connection: connection)).javaScriptBytes
        add("connections", Self.connection(), to: &files)
        for flow in 0..<count {
            let exports = (0..<exportsPerFlow).map { flow * exportsPerFlow + $0 }
            for index in exports { add("exports", export(index, connection: connection), to: &files) }
            add("imports", JSONObject([
                ("_id", .string(id(3, flow))), ("name", .string("IO import \(flow)")), ("_connectionId", .string(connection)),
                ("adaptorType", "HTTPImport"),
            ]), to: &files)
            let processors: [JSONValue] = exports.dropFirst().map { ["type": "export", "_exportId": .string(id(1, $0))] }
                + [["type": "import", "_importId": .string(id(3, flow))]]
            add("flows", JSONObject([
                ("_id", .string(id(5, flow))), ("name", .string("IO flow \(flow)")), ("disabled", false),
                ("pageGenerators", [["_exportId": .string(id(1, exports[0]))]]), ("pageProcessors", .array(processors)),
            ]), to: &files)
        }
        return files
    }
}
