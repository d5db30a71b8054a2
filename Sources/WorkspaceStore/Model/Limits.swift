/// Input limits of SPEC §0, checked before anything is written.
public enum Limits {
    public static let nameLength = 256
    public static let descriptionLength = 10_000
    /// A description file may hold 10,000 characters of up to 4 UTF-8 bytes each.
    public static let descriptionFileBytes = descriptionLength * 4
    public static let readmeBytes = 1 << 20
    public static let settingsBytes = 1 << 20
    /// One script's content (SPEC §0).
    public static let scriptBytes = 5 << 20
    /// One installed file (SPEC §0).
    public static let installBytes = 256 << 20

    /// "1 MiB", "40000 bytes".
    public static func describe(bytes: Int) -> String {
        bytes >= 1 << 20 && bytes % (1 << 20) == 0 ? "\(bytes >> 20) MiB" : "\(bytes) bytes"
    }

    /// A trimmed name of 1–256 characters without control characters. Characters are Unicode
    /// code points, as JSON Schema's `maxLength` counts them (an emoji with a skin tone is two).
    /// A control character anywhere is refused, before blanks are trimmed (a trailing newline
    /// too), as the OpenAPI document's name pattern says.
    package static func name(_ raw: String, of what: String) throws -> String {
        guard !raw.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw WorkspaceError.invalid("the \(what) name contains a control character")
        }
        let name = raw.trimmingBlanks()
        guard !name.isEmpty else { throw WorkspaceError.invalid("the \(what) name is empty") }
        let length = name.unicodeScalars.count
        guard length <= nameLength else {
            throw WorkspaceError.invalid("the \(what) name is \(length) characters long; the limit is \(nameLength)")
        }
        return name
    }

    package static func description(_ text: String) throws -> String {
        guard text.unicodeScalars.count <= descriptionLength else {
            throw WorkspaceError.invalid(
                "the description is \(text.unicodeScalars.count) characters long; the limit is \(descriptionLength)")
        }
        return text
    }

    package static func readme(_ text: String) throws -> String {
        guard text.utf8.count <= readmeBytes else {
            throw WorkspaceError.invalid("the readme is \(text.utf8.count) bytes; the limit is 1 MiB")
        }
        return text
    }
}

extension String {
    /// Drops leading and trailing spaces, tabs and line breaks.
    package func trimmingBlanks() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }
}
