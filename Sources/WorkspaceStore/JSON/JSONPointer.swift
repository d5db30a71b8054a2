/// An RFC 6901 JSON Pointer: "" is the whole document, "/a/b/0" walks keys and indexes,
/// "~1" stands for "/" and "~0" for "~" inside a token.
public struct JSONPointer: Equatable, Hashable, Sendable, CustomStringConvertible {
    public let tokens: [String]

    public init(tokens: [String]) { self.tokens = tokens }

    public init(parsing text: String) throws {
        guard !text.isEmpty else {
            tokens = []
            return
        }
        guard text.unicodeScalars.first == "/" else {
            throw WorkspaceError.invalid("\"\(text)\" is not a JSON pointer", hint: "pointers start with /, e.g. /mapping/0/field")
        }
        let depth = text.utf8.count { $0 == UInt8(ascii: "/") }
        // A document nested deeper than the parser reads could never be read back.
        guard depth <= JSONValue.maximumDepth else {
            throw WorkspaceError.invalid(
                "the pointer is \(depth) levels deep; documents nest at most \(JSONValue.maximumDepth) levels")
        }
        // By Unicode scalars, as RFC 6901 reads it: a "/" or "~1" followed by a combining mark
        // or a modifier is still a separator or an escape, not part of one character.
        tokens = try text.unicodeScalars.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map(Self.unescape)
    }

    private static func unescape(_ token: Substring.UnicodeScalarView.SubSequence) throws -> String {
        var result = String.UnicodeScalarView()
        var iterator = token.makeIterator()
        while let scalar = iterator.next() {
            guard scalar == "~" else {
                result.append(scalar)
                continue
            }
            switch iterator.next() {
            case "0": result.append("~")
            case "1": result.append("/")
            default: throw WorkspaceError.invalid("\"~\" in a JSON pointer must be followed by 0 or 1")
            }
        }
        return String(result)
    }

    public var description: String {
        var text = ""
        for token in tokens {
            text += "/"
            guard token.utf8.contains(where: { $0 == UInt8(ascii: "~") || $0 == UInt8(ascii: "/") }) else {
                text += token
                continue
            }
            for scalar in token.unicodeScalars {
                switch scalar {
                case "~": text += "~0"
                case "/": text += "~1"
                default: text.unicodeScalars.append(scalar)
                }
            }
        }
        return text
    }

    public var isRoot: Bool { tokens.isEmpty }

    public func appending(_ token: String) -> JSONPointer { JSONPointer(tokens: tokens + [token]) }

    /// The pointer to the first `count` tokens.
    package func prefix(_ count: Int) -> JSONPointer { JSONPointer(tokens: Array(tokens.prefix(count))) }

}

extension JSONValue {
    /// The value a pointer names, nil when there is none.
    public func value(at pointer: JSONPointer) -> JSONValue? {
        var current = self
        for token in pointer.tokens {
            switch current {
            case .object(let object):
                guard let next = object[token] else { return nil }
                current = next
            case .array(let elements):
                guard let index = JSONValue.arrayIndex(token), index < elements.count else { return nil }
                current = elements[index]
            default:
                return nil
            }
        }
        return current
    }

    /// Sets the value at `pointer`, creating missing parent objects; "-" appends to an array.
    /// A pointer that passes through a scalar, or a bad array index, is refused.
    public func setting(_ value: JSONValue, at pointer: JSONPointer) throws -> JSONValue {
        try setting(value, pointer: pointer, level: 0)
    }

    /// One level of `setting`: the tokens are walked by position, so the work grows with the
    /// pointer's length, not its square.
    private func setting(_ value: JSONValue, pointer: JSONPointer, level: Int) throws -> JSONValue {
        guard level < pointer.tokens.count else { return value }
        let token = pointer.tokens[level]
        switch self {
        case .object(var object):
            let child = object[token] ?? .object(JSONObject())
            object[token] = nil  // Let the child be changed in place rather than copied.
            object[token] = try child.setting(value, pointer: pointer, level: level + 1)
            return .object(object)
        case .array(var elements):
            if token == "-", level == pointer.tokens.count - 1 {
                elements.append(value)
                return .array(elements)
            }
            guard let index = JSONValue.arrayIndex(token), index < elements.count else {
                throw WorkspaceError.invalid("\(pointer.prefix(level)) is an array with no element \"\(token)\"")
            }
            elements[index] = try elements[index].setting(value, pointer: pointer, level: level + 1)
            return .array(elements)
        default:
            throw WorkspaceError.invalid(
                "the pointer goes through \(level == 0 ? "the document" : pointer.prefix(level).description), which is not an object")
        }
    }

    /// Removes the value at `pointer`; nil when there was nothing there.
    public func removing(at pointer: JSONPointer) -> JSONValue? {
        removing(pointer.tokens[...])
    }

    private func removing(_ tokens: ArraySlice<String>) -> JSONValue? {
        guard let token = tokens.first else { return nil }
        let rest = tokens.dropFirst()
        switch self {
        case .object(var object):
            guard let child = object[token] else { return nil }
            if rest.isEmpty {
                object[token] = nil
            } else {
                guard let changed = child.removing(rest) else { return nil }
                object[token] = changed
            }
            return .object(object)
        case .array(var elements):
            guard let index = JSONValue.arrayIndex(token), index < elements.count else { return nil }
            if rest.isEmpty {
                elements.remove(at: index)
            } else {
                guard let changed = elements[index].removing(rest) else { return nil }
                elements[index] = changed
            }
            return .array(elements)
        default:
            return nil
        }
    }

    /// How many levels of objects and arrays the value nests (0 for a scalar).
    public var depth: Int {
        switch self {
        case .object(let object): 1 + (object.pairs.map(\.value.depth).max() ?? 0)
        case .array(let elements): 1 + (elements.map(\.depth).max() ?? 0)
        default: 0
        }
    }

    /// RFC 6901 array indexes: "0", or digits without a leading zero.
    package static func arrayIndex(_ token: String) -> Int? {
        guard !token.isEmpty, token.utf8.allSatisfy({ (0x30...0x39).contains($0) }),
            token == "0" || !token.hasPrefix("0")
        else { return nil }
        return Int(token)
    }
}
