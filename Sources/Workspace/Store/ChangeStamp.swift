/// A mark of the file's state as one open workspace sees it: two equal stamps mean nothing was
/// committed in between, by this connection or any other process. Lets a long-lived reader
/// (the server) keep an answer until the file changes.
public struct ChangeStamp: Equatable, Sendable {
    /// SQLite's `data_version`: moves when another connection commits.
    let others: Int64
    /// This connection's total of changed rows: moves when it writes.
    let own: Int64
}

extension Workspace {
    /// The file's current stamp. Take it before reading what it is to guard: a commit after
    /// the stamp then shows as a new stamp next time, never as a stale answer.
    public func changeStamp() throws -> ChangeStamp { try database.changeStamp() }
}
