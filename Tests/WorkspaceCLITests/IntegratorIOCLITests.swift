import Foundation
import Testing

@testable import Workspace
@testable import WorkspaceStore

/// integrator.io downloads through the binary: install a zip or a folder, download one back.
@Suite struct IntegratorIOCLITests {
    static let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("fixtures/integrator.io/shopify-netsuite").path

    static func files(in root: String) throws -> DownloadFiles {
        try DownloadFolder.read(root)
    }

    /// The sample download zipped into the CLI's folder, under a name that says nothing.
    static func zip(_ cli: CLI, files: DownloadFiles? = nil, name: String = "download.bin") throws -> String {
        let path = cli.folder.appendingPathComponent(name).path
        try Data(try ZipArchive.make(try files ?? Self.files(in: sample))).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func aZipAndItsFolderInstall() throws {
        let cli = try CLI.initialized()
        let zip = try Self.zip(cli)
        let result = try cli.run("integration", "install", zip, "--name", "From zip")
        #expect(result.code == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("Installed integration \"From zip\""))
        #expect(result.stdout.contains("with 2 flow groups, 4 flows, 8 exports, 3 imports, 3 connections, 3 scripts"))
        #expect(result.stdout.contains("Kept as they were (not resolvable in the download):"))
        #expect(result.stdout.contains("_connectionId \"shopifyAlias\" is not a connection of the download"))
        let folder = try cli.json("integration", "install", Self.sample, "--name", "From folder")
        #expect(folder["plan"]?["notes"]?.arrayValue?.count == 3)
        #expect(try cli.json("flow", "list", "--integration", "From folder").arrayValue?.count == 4)
        let scripts = try cli.run("script", "list", "--integration", "From zip")
        #expect(scripts.stdout.contains("Order hooks") && scripts.stdout.contains("Branching"))
        let show = try cli.run("script", "show", "Order hooks", "--integration", "From zip")
        let original = try String(
            contentsOfFile: Self.sample + "/scripts/Order-hooks-5f1a2b3c4d5e6f7a8b9c0d11.js", encoding: .utf8)
        #expect(show.stdout == original)
    }

    @Test func downloadWritesAZipOrAFolder() throws {
        let cli = try CLI.initialized()
        _ = try cli.run("integration", "install", Self.sample)
        let name = "Shopify – NetSuite Orders"
        let zipPath = cli.folder.appendingPathComponent("back.zip").path
        let zipped = try cli.run("integration", "download", name, "--format", "integrator.io", "-o", zipPath)
        #expect(zipped.code == 0 && zipped.stdout.isEmpty, "\(zipped.stderr)")
        let files = try ZipArchive.read(Array(try Data(contentsOf: URL(fileURLWithPath: zipPath))))
        #expect(files.files.count == 26)
        let folder = cli.folder.appendingPathComponent("back").path
        #expect(try cli.run("integration", "download", name, "--format", "integrator.io", "-o", folder).code == 0)
        #expect(try Self.files(in: folder) == files)
        let slashed = cli.folder.appendingPathComponent("slashed").path + "/"
        #expect(try cli.run("integration", "download", name, "--format", "integrator.io", "-o", slashed).code == 0)
        #expect(try Self.files(in: slashed) == files)
        // An existing folder that is not empty is never written into.
        let again = try cli.run("integration", "download", name, "--format", "integrator.io", "-o", folder)
        #expect(again.code == 3 && again.stderr.contains("is a folder that is not empty"))
        #expect(try cli.run("integration", "download", name, "--format", "yaml").code == 64)
    }

    @Test func whatTheLayoutCannotHoldIsNoted() throws {
        let cli = try CLI.initialized()
        try cli.run("integration", "create", "Native")
        try cli.run("api", "create", "Status", "--integration", "Native")
        let result = try cli.run("integration", "download", "Native", "--format", "integrator.io", "-o", cli.folder.appendingPathComponent("n.zip").path)
        #expect(result.code == 0 && result.stderr == "note: 1 API left out: integrator.io downloads hold none\n")
    }

    @Test func hostileZipsAreRefusedAndNothingIsWritten() throws {
        let cli = try CLI.initialized()
        // A zip whose flows/ entries are renamed "../…" in place (ZipArchive.make writes none such).
        let evil = try Self.zip(cli, name: "evil.zip")
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: evil)))
        let (from, to) = (Array("flows/".utf8), Array("../../".utf8))
        for index in 0..<(bytes.count - from.count) where Array(bytes[index..<index + from.count]) == from {
            bytes.replaceSubrange(index..<index + to.count, with: to)
        }
        try Data(bytes).write(to: URL(fileURLWithPath: evil))
        try cli.expectFailure(3, "points outside the download", "integration", "install", evil)
        let garbage = cli.folder.appendingPathComponent("garbage.zip").path
        try Data("PK\u{3}\u{4} not really".utf8).write(to: URL(fileURLWithPath: garbage))
        try cli.expectFailure(3, "not a valid zip file", "integration", "install", garbage)
    }

    @Test func hostileFoldersAreRefusedAndNothingIsWritten() throws {
        let cli = try CLI.initialized()
        let folder = cli.folder.appendingPathComponent("download")
        try FileManager.default.copyItem(atPath: Self.sample, toPath: folder.path)
        try #"{"_id": "x", "name": "#.write(to: folder.appendingPathComponent("flows/Broken-1.json"), atomically: true, encoding: .utf8)
        try "[]".write(to: folder.appendingPathComponent("exports/List-2.json"), atomically: true, encoding: .utf8)
        let result = try cli.expectFailure(3, "the download has 2 problems", "integration", "install", folder.path)
        #expect(result.stderr.contains("flows/Broken-1.json: malformed JSON at byte 21"))
        #expect(result.stderr.contains("exports/List-2.json: is not a JSON object"))
        try FileManager.default.removeItem(at: folder.appendingPathComponent("flows/Broken-1.json"))
        try FileManager.default.removeItem(at: folder.appendingPathComponent("exports/List-2.json"))
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("flows/link.json").path, withDestinationPath: "/etc/passwd")
        try cli.expectFailure(3, "is a symbolic link", "integration", "install", folder.path)
        let empty = cli.folder.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        try cli.expectFailure(3, "no integration.json at its root", "integration", "install", empty.path)
    }
}
