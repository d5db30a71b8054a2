/// The levels that carry settings, named as integrator.io's runtime names them.
public enum SettingsLevel: String, Sendable {
    case integration, flowGrouping, flow, export, `import`, connection
}

/// A user's access to one integration and everything in it.
public enum Access: Int, Comparable, Sendable {
    case none, monitor, manage

    public static func < (lhs: Access, rhs: Access) -> Bool { lhs.rawValue < rhs.rawValue }

    /// "manage", "monitor", or "no".
    public var name: String {
        switch self {
        case .none: "no"
        case .monitor: "monitor"
        case .manage: "manage"
        }
    }
}

/// What the audit log records about a denied action.
package struct Denial: Equatable, Sendable {
    package let resourceType: ResourceType
    package let resourceID: String
    package let resourceName: String
    package let integrationID: String?
    package let needed: String

    package init(
        resourceType: ResourceType, resourceID: String, resourceName: String, integrationID: String?, needed: String
    ) {
        self.resourceType = resourceType
        self.resourceID = resourceID
        self.resourceName = resourceName
        self.integrationID = integrationID
        self.needed = needed
    }
}

extension User.Role {
    /// What the role alone gives on every integration (grants can add to it).
    package var baseAccess: Access {
        switch self {
        case .owner, .administrator, .manage: .manage
        case .monitor: .monitor
        case .tile: .none
        }
    }

    package var isAdministrator: Bool { self == .owner || self == .administrator }
}

/// Which integrations a listing may show: every one (a role that reads everything), or
/// Standalone and those granted to one user (the tile role).
package indirect enum Visibility: Sendable {
    case everything
    case granted(to: String)
    /// Of what the other visibility shows, these integrations alone (a scoped token's).
    case within([String], Visibility)
}
