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
        path = try TestEngine.current.newWorkspaceLocation(in: folder)
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

extension Scratch {
    /// Runs `body`, expects a denial (exit 4), and checks that nothing but its `denied` row was written.
    func expectDenial(sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void) throws {
        let before = withoutAudit(try dump())
        do {
            try body()
            Issue.record("expected a denial", sourceLocation: sourceLocation)
        } catch let error as WorkspaceError {
            #expect(error.kind == .denied, "\(error.message)", sourceLocation: sourceLocation)
        }
        #expect(withoutAudit(try dump()) == before, "a denial changed the file", sourceLocation: sourceLocation)
        #expect(try workspace.auditLog(limit: 1).first?.action == .denied, sourceLocation: sourceLocation)
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

/// The engine the library tests run on: SQLite, or with WORKSPACE_TEST_ENGINE=postgresql the
/// PostgreSQL server WORKSPACE_TEST_POSTGRES names (an address of a database the tests may use
/// to create one database per workspace).
enum TestEngine {
    case sqlite
    case postgresql(admin: String)

    static let current: TestEngine = {
        let environment = ProcessInfo.processInfo.environment
        guard environment["WORKSPACE_TEST_ENGINE"] == "postgresql", let admin = environment["WORKSPACE_TEST_POSTGRES"] else {
            return .sqlite
        }
        return .postgresql(admin: admin)
    }()

    var isSQLite: Bool {
        if case .sqlite = self { true } else { false }
    }

    /// A place for a new workspace: a file in `folder`, or a new, empty database.
    func newWorkspaceLocation(in folder: URL) throws -> String {
        switch self {
        case .sqlite: return folder.appendingPathComponent("workspace.sqlite").path
        case .postgresql(let admin):
            let name = "ws_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
            try Store(address: admin).execute("CREATE DATABASE \(name)")
            let base = admin[..<(admin.lastIndex(of: "/") ?? admin.endIndex)]
            return "\(base)/\(name)"
        }
    }
}

extension Trait where Self == ConditionTrait {
    /// A test of SQLite's own file, SQL, error codes or storage (text with NUL characters):
    /// skipped, and said so, when the suite runs on PostgreSQL.
    static var sqliteOnly: Self {
        .enabled(if: TestEngine.current.isSQLite, "tests SQLite's own file, SQL or storage")
    }
}
