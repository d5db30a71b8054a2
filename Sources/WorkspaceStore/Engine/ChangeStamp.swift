/// A mark of the file's state as one open workspace sees it: two equal stamps mean nothing was
/// committed in between, by this connection or any other process. Lets a long-lived reader
/// (the server) keep an answer until the file changes.
public struct ChangeStamp: Equatable, Sendable {
    /// SQLite's `data_version`: moves when another connection commits.
    package let others: Int64
    /// This connection's total of changed rows: moves when it writes.
    package let own: Int64
}
