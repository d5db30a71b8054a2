/// The audit log as CSV (SPEC §9), for `audit --csv` and the API's `format=csv` alike.
public enum AuditCSV {
    static let csvHeader = [
        "Time", "User", "Source", "Resource type", "Resource id", "Resource name", "Integration", "Action", "Field",
        "Old value", "New value",
    ]

    /// RFC 4180: CRLF line ends; fields with a comma, quote or line break are quoted, quotes doubled.
    public static func text(_ entries: [AuditEntry]) -> String {
        let rows = [csvHeader] + entries.map { entry in
            [
                Timestamp.iso8601(entry.time), entry.user, entry.source.rawValue, entry.resourceType.rawValue, entry.resourceID,
                entry.resourceName, entry.integrationID ?? "", entry.action.rawValue, entry.fieldPath ?? "",
                csvValue(entry.oldValue), csvValue(entry.shownNewValue),
            ]
        }
        return rows.map { $0.map(csvField).joined(separator: ",") + "\r\n" }.joined()
    }

    /// A stored value as a spreadsheet wants it: a string as its text, anything else as JSON.
    private static func csvValue(_ stored: String?) -> String {
        guard let stored else { return "" }
        if case .string(let text)? = try? JSONValue(parsing: stored) { return text }
        return stored
    }

    private static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return text }
        // Characters, not the string-processing library's `replacing`, which start-up would pay for.
        return "\"" + String(text.flatMap { $0 == "\"" ? ["\"", "\""] : [$0] }) + "\""
    }
}
