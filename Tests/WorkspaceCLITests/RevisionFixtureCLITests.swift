import Foundation
import Testing
@testable import Workspace
@testable import WorkspaceStore

/// fixtures/revisions/: a workspace with revisions of every kind (snapshot, clone, pull,
/// revert, install, delete, restore) made by the code before the typed document, and what that
/// code answered. Stored blobs and manifests must keep their meaning byte for byte: the audit
/// log still verifies, and every diff and download reads the same.
@Suite struct RevisionFixtureCLITests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("fixtures/revisions")

    /// The fixture copied into a new workspace: a file, or with WORKSPACE_TEST_ENGINE=postgresql
    /// a database of that server filled by `db copy`.
    private func fixture() throws -> CLI {
        let scratch = try CLI()
        let file = scratch.folder.appendingPathComponent("fixture.sqlite")
        try FileManager.default.copyItem(at: Self.root.appendingPathComponent("workspace.db"), to: file)
        guard CLI.postgres != nil else { return CLI(folder: scratch.folder, path: file.path) }
        let copied = try CLI(folder: scratch.folder, path: file.path).run("db", "copy", "--to", scratch.path)
        #expect(copied.code == 0, "\(copied.stderr)")
        return scratch
    }

    private func expected(_ name: String) throws -> String {
        try String(contentsOf: Self.root.appendingPathComponent("expected/\(name)"), encoding: .utf8)
    }

    @Test func storedRevisionsReadTheSameAsWhenTheyWereMade() throws {
        let cli = try fixture()
        let verify = try cli.run("audit", "verify")
        #expect(verify.stdout + verify.stderr == (try expected("audit-verify.txt")))
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.root.appendingPathComponent("expected").path).sorted()
        var compared = 0
        for name in names where name != "audit-verify.txt" {
            let parts = name.split(separator: "-", maxSplits: 1).map(String.init)
            let id = String(parts[1].prefix(24))
            let arguments: [String] =
                switch (parts[0], name.hasSuffix(".json")) {
                case ("download", _): ["integration", "download", id]
                case ("current", _): ["revision", "diff", id, "--current", "--json"]
                case (_, true): ["revision", "diff", id, "--json"]
                default: ["revision", "diff", id]
                }
            let result = try cli.run(arguments)
            #expect(result.code == 0, "\(arguments): \(result.stderr)")
            #expect(result.stdout == (try expected(name)), "\(arguments) answers otherwise than when the fixture was made")
            compared += 1
        }
        #expect(compared > 30)
    }
}

extension CLI {
    /// A CLI over a workspace that already exists at `path`.
    init(folder: URL, path: String) {
        self.folder = folder
        self.path = path
    }
}
