import HTTPTypes
import Hummingbird
import HummingbirdCore
import Workspace

/// Where `workspace serve` listens and which file it serves.
public struct ServerSettings: Sendable {
    public var path: String
    public var host: String
    public var port: Int
    public var busyTimeout: Int32
    /// How long a browser session lasts after sign-in.
    public var sessionLifetimeSeconds: Int64
    /// Connections at most (nil: what the process's descriptor limit leaves, see ConnectionLimits).
    public var maximumConnections: Int?
    /// How long a connection may sit idle, or take to send a request's headers, before it is closed.
    public var idleTimeoutSeconds: Int64 = 30

    public init(
        path: String, host: String = "127.0.0.1", port: Int = 8700, busyTimeout: Int32 = Workspace.defaultBusyTimeout,
        sessionLifetimeSeconds: Int64 = 8 * 3600
    ) {
        self.path = path
        self.host = host
        self.port = port
        self.busyTimeout = busyTimeout
        self.sessionLifetimeSeconds = sessionLifetimeSeconds
    }
}

/// The request context: Hummingbird's core storage, nothing of our own yet.
public struct ServerContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public init(source: ApplicationRequestContextSource) { coreContext = .init(source: source) }
}

/// The HTTP server over the library: every route is one library call, run off the event loop
/// as one transaction, as the caller the bearer token names.
public enum WorkspaceServer {
    public static func application(_ settings: ServerSettings) -> some ApplicationProtocol {
        let limits = ConnectionLimits(limit: settings.maximumConnections)
        return Application(
            router: router(settings),
            server: .http1(
                configuration: HTTP1Channel.Configuration(
                    additionalChannelHandlers: [limits.handler()], idleTimeout: .seconds(settings.idleTimeoutSeconds))),
            configuration: ApplicationConfiguration(address: .hostname(settings.host, port: settings.port), serverName: "workspace"))
    }

    public static func router(_ settings: ServerSettings) -> Router<ServerContext> {
        let router = Router(context: ServerContext.self)
        let sessions = Sessions(lifetimeSeconds: settings.sessionLifetimeSeconds)
        let pool = WorkspacePool(settings: settings)
        for route in Routes.all {
            router.on(RouterPath(route.routerPath), method: route.method) { request, context in
                try await respond(to: request, context: context, route: route, pool: pool)
            }
        }
        SessionRoutes.add(to: router, pool: pool, sessions: sessions)
        WebApp.add(to: router)
        router.get(RouterPath(OpenAPIDocument.path)) { _, _ in
            json(OpenAPIDocument.document(Routes.all), status: .ok)
        }
        // Last, so that it wraps only what no route answers.
        router.add(middleware: UnknownPathMiddleware(servedPaths))
        return router
    }

    /// Every method and path the router serves.
    static var servedPaths: [(method: HTTPRequest.Method, path: String)] {
        Routes.all.map { ($0.method, $0.path) } + [.post, .get, .delete].map { ($0, SessionRoutes.path) }
            + [(.get, OpenAPIDocument.path)] + WebApp.assets.keys.sorted().map { (.get, $0) }
    }

    /// Authenticates, reads the body within the route's limit, runs the route, and maps every
    /// failure to its status and JSON error.
    static func respond(
        to request: Request, context: ServerContext, route: Route, pool: WorkspacePool
    ) async throws -> Response {
        do {
            let caller = try caller(of: request)
            var request = request
            let body = try await readBody(&request, limit: route.bodyLimit)
            var rawParameters: [String: String] = [:]
            for name in route.parameters { rawParameters[name] = context.parameters.get(name) }
            let rawQuery = request.uri.query ?? ""
            let reply = try await pool.withWorkspace(caller: caller, writing: route.method != .get) {
                [rawParameters] workspace, kept in
                // Checked once the caller is known: a stranger learns nothing but 401.
                var parameters: [String: String] = [:]
                for (name, raw) in rawParameters {
                    guard let decoded = percentDecoded(raw) else {
                        throw WorkspaceError(.invalid, "the path's \(name) is not valid UTF-8 once decoded")
                    }
                    parameters[name] = decoded
                }
                let query = try queryItems(rawQuery)
                try QueryCheck.check(query, against: route.query)
                let fields = try route.body.check(body, query: route.query)
                let call = Call(workspace: workspace, parameters: parameters, query: query, body: body, fields: fields, kept: kept)
                return try route.handle(call).rendered
            }
            return response(reply, success: route.success)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            return failure(APIError(status: .contentTooLarge, code: "too_large", message: "the request body is over this route's limit of \(Limits.describe(bytes: route.bodyLimit))"))
        } catch {
            return failure(error)
        }
    }

