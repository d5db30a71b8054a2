import Synchronization
import Workspace

/// Open workspaces kept between requests, per token and source, so that a request does not
/// pay for opening the file, checking its schema and preparing its statements again. Before
/// each reuse the workspace is asked whether its token and its user's role still hold, so a
/// revocation, a removal or a role change takes effect at the next request as before.
final class WorkspacePool: Sendable {
    /// One open workspace; only the one request that checked it out uses it.
    final class Pooled: @unchecked Sendable {
        let workspace: Workspace
        let kept = KeptAnswers()
        init(_ workspace: Workspace) { self.workspace = workspace }
    }

    struct Key: Hashable, Sendable {
        let token: String
        let source: AuditSource
    }

    /// Idle workspaces kept per key (more concurrent requests open more, closed after use).
    static let idlePerKey = 4
    private let idle = Mutex<[Key: [Pooled]]>([:])
    let settings: ServerSettings

    init(settings: ServerSettings) { self.settings = settings }

    /// Runs `body` on a workspace acting as the token's user (opening one if none is idle).
    func withWorkspace<T>(token: String, source: AuditSource, _ body: (Workspace, KeptAnswers) throws -> T) throws -> T {
        let key = Key(token: token, source: source)
        var pooled = idle.withLock { $0[key]?.popLast() }
        if let candidate = pooled, !(try candidate.workspace.isCurrent(forToken: token)) { pooled = nil }
        let item = try pooled ?? Pooled(Workspace.open(at: settings.path, token: token, source: source, busyTimeout: settings.busyTimeout))
        do {
            let result = try body(item.workspace, item.kept)
            release(item, key)
            return result
        } catch let error as WorkspaceError where error.kind == .unavailable {
            throw error  // busy or damaged: this connection is not kept
        } catch {
            release(item, key)
            throw error
        }
    }

    private func release(_ item: Pooled, _ key: Key) {
        idle.withLock { table in
            if table[key, default: []].count < Self.idlePerKey { table[key, default: []].append(item) }
        }
    }
}
