import Foundation
import Testing

@testable import Workspace
@testable import WorkspaceStore

/// A fresh workspace in its own temporary folder.
struct Scratch {
    let folder: URL
    let path: String
    let workspace: Workspace

    init(owner: String = "olivia") throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("ws-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        path = folder.appendingPathComponent("workspace.sqlite").path
        workspace = try Workspace.create(at: path, owner: owner)
    }

    /// Everything the file holds, to compare before and after a refused command.
    func dump() throws -> String {
        try workspace.database.contentDump()
    }

    /// Runs `body`, expects it to fail with `kind`, and checks that nothing at all was written.
    func expectRefusal(
        _ kind: WorkspaceError.Kind, containing text: String? = nil, sourceLocation: SourceLocation = #_sourceLocation,
        _ body: () throws -> Void
    ) throws {
        let before = try dump()
        do {
            try body()
            Issue.record("expected a \(kind) error", sourceLocation: sourceLocation)
        } catch let error as WorkspaceError {
            #expect(error.kind == kind, "\(error.message)", sourceLocation: sourceLocation)
            if let text {
                #expect(error.message.contains(text), "\(error.message)", sourceLocation: sourceLocation)
            }
        }
        #expect(try dump() == before, "a refused command changed the file", sourceLocation: sourceLocation)
    }
}

extension Workspace {
    /// The newest audit rows, oldest of them first.
    func lastAudit(_ count: Int) throws -> [AuditEntry] {
        try auditLog(limit: count).reversed()
    }
}

/// A content dump without the audit table: what a denial (which is itself audited) must
/// leave unchanged.
func withoutAudit(_ dump: String) -> String { Store.withoutAudit(dump) }
