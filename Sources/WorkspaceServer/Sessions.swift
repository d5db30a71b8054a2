import Synchronization
import Workspace

#if canImport(Glibc)
    import Glibc
#endif

/// Browser sessions: a token given once at sign-in becomes an HttpOnly, SameSite=Strict cookie
/// naming a session held in this process's memory (a restart signs everyone out). The
/// session keeps the token, so a revoked token or a removed user ends it at the next request.
/// Each session has its own CSRF token, which every mutating request must send back.
final class Sessions: Sendable {
    struct Session: Sendable {
        let token: String
        let user: String
        let csrf: String
        let expires: Int64
    }

    static let cookieName = "workspace_session"
    /// Sessions one token may hold (a browser per device, with room to spare) and in all: a
    /// caller who signs in again and again replaces their own oldest sessions, nobody else's.
    static let perToken = 16
    static let total = 10_000
    let lifetimeSeconds: Int64
    private let sessions = Mutex<[String: Session]>([:])

    init(lifetimeSeconds: Int64) { self.lifetimeSeconds = lifetimeSeconds }

    /// A new session for a token already checked to be good; returns its id.
    func open(token: String, user: String) -> (id: String, session: Session) {
        let session = Session(
            token: token, user: user, csrf: Self.randomText(), expires: Timestamp.now() / 1000 + lifetimeSeconds)
        let id = Self.randomText()
        sessions.withLock { table in
            let now = Timestamp.now() / 1000
            table = table.filter { $0.value.expires > now }  // forget the expired ones as we go
            let own = table.filter { $0.value.token == token }.sorted { $0.value.expires < $1.value.expires }
            for (old, _) in own.prefix(max(0, own.count - Self.perToken + 1)) { table[old] = nil }
            if table.count >= Self.total, let oldest = table.min(by: { $0.value.expires < $1.value.expires }) {
                table[oldest.key] = nil
            }
            table[id] = session
        }
        return (id, session)
    }

    /// The live session of that id, if any.
    func session(_ id: String) -> Session? {
        sessions.withLock { table in
            guard let session = table[id] else { return nil }
            guard session.expires > Timestamp.now() / 1000 else {
                table[id] = nil
                return nil
            }
            return session
        }
    }

    func close(_ id: String) { sessions.withLock { $0[id] = nil } }

    /// 32 random bytes as URL-safe text (43 characters), from the system's random source.
    static func randomText() -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        var generator = SystemRandomNumberGenerator()
        return String((0..<43).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    }
}
