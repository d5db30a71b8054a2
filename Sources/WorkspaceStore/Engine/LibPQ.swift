import CLibPQ

/// libpq's functions, looked up once with dlopen when a PostgreSQL address is used: linking it
/// would load libpq (and its TLS, Kerberos and LDAP libraries) into every SQLite command.
struct LibPQ: @unchecked Sendable {
    let connect: @convention(c) (UnsafePointer<CChar>?) -> OpaquePointer?
    let status: @convention(c) (OpaquePointer?) -> ConnStatusType
    let errorMessage: @convention(c) (OpaquePointer?) -> UnsafeMutablePointer<CChar>?
    let finish: @convention(c) (OpaquePointer?) -> Void
    let setNoticeProcessor:
        @convention(c) (OpaquePointer?, PQnoticeProcessor?, UnsafeMutableRawPointer?) -> PQnoticeProcessor?
    let exec: @convention(c) (OpaquePointer?, UnsafePointer<CChar>?) -> OpaquePointer?
    let prepare:
        @convention(c) (OpaquePointer?, UnsafePointer<CChar>?, UnsafePointer<CChar>?, Int32, UnsafePointer<Oid>?) ->
            OpaquePointer?
    let execPrepared:
        @convention(c) (
            OpaquePointer?, UnsafePointer<CChar>?, Int32, UnsafePointer<UnsafePointer<CChar>?>?, UnsafePointer<Int32>?,
            UnsafePointer<Int32>?, Int32
        ) -> OpaquePointer?
    let execParams:
        @convention(c) (
            OpaquePointer?, UnsafePointer<CChar>?, Int32, UnsafePointer<Oid>?, UnsafePointer<UnsafePointer<CChar>?>?,
            UnsafePointer<Int32>?, UnsafePointer<Int32>?, Int32
        ) -> OpaquePointer?
    let resultStatus: @convention(c) (OpaquePointer?) -> ExecStatusType
    let resultErrorField: @convention(c) (OpaquePointer?, Int32) -> UnsafeMutablePointer<CChar>?
    let clear: @convention(c) (OpaquePointer?) -> Void
    let tupleCount: @convention(c) (OpaquePointer?) -> Int32
    let fieldCount: @convention(c) (OpaquePointer?) -> Int32
    let fieldName: @convention(c) (OpaquePointer?, Int32) -> UnsafeMutablePointer<CChar>?
    let fieldType: @convention(c) (OpaquePointer?, Int32) -> Oid
    let value: @convention(c) (OpaquePointer?, Int32, Int32) -> UnsafeMutablePointer<CChar>?
    let length: @convention(c) (OpaquePointer?, Int32, Int32) -> Int32
    let isNull: @convention(c) (OpaquePointer?, Int32, Int32) -> Int32
    let changedRows: @convention(c) (OpaquePointer?) -> UnsafeMutablePointer<CChar>?
    let transactionStatus: @convention(c) (OpaquePointer?) -> PGTransactionStatusType
    let serverVersion: @convention(c) (OpaquePointer?) -> Int32
    let socket: @convention(c) (OpaquePointer?) -> Int32
    let consumeInput: @convention(c) (OpaquePointer?) -> Int32
    let notifies: @convention(c) (OpaquePointer?) -> UnsafeMutablePointer<PGnotify>?
    let freeMemory: @convention(c) (UnsafeMutableRawPointer?) -> Void

    /// Pipeline mode (libpq 14 and newer), nil with an older libpq: statements are then all
    /// answered one by one.
    let pipeline: Pipeline?

    struct Pipeline {
        let enter: @convention(c) (OpaquePointer?) -> Int32
        let exit: @convention(c) (OpaquePointer?) -> Int32
        let sync: @convention(c) (OpaquePointer?) -> Int32
        let sendQueryParams:
            @convention(c) (
                OpaquePointer?, UnsafePointer<CChar>?, Int32, UnsafePointer<Oid>?, UnsafePointer<UnsafePointer<CChar>?>?,
                UnsafePointer<Int32>?, UnsafePointer<Int32>?, Int32
            ) -> Int32
        let getResult: @convention(c) (OpaquePointer?) -> OpaquePointer?

        init(_ library: SharedLibrary) throws {
            enter = try library.symbol("PQenterPipelineMode")
            exit = try library.symbol("PQexitPipelineMode")
            sync = try library.symbol("PQpipelineSync")
            sendQueryParams = try library.symbol("PQsendQueryParams")
            getResult = try library.symbol("PQgetResult")
        }
    }

    private static let loaded = SharedLibrary.once { try LibPQ() }

    static func load() throws -> LibPQ { try loaded.get() }

    private init() throws {
        let library = try SharedLibrary(
            ["libpq.so.5", "libpq.so"], name: "libpq", minimum: "libpq 12",
            missing: WorkspaceError(
                .unavailable, "PostgreSQL workspaces need libpq, which is not installed", hint: "apt-get install libpq5"))
        connect = try library.symbol("PQconnectdb")
        status = try library.symbol("PQstatus")
        errorMessage = try library.symbol("PQerrorMessage")
        finish = try library.symbol("PQfinish")
        setNoticeProcessor = try library.symbol("PQsetNoticeProcessor")
        exec = try library.symbol("PQexec")
        prepare = try library.symbol("PQprepare")
        execPrepared = try library.symbol("PQexecPrepared")
        execParams = try library.symbol("PQexecParams")
        resultStatus = try library.symbol("PQresultStatus")
        resultErrorField = try library.symbol("PQresultErrorField")
        clear = try library.symbol("PQclear")
        tupleCount = try library.symbol("PQntuples")
        fieldCount = try library.symbol("PQnfields")
        fieldName = try library.symbol("PQfname")
        fieldType = try library.symbol("PQftype")
        value = try library.symbol("PQgetvalue")
        length = try library.symbol("PQgetlength")
        isNull = try library.symbol("PQgetisnull")
        changedRows = try library.symbol("PQcmdTuples")
        transactionStatus = try library.symbol("PQtransactionStatus")
        serverVersion = try library.symbol("PQserverVersion")
        socket = try library.symbol("PQsocket")
        consumeInput = try library.symbol("PQconsumeInput")
        notifies = try library.symbol("PQnotifies")
        freeMemory = try library.symbol("PQfreemem")
        pipeline = try? Pipeline(library)
    }
}
