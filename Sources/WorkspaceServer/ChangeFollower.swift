import Dispatch
import Synchronization
import Workspace

#if canImport(Glibc)
    import Glibc
#endif

/// Follows a PostgreSQL workspace's commits (its change feed: LISTEN/NOTIFY) on a thread of
/// its own and calls `onChange` with each new generation, whoever committed: this server,
/// another one, the CLI. Kept answers are dropped as soon as they are stale instead of
/// lingering until the next request finds their stamp old. Correctness never rests on the
/// feed: every request still compares the generation it reads, so a notification still in
/// flight, or lost while the feed reconnects, costs a recomputation at most, never a stale
/// answer.
final class ChangeFollower: Sendable {
    private let stopped = Atomic<Bool>(false)
    private static let queue = DispatchQueue(label: "workspace.changes", attributes: .concurrent)
    /// How long one wait lasts, so that a stopped follower ends within it.
    private static let waitMilliseconds: Int32 = 250

    /// Starts following the workspace at `address`.
    static func start(address: String, onChange: @escaping @Sendable (Int64) -> Void) -> ChangeFollower {
        let follower = ChangeFollower()
        queue.async { follower.follow(address, onChange) }
        return follower
    }

    /// Ends the follower (and its connection) within one wait.
    func stop() { stopped.store(true, ordering: .relaxed) }

    private var isStopped: Bool { stopped.load(ordering: .relaxed) }

    private func follow(_ address: String, _ onChange: @Sendable (Int64) -> Void) {
        var reported = false
        while !isStopped {
            do {
                let feed = try ChangeFeed(address: address)
                // Commits made while no feed listened were not heard: the generation read says.
                onChange(feed.generation)
                reported = false
                while !isStopped {
                    if let generation = try feed.next(waitingAtMost: Self.waitMilliseconds) { onChange(generation) }
                }
            } catch {
                // Said once per outage, on the server's standard error; requests go on meanwhile.
                if !reported {
                    let line = "workspace-server: change feed: \(error); following again once the database answers\n"
                    _ = line.utf8CString.withUnsafeBufferPointer { write(2, $0.baseAddress, $0.count - 1) }
                }
                reported = true
                for _ in 0..<4 where !isStopped { usleep(UInt32(Self.waitMilliseconds) * 1000) }
            }
        }
    }
}
