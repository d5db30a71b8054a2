import Workspace

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Everything the CLI prints goes through here: JSON for tools, aligned text for people.
struct Output {
    let json: Bool

    /// Prints `value` as JSON, or `text()` for people.
    func emit(_ value: @autoclosure () throws -> JSONValue, text: () throws -> String) rethrows {
        print(json ? try value().prettyText : try text())
    }

    static func error(_ message: String, hint: String? = nil) {
        var text = "error: \(message)\n"
        if let hint { text += "hint: \(hint)\n" }
        var bytes = Array(text.utf8)
        _ = write(STDERR_FILENO, &bytes, bytes.count)
    }

    /// An aligned table with a header row; the last column is not padded.
    static func table(_ header: [String], _ rows: [[String]]) -> String {
        let all = [header] + rows
        let widths = all.map { $0.map(\.displayWidth) }
        let columnWidths = header.indices.map { column in widths.map { $0[column] }.max() ?? 0 }
        var text = ""
        text.reserveCapacity(all.count * (columnWidths.reduce(0, +) + 2 * header.count + 1))
        let spaces = String(repeating: " ", count: (columnWidths.max() ?? 0) + 2)
        for (row, cells) in all.enumerated() {
            if row > 0 { text += "\n" }
            // Pad up to the last non-empty cell only, so no line ends in blanks.
            let last = cells.lastIndex { !$0.isEmpty } ?? 0
            for column in 0...last {
                text += cells[column]
                if column < last { text += spaces.prefix(columnWidths[column] - widths[row][column] + 2) }
            }
        }
        return text
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
    /// Columns the text takes in a terminal: bytes for ASCII, characters otherwise.
    var displayWidth: Int {
        utf8.allSatisfy { $0 < 0x80 } ? utf8.count : count
    }

    func replacingNewlines() -> String {
        String(map { $0.isNewline ? " " : $0 })
    }
}
