import HTTPTypes
import Workspace

/// The API under /api/v1/: integrator.io's JSON shapes and names, each route one library call.
enum Routes {
    /// Fixed paths (`/revisions/deleted`) before their parameterized neighbours (`/revisions/{id}`).
    static let all: [Route] =
        integrations + groups + flows + items(.api, "apis") + items(.tool, "tools") + steps(.export, "exports") + steps(.import, "imports")
        + scripts + aliases + connections + settings + revisions + recycleBin + audit + users

    static func choice<T: RawRepresentable & CaseIterable>(_ type: T.Type, _ text: String, _ name: String) throws -> T
    where T.RawValue == String {
        guard let value = T(rawValue: text) else {
            throw WorkspaceError(.invalid, "\(name) must be one of \(T.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return value
    }

    /// A list's page: at most `limit` items after the one `after` names (its `_id`, a user's
    /// name, an alias's alias; an audit row's sequence).
    static let pageQuery: [QueryParameter] = [.integer("limit", minimum: 1, maximum: 1_000_000), .string("after")]

    /// Where a tile, group or step goes.
    static let placementFields: [BodyField] = [.string("before"), .string("after"), .flag("first"), .flag("last")]

    static let placementBody = RequestBody.oneOf(placementFields)

    /// `{"before": REF}`, `{"after": REF}`, `{"first": true}` or `{"last": true}`.
    static func placement(_ call: Call) throws -> Placement {
        let body = call.object()
        if let before = try call.string("before", in: body) { return .before(before) }
        if let after = try call.string("after", in: body) { return .after(after) }
        if try call.bool("first", in: body) == true { return .first }
        if try call.bool("last", in: body) == true { return .last }
        throw WorkspaceError(.invalid, "give before, after, first or last")
    }
}
