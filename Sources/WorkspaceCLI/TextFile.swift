import Workspace

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads a UTF-8 text file named on the command line.
enum TextFile {
    static func read(_ path: String) throws -> String {
        guard let file = fopen(path, "rb") else {
            throw WorkspaceError(.notFound, "cannot read \(path): \(String(cString: strerror(errno)))")
        }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = fread(&buffer, 1, buffer.count, file)
            if count == 0 { break }
            bytes.append(contentsOf: buffer[0..<count])
        }
        guard ferror(file) == 0 else { throw WorkspaceError(.invalid, "cannot read \(path)") }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw WorkspaceError(.invalid, "\(path) is not UTF-8 text")
        }
        return text
    }
}
