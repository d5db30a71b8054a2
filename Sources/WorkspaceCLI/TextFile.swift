import ArgumentParser
import Workspace

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads a UTF-8 text file named on the command line (`-` for standard input), refusing one
/// over `limit` bytes after reading at most limit + 1 of them (so /dev/zero cannot exhaust memory).
enum TextFile {
    static func read(_ path: String, limit: Int, what: String) throws -> String {
        let bytes = try readBytes(path, limit: limit, what: what)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw WorkspaceError(.invalid, "\(path) is not UTF-8 text")
        }
        return text
    }

    static func readBytes(_ path: String, limit: Int, what: String) throws -> [UInt8] {
        let file = path == "-" ? fdopen(dup(STDIN_FILENO), "rb") : fopen(path, "rb")
        guard let file else {
            throw WorkspaceError(.notFound, "cannot read \(path): \(String(cString: strerror(errno)))")
        }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while bytes.count <= limit {
            let count = fread(&buffer, 1, min(buffer.count, limit + 1 - bytes.count), file)
            if count == 0 { break }
            bytes.append(contentsOf: buffer[0..<count])
        }
        guard ferror(file) == 0 else {
            throw WorkspaceError(.invalid, "cannot read \(path): \(String(cString: strerror(errno)))")
        }
        guard bytes.count <= limit else {
            throw WorkspaceError(.invalid, "\(path) is too long for \(what): the limit is \(Limits.describe(bytes: limit))")
        }
        return bytes
    }
}

extension TextFile {
    /// Writes bytes to a file (created or replaced).
    static func write(_ bytes: [UInt8], to path: String) throws {
        guard let file = fopen(path, "wb") else {
            throw WorkspaceError(.notFound, "cannot write \(path): \(String(cString: strerror(errno)))")
        }
        defer { fclose(file) }
        guard fwrite(bytes, 1, bytes.count, file) == bytes.count, fflush(file) == 0 else {
            throw WorkspaceError(.unavailable, "cannot write \(path): \(String(cString: strerror(errno)))")
        }
    }
}

/// `--description TEXT` or `--description-file FILE` (`-` for standard input).
struct DescriptionOptions: ParsableArguments {
    @Option(help: "A description.") var description: String?
    @Option(help: "A file holding the description (- reads standard input).") var descriptionFile: String?

    func validate() throws {
        if description != nil && descriptionFile != nil {
            throw ValidationError("--description and --description-file exclude each other")
        }
    }

    /// The description given, nil when none is; a file's final line break is not part of it.
    func text() throws -> String? {
        guard let descriptionFile else { return description }
        var text = try TextFile.read(descriptionFile, limit: Limits.descriptionFileBytes, what: "a description")
        while text.last?.isNewline == true { text.removeLast() }
        return text
    }
}

/// Short confirmations that name what they touched.
enum Confirmation {
    /// "Updated flow "X" (id)", or that nothing changed. The library stamps a resource it
    /// changed with the command's time, so an older stamp means the edit changed nothing.
    static func updated(_ kind: String, _ name: String, _ id: String, updatedAt: Int64, startedAt: Int64) -> String {
        updatedAt >= startedAt
            ? "Updated \(kind) \"\(name)\" (\(id))" : "Nothing changed: \(kind) \"\(name)\" (\(id)) already had those values"
    }
}
