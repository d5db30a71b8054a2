/// The engine seam: what the store needs of a database engine, and nothing more. SQLite
/// (`SQLiteConnection`) is the first implementation; a second engine fills the same
/// protocol, and its differences in SQL live in its `Dialect`.
protocol EngineConnection: AnyObject {
    var engine: Engine { get }
    /// Where the workspace is (a file path or an address without its password), for messages.
    var location: String { get }
    var dialect: any Dialect { get }
    /// How many statements have been run, so tests can prove a listing makes no query per row.
    var statementsRun: Int { get }

    /// Runs SQL text without parameters (schema, pragmas).
    func execute(_ sql: String) throws
    /// Runs a prepared statement that returns no rows; the number of rows it changed.
    func run(_ sql: String, _ values: [SQLValue]) throws -> Int
    /// Runs a statement that returns no rows and whose count of changed rows nobody needs: an
    /// engine may send it without waiting for its answer and report its failure by the next
    /// statement that waits (at the latest the commit, which then fails).
    func write(_ sql: String, _ values: [SQLValue]) throws
    /// Streams the rows of a prepared statement to `body` until it returns false.
    func forEach(_ sql: String, _ values: [SQLValue], _ body: (Row) throws -> Bool) throws

    func begin(_ mode: TransactionMode) throws
    func commit() throws
    func rollback() throws
    var isInTransaction: Bool { get }
    /// True when the workspace can only be read (a file whose permissions forbid writing).
    var isReadOnly: Bool { get }
    /// Moves whenever anything may have been committed, by this connection or another.
    func changeStamp() throws -> ChangeStamp

    /// Makes a new, empty database ready to hold a workspace.
    func prepareNew() throws
    /// Runs schema changes as one write transaction in which references are checked only
    /// before the commit, so that a rebuilt table neither cascades nor fails halfway; a row
    /// left naming a missing row then refuses the whole change (exit 5).
    func changingSchema(_ body: () throws -> Void) throws
    /// Trades durability for speed (while a benchmark workspace is generated).
    func relaxDurability() throws
    /// The engine's version: SQLite's library, or the PostgreSQL server.
    func engineVersion() throws -> String
    /// What the workspace takes: the file, or the database on the server.
    func sizeInBytes() throws -> Int64
}

/// The engines a workspace can live in.
public enum Engine: String, Sendable {
    case sqlite = "SQLite"
    case postgresql = "PostgreSQL"
}

/// A command writes (one writer at a time per workspace) or reads (one consistent snapshot).
package enum TransactionMode: Sendable {
    case write, read
}
