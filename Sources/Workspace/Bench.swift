/// Support for the benchmark (bench/), kept out of the public API behind `@_spi(Bench)`.
extension Workspace {
    /// Trades durability for speed while a benchmark workspace is generated.
    @_spi(Bench) public func useBulkLoadSettings() throws {
        try database.useBulkLoadSettings()
    }
}

extension Workspace {
    /// Bytes the history keeps: blobs (resources and manifests) and revision rows.
    @_spi(Bench) public func storedHistoryBytes() throws -> Int {
        try RevisionRecord.storedBytes(in: database)
    }
}

extension IntegrationDocument {
    /// Each resource's key and the bytes a revision stores for it.
    @_spi(Bench) public var storedResources: [(key: String, bytes: [UInt8])] { resources.map { ($0.key.description, $0.bytes) } }
}
