/// Support for the benchmark (bench/), kept out of the public API behind `@_spi(Bench)`.
extension Workspace {
    /// Appends `count` audit rows describing field updates spread over the given integrations,
    /// through the normal writer (so the hash chain holds): a long history without replaying it.
    @_spi(Bench) public func appendHistory(count: Int, integrations: [String]) throws {
        let chunk = 50_000
        for start in stride(from: 0, to: count, by: chunk) {
            try database.transaction {
                let audit = AuditWriter(self, time: Timestamp.now())
                for index in start..<min(start + chunk, count) {
                    let integration = integrations.isEmpty ? nil : integrations[index % integrations.count]
                    try audit.record(
                        .flow, id: "history-\(index % 100_000)", name: "Flow \(index % 100_000)",
                        integration: integration, action: .update,
                        change: FieldChange(path: "/description", old: .string("v\(index)"), new: .string("v\(index + 1)")))
                }
            }
        }
    }

    /// Trades durability for speed while a benchmark workspace is generated.
    @_spi(Bench) public func useBulkLoadSettings() throws {
        try database.execute("PRAGMA synchronous = OFF; PRAGMA cache_size = -131072")
    }
}
