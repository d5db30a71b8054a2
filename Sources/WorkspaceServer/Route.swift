import HTTPTypes
import Workspace

/// One route of the API: what it is (for the router and the OpenAPI document alike, so the
/// two cannot drift) and the library call it makes.
struct Route: Sendable {
    let method: HTTPRequest.Method
    /// OpenAPI style: `/api/v1/integrations/{ref}`.
    let path: String
    let summary: String
    /// The query parameters it reads and the body it takes: checked before `handle` runs
    /// (anything else is refused, naming it), and described by the OpenAPI document.
    let query: [QueryParameter]
    let body: RequestBody
    /// The status of a success, and any other a success may answer (`Reply.answer`).
    let success: HTTPResponse.Status
    let alsoAnswers: [HTTPResponse.Status]
    /// What a success answers (the OpenAPI document's response, which tests hold answers to).
    let answers: Answer
    /// The routes a created resource is reached by: (path prefix, its parameter, the answer's field).
    let links: Link?
    /// The largest body it takes (SPEC §11: 256 MiB for install, 1 MiB otherwise).
    let bodyLimit: Int
    let handle: @Sendable (Call) throws -> Reply

    /// `body` defaults to none for GET and DELETE, to an empty object (or nothing) otherwise.
    init(
        _ method: HTTPRequest.Method, _ path: String, _ summary: String, query: [QueryParameter] = [], body: RequestBody? = nil,
        success: HTTPResponse.Status = .ok, alsoAnswers: [HTTPResponse.Status] = [], answers: Answer = .nothing, links: Link? = nil,
        bodyLimit: Int = 1 << 20,
        _ handle: @escaping @Sendable (Call) throws -> Reply
    ) {
        self.method = method
        self.path = "/api/v1" + path
        self.summary = summary
        self.query = query
        self.body = body ?? (method == .get || method == .delete ? .none : .object([]))
        self.success = success
        self.alsoAnswers = alsoAnswers
        self.answers = answers
        self.links = links
        self.bodyLimit = bodyLimit
        self.handle = handle
    }

    /// The path's parameter names, in order.
    var parameters: [String] {
        path.split(separator: "/").compactMap { part in
            part.hasPrefix("{") && part.hasSuffix("}") ? String(part.dropFirst().dropLast()) : nil
        }
    }

    /// Hummingbird's form of the path: `/api/v1/integrations/:ref`.
    var routerPath: String {
        path.split(separator: "/", omittingEmptySubsequences: false).map { part in
            part.hasPrefix("{") && part.hasSuffix("}") ? ":" + part.dropFirst().dropLast() : String(part)
        }.joined(separator: "/")
    }
}

/// What a route's success answers.
enum Answer: Sendable {
    /// 204: nothing.
    case nothing
    case json(JSONShape)
    /// One of several media types (a download as JSON or a zip; the audit log as JSON or CSV);
    /// nil for bytes JSON Schema does not describe.
    case media([(type: String, shape: JSONShape?)])

    static func list(_ shape: JSONShape) -> Answer { .json(.array(shape)) }
}

/// A created resource's routes: those at `path` (`/integrations/{ref}`: get, patch, delete),
/// whose parameter `parameter` takes the answer's `field`; other parameters keep the request's.
struct Link: Sendable {
    let path: String
    let parameter: String
    let field: String

    init(_ path: String, _ parameter: String = "ref", from field: String = "_id") {
        self.path = "/api/v1" + path
        self.parameter = parameter
        self.field = field
    }
}
