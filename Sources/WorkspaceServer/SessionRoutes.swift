import Hummingbird
import Workspace

/// Sign-in, the current session, and sign-out for the browser: `POST /api/v1/session` with
/// `{"token": …}` sets the session cookie (HttpOnly, SameSite=Strict) and answers the CSRF
/// token the page sends back on every change.
enum SessionRoutes {
    static let path = "/api/v1/session"

    static func add(to router: Router<ServerContext>, pool: WorkspacePool, sessions: Sessions) {
        router.post(RouterPath(path)) { request, _ in
            do {
                var request = request
                var buffer = try await request.collectBody(upTo: 64 * 1024)
                let body = buffer.readString(length: buffer.readableBytes) ?? ""
                guard case .object(let object)? = try? JSONValue(parsing: body), let token = object["token"]?.stringValue else {
                    throw APIError(status: .badRequest, code: "invalid", message: #"sign in with {"token": "wst_…"}"#)
                }
                let user = try await pool.withWorkspace(token: token, source: .web, writing: false) { workspace, _ in
                    workspace.user.name
                }
                let (id, session) = sessions.open(token: token, user: user)
                var response = WorkspaceServer.json(describe(session), status: .created)
                response.setCookie(
                    Cookie(name: Sessions.cookieName, value: id, maxAge: Int(sessions.lifetimeSeconds), path: "/", httpOnly: true, sameSite: .strict))
                return response
            } catch {
                return WorkspaceServer.failure(error)
            }
        }
        router.get(RouterPath(path)) { request, _ in
            guard let id = request.cookies[Sessions.cookieName]?.value, let session = sessions.session(id) else {
                return WorkspaceServer.failure(APIError.unauthenticated("not signed in"))
            }
            return WorkspaceServer.json(describe(session), status: .ok)
        }
        router.delete(RouterPath(path)) { request, _ in
            do {
                _ = try WorkspaceServer.caller(of: request, sessions: sessions)
                if let id = request.cookies[Sessions.cookieName]?.value { sessions.close(id) }
                var response = Response(status: .noContent)
                response.setCookie(Cookie(name: Sessions.cookieName, value: "", maxAge: 0, path: "/", httpOnly: true, sameSite: .strict))
                return response
            } catch {
                return WorkspaceServer.failure(error)
            }
        }
    }

    private static func describe(_ session: Sessions.Session) -> JSONValue {
        ["user": .string(session.user), "csrfToken": .string(session.csrf), "expiresAt": .string(Timestamp.iso8601(session.expires * 1000))]
    }
}
