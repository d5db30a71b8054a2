/// Support for the benchmark (bench/), kept out of the public API behind `@_spi(Bench)`.
extension Workspace {
    /// Trades durability for speed while a benchmark workspace is generated.
    @_spi(Bench) public func useBulkLoadSettings() throws {
        try database.execute("PRAGMA synchronous = OFF; PRAGMA cache_size = -131072")
    }
}

extension Workspace {
    /// Bytes the history keeps: blobs (resources and manifests) and revision rows.
    @_spi(Bench) public func storedHistoryBytes() throws -> Int {
        let blobs = try database.scalar("SELECT coalesce(sum(length(hash) + length(content)), 0) FROM blobs")
        let revisions = try database.scalar(
            """
            SELECT coalesce(sum(length(id) + length(integration_id) + length(integration_name) + length(type) + length(status)
            + length(description) + length(user) + 8 + coalesce(length(before_manifest), 0)
            + coalesce(length(after_manifest), 0) + coalesce(length(other_id), 0)), 0) FROM revisions
            """)
        return Int(blobs + revisions)
    }
}

extension IntegrationDocument {
    /// Each resource's key and the bytes a revision stores for it.
    @_spi(Bench) public var storedResources: [(key: String, bytes: [UInt8])] { resources }
}
