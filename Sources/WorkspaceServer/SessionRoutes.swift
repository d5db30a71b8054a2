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
                let bytes = buffer.readBytes(length: buffer.readableBytes) ?? []
                guard !bytes.isEmpty else { throw APIError(status: .badRequest, code: "invalid", message: #"sign in with {"token": "wst_…"}"#) }
                let fields = try signIn.check(bytes, query: [])
                guard let token = fields["token"]?.stringValue else {
                    throw APIError(status: .badRequest, code: "invalid", message: #"sign in with {"token": "wst_…"}"#)
                }
                let (id, session) = try await pool.withFile(writing: true) { file, _ in
                    do {
                        return try file.openSession(
                            token: token, lifetimeSeconds: sessions.lifetimeSeconds, perToken: Sessions.perToken,
                            total: Sessions.total)
                    } catch let error as WorkspaceError where error.kind == .denied {
                        throw APIError.unauthenticated(error.message)
                    }
                }
                var response = WorkspaceServer.json(describe(session), status: .created)
                response.setCookie(
                    Cookie(name: Sessions.cookieName, value: id, maxAge: Int(sessions.lifetimeSeconds), path: "/", httpOnly: true, sameSite: .strict))
                return response
            } catch {
                return WorkspaceServer.failure(error)
            }
        }
        router.get(RouterPath(path)) { request, _ in
            do {
                guard let id = request.cookies[Sessions.cookieName]?.value,
                    let session = try await pool.withFile(writing: false, { file, _ in try file.session(id) })
                else {
                    return WorkspaceServer.failure(APIError.unauthenticated("not signed in"))
                }
                return WorkspaceServer.json(describe(session), status: .ok)
            } catch {
                return WorkspaceServer.failure(error)
            }
        }
        router.delete(RouterPath(path)) { request, _ in
            do {
                // It ends a browser session: a token alone has none to end (tokens are revoked
                // with DELETE /api/v1/tokens/{id}).
                let caller = try WorkspaceServer.caller(of: request)
                guard case .session(let id, _, _) = caller else {
                    throw APIError.unauthenticated("there is no browser session to end: sign-out takes the session cookie")
                }
                // The session must be good and its CSRF token sent back.
                _ = try await pool.withWorkspace(caller: caller, writing: true) { _, _ in true }
                try await pool.withFile(writing: true) { file, _ in try file.closeSession(id) }
                var response = Response(status: .noContent)
                response.setCookie(Cookie(name: Sessions.cookieName, value: "", maxAge: 0, path: "/", httpOnly: true, sameSite: .strict))
                return response
            } catch {
                return WorkspaceServer.failure(error)
            }
        }
    }

    /// Sign-in takes a token and nothing else.
    static let signIn = RequestBody.object([.string("token", required: true)])

    private static func describe(_ session: BrowserSession) -> JSONValue {
        ["user": .string(session.user), "csrfToken": .string(session.csrf), "expiresAt": .string(Timestamp.iso8601(session.expiresAt * 1000))]
    }
}
