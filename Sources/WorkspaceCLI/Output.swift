import Workspace

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Everything the CLI prints goes through here: JSON for tools, aligned text for people.
struct Output {
    /// What a delete adds: where the deleted went, and how it comes back.
    static let inTheBin = "; it is in the recycle bin (`workspace recycle-bin list`, `recycle-bin restore ENTRY`)"

    let json: Bool

    /// Prints `value` as JSON, or `text()` for people.
    func emit(_ value: @autoclosure () throws -> JSONValue, text: () throws -> String) rethrows {
        Output.print(json ? try value().prettyText : try text())
    }

    /// Writes text to standard output, without Swift's `print`, whose dynamic casts of its
    /// argument cost start-up time. Everything the CLI prints comes through here or
    /// `standardError`, unbuffered, so the two streams keep their order.
    static func print(_ text: String, terminator: String = "\n") {
        writeAll(STDOUT_FILENO, text + terminator)
    }

    static func error(_ message: String, hint: String? = nil) {
        var text = "error: \(message)\n"
        if let hint { text += "hint: \(hint)\n" }
        standardError(text)
    }

    /// Something the user should know that did not stop the command.
    static func note(_ message: String) { standardError("note: \(message)\n") }

    private static func standardError(_ text: String) { writeAll(STDERR_FILENO, text) }

    /// The whole text, however the pipe takes it; a reader that went away ends the writing.
    private static func writeAll(_ descriptor: Int32, _ text: String) {
        var text = text
        text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = write(descriptor, bytes.baseAddress.map { $0 + offset }, bytes.count - offset)
                if written > 0 { offset += written } else if written < 0, errno == EINTR { continue } else { return }
            }
        }
    }

    /// An aligned table with a header row; the last column is not padded.
    static func table(_ header: [String], _ rows: [[String]]) -> String {
        let all = [header] + rows
        let widths = all.map { $0.map(\.displayWidth) }
        let columnWidths = header.indices.map { column in widths.map { $0[column] }.max() ?? 0 }
        // Built as UTF-8 bytes: a home page of a few hundred rows is thousands of cells.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(all.count * (columnWidths.reduce(0, +) + 2 * header.count + 1))
        for (row, cells) in all.enumerated() {
            if row > 0 { bytes.append(UInt8(ascii: "\n")) }
            // Pad up to the last non-empty cell only, so no line ends in blanks.
            let last = cells.lastIndex { !$0.isEmpty } ?? 0
            for column in 0...last {
                bytes.append(contentsOf: cells[column].utf8)
                if column < last {
                    bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: columnWidths[column] - widths[row][column] + 2))
                }
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `key: value` lines with the keys aligned.
    static func fields(_ pairs: [(String, String)]) -> String {
        let width = pairs.map { $0.0.count }.max() ?? 0
        return pairs.map { key, value in
            key + ":" + String(repeating: " ", count: width - key.count + 1) + value
        }.joined(separator: "\n")
    }

    /// Cuts long values for table cells, keeping them on one line.
    static func cell(_ text: String, limit: Int = 40) -> String {
        if text.utf8.count <= limit, text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x80 }) { return text }
        let line = text.replacingNewlines()
        return line.count <= limit ? line : String(line.prefix(limit - 1)) + "…"
    }
}

extension String {
    /// Columns the text takes in a terminal: bytes for ASCII, else each character's width.
    var displayWidth: Int {
        // ASCII is one column a byte: checked on the bytes a native string keeps (a table of
        // ten thousand rows measures a hundred thousand cells).
        var text = self
        return text.withUTF8 { bytes in bytes.allSatisfy { $0 < 0x80 } } ? utf8.count : reduce(0) { $0 + $1.terminalColumns }
    }

    func replacingNewlines() -> String {
        String(map { $0.isNewline ? " " : $0 })
    }
}

extension Character {
    /// 2 for emoji and East Asian wide characters, 0 for marks alone, else 1 (as terminals
    /// draw them; wcwidth's ranges for the wide blocks).
    var terminalColumns: Int {
        let scalars = unicodeScalars
        guard let first = scalars.first else { return 0 }
        if scalars.contains(where: { $0.properties.isEmojiPresentation || $0.value == 0xFE0F }) { return 2 }
        if Self.isWide(first.value) { return 2 }
        let category = first.properties.generalCategory
        return category == .nonspacingMark || category == .enclosingMark || category == .format ? 0 : 1
    }

    private static func isWide(_ value: UInt32) -> Bool {
        switch value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
            0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x3FFFD:
            true
        default: false
        }
    }
}
