import Foundation
import Testing

@testable import Workspace
@testable import WorkspaceStore

@Suite struct IntegratorIORoundTripTests {
    @Test func theSampleComesBackFileForFile() throws {
        let scratch = try Scratch()
        let original = try SampleDownload.withBigMock()
        let plan = try scratch.workspace.install(download: original)
        let (copy, notes) = try scratch.workspace.downloadIntegratorIO(plan.integration.id)
        #expect(notes.isEmpty)
        SampleDownload.expectSame(original, copy, ids: SampleDownload.idMap(plan))
    }

    @Test func throughAZipToo() throws {
        let scratch = try Scratch()
        let original = try SampleDownload.files()
        let zip = try ZipArchive.make(original)
        #expect(try ZipArchive.read(zip) == original)
        let plan = try scratch.workspace.install(zip)
        let (copy, _) = try scratch.workspace.downloadIntegratorIO(plan.integration.id)
        #expect(try ZipArchive.read(try ZipArchive.make(copy)) == copy)
        SampleDownload.expectSame(original, copy, ids: SampleDownload.idMap(plan))
    }

    @Test(arguments: 1...25) func randomDownloadsComeBack(seed: UInt64) throws {
        let scratch = try Scratch()
        var generator = RandomDownload(seed: seed)
        let original = generator.make()
        let plan = try scratch.workspace.install(download: original)
        let (copy, _) = try scratch.workspace.downloadIntegratorIO(plan.integration.id)
        SampleDownload.expectSame(original, copy, ids: SampleDownload.idMap(plan))
    }

    /// Names the workspace cannot take as given are installed under one it can, and written
    /// back as they were while unchanged.
    @Test func oddNamesComeBack() throws {
        let scratch = try Scratch()
        let original = DownloadFiles([
            "integration.json": JSONValue.object(JSONObject([("_id", "5a0000000000000000000001"), ("name", " Padded ")])).javaScriptBytes,
            "exports/-5a0000000000000000000002.json": JSONValue.object(JSONObject([("_id", "5a0000000000000000000002"), ("adaptorType", "HTTPExport")])).javaScriptBytes,
            "flows/-5a0000000000000000000003.json": JSONValue.object(JSONObject([
                ("_id", "5a0000000000000000000003"), ("name", ""), ("description", .null), ("disabled", true),
                ("pageGenerators", [["_exportId": "5a0000000000000000000002"]]),
            ])).javaScriptBytes,
            "__MACOSX/flows/._x.json": [0, 1],
            "scripts/Orphan-5a0000000000000000000009.js": Array("x".utf8),
        ])
        let plan = try scratch.workspace.install(download: original)
        #expect(plan.integration.name == "Padded")
        #expect(plan.created.contains { $0.name == "Unnamed 5a0000000000000000000002" })
        // A Mac's metadata is no part of the download: left out without a word.
        #expect(!plan.notes.contains { $0.contains("__MACOSX") } && plan.notes.contains { $0.contains("Orphan") })
        let (copy, _) = try scratch.workspace.downloadIntegratorIO(plan.integration.id)
        var expected = original
        expected.files["__MACOSX/flows/._x.json"] = nil
        expected.files["scripts/Orphan-5a0000000000000000000009.js"] = nil
        SampleDownload.expectSame(expected, copy, ids: SampleDownload.idMap(plan))
    }

    /// The layout is a kept field like any other: a clone writes the same download as its source.
    @Test func aCloneDownloadsLikeItsSource() throws {
        let scratch = try Scratch()
        let original = try SampleDownload.files()
        let installed = try scratch.workspace.install(download: original)
        let clone = try scratch.workspace.cloneIntegration(installed.integration.id, options: InstallOptions(name: "Shopify – NetSuite Orders"))
        let (source, _) = try scratch.workspace.downloadIntegratorIO(installed.integration.id)
        let (copy, _) = try scratch.workspace.downloadIntegratorIO(clone.integration.id)
        SampleDownload.expectSame(source, copy, ids: SampleDownload.idMap(clone))
    }

