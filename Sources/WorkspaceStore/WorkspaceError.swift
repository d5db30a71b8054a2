/// Every failure the library reports, one kind per exit code of SPEC §0.
public struct WorkspaceError: Error, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// Refused by a rule of the workspace (exit 1).
        case refused
        /// Not found, ambiguous, or no workspace at the path (exit 2).
        case notFound
        /// Invalid input (exit 3).
        case invalid
        /// Permission denied or unknown acting user (exit 4).
        case denied
        /// Busy, damaged or written by a newer schema (exit 5).
        case unavailable
    }

    public let kind: Kind
    public let message: String
    /// How to fix it, when there is something useful to say.
    public let hint: String?
    /// For a permission denial: what to record in the audit log once the command is rolled back.
    package let denial: Denial?
    /// What the store said, for whoever debugs it, never for users: SQLite's extended result
    /// code and message, and the statement (as GRDB's `DatabaseError` keeps `extendedResultCode`
    /// and `sql`). The CLI shows it under `WORKSPACE_DEBUG=1`; tests print it when they fail.
    public internal(set) var diagnostic: String?
    /// A REF that names several resources: each of them (the CLI exits 2; the API answers 409).
    public private(set) var candidates: [Candidate] = []

    /// One of the resources an ambiguous REF names.
    public struct Candidate: Equatable, Sendable {
        /// Its kind's label (`flow`, `API` …).
        public let kind: String
        public let id: String
    }

    public init(_ kind: Kind, _ message: String, hint: String? = nil) {
        self.init(kind, message, hint: hint, denial: nil)
    }

    package init(_ kind: Kind, _ message: String, hint: String?, denial: Denial?) {
        self.kind = kind
        self.message = message
        self.hint = hint
        self.denial = denial
    }

    public var exitCode: Int32 {
        switch kind {
        case .refused: 1
        case .notFound: 2
        case .invalid: 3
        case .denied: 4
        case .unavailable: 5
        }
    }

    public var description: String { message }

    package static func refused(_ message: String, hint: String? = nil) -> WorkspaceError {
        WorkspaceError(.refused, message, hint: hint)
    }

    package static func notFound(_ message: String, hint: String? = nil) -> WorkspaceError {
        WorkspaceError(.notFound, message, hint: hint)
    }

    /// A REF that names several resources, with them.
    package static func ambiguous(_ message: String, hint: String, candidates: [Candidate]) -> WorkspaceError {
        var error = WorkspaceError(.notFound, message, hint: hint)
        error.candidates = candidates
        return error
    }

    package static func invalid(_ message: String, hint: String? = nil) -> WorkspaceError {
        WorkspaceError(.invalid, message, hint: hint)
    }

    package static func denied(_ message: String, hint: String? = nil) -> WorkspaceError {
        WorkspaceError(.denied, message, hint: hint)
    }

    package static func busy(_ message: String) -> WorkspaceError {
        WorkspaceError(.unavailable, message, hint: "try again when the other command has finished")
    }

    package static func damaged(_ message: String, hint: String? = nil) -> WorkspaceError {
        WorkspaceError(.unavailable, message, hint: hint)
    }
}
