/// What clone, install, restore, revert and pull answer, with `--json` and over HTTP alike:
/// the integration they made or changed, first-class (`jq -r ._id` is its id), the revision
/// they recorded beside it (null in a dry run or when nothing was written), and the plan —
/// what was done or, in a dry run, would be.
public struct LifecycleResult: Sendable {
    public let integration: Integration
    public let revision: Revision?
    public let plan: JSONObject

    public var json: JSONValue {
        guard case .object(var object) = integration.json else { return integration.json }
        object["revision"] = revision?.json ?? .null
        object["plan"] = .object(plan)
        return .object(object)
    }

    /// The integration, its revision and a plan of `plan`'s shape.
    public static func shape(_ name: String, plan: JSONShape) -> JSONShape {
        Integration.shape.adding([.field("revision", .nullable(Revision.shape)), .field("plan", plan)], named: name)
    }

}

/// `revision revert`: what changed (or would), and the revision recorded.
public struct RevertResult: Sendable {
    public let diff: DocumentDiff
    public let revision: Revision?
    /// The integration after the revert (as it is, in a dry run).
    public let integration: Integration
    public let dryRun: Bool

    public var result: LifecycleResult {
        LifecycleResult(
            integration: integration, revision: revision,
            plan: JSONObject([("dryRun", .bool(dryRun)), ("changes", diff.json)]))
    }

    public static let shape = LifecycleResult.shape(
        "Reverted", plan: .record([.field("dryRun", .boolean), .field("changes", DocumentDiff.shape)]))
}