    /// An error as its status and JSON body (anything unforeseen as a 500 with its text).
    static func failure(_ error: any Error) -> Response {
        switch error {
        case let error as APIError: return json(error.json, status: error.status)
        case let error as WorkspaceError:
            let mapped = APIError(error)
            return json(mapped.json, status: mapped.status)
        case let error as any HTTPResponseError:
            return json(APIError(status: error.status, code: "http", message: "\(error)").json, status: error.status)
        default:
            let mapped = APIError(status: .internalServerError, code: "internal", message: "the server failed: \(error)")
            return json(mapped.json, status: mapped.status)
        }
    }

    private static func readBody(_ request: inout Request, limit: Int) async throws -> [UInt8] {
        var buffer = try await request.collectBody(upTo: limit)
        return buffer.readBytes(length: buffer.readableBytes) ?? []
    }

    /// The query's names and values as a form sends them: `+` is a space (browsers'
    /// URLSearchParams write one so), `%2B` a plus. A name given twice, or bytes that are not
    /// UTF-8 once decoded, are refused rather than guessed at.
    static func queryItems(_ query: String) throws -> [String: String] {
        var items: [String: String] = [:]
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode = { (part: Substring) in percentDecoded(String(part.map { $0 == "+" ? " " : $0 })) }
            guard let name = decode(parts[0]), let value = parts.count > 1 ? decode(parts[1]) : "" else {
                throw WorkspaceError(.invalid, "the query is not valid UTF-8 once decoded")
            }
            guard items[name] == nil else { throw WorkspaceError(.invalid, "the query parameter \(name) is given twice") }
            items[name] = value
        }
        return items
    }

    /// A path segment as the client meant it: `Put%20orders` is `Put orders`. Malformed escapes
    /// stay as they are (the name then matches nothing, and the answer says so); nil when the
    /// decoded bytes are not UTF-8.
    static func percentDecoded(_ segment: String) -> String? {
        var bytes: [UInt8] = []
        var input = Array(segment.utf8)[...]
        while let byte = input.popFirst() {
            if byte == UInt8(ascii: "%"), input.count >= 2,
                let value = UInt8(String(decoding: input.prefix(2), as: UTF8.self), radix: 16)
            {
                bytes.append(value)
                input = input.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    /// Who is calling: a bearer token, or a browser session, whose mutating requests must come
    /// from this server's own origin and carry the session's CSRF token (checked against the
    /// stored session when the workspace is lent: `WorkspacePool.withWorkspace`).
    static func caller(of request: Request) throws -> Caller {
        if let token = bearerToken(request.headers[.authorization]) { return .token(token) }
        guard let id = request.cookies[Sessions.cookieName]?.value else {
            throw APIError.unauthenticated("this request needs a token, or a browser session")
        }
        let change = request.method != .get && request.method != .head
        if change, !sameOrigin(request) {
            throw APIError(status: .forbidden, code: "csrf", message: "a change from a browser must come from this server's own pages")
        }
        return .session(id: id, change: change, csrf: request.headers[csrfHeader])
    }

    /// A change through a session must send back that session's CSRF token.
    static func requireCSRF(_ caller: Caller, of session: BrowserSession) throws {
        guard case .session(_, true, let csrf) = caller, csrf != session.csrf else { return }
        throw APIError(status: .forbidden, code: "csrf", message: "the request lacks this session's CSRF token (X-CSRF-Token)")
    }

    public static let csrfHeader = HTTPField.Name("X-CSRF-Token")!

    /// The Origin header names the host the request was sent to (scheme aside).
    static func sameOrigin(_ request: Request) -> Bool {
        guard let origin = request.headers[.origin], let host = request.head.authority else { return false }
        let originHost = origin.split(separator: "://", maxSplits: 1).last.map(String.init) ?? ""
        return originHost == host
    }

    /// The token of `Authorization: Bearer TOKEN`.
    static func bearerToken(_ header: String?) -> String? {
        guard let header, header.lowercased().hasPrefix("bearer ") else { return nil }
        let token = header.dropFirst("bearer ".count).drop { $0 == " " }
        return token.isEmpty ? nil : String(token)
    }

    private static func response(_ reply: Reply, success: HTTPResponse.Status) -> Response {
        switch reply {
        case .json(let value): return json(value, status: success)
        case .answer(let status, let reply): return response(reply, success: status)
        case .empty: return Response(status: .noContent)
        case .bytes(let bytes, let type, let filename):
            var headers: HTTPFields = [.contentType: type]
            if let filename { headers[.contentDisposition] = "attachment; filename=\"\(filename)\"" }
            return Response(status: success, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
        }
    }

    static func json(_ value: JSONValue, status: HTTPResponse.Status) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: value.compactText)))
    }
}
