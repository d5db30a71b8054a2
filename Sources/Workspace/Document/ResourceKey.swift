/// What part of an integration document a key names: a kind of resource (the integration's
/// head too), the integration's aliases, the kept integrator.io resources, or the display order.
public enum DocumentPart: Hashable, Sendable, CustomStringConvertible {
    case resource(ResourceKind)
    case aliases, other, order

    /// How diffs and conflicts name it.
    public var description: String {
        switch self {
        case .resource(let kind): kind.label
        case .aliases: "aliases"
        case .other: "kept integrator.io resources"
        case .order: "display order"
        }
    }
}

/// One resource of an integration document, as manifests, diffs and merges key it. Its text
/// (`integration`, `flows/<_id>`, `flowGroupings/<_id>` …, `aliases`, `other`, `order`) is what
/// stored manifests hold, so it never changes.
public enum ResourceKey: Hashable, Sendable, CustomStringConvertible {
    case integration
    case resource(ResourceKind, id: String)
    case aliases, other, order

    /// The kinds of the document's lists by the list's name.
    private static let kinds = Dictionary(
        uniqueKeysWithValues: ResourceKind.allCases.filter { $0 != .integration }.map { ($0.documentList, $0) })

    /// The key a manifest entry names; nil for text no document makes.
    init?(_ text: String) {
        switch text {
        case "integration": self = .integration
        case "aliases": self = .aliases
        case "other": self = .other
        case "order": self = .order
        default:
            // By bytes: a manifest holds thousands of keys, and "/" is ASCII.
            guard let slash = text.utf8.firstIndex(of: UInt8(ascii: "/")), let kind = Self.kinds[String(text[..<slash])] else {
                return nil
            }
            self = .resource(kind, id: String(text[text.utf8.index(after: slash)...]))
        }
    }

    public var description: String {
        switch self {
        case .integration: "integration"
        case .resource(let kind, let id): "\(kind.documentList)/\(id)"
        case .aliases: "aliases"
        case .other: "other"
        case .order: "order"
        }
    }

    public var part: DocumentPart {
        switch self {
        case .integration: .resource(.integration)
        case .resource(let kind, _): .resource(kind)
        case .aliases: .aliases
        case .other: .other
        case .order: .order
        }
    }

    /// The resource's `_id`, for keys of one resource of a list.
    public var id: String? {
        if case .resource(_, let id) = self { return id }
        return nil
    }

    /// What the audit log calls what this key names.
    var auditType: ResourceType {
        switch self {
        case .resource(let kind, _): kind.auditType
        case .aliases: .alias
        case .integration, .other, .order: .integration
        }
    }
}