    /// Edits made in the workspace show in the download, in the fields' places.
    @Test func editsAreWrittenWhereTheFieldWas() throws {
        let scratch = try Scratch()
        let plan = try scratch.workspace.install(download: try SampleDownload.files())
        let ids = SampleDownload.idMap(plan)
        let flowID = try #require(ids["5f1a2b3c4d5e6f7a8b9c0b01"])
        _ = try scratch.workspace.editItem(.flow, flowID, ItemEdit(name: "Orders to NetSuite", description: "Every 2 hours"))
        let (files, _) = try scratch.workspace.downloadIntegratorIO(plan.integration.id)
        let flow = try #require(files.files["flows/Orders-to-NetSuite-\(flowID).json"])
        let object = try #require(try JSONValue(parsing: String(decoding: flow, as: UTF8.self)).objectValue)
        #expect(Array(object.keys.prefix(4)) == ["_id", "lastModified", "name", "disabled"])
        #expect(object["description"] == "Every 2 hours")
        #expect(object.keys.last == "description")
    }
}

@Suite struct IntegratorIOInstallTests {
    @Test func everyFeatureLandsInTheWorkspace() throws {
        let scratch = try Scratch()
        let workspace = scratch.workspace
        let plan = try workspace.install(download: try SampleDownload.files())
        let ids = SampleDownload.idMap(plan)
        let integration = plan.integration
        #expect(integration.name == "Shopify – NetSuite Orders")
        // Exports used by no flow are installed all the same; webhooks have no connection.
        let exports = try workspace.steps(.export, integration: integration.id)
        #expect(exports.count == 8)
        let webhook = try #require(exports.first { $0.name == "Shopify webhook" })
        #expect(webhook.connectionID == nil)
        let lookup = try #require(exports.first { $0.name == "Find NetSuite customer" })
        #expect(lookup.lookup)
        // A connection named but not contained is created offline, typed from adaptorType.
        let missing = try workspace.findConnection(try #require(ids["5f1a2b3c4d5e6f7a8b9c0c09"]))
        #expect(missing.offline && missing.type == "salesforce")
        // `_connectionId` "" and alias names are no connection, and are reported.
        #expect(plan.notes.count == 3)
        #expect(plan.notes.contains { $0.contains("\"shopifyAlias\"") })
        // Legacy flows get steps; routers keep their branches chained by nextRouterId.
        let legacy = try workspace.findItem(.flow, try #require(ids["5f1a2b3c4d5e6f7a8b9c0b03"]))
        #expect(legacy.structure.steps.map(\.reference.id) == [ids["5f1a2b3c4d5e6f7a8b9c0e04"], ids["5f1a2b3c4d5e6f7a8b9c0f02"]])
        let router = try workspace.findItem(.flow, try #require(ids["5f1a2b3c4d5e6f7a8b9c0b02"]))
        #expect(router.structure.routers?.first?["branches"]?.arrayValue?.first?["nextRouterId"] == "uxtwub0B7rh")
        // Scripts keep their bytes; hooks name the new scripts.
        let scripts = try workspace.scripts(integration: integration.id)
        #expect(scripts.count == 3)
        let hooks = try #require(scripts.first { $0.name == "Order hooks" })
        #expect(hooks.content.contains("\r\n"))
        let orders = try #require(exports.first { $0.name == "Get Shopify orders" })
        #expect(orders.extra["hooks"]?["preSavePage"]?["_scriptId"] == .string(hooks.id))
        // What names nothing of the download is kept verbatim.
        #expect(orders.extra["_httpConnectorResourceId"] == "5f0000000000000000000def")
        let maps = try #require(scripts.first { $0.name == "Map tweaks" })
        #expect(maps.extra["_sourceId"] == "5f0000000000000000000s99")
        // Kinds the workspace does not model stay in the document's `other`.
        let document = try workspace.download(integration.id)
        #expect(document.other.map(\.kind) == ["ediprofiles", "filedefinitions"])
        // The integration's own references follow the new ids.
        let head = document.integration.kept
        #expect(head["_registeredConnectionIds"] == [.string(ids["5f1a2b3c4d5e6f7a8b9c0c01"] ?? ""), .string(ids["5f1a2b3c4d5e6f7a8b9c0c02"] ?? "")])
    }

    /// What an integrator.io download kept verbatim (a `_scriptId` naming no script of it) does
    /// not stop the workspace's own copies: clone, snapshot and revert, delete and restore.
    @Test func keptReferencesTravelThroughClonesAndRevisions() throws {
        let scratch = try Scratch()
        let w = scratch.workspace
        var files = try SampleDownload.files()
        files.files["exports/Hooked-5f1a2b3c4d5e6f7a8b9c0e77.json"] = Array(
            #"{"_id": "5f1a2b3c4d5e6f7a8b9c0e77", "name": "Hooked", "hooks": {"preSavePage": {"_scriptId": "5f00000000000000000000ff"}}}"#.utf8)
        let plan = try w.install(download: files)
        #expect(plan.notes.contains { $0.contains("5f00000000000000000000ff") })
        let clone = try w.cloneIntegration(plan.integration.id)
        let snapshot = try w.snapshot(clone.integration.id, description: "With a kept _scriptId")
        _ = try w.editIntegration(clone.integration.id, description: "Changed")
        _ = try w.revert(snapshot.id)
        _ = try w.deleteIntegration(clone.integration.id, mode: .cascade)
        let deleted = try #require(try w.deletedIntegrations().first)
        _ = try w.restore(deleted.id)
    }

    @Test func twoInstallsMakeSeparateResources() throws {
        let scratch = try Scratch()
        let first = try scratch.workspace.install(download: try SampleDownload.files())
        let second = try scratch.workspace.install(download: try SampleDownload.files())
        #expect(Set(first.created.map(\.id)).isDisjoint(with: second.created.map(\.id)))
        #expect(Set(first.connections.map(\.id)).isDisjoint(with: second.connections.map(\.id)))
    }

    @Test func oneIDAcrossKindsIsNoError() throws {
        let scratch = try Scratch()
        let shared = "5a5a5a5a5a5a5a5a5a5a5a5a"
        let files = DownloadFiles([
            "integration.json": Array(#"{"_id": "5a0000000000000000000001", "name": "Hand made"}"#.utf8),
            "connections/C-\(shared).json": Array(#"{"_id": "\#(shared)", "name": "C", "type": "http"}"#.utf8),
            "exports/E-\(shared).json": Array(#"{"_id": "\#(shared)", "name": "E", "_connectionId": "\#(shared)"}"#.utf8),
            "imports/I-\(shared).json": Array(#"{"_id": "\#(shared)", "name": "I", "_connectionId": "\#(shared)"}"#.utf8),
            "flows/F-5a0000000000000000000002.json": Array(
                #"{"_id": "5a0000000000000000000002", "name": "F", "pageGenerators": [{"_exportId": "\#(shared)"}], "pageProcessors": [{"type": "import", "_importId": "\#(shared)"}]}"#.utf8),
        ])
        let plan = try scratch.workspace.install(download: files)
        let flow = try scratch.workspace.findItem(.flow, "F", integration: plan.integration.id)
        #expect(flow.structure.steps.count == 2)
        #expect(Set(flow.structure.steps.map(\.reference.id)).count == 2)
    }

    @Test func aMissingConnectionCanBeMapped() throws {
        let scratch = try Scratch()
        let mine = try scratch.workspace.createConnection(name: "My Salesforce", type: "salesforce")
        let plan = try scratch.workspace.install(
            download: try SampleDownload.files(), options: InstallOptions(connections: ["5f1a2b3c4d5e6f7a8b9c0c09": mine.id]))
        #expect(plan.connections.first { $0.sourceID == "5f1a2b3c4d5e6f7a8b9c0c09" }?.use == .mapped)
        let (files, _) = try scratch.workspace.downloadIntegratorIO(plan.integration.id)
        // Mapped, it is a workspace connection like any other: written with the download.
        #expect(files.files.keys.contains("connections/My-Salesforce-\(mine.id).json"))
    }

    @Test func aDryRunWritesNothing() throws {
        let scratch = try Scratch()
        let before = try scratch.dump()
        let plan = try scratch.workspace.install(download: try SampleDownload.files(), options: InstallOptions(dryRun: true))
        #expect(plan.dryRun && plan.created.count > 10)
        #expect(try scratch.dump() == before)
    }
}

@Suite struct IntegratorIOHostileTests {
    static func zip(_ files: [String: String]) throws -> [UInt8] {
        try ZipArchive.make(DownloadFiles(files.mapValues { Array($0.utf8) }))
    }

    static let minimal = ["integration.json": #"{"_id": "5a0000000000000000000001", "name": "Small"}"#]

    /// Offset of the first central directory record (PK\1\2).
    static func central(_ bytes: [UInt8]) -> Int {
        (0..<bytes.count - 4).first { bytes[$0] == 0x50 && bytes[$0 + 1] == 0x4B && bytes[$0 + 2] == 1 && bytes[$0 + 3] == 2 } ?? 0
    }

    func expectRefused(_ bytes: [UInt8], _ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let scratch = try Scratch()
        try scratch.expectRefusal(.invalid, containing: text, sourceLocation: sourceLocation) {
            _ = try scratch.workspace.install(bytes)
        }
    }

    @Test func aValidZipInstalls() throws {
        let scratch = try Scratch()
        #expect(try scratch.workspace.install(try Self.zip(Self.minimal)).integration.name == "Small")
    }

    @Test func notAZip() throws {
        try expectRefused(Array("PK\u{3}\u{4}this is not a zip at all".utf8), "not a valid zip file")
        try expectRefused([0xFF, 0xFE, 0x00], "neither a zip file nor an integration document")
    }

    @Test func badChecksum() throws {
        var bytes = try Self.zip(Self.minimal)
        bytes[14] ^= 0xFF  // the local header's CRC
        bytes[Self.central(bytes) + 16] ^= 0xFF  // and the central directory's
        try expectRefused(bytes, "damaged")
    }

    @Test func truncatedCentralDirectory() throws {
        let bytes = try Self.zip(Self.minimal)
        try expectRefused(Array(bytes.dropLast(30)), "not a valid zip file")
    }

    /// A zip holding an entry named `name`, which `ZipArchive.make` itself refuses to write:
    /// made under a harmless name of the same length, then renamed in place.
    static func zip(withEntry name: String) throws -> [UInt8] {
        let stand = String(repeating: "q", count: name.utf8.count)
        var files = minimal
        files[stand] = "{}"
        var bytes = try zip(files)
        let (from, to) = (Array(stand.utf8), Array(name.utf8))
        for index in 0..<(bytes.count - from.count) where Array(bytes[index..<index + from.count]) == from {
            bytes.replaceSubrange(index..<index + to.count, with: to)
        }
        return bytes
    }

    /// The last ones hide a `..` or a `/` from Swift's Characters behind a combining mark (the
    /// kernel reads bytes: `../\u{301}x` leaves the folder).
    @Test(arguments: [
        "/etc/integration.json", "../integration.json", "flows/../../x.json", "C:/x.json", "a\\b.json", "../\u{301}x.json",
        "flows/..\u{200D}/../x.json", "/\u{301}etc/x.json", "a\\\u{301}b.json",
    ])
    func pathsOutsideTheDownload(path: String) throws {
        try expectRefused(try Self.zip(withEntry: path), "points outside the download")
        #expect(throws: WorkspaceError.self) { try ZipArchive.make(DownloadFiles([path: []])) }
    }

    @Test func symbolicLinks() throws {
        var bytes = try Self.zip(Self.minimal)
        let record = Self.central(bytes)
        bytes[record + 5] = 3  // made by Unix
        let mode: UInt32 = 0o120777 << 16
        for index in 0..<4 { bytes[record + 38 + index] = UInt8((mode >> (8 * UInt32(index))) & 0xFF) }
        try expectRefused(bytes, "symbolic link")
    }

    @Test func encryptedEntries() throws {
        var bytes = try Self.zip(Self.minimal)
        bytes[6] |= 1  // general purpose flag: encrypted
        bytes[Self.central(bytes) + 8] |= 1
        try expectRefused(bytes, "encrypted")
    }

    @Test func duplicateNames() throws {
        var files = Self.minimal
        files["flows/a.json"] = "{}"
        files["flows/b.json"] = "{}"
        var bytes = try Self.zip(files)
        // Rename every "flows/b.json" to "flows/a.json", in local headers and directory alike.
        let from = Array("flows/b.json".utf8)
        for index in 0..<(bytes.count - from.count) where Array(bytes[index..<index + from.count]) == from {
            bytes[index + 6] = UInt8(ascii: "a")
        }
        try expectRefused(bytes, "is there twice")
    }

    @Test func zipBombs() throws {
        var files = Self.minimal
        files["flows/bomb.json"] = String(repeating: " ", count: 4 << 20)
        try expectRefused(try Self.zip(files), "zip bomb")
        // Over the total: the cap is checked before anything is unpacked.
        let ordinary = try Self.zip(Self.minimal)
        #expect(throws: WorkspaceError.self) { try ZipArchive.read(ordinary, limit: 10) }
    }

    @Test func noIntegrationJSON() throws {
        try expectRefused(try Self.zip(["flows/F-5a0000000000000000000002.json": "{}"]), "no integration.json")
    }

    @Test func everyBadFileIsNamedAtOnce() throws {
        var files = Self.minimal
        files["flows/Bad-5a0000000000000000000002.json"] = #"{"_id": "5a0000000000000000000002", "name": }"#
        files["exports/Worse-5a0000000000000000000003.json"] = #"{"_id": "#
        files["imports/List-5a0000000000000000000004.json"] = "[1, 2]"
        let scratch = try Scratch()
        try scratch.expectRefusal(.invalid, containing: "3 problems") { _ = try scratch.workspace.install(try Self.zip(files)) }
        do {
            _ = try scratch.workspace.install(try Self.zip(files))
        } catch let error as WorkspaceError {
            #expect(error.message.contains("flows/Bad-5a0000000000000000000002.json: malformed JSON at byte 44"))
            #expect(error.message.contains("exports/Worse-5a0000000000000000000003.json: malformed JSON at byte 8"))
            #expect(error.message.contains("imports/List-5a0000000000000000000004.json: is not a JSON object"))
        }
    }

    @Test func twoResourcesOfOneKindWithOneID() throws {
        var files = Self.minimal
        files["exports/A-5a0000000000000000000002.json"] = #"{"_id": "5a0000000000000000000002", "name": "A"}"#
        files["exports/B-5a0000000000000000000002.json"] = #"{"_id": "5a0000000000000000000002", "name": "B"}"#
        try expectRefused(try Self.zip(files), "duplicate _id 5a0000000000000000000002")
    }

    /// A workspace document's kept integrator.io resources are written back at their `file`:
    /// never outside the download, nor over what the workspace writes itself.
    @Test(arguments: ["../evil.json", "/etc/evil.json", "flows/x.json", "integration.json", "a/b/c.json"])
    func keptResourcesStayInTheirFolder(file: String) throws {
        let scratch = try Scratch()
        let document = #"{"format": "workspace-integration", "version": 1, "integration": {"_id": "x", "name": "In"}, "#
            + #""other": [{"kind": "filedefinitions", "file": "\#(file)", "resource": {}}]}"#
        try scratch.expectRefusal(.invalid, containing: "other[0]") { _ = try scratch.workspace.install(document) }
    }

    @Test func aStepTheDownloadLacks() throws {
        var files = Self.minimal
        files["flows/F-5a0000000000000000000002.json"] =
            #"{"_id": "5a0000000000000000000002", "name": "F", "pageGenerators": [{"_exportId": "5a0000000000000000000009"}]}"#
        try expectRefused(try Self.zip(files), "is not in the file")
    }
}

@Suite struct JavaScriptNumberTests {
    @Test(arguments: [
        (1e21, "1e+21"), (1e20, "100000000000000000000"), (1.5e-7, "1.5e-7"), (0.000001, "0.000001"), (1e-7, "1e-7"),
        (123.456, "123.456"), (-0.5, "-0.5"), (100.0, "100"), (12345678901234567890.0, "12345678901234567000"),
        (0.1, "0.1"), (2.5e300, "2.5e+300"), (-1.25e-10, "-1.25e-10"), (0.0, "0"),
    ])
    func numbersPrintAsJavaScriptDoes(number: Double, text: String) {
        #expect(JSONValue.javaScriptFormat(number) == text)
    }

    @Test func stringifyLayout() {
        let value: JSONValue = ["a": [1, ["b": []]], "c": [:], "d": "Ü\n\"", "e": .double(0.5)]
        #expect(String(decoding: value.javaScriptBytes, as: UTF8.self)
            == "{\n  \"a\": [\n    1,\n    {\n      \"b\": []\n    }\n  ],\n  \"c\": {},\n  \"d\": \"Ü\\n\\\"\",\n  \"e\": 0.5\n}")
    }

    @Test func fileNames() {
        #expect(IntegratorIOWriter.fileName("Ünïcödé Flöw — 日本 (β)") == "-n-c-d-Fl-w-")
        #expect(IntegratorIOWriter.fileName("NetSuite (production)") == "NetSuite-production-")
        #expect(IntegratorIOWriter.fileName("a_b 9") == "a_b-9")
    }
}

/// What real downloads made on a Mac hold, and what a download's kept fields name.
@Suite struct MacDownloadTests {
    static let macZip = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("fixtures/zips/macos-finder.zip").path

    /// Finder's Compress: entries streamed with a data descriptor, the local header's CRC and
    /// compressed size 0 (libzip's consistency check refused them), in one top folder beside
    /// __MACOSX/ with an AppleDouble file for each.
    @Test func aZipMadeByFinderReadsAndInstalls() throws {
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: Self.macZip)))
        let files = try ZipArchive.read(bytes)
        #expect(files.files["Shopify - NetSuite/integration.json"] != nil)
        #expect(files.files["__MACOSX/Shopify - NetSuite/._integration.json"] != nil)
        let scratch = try Scratch()
        let plan = try scratch.workspace.install(bytes)
        #expect(plan.created.filter { $0.kind == .flow }.count == 4)
        #expect(!plan.notes.contains { $0.contains("MACOSX") || $0.contains("._") }, "\(plan.notes)")
    }

    /// A damaged entry is still refused: the CRC of what is read is checked without libzip's
    /// consistency check.
    @Test func aDamagedEntryIsStillRefused() throws {
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: Self.macZip)))
        let integration = Array("Shopify - NetSuite/integration.json".utf8)
        let header = try #require(bytes.indices.first { bytes[$0...].starts(with: integration) })
        bytes[header + integration.count + 4] ^= 0xFF  // inside its deflated data
        #expect(throws: WorkspaceError.self) { _ = try ZipArchive.read(bytes) }
    }

    /// A top folder of any length beside __MACOSX/<folder>/._integration.json: found, and no
    /// path of the download is cut (the root's length was dropped from every path).
    @Test(arguments: ["X", "netsuite", "A folder with a long name"]) func aTopFolderBesideMacMetadata(top: String) throws {
        var files = DownloadFiles()
        for (path, bytes) in try SampleDownload.files().files { files.files["\(top)/\(path)"] = bytes }
        files.files["__MACOSX/\(top)/._integration.json"] = [0, 5, 22, 7, 0, 2]
        files.files["\(top)/.DS_Store"] = [0, 0, 0, 1]
        files.files["\(top)/flows/._Orders.json"] = [0, 5, 22, 7]
        let scratch = try Scratch()
        let plan = try scratch.workspace.install(download: files)
        #expect(!plan.notes.contains { $0.contains("._") || $0.contains("DS_Store") || $0.contains("MACOSX") }, "\(plan.notes)")
    }

    /// `_connectionId`s inside kept fields that name no connection of the download are kept
    /// as they are and reported, like a step's own.
    @Test func nestedConnectionIDsThatResolveNothingAreReported() throws {
        var files = try SampleDownload.files()
        let headBytes = try #require(files.files["integration.json"])
        var head = try #require(try JSONValue(parsing: String(decoding: headBytes, as: UTF8.self)).objectValue)
        head["settingsForm"] = ["form": ["fieldMap": ["account": ["_connectionId": "ns_alias"], "blank": ["_connectionId": ""]]]]
        files.files["integration.json"] = JSONValue.object(head).javaScriptBytes
        let scratch = try Scratch()
        let plan = try scratch.workspace.install(download: files)
        #expect(plan.notes.contains { $0.contains("_connectionId \"ns_alias\" is not a connection of the download") }, "\(plan.notes)")
        #expect(plan.notes.contains { $0.contains("_connectionId \"\" is not a connection of the download") && !$0.contains("exports/") })
        let (copy, _) = try scratch.workspace.downloadIntegratorIO(plan.integration.id)
        let writtenBytes = try #require(copy.files["integration.json"])
        let written = try JSONValue(parsing: String(decoding: writtenBytes, as: UTF8.self))
        #expect(written["settingsForm"]?["form"]?["fieldMap"]?["account"]?["_connectionId"] == "ns_alias")
    }
}
