import Synchronization
import Workspace

/// The open workspace files of the server's store, shared by every caller: at most `size` are
/// open, each lent to one request at a time, which acts as the user its token names (looked up
/// afresh for every request, so a revocation, a removal or a role change takes effect at the
/// next one). A request that finds every file lent waits its turn, so no caller, however many
/// tokens it makes, can hold more files or threads than that: 300 tokens cost nothing more
/// than one. Files stay open between requests (opening checks the schema and prepares the
/// statements again), and a file that failed busy or damaged is closed, not lent again.
final class WorkspacePool: Sendable {
    /// One open file and the answers kept for it until the file changes.
    final class Pooled: @unchecked Sendable {
        let file: WorkspaceFile
        let kept: KeptAnswers
        init(_ file: WorkspaceFile, kept: KeptAnswers?) {
            self.file = file
            self.kept = kept ?? KeptAnswers()
        }
    }

    private struct State {
        var idle: [Pooled] = []
        /// Files lent or free to open: `size` minus those lent.
        var free: Int
        /// Requests waiting for a file, first come first served; each is handed one (or the
        /// right to open one, as nil) when a request ends.
        var waiting: [CheckedContinuation<Pooled?, Never>] = []
    }

    /// Open files at most: a few per core keeps SQLite busy without a thread per request.
    static let size = 8
    private let state = Mutex(State(free: WorkspacePool.size))
    let settings: ServerSettings

    /// On PostgreSQL: the answers every pooled connection shares, dropped by the change feed
    /// as soon as anyone commits.
    let sharedAnswers: KeptAnswers?
    private let follower: ChangeFollower?

    init(settings: ServerSettings) {
        self.settings = settings
        guard Store.isAddress(settings.path) else {
            (sharedAnswers, follower) = (nil, nil)
            return
        }
        let shared = KeptAnswers(limit: KeptAnswers.limit * Self.size)
        sharedAnswers = shared
        follower = ChangeFollower.start(address: settings.path) { shared.forget(before: $0) }
    }

    deinit { follower?.stop() }

    /// Runs `body` off the event loop on a lent file, acting as the token's user.
    /// Runs `body` on a lent workspace acting as the caller (a token's user, or a session's,
    /// whose CSRF token a change must send back).
    func withWorkspace<T: Sendable>(
        caller: Caller, writing: Bool, _ body: @escaping @Sendable (Workspace, KeptAnswers) throws -> T
    ) async throws -> T {
        try await withFile(writing: writing) { file, kept in
            let workspace: Workspace
            do {
                switch caller {
                case .token(let token): workspace = try file.workspace(token: token, source: caller.source)
                case .session(let id, _, _):
                    let (found, session) = try file.workspace(session: id, source: caller.source)
                    try WorkspaceServer.requireCSRF(caller, of: session)
                    workspace = found
                }
            } catch let error as WorkspaceError where error.kind == .denied {
                throw APIError.unauthenticated(error.message)
            }
            return try body(workspace, kept)
        }
    }

    /// Runs `body` on a lent open workspace file, acting as nobody yet (sessions, sign-in).
    func withFile<T: Sendable>(
        writing: Bool, _ body: @escaping @Sendable (WorkspaceFile, KeptAnswers) throws -> T
    ) async throws -> T {
        let lent = await lend()
        let loan: @Sendable () -> (Result<T, any Error>, Pooled?) = { [settings, sharedAnswers] in
            let item: Pooled
            do {
                item = try lent
                    ?? Pooled(WorkspaceFile.open(at: settings.path, busyTimeout: settings.busyTimeout), kept: sharedAnswers)
            } catch {
                return (.failure(error), nil)
            }
            let outcome = Result { try body(item.file, item.kept) }
            // Busy or damaged: this file is not lent again.
            if case .failure(let error as WorkspaceError) = outcome, error.kind == .unavailable { return (outcome, nil) }
            return (outcome, item)
        }
        do {
            let (outcome, kept) = try await Worker.run(writing: writing, loan)
            giveBack(kept)
            return try outcome.get()
        } catch {
            giveBack(nil)
            throw error
        }
    }

    /// A file to use: an idle one, nil (open one: there is room), or, when all are lent, the
    /// next one given back.
    private func lend() async -> Pooled? {
        enum Turn { case now(Pooled?), wait }
        let turn: Turn = state.withLock { state in
            guard state.free > 0 else { return .wait }
            state.free -= 1
            return .now(state.idle.popLast())
        }
        if case .now(let item) = turn { return item }
        return await withCheckedContinuation { continuation in
            let handed: Pooled?? = state.withLock { state in
                // A file may have come back between the two locks.
                guard state.free == 0 else {
                    state.free -= 1
                    return .some(state.idle.popLast())
                }
                state.waiting.append(continuation)
                return .none
            }
            if let handed { continuation.resume(returning: handed) }
        }
    }

    /// Ends a loan: the file (nil when it was not kept) goes to the first waiter, or back idle.
    private func giveBack(_ item: Pooled?) {
        let next: CheckedContinuation<Pooled?, Never>? = state.withLock { state in
            guard !state.waiting.isEmpty else {
                state.free += 1
                if let item { state.idle.append(item) }
                return nil
            }
            return state.waiting.removeFirst()
        }
        next?.resume(returning: item)
    }
}
