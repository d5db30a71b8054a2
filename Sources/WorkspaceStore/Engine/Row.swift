/// A value bound to, or read from, an SQL statement.
enum SQLValue: Equatable, Sendable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
}

/// The names of a statement's result columns, shared by every row it returns.
final class ColumnNames: Sendable {
    let names: [String]
    private let positions: [String: Int]

    init(_ names: [String]) {
        self.names = names
        positions = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    }

    func position(of name: String) -> Int? { positions[name] }
}

/// One result row. Records read it by column name and strictly: a value of the wrong type is
/// a damaged row (exit 5), never quietly read as a default.
struct Row: Sendable, Equatable {
    let values: [SQLValue]
    let columns: ColumnNames?

    init(values: [SQLValue], columns: ColumnNames? = nil) {
        self.values = values
        self.columns = columns
    }

    static func == (lhs: Row, rhs: Row) -> Bool { lhs.values == rhs.values }

    // MARK: By column name (records), or by position (aggregates, one-column queries); strict either way

    func value(_ name: String) throws -> SQLValue { values[try position(of: name)] }

    private func position(of name: String) throws -> Int {
        guard let position = columns?.position(of: name), position < values.count else {
            throw WorkspaceError.damaged("a stored row has no column \(name)", hint: Self.damagedHint)
        }
        return position
    }

    func text(_ name: String) throws -> String { try text(at: position(of: name)) }
    func optionalText(_ name: String) throws -> String? { try optionalText(at: position(of: name)) }
    func integer(_ name: String) throws -> Int64 { try integer(at: position(of: name)) }
    func optionalInteger(_ name: String) throws -> Int64? { try optionalInteger(at: position(of: name)) }
    func flag(_ name: String) throws -> Bool { try flag(at: position(of: name)) }

    func text(at index: Int) throws -> String {
        guard case .text(let text) = try value(at: index) else { throw damaged(index, expected: "text") }
        return text
    }

    func optionalText(at index: Int) throws -> String? {
        switch try value(at: index) {
        case .null: return nil
        case .text(let text): return text
        default: throw damaged(index, expected: "text or nothing")
        }
    }

    func integer(at index: Int) throws -> Int64 {
        guard case .integer(let number) = try value(at: index) else { throw damaged(index, expected: "an integer") }
        return number
    }

    func optionalInteger(at index: Int) throws -> Int64? {
        switch try value(at: index) {
        case .null: return nil
        case .integer(let number): return number
        default: throw damaged(index, expected: "an integer or nothing")
        }
    }

    func flag(at index: Int) throws -> Bool {
        switch try value(at: index) {
        case .integer(0): return false
        case .integer(1): return true
        default: throw damaged(index, expected: "0 or 1")
        }
    }

    private func value(at index: Int) throws -> SQLValue {
        guard values.indices.contains(index) else {
            throw WorkspaceError.damaged("a stored row has no column \(index + 1)", hint: Self.damagedHint)
        }
        return values[index]
    }

    func json(_ name: String) throws -> JSONValue {
        do {
            return try JSONValue(parsing: try text(name))
        } catch let error as WorkspaceError where error.kind == .invalid {
            throw damaged(try position(of: name), expected: "JSON text")
        }
    }

    func optionalJSON(_ name: String) throws -> JSONValue? {
        guard try optionalText(name) != nil else { return nil }
        return try json(name)
    }

    func object(_ name: String) throws -> JSONObject {
        guard case .object(let object) = try json(name) else { throw damaged(try position(of: name), expected: "a JSON object") }
        return object
    }

    /// A column holding one of a closed set of values (a role, a kind …).
    func choice<Choice: RawRepresentable>(_ name: String, as type: Choice.Type) throws -> Choice
    where Choice.RawValue == String {
        try choice(at: try position(of: name), as: type)
    }

    func choice<Choice: RawRepresentable>(at index: Int, as type: Choice.Type) throws -> Choice
    where Choice.RawValue == String {
        guard let choice = Choice(rawValue: try text(at: index)) else { throw damaged(index, expected: "one of the known values") }
        return choice
    }

    func array(_ name: String) throws -> [JSONValue] {
        guard case .array(let array) = try json(name) else { throw damaged(try position(of: name), expected: "a JSON array") }
        return array
    }

    private static let damagedHint = "the file was changed outside workspace; restore it from a backup"

    /// A damaged value, naming its column and, where the row has one, its id.
    private func damaged(_ index: Int, expected: String) -> WorkspaceError {
        let name = columns.flatMap { $0.names.indices.contains(index) ? $0.names[index] : nil } ?? "\(index + 1)"
        let id = (columns?.position(of: "id")).flatMap { values.indices.contains($0) ? values[$0] : nil }
        let which = if case .text(let text)? = id { " \(text)" } else { "" }
        return WorkspaceError.damaged(
            "the stored row\(which) is damaged: its column \(name) should hold \(expected)", hint: Self.damagedHint)
    }
}
