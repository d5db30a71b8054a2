/// What a token may reach (SPEC §10, v3): everything its user may (`full`), everything its user
/// may read (`read`), or chosen integrations at manage or monitor. A token never does more
/// than both its user and its scope allow; the library's `authorize` takes the lesser of the two.
public struct TokenScope: Equatable, Sendable {
    public enum Grant: Equatable, Sendable {
        case full
        case read
        /// One integration (Standalone is `none`), at most at this access.
        case integration(id: String, access: Access)
    }

    public let grants: [Grant]

    package init(_ grants: [Grant]) {
        // `full` takes in every other grant; `read` every monitor grant.
        if grants.contains(.full) {
            self.grants = [.full]
        } else if grants.contains(.read) {
            self.grants = [.read] + grants.filter { if case .integration(_, .manage) = $0 { return true } else { return false } }
        } else {
            self.grants = grants
        }
    }

    public static let full = TokenScope([.full])

    public var isFull: Bool { grants == [.full] }

    /// Whether the scope reaches every integration (at least to read them).
    public var readsEverything: Bool { grants.contains(.full) || grants.contains(.read) }

    /// The most the scope lets the token do on every integration.
    package var baseAccess: Access {
        if grants.contains(.full) { return .manage }
        return grants.contains(.read) ? .monitor : .none
    }

    /// The most the scope lets the token do on one integration.
    package func access(to integrationID: String) -> Access {
        grants.reduce(baseAccess) { best, grant in
            guard case .integration(let id, let access) = grant, id == integrationID else { return best }
            return max(best, access)
        }
    }

    /// The integrations the scope names one by one.
    package var integrationIDs: [String] {
        grants.compactMap { if case .integration(let id, _) = $0 { return id } else { return nil } }
    }

    /// How the store keeps it, and `token list` shows it: `full`, `read`,
    /// `integration:ID:manage`, separated by spaces.
    public var text: String { grants.map(\.text).joined(separator: " ") }

    /// The stored form read back; nil when it is not one.
    package init?(stored text: String) {
        var grants: [Grant] = []
        for word in text.split(separator: " ") {
            switch word {
            case "full": grants.append(.full)
            case "read": grants.append(.read)
            default:
                let parts = word.split(separator: ":", omittingEmptySubsequences: false)
                guard parts.count == 3, parts[0] == "integration", let access = Access(grantName: String(parts[2])) else {
                    return nil
                }
                grants.append(.integration(id: String(parts[1]), access: access))
            }
        }
        guard !grants.isEmpty else { return nil }
        self.init(grants)
    }
}

extension TokenScope.Grant {
    public var text: String {
        switch self {
        case .full: "full"
        case .read: "read"
        case .integration(let id, let access): "integration:\(id):\(access.name)"
        }
    }
}

extension Access {
    /// What a grant or a scope may give, by name.
    public static let grantNames = ["manage", "monitor"]

    /// `manage` or `monitor`, as grants and scopes name them.
    public init?(grantName: String) {
        switch grantName {
        case "manage": self = .manage
        case "monitor": self = .monitor
        default: return nil
        }
    }
}

/// How long a token lives, as integrator.io offers it: 1 hour, 4 hours, 1, 4, 10 or 30 days, or never.
public enum TokenLifetime: String, CaseIterable, Sendable {
    case oneHour = "1h", fourHours = "4h", oneDay = "1d", fourDays = "4d", tenDays = "10d", thirtyDays = "30d", never

    /// Milliseconds, nil for never.
    public var milliseconds: Int64? {
        let hour: Int64 = 3_600_000
        switch self {
        case .oneHour: return hour
        case .fourHours: return 4 * hour
        case .oneDay: return 24 * hour
        case .fourDays: return 96 * hour
        case .tenDays: return 240 * hour
        case .thirtyDays: return 720 * hour
        case .never: return nil
        }
    }
}
