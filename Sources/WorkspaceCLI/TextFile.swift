import ArgumentParser
import Workspace

/// Reads a UTF-8 text file named on the command line (`-` for standard input), refusing one
/// over `limit` bytes after reading at most limit + 1 of them (so /dev/zero cannot exhaust memory).
enum TextFile {
    static func read(_ path: String, limit: Int, what: String) throws -> String {
        let bytes = try LocalFile.read(path, limit: limit, what: what)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw WorkspaceError(.invalid, "\(path) is not UTF-8 text")
        }
        return text
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
