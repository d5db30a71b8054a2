import HTTPTypes
import Workspace

/// The one place library errors become HTTP statuses (SPEC §11: 1→409, 2→404, 3→400, 4→403
/// or 401 without valid authentication, 5→503), with the JSON error body.
struct APIError: Error {
    let status: HTTPResponse.Status
    let code: String
    let message: String
    let hint: String?
    /// More about the failure, in the error object: an ambiguous name's candidates, a pull's conflicts.
    var details: [(String, JSONValue)] = []

    init(_ error: WorkspaceError) {
        switch error.kind {
        case .refused: (status, code) = (.conflict, "refused")
        // A name that names several: not missing, but a conflict the caller settles with an id.
        case .notFound where !error.candidates.isEmpty: (status, code) = (.conflict, "ambiguous")
        case .notFound: (status, code) = (.notFound, "not_found")
        case .invalid: (status, code) = (.badRequest, "invalid")
        case .denied: (status, code) = (.forbidden, "denied")
        case .unavailable: (status, code) = (.serviceUnavailable, "unavailable")
        }
        message = error.message
        hint = error.hint
        if !error.candidates.isEmpty {
            details = [("candidates", .array(error.candidates.map { ["type": .string($0.kind), "_id": .string($0.id)] }))]
        }
    }

    init(status: HTTPResponse.Status, code: String, message: String, hint: String? = nil, details: [(String, JSONValue)] = []) {
        self.status = status
        self.code = code
        self.message = message
        self.hint = hint
        self.details = details
    }

    static func unauthenticated(_ message: String) -> APIError {
        APIError(
            status: .unauthorized, code: "unauthenticated", message: message,
            hint: "send Authorization: Bearer TOKEN (make one with `workspace token create`)")
    }

    var json: JSONValue {
        var error = JSONObject([("code", .string(code)), ("message", .string(message))])
        if let hint { error["hint"] = .string(hint) }
        for (key, value) in details { error[key] = value }
        return .object(JSONObject([("error", .object(error))]))
    }
}
