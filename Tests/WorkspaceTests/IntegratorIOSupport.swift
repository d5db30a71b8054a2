import Foundation
import Testing

@testable import Workspace
@testable import WorkspaceStore

/// Synthetic integrator.io downloads, written from SPEC §7, and the comparison the round-trip
/// property needs.
enum SampleDownload {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("fixtures/integrator.io/shopify-netsuite")

    /// fixtures/integrator.io/shopify-netsuite: every feature of the format but the big mock.
    static func files() throws -> DownloadFiles {
        try DownloadFolder.read(folder.path)
    }

    /// The sample plus an export whose `mockOutput` is about `bytes` long, used by a flow.
    static func withBigMock(bytes: Int = 2_000_000) throws -> DownloadFiles {
        var files = try files()
        let records = (0..<(bytes / 190)).map { index -> JSONValue in
            let line: JSONValue = ["sku": .string("SKU-\(index % 97)"), "qty": .int(Int64(index % 5 + 1))]
            let record: JSONValue = [
                "id": .int(Int64(100_000 + index)), "email": .string("customer\(index)@example.com"),
                "total": .double(Double(index) * 1.25 + 0.5), "note": "Ünïcödé — 日本 \"quoted\"\n", "lines": [line],
            ]
            return ["record": record]
        }
        let export: JSONValue = [
            "_id": "5f1a2b3c4d5e6f7a8b9c0e99", "name": "Big mock (orders)", "_connectionId": "5f1a2b3c4d5e6f7a8b9c0c01",
            "adaptorType": "HTTPExport", "mockOutput": ["page_of_records": .array(records)],
        ]
        files.files["exports/Big-mock-orders--5f1a2b3c4d5e6f7a8b9c0e99.json"] = export.javaScriptBytes
        return files
    }

    /// Old id → new id of everything an install created or mapped.
    static func idMap(_ plan: InstallPlan) -> [String: String] {
        var map: [String: String] = [:]
        for created in plan.created { map[created.sourceID] = created.id }
        for connection in plan.connections { map[connection.sourceID] = connection.id }
        return map
    }

    /// install → download gives the same files with the same content, but for ids (remapped by
    /// `ids`, in names too) and flows, which an install disables.
    static func expectSame(
        _ original: DownloadFiles, _ copy: DownloadFiles, ids: [String: String], sourceLocation: SourceLocation = #_sourceLocation
    ) {
        func remapped(_ text: String) -> String {
            ids.reduce(text) { text, pair in text.replacingOccurrences(of: pair.key, with: pair.value) }
        }
        var expected: [String: [UInt8]] = [:]
        for (path, bytes) in original.files {
            var text = remapped(String(decoding: bytes, as: UTF8.self))
            if path.hasPrefix("flows/") { text = text.replacingOccurrences(of: "\n  \"disabled\": false", with: "\n  \"disabled\": true") }
            expected[remapped(path)] = Array(text.utf8)
        }
        #expect(expected.keys.sorted() == copy.files.keys.sorted(), sourceLocation: sourceLocation)
        for (path, bytes) in expected.sorted(by: { $0.key < $1.key }) where copy.files[path] != bytes {
            let want = String(String(decoding: bytes, as: UTF8.self).prefix(3000))
            let got = String(String(decoding: copy.files[path] ?? [], as: UTF8.self).prefix(3000))
            Issue.record("\(path) differs:\n--- expected\n\(want)\n--- written\n\(got)", sourceLocation: sourceLocation)
        }
    }
}

/// Random downloads for the round-trip property: random kept fields in random key order,
/// random references among the download's resources, the odd `_connectionId`s of SPEC §7.
struct RandomDownload {
    var random: SplitMix
    private var serial = 0

    init(seed: UInt64) { random = SplitMix(seed: seed) }

    private mutating func id() -> String {
        serial += 1
        return String(format: "5e%06x%016x", serial, random.next())
    }

    private mutating func pick<T>(_ options: [T]) -> T { options[Int(random.next() % UInt64(options.count))] }
    private mutating func chance(_ percent: UInt64) -> Bool { random.next() % 100 < percent }
    private mutating func count(_ upTo: Int) -> Int { Int(random.next() % UInt64(upTo + 1)) }

    static let words = ["alpha", "Ünïcödé", "日本語", "tab\there", "quote\"d", "back\\slash", "line\nbreak", "ctl\u{1}", "🙂", ""]
    static let numbers: [JSONValue] = [.int(0), .int(-7), .int(9_007_199_254_740_993), .double(0.1), .double(2.5e-7), .double(1e21),
        .double(123.456), .double(-0.75), .double(1.5e300)]

