import Dispatch
import HTTPTypes
import Synchronization
import Workspace

/// One API request as the library sees it: the caller's workspace (opened for this request
/// with the caller's token), the path's parameters, the query and the body.
struct Call {
    let workspace: Workspace
    let parameters: [String: String]
    let query: [String: String]
    let body: [UInt8]
    /// The body's fields, checked against the route's (`RequestBody.object`).
    let fields: JSONObject
    /// Answers this workspace keeps until the file changes.
    let kept: KeptAnswers

    /// The answer `make` gives, kept under `key` until anything is committed to the file (by
    /// this server or any other process): the same request then costs a stamp check, not a
    /// recomputation. The stamp is taken first, so a commit during `make` is never hidden.
    func keptAnswer(_ key: String, _ make: () throws -> JSONValue) throws -> Reply {
        // Files are shared by every caller: an answer is the user's own (their pins, order, role).
        let key = "\(workspace.user.name)\u{0}\(workspace.user.role.rawValue)\u{0}\(key)"
        let stamp = try workspace.changeStamp()
        if let reply = kept.answer(key, at: stamp) { return reply }
        let reply = Reply.json(try make()).rendered
        kept.keep(reply, key, at: stamp)
        return reply
    }

    /// A path parameter (the router guarantees it is there).
    func parameter(_ name: String) -> String { parameters[name] ?? "" }

    /// The body's fields, checked against the route's before the handler ran (an empty body
    /// is an empty object).
    func object() -> JSONObject { fields }

    /// The body as a JSON value (a route whose body is `.json`, checked as UTF-8).
    func value() throws -> JSONValue { try JSONValue(parsing: try RequestBody.text(body)) }

    /// A string field of the body object, or nil.
    func string(_ key: String, in object: JSONObject) throws -> String? {
        guard let value = object[key], value != .null else { return nil }
        guard let text = value.stringValue else { throw WorkspaceError(.invalid, "\"\(key)\" must be a string") }
        return text
    }

    func bool(_ key: String, in object: JSONObject) throws -> Bool? {
        guard let value = object[key], value != .null else { return nil }
        guard case .bool(let flag) = value else { throw WorkspaceError(.invalid, "\"\(key)\" must be true or false") }
        return flag
    }

    /// One page of a list: the items after the one whose `key` is the query's `after` (the last
    /// of the previous page), `limit` of them at most; the whole list without either.
    func page(_ items: [JSONValue], key: String = "_id") throws -> JSONValue {
        var rest = items[...]
        if let after = query["after"] {
            guard let index = items.firstIndex(where: { $0[key]?.stringValue == after }) else {
                throw WorkspaceError(.notFound, "after names no item of this list: \(after)", hint: "give the \(key) of the last item of the page before")
            }
            rest = items[(index + 1)...]
        }
        if let text = query["limit"], let limit = Int(text) {
            guard limit > 0 else { throw WorkspaceError(.invalid, "limit must be at least 1") }
            rest = rest.prefix(limit)
        }
        return .array(Array(rest))
    }

    /// A boolean query parameter (checked to be `true` or `false`); absent is false.
    func flag(_ name: String) -> Bool { query[name] == "true" }
}

/// What a handler answers: JSON, bytes of some type, or nothing.
enum Reply: Sendable {
    case json(JSONValue)
    /// An answer with another status than the route's success (one of its `alsoAnswers`).
    indirect case answer(HTTPResponse.Status, Reply)
    case bytes([UInt8], contentType: String, filename: String?)
    case empty

    static let jsonType = "application/json; charset=utf-8"

    /// JSON as its bytes, so that printing a large answer happens on a worker thread rather
    /// than on the event loop.
    var rendered: Reply {
        switch self {
        case .json(let value): .bytes(Array(value.compactText.utf8), contentType: Self.jsonType, filename: nil)
        case .answer(let status, let reply): .answer(status, reply.rendered)
        case .bytes, .empty: self
        }
    }
}

/// Answers kept with the stamp of the workspace they were computed from: one open file's
/// (SQLite's stamps are the file's as one connection sees it), or, on PostgreSQL, the whole
/// pool's (the generation is the database's, the same on every connection).
final class KeptAnswers: Sendable {
    private let answers = Mutex([String: (stamp: ChangeStamp, reply: Reply)]())
    /// A few views of the Home page (tile, list, a search) per open workspace, not more.
    static let limit = 4
    private let limit: Int

    init(limit: Int = KeptAnswers.limit) { self.limit = limit }

    func answer(_ key: String, at stamp: ChangeStamp) -> Reply? {
        answers.withLock { answers in
            guard let kept = answers[key], kept.stamp == stamp else { return nil }
            return kept.reply
        }
    }

    func keep(_ reply: Reply, _ key: String, at stamp: ChangeStamp) {
        answers.withLock { answers in
            answers = answers.filter { $0.value.stamp == stamp }
            if answers.count >= limit, let any = answers.keys.first { answers[any] = nil }
            answers[key] = (stamp, reply)
        }
    }

    /// Drops the answers computed before PostgreSQL's `generation` (whose stamps carry it).
    func forget(before generation: Int64) { answers.withLock { $0 = $0.filter { $0.value.stamp.others >= generation } } }

    var count: Int { answers.withLock { $0.count } }
}

/// Runs library work off the event loop, on threads of its own: SQLite calls block.
enum Worker {
    private static let queue = DispatchQueue(label: "workspace.requests", attributes: .concurrent)
    /// This server's changes take turns here rather than in SQLite's busy handler, which
    /// sleeps and retries: the wait is then as long as the writes ahead, not a back-off.
    private static let writes = Mutex(())

    static func run<T: Sendable>(writing: Bool = false, _ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result { writing ? try writes.withLock { _ in try work() } : try work() })
            }
        }
    }
}
