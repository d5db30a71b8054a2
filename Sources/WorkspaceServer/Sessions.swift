import Workspace

/// Browser sessions: a token given once at sign-in becomes an HttpOnly, SameSite=Strict cookie
/// naming a session kept in the workspace (its id's hash only), so that every server over the
/// workspace accepts it and a restart signs nobody out. The session acts through its token, so
/// a revoked token or a removed user ends it at the next request. Each session has its own CSRF
/// token, which every mutating request must send back.
struct Sessions: Sendable {
    static let cookieName = "workspace_session"
    /// Sessions one token may hold (a browser per device, with room to spare) and in all: a
    /// caller who signs in again and again replaces their own oldest sessions, nobody else's.
    static let perToken = 16
    static let total = 10_000
    let lifetimeSeconds: Int64
}

/// Who a request comes from: a bearer token (source `api`), or a browser session (source `web`).
enum Caller: Sendable {
    case token(String)
    /// A session's id, and for a change, the CSRF token the request sent (nil for a read).
    case session(id: String, change: Bool, csrf: String?)

    var source: AuditSource {
        if case .token = self { .api } else { .web }
    }
}
