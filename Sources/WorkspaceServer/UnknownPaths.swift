import HTTPTypes
import Hummingbird

/// What the router answers where no route matches: a path it serves with another method is
/// 405 with `Allow`, any other path 404; both as the API's JSON error. Added after every route,
/// it wraps only the router's not-found answer.
struct UnknownPathMiddleware: RouterMiddleware {
    typealias Context = ServerContext

    /// Every path the server serves (OpenAPI style, `{name}` for a segment) with its methods.
    let served: [(path: [Substring], methods: [HTTPRequest.Method])]

    init(_ routes: [(method: HTTPRequest.Method, path: String)]) {
        var served: [(path: [Substring], methods: [HTTPRequest.Method])] = []
        for (method, path) in routes {
            let segments = path.split(separator: "/")
            if let index = served.firstIndex(where: { $0.path == segments }) {
                if !served[index].methods.contains(method) { served[index].methods.append(method) }
            } else {
                served.append((segments, [method]))
            }
        }
        self.served = served
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            let methods = allowed(request.uri.path)
            guard !methods.isEmpty else {
                return WorkspaceServer.failure(
                    APIError(status: .notFound, code: "not_found", message: "no such path: \(request.uri.path)", hint: "GET /api/v1/openapi.json lists them"))
            }
            var response = WorkspaceServer.failure(
                APIError(
                    status: .methodNotAllowed, code: "method_not_allowed",
                    message: "\(request.method.rawValue) is not served at \(request.uri.path)",
                    hint: "it serves " + methods.map(\.rawValue).joined(separator: ", ")))
            response.headers[.allow] = methods.map(\.rawValue).joined(separator: ", ")
            return response
        }
    }

    /// The methods served at a concrete path, as the router finds them: a segment that is one
    /// of a path's constants goes there only (`/flows/move` is not `/flows/{ref}`).
    func allowed(_ path: String) -> [HTTPRequest.Method] {
        let segments = path.split(separator: "/")
        func isParameter(_ pattern: Substring) -> Bool { pattern.hasPrefix("{") && pattern.hasSuffix("}") }
        let fitting = served.filter { entry in
            entry.path.count == segments.count && zip(entry.path, segments).allSatisfy { isParameter($0) || $0 == $1 }
        }
        // The router's choice: constants before parameters, from the first segment on.
        let chosen = fitting.max { one, other in
            one.path.map { isParameter($0) ? 0 : 1 }.lexicographicallyPrecedes(other.path.map { isParameter($0) ? 0 : 1 })
        }
        return chosen?.methods ?? []
    }
}
