/// Support for the benchmark (bench/), kept out of the public API behind `@_spi(Bench)`.
extension Workspace {
    /// Trades durability for speed while a benchmark workspace is generated.
    @_spi(Bench) public func useBulkLoadSettings() throws {
        try database.execute("PRAGMA synchronous = OFF; PRAGMA cache_size = -131072")
    }
}
