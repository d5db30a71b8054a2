#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Files named on the command line, read and written whole.
public enum LocalFile {
    /// A file's bytes (`-` for standard input), refusing one over `limit` bytes after reading at
    /// most limit + 1 of them (so /dev/zero cannot exhaust memory).
    public static func read(_ path: String, limit: Int, what: String) throws -> [UInt8] {
        let file = path == "-" ? fdopen(dup(STDIN_FILENO), "rb") : fopen(path, "rb")
        guard let file else {
            throw WorkspaceError(.notFound, "cannot read \(path): \(String(cString: strerror(errno)))")
        }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        // Uninitialized: zeroing 64 KiB for each of a folder's thousands of small files cost more than reading them.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 65_536) { buffer in
            while bytes.count <= limit {
                let count = fread(buffer.baseAddress, 1, min(buffer.count, limit + 1 - bytes.count), file)
                if count == 0 { break }
                bytes.append(contentsOf: buffer[0..<count])
            }
        }
        guard ferror(file) == 0 else {
            throw WorkspaceError(.invalid, "cannot read \(path): \(String(cString: strerror(errno)))")
        }
        guard bytes.count <= limit else {
            throw WorkspaceError(.invalid, "\(path) is too long for \(what): the limit is \(Limits.describe(bytes: limit))")
        }
        return bytes
    }

    /// Writes bytes to a file (created or replaced).
    public static func write(_ bytes: [UInt8], to path: String) throws {
        guard let file = fopen(path, "wb") else {
            throw WorkspaceError(.notFound, "cannot write \(path): \(String(cString: strerror(errno)))")
        }
        defer { fclose(file) }
        guard fwrite(bytes, 1, bytes.count, file) == bytes.count, fflush(file) == 0 else {
            throw WorkspaceError(.unavailable, "cannot write \(path): \(String(cString: strerror(errno)))")
        }
    }
}
