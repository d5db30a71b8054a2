import HTTPTypes
import Workspace

/// The one place library errors become HTTP statuses (SPEC §11: 1→409, 2→404, 3→400, 4→403
/// or 401 without valid authentication, 5→503), with the JSON error body.
struct APIError: Error {
    let status: HTTPResponse.Status
    let code: String
    let message: String
    let hint: String?

    init(_ error: WorkspaceError) {
        switch error.kind {
        case .refused: (status, code) = (.conflict, "refused")
        case .notFound: (status, code) = (.notFound, "not_found")
        case .invalid: (status, code) = (.badRequest, "invalid")
        case .denied: (status, code) = (.forbidden, "denied")
        case .unavailable: (status, code) = (.serviceUnavailable, "unavailable")
        }
        message = error.message
        hint = error.hint
    }

    init(status: HTTPResponse.Status, code: String, message: String, hint: String? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.hint = hint
    }

    static func unauthenticated(_ message: String) -> APIError {
        APIError(
            status: .unauthorized, code: "unauthenticated", message: message,
            hint: "send Authorization: Bearer TOKEN (make one with `workspace token create`)")
    }

    var json: JSONValue {
        var error = JSONObject([("code", .string(code)), ("message", .string(message))])
        if let hint { error["hint"] = .string(hint) }
        return .object(JSONObject([("error", .object(error))]))
    }
}
