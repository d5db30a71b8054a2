/// A name for a flow, connection, export or import, kept by an integration or by one flow.
public struct Alias: Equatable, Sendable {
    /// The `owner_type` column.
    package enum OwnerType: String {
        case integration, flow
    }

    public enum Owner: Equatable, Sendable {
        case integration(String)
        case flow(String)

        package var type: String {
            switch self {
            case .integration: "integration"
            case .flow: "flow"
            }
        }

        package var id: String {
            switch self {
            case .integration(let id), .flow(let id): id
            }
        }
    }

    public enum TargetType: String, CaseIterable, Sendable {
        case flow, connection, export, `import`

        /// integrator.io's field for the target in an alias document.
        package var field: String {
            switch self {
            case .flow: "_flowId"
            case .connection: "_connectionId"
            case .export: "_exportId"
            case .import: "_importId"
            }
        }
    }

    public let owner: Owner
    public let alias: String
    public let description: String
    public let targetType: TargetType
    public let targetID: String

    package init(owner: Owner, alias: String, description: String, targetType: TargetType, targetID: String) {
        self.owner = owner
        self.alias = alias
        self.description = description
        self.targetType = targetType
        self.targetID = targetID
    }

    /// integrator.io's shape: `{alias, description, _flowId | _connectionId | _exportId | _importId}`.
    public var json: JSONValue {
        .object(JSONObject([("alias", .string(alias)), ("description", .string(description)), (targetType.field, .string(targetID))]))
    }

    /// One target field, named by its type (`_flowId`, `_connectionId`, `_exportId`, `_importId`).
    public static let shape = JSONShape.named(
        "Alias",
        .record(
            [.field("alias", .string), .field("description", .string)] + TargetType.allCases.map { .optional($0.field, .string) }
                + [.optional("inherited", .boolean)]))

    /// "integration 6b0…/orders" or "flow 6b0…/orders", for messages.
    package var label: String { "\(alias) (\(owner.type) \(owner.id))" }
}
