/// A PostgreSQL workspace's commits as they happen, for a long-lived reader (a server): a
/// connection of its own that LISTENs on the channel every writer's commit notifies with the
/// new generation. Notifications are delivered only on commit, and those sent while the feed
/// was disconnected are lost: a feed that (re)connects therefore starts from the generation
/// it reads, never from what it last heard.
package final class ChangeFeed {
    private let connection: PostgreSQLConnection
    package static let applicationName = "workspace change feed"
    /// The newest generation this feed knows of.
    package private(set) var generation: Int64

    /// Connects, listens, then reads the current generation (in that order, so that no commit
    /// falls between the two unseen).
    package init(address: String) throws {
        connection = try PostgreSQLConnection(address: address, busyTimeout: Store.defaultBusyTimeout)
        // Named, so that pg_stat_activity tells the feed from the server's pooled connections.
        try connection.execute("SET application_name = '\(Self.applicationName)'")
        try connection.listenForChanges()
        var current: Int64 = 0
        try connection.forEach(connection.dialect.dataVersion, []) { current = try $0.integer(at: 0); return false }
        generation = current
    }

    /// Waits at most `milliseconds` for a commit; returns the new generation, or nil when
    /// nothing was committed in that time. A lost connection throws (exit 5).
    package func next(waitingAtMost milliseconds: Int32) throws -> Int64? {
        guard let newest = try connection.nextChange(waitingAtMost: milliseconds), newest > generation else { return nil }
        generation = newest
        return newest
    }
}