    private mutating func value(depth: Int = 0) -> JSONValue {
        switch random.next() % (depth > 2 ? 4 : 6) {
        case 0:
            let word: String = pick(Self.words)
            return .string(word)
        case 1: return pick(Self.numbers)
        case 2: return pick([.bool(true), .bool(false), .null])
        case 3:
            let first: String = pick(Self.words)
            let second: String = pick(Self.words)
            return .string(first + " " + second)
        case 4: return .array((0..<count(3)).map { _ in value(depth: depth + 1) })
        default:
            let pairs: [(String, JSONValue)] = (0..<count(3)).map { index in
                let suffix: String = pick(["", "_x", "Ü"])
                return ("k\(index)" + suffix, value(depth: depth + 1))
            }
            return .object(JSONObject(pairs))
        }
    }

    /// Known fields and random kept ones, shuffled.
    private mutating func object(_ fields: [(String, JSONValue)]) -> JSONObject {
        var pairs = fields
        for index in 0..<count(4) { pairs.append(("kept\(index)\(pick(["", "Name", "_v"]))", value())) }
        for index in pairs.indices.reversed() where index > 0 { pairs.swapAt(index, Int(random.next() % UInt64(index + 1))) }
        return JSONObject(pairs)
    }

    private mutating func name(_ base: String) -> String {
        base + " " + pick(["one", "Ünï — 日本", "(v2)", "a/b", "x_y"]) + " \(serial)"
    }

    mutating func make() -> DownloadFiles {
        var files = DownloadFiles()
        func add(_ folder: String, _ object: JSONObject) {
            let path = IntegratorIOWriter.path(folder, object)
            files.files[path] = JSONValue.object(object).javaScriptBytes
        }
        let connections = (0..<count(2)).map { _ in id() }
        for connection in connections {
            add("connections", object([("_id", .string(connection)), ("name", .string(name("Conn"))), ("type", .string(pick(["http", "netsuite"])))]))
        }
        let scripts = (0..<count(2)).map { _ in id() }
        for script in scripts {
            let metadata = object([("_id", .string(script)), ("name", .string(name("Script")))])
            let path = IntegratorIOWriter.path("scripts", metadata)
            files.files[path] = JSONValue.object(metadata).javaScriptBytes
            files.files[String(path.dropLast(5)) + ".js"] = Array("function f () {\r\n  return '\(pick(Self.words))'\n}".utf8)
        }
        func connectionField() -> [(String, JSONValue)] {
            switch random.next() % 5 {
            case 0: []
            case 1: [("_connectionId", "")]
            case 2: [("_connectionId", "someAlias")]
            default: connections.isEmpty ? [] : [("_connectionId", .string(pick(connections)))]
            }
        }
        func hooks() -> [(String, JSONValue)] {
            scripts.isEmpty || chance(50) ? [] : [("hooks", ["preSavePage": ["function": "f", "_scriptId": .string(pick(scripts))]])]
        }
        let exports = (0...count(3)).map { _ in id() }
        for export in exports {
            add("exports", object([("_id", .string(export)), ("name", .string(name("Export"))), ("adaptorType", "HTTPExport")]
                + connectionField() + hooks() + (chance(30) ? [("isLookup", .bool(chance(50)))] : [])))
        }
        let imports = (0..<count(3)).map { _ in id() }
        for imported in imports {
            add("imports", object([("_id", .string(imported)), ("name", .string(name("Import")))] + connectionField() + hooks()))
        }
        let groups = (0..<count(2)).map { _ in id() }
        for _ in 0...count(3) {
            var fields: [(String, JSONValue)] = [("_id", .string(id())), ("name", .string(name("Flow"))), ("disabled", .bool(chance(50)))]
            if !groups.isEmpty && chance(60) { fields.append(("_flowGroupingId", .string(pick(groups)))) }
            fields.append(("pageGenerators", .array((0...count(1)).map { _ in ["_exportId": .string(pick(exports))] })))
            let processors: [JSONValue] = (0..<count(2)).map { _ in
                imports.isEmpty || chance(30)
                    ? ["type": "export", "_exportId": .string(pick(exports))]
                    : ["type": "import", "_importId": .string(pick(imports))]
            }
            fields.append(("pageProcessors", .array(processors)))
            add("flows", object(fields))
        }
        let head = object([
            ("_id", .string(id())), ("name", .string(name("Integration"))),
            ("flowGroupings", .array(groups.map { group in ["name": .string(name("Group")), "_id": .string(group)] })),
            ("installSteps", []), ("_registeredConnectionIds", .array(connections.map(JSONValue.string))),
        ])
        files.files["integration.json"] = JSONValue.object(head).javaScriptBytes
        return files
    }
}

/// A small seeded generator, so that a failing case can be replayed.
struct SplitMix: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
