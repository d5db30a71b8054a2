import CZip

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The files of an integrator.io download: relative "/"-separated path → bytes.
public struct DownloadFiles: Equatable, Sendable {
    public var files: [String: [UInt8]]

    public init(_ files: [String: [UInt8]] = [:]) { self.files = files }

    /// Whether bytes are a zip archive (a local file header, or the end record of an empty one).
    public static func isZip(_ bytes: [UInt8]) -> Bool {
        bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) || bytes.starts(with: [0x50, 0x4B, 0x05, 0x06])
    }

    /// Refuses a path that could land outside the folder it is unpacked in: absolute, with a
    /// drive letter or backslashes, with `.`/`..` or empty components. Read by Unicode scalars,
    /// as the file system reads bytes: `../` followed by a combining mark is one Character to
    /// Swift but still `..` and a separator to the kernel.
    static func checkPath(_ path: String) throws {
        let scalars = path.unicodeScalars
        let components = scalars.split(separator: "/", omittingEmptySubsequences: false).map { String(String.UnicodeScalarView($0)) }
        guard !scalars.isEmpty, scalars.first != "/", !scalars.contains("\\"), !scalars.contains(":"),
            !components.contains(where: { $0.unicodeScalars.isEmpty || $0 == "." || $0 == ".." })
        else { throw WorkspaceError.invalid("the entry \"\(path)\" points outside the download: refused") }
        guard !path.unicodeScalars.contains(where: { $0.value < 0x20 }) else {
            throw WorkspaceError.invalid("the entry \"\(path)\" has control characters in its name: refused")
        }
    }
}

/// Zip archives through Debian's libzip, loaded on first use (SPEC §7): reading refuses
/// anything hostile before a byte of it is believed.
public enum ZipArchive {
    /// An entry whose uncompressed size is more than this many times its compressed size
    /// (and over `ratioFloor` bytes) is taken for a zip bomb. Deflate tops out near 1,032.
    static let maximumRatio: UInt64 = 400
    static let ratioFloor: UInt64 = 1 << 20

    /// Every file of the archive; directories are implied by the paths.
    public static func read(_ bytes: [UInt8], limit: Int = Limits.installBytes) throws -> DownloadFiles {
        let zip = try LibZip.load()
        var error = zip_error_t()
        zip.errorInit(&error)
        defer { zip.errorFini(&error) }
        // libzip reads from our buffer in place; `bytes` outlives the archive.
        return try bytes.withUnsafeBytes { raw in
            guard let source = zip.sourceBufferCreate(raw.baseAddress, UInt64(raw.count), 0, &error) else {
                throw WorkspaceError.invalid("cannot read the zip file: \(String(cString: zip.errorString(&error)))")
            }
            // Not ZIP_CHECKCONS: it refuses the zips macOS writes (entries streamed with a data
            // descriptor, the local header's CRC and compressed size left 0; nih-at/libzip#341).
            // What it guarded is checked here instead: each entry's path, kind, size and ratio,
            // the total, and its CRC as its last byte is read.
            guard let archive = zip.openFromSource(source, ZIP_RDONLY, &error) else {
                zip.sourceFree(source)
                if error.zip_err == ZIP_ER_EXISTS {
                    throw WorkspaceError.invalid("the zip file holds an entry name that is there twice: refused")
                }
                throw WorkspaceError.invalid(
                    "not a valid zip file (\(String(cString: zip.errorString(&error)))): nothing was installed")
            }
            defer { zip.discard(archive) }
            return try entries(of: archive, zip: zip, limit: UInt64(limit))
        }
    }

    private static func entries(of archive: OpaquePointer, zip: LibZip, limit: UInt64) throws -> DownloadFiles {
        var files = DownloadFiles()
        var total: UInt64 = 0
        let count = zip.numEntries(archive, 0)
        guard count >= 0 else { throw failure(archive, zip, "cannot list the zip file") }
        for index in 0..<UInt64(count) {
            var stat = zip_stat_t()
            guard zip.statIndex(archive, index, 0, &stat) == 0, let cName = stat.name else {
                throw failure(archive, zip, "cannot read entry \(index) of the zip file")
            }
            let name = String(cString: cName)
            if name.hasSuffix("/") && stat.size == 0 {
                try DownloadFiles.checkPath(String(name.dropLast()))
                continue
            }
            try DownloadFiles.checkPath(name)
            guard stat.encryption_method == UInt16(ZIP_EM_NONE) else {
                throw WorkspaceError.invalid("the entry \"\(name)\" is encrypted: refused")
            }
            var system: UInt8 = 0
            var attributes: UInt32 = 0
            if zip.externalAttributes(archive, index, 0, &system, &attributes) == 0, UInt32(system) == ZIP_OPSYS_UNIX,
                (attributes >> 16) & 0o170000 == 0o120000
            {
                throw WorkspaceError.invalid("the entry \"\(name)\" is a symbolic link: refused")
            }
            guard files.files[name] == nil else { throw WorkspaceError.invalid("the entry \"\(name)\" is there twice: refused") }
            total += stat.size
            guard total <= limit else {
                throw WorkspaceError.invalid(
                    "the zip file unpacks to more than \(Limits.describe(bytes: Int(limit))): refused as a zip bomb")
            }
            if stat.size > ratioFloor && stat.size / max(stat.comp_size, 1) > maximumRatio {
                throw WorkspaceError.invalid(
                    "the entry \"\(name)\" unpacks to \(stat.size / max(stat.comp_size, 1)) times its size: refused as a zip bomb")
            }
            files.files[name] = try contents(of: archive, index, name: name, size: stat.size, zip: zip)
        }
        return files
    }

    /// The entry's bytes, exactly its stated size; libzip checks the CRC as the read ends.
    private static func contents(of archive: OpaquePointer, _ index: UInt64, name: String, size: UInt64, zip: LibZip) throws
        -> [UInt8]
    {
        guard let file = zip.fopenIndex(archive, index, 0) else { throw failure(archive, zip, "cannot open \"\(name)\"") }
        defer { _ = zip.fclose(file) }
        var bytes = [UInt8](repeating: 0, count: Int(size) + 1)
        var filled = 0
        while true {
            let read = bytes.withUnsafeMutableBytes { raw in
                raw.baseAddress.map { zip.fread(file, $0 + filled, UInt64(raw.count - filled)) } ?? -1
            }
            if read < 0 {
                let message = String(cString: zip.fileStrerror(file))
                throw WorkspaceError.invalid("the entry \"\(name)\" is damaged (\(message)): refused")
            }
            if read == 0 { break }
            filled += Int(read)
            guard filled <= Int(size) else {
                throw WorkspaceError.invalid("the entry \"\(name)\" is longer than the zip file says: refused")
            }
        }
        guard filled == Int(size) else {
            throw WorkspaceError.invalid("the entry \"\(name)\" is shorter than the zip file says: refused")
        }
        bytes.removeLast()
        return bytes
    }

    private static func failure(_ archive: OpaquePointer, _ zip: LibZip, _ what: String) -> WorkspaceError {
        .invalid("\(what): \(String(cString: zip.strerror(archive)))")
    }

    /// A zip archive of the files, sorted by path, deflated.
    public static func make(_ files: DownloadFiles) throws -> [UInt8] {
        for path in files.files.keys { try DownloadFiles.checkPath(path) }
        let zip = try LibZip.load()
        var error = zip_error_t()
        zip.errorInit(&error)
        defer { zip.errorFini(&error) }
        guard let target = zip.sourceBufferCreate(nil, 0, 0, &error) else {
            throw WorkspaceError(.unavailable, "cannot make a zip file: \(String(cString: zip.errorString(&error)))")
        }
        defer { zip.sourceFree(target) }
        guard let archive = zip.openFromSource(target, ZIP_TRUNCATE, &error) else {
            throw WorkspaceError(.unavailable, "cannot make a zip file: \(String(cString: zip.errorString(&error)))")
        }
        // The archive frees its source on close; we still read the bytes from it after that.
        zip.sourceKeep(target)
        for (path, bytes) in files.files.sorted(by: { $0.key < $1.key }) {
            // libzip frees this copy when it is done with it.
            guard let copy = malloc(max(bytes.count, 1)) else { throw WorkspaceError(.unavailable, "out of memory") }
            bytes.withUnsafeBytes { raw in
                if let base = raw.baseAddress { memcpy(copy, base, raw.count) }
            }
            guard let source = zip.sourceBuffer(archive, copy, UInt64(bytes.count), 1) else {
                free(copy)
                zip.discard(archive)
                throw WorkspaceError(.unavailable, "cannot add \(path) to the zip file")
            }
            guard zip.fileAdd(archive, path, source, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE) >= 0 else {
                zip.sourceFree(source)
                let message = String(cString: zip.strerror(archive))
                zip.discard(archive)
                throw WorkspaceError(.unavailable, "cannot add \(path) to the zip file: \(message)")
            }
        }
        guard zip.close(archive) == 0 else {
            let message = String(cString: zip.strerror(archive))
            zip.discard(archive)
            throw WorkspaceError(.unavailable, "cannot make a zip file: \(message)")
        }
        return try bytes(of: target, zip: zip)
    }

    private static func bytes(of source: OpaquePointer, zip: LibZip) throws -> [UInt8] {
        var stat = zip_stat_t()
        guard zip.sourceStat(source, &stat) == 0, zip.sourceOpen(source) == 0 else {
            throw WorkspaceError(.unavailable, "cannot read back the zip file made")
        }
        defer { _ = zip.sourceClose(source) }
        var bytes = [UInt8](repeating: 0, count: Int(stat.size))
        let read = bytes.withUnsafeMutableBytes { raw in
            raw.baseAddress.map { zip.sourceRead(source, $0, UInt64(raw.count)) } ?? 0
        }
        guard read == Int64(stat.size) else { throw WorkspaceError(.unavailable, "cannot read back the zip file made") }
        return bytes
    }
}

/// libzip's functions, looked up once with dlopen: linking it would load libzip and libcrypto
/// at every start-up (2.5–3.5 ms measured) for the few commands that read or write a zip.
struct LibZip: @unchecked Sendable {
    let errorInit: @convention(c) (UnsafeMutablePointer<zip_error_t>) -> Void
    let errorFini: @convention(c) (UnsafeMutablePointer<zip_error_t>) -> Void
    let errorString: @convention(c) (UnsafeMutablePointer<zip_error_t>) -> UnsafePointer<CChar>
    let strerror: @convention(c) (OpaquePointer) -> UnsafePointer<CChar>
    let fileStrerror: @convention(c) (OpaquePointer) -> UnsafePointer<CChar>
    let sourceBufferCreate:
        @convention(c) (UnsafeRawPointer?, UInt64, Int32, UnsafeMutablePointer<zip_error_t>?) -> OpaquePointer?
    let sourceBuffer: @convention(c) (OpaquePointer, UnsafeRawPointer?, UInt64, Int32) -> OpaquePointer?
    let sourceFree: @convention(c) (OpaquePointer?) -> Void
    let sourceKeep: @convention(c) (OpaquePointer) -> Void
    let sourceOpen: @convention(c) (OpaquePointer) -> Int32
    let sourceRead: @convention(c) (OpaquePointer, UnsafeMutableRawPointer, UInt64) -> Int64
    let sourceClose: @convention(c) (OpaquePointer) -> Int32
    let sourceStat: @convention(c) (OpaquePointer, UnsafeMutablePointer<zip_stat_t>) -> Int32
    let openFromSource: @convention(c) (OpaquePointer, Int32, UnsafeMutablePointer<zip_error_t>?) -> OpaquePointer?
    let numEntries: @convention(c) (OpaquePointer, UInt32) -> Int64
    let statIndex: @convention(c) (OpaquePointer, UInt64, UInt32, UnsafeMutablePointer<zip_stat_t>) -> Int32
    let externalAttributes:
        @convention(c) (OpaquePointer, UInt64, UInt32, UnsafeMutablePointer<UInt8>?, UnsafeMutablePointer<UInt32>?) -> Int32
    let fopenIndex: @convention(c) (OpaquePointer, UInt64, UInt32) -> OpaquePointer?
    let fread: @convention(c) (OpaquePointer, UnsafeMutableRawPointer, UInt64) -> Int64
    let fclose: @convention(c) (OpaquePointer) -> Int32
    let fileAdd: @convention(c) (OpaquePointer, UnsafePointer<CChar>, OpaquePointer, UInt32) -> Int64
    let close: @convention(c) (OpaquePointer) -> Int32
    let discard: @convention(c) (OpaquePointer) -> Void

    private static let loaded = SharedLibrary.once { try LibZip() }

    static func load() throws -> LibZip { try loaded.get() }

    private init() throws {
        let library = try SharedLibrary(
            ["libzip.so.4", "libzip.so"], name: "libzip", minimum: "libzip 1.7",
            missing: WorkspaceError(
                .unavailable, "zip files need libzip, which is not installed",
                hint: "apt-get install libzip4 (or unpack the zip and give its folder)"))
        errorInit = try library.symbol("zip_error_init")
        errorFini = try library.symbol("zip_error_fini")
        errorString = try library.symbol("zip_error_strerror")
        strerror = try library.symbol("zip_strerror")
        fileStrerror = try library.symbol("zip_file_strerror")
        sourceBufferCreate = try library.symbol("zip_source_buffer_create")
        sourceBuffer = try library.symbol("zip_source_buffer")
        sourceFree = try library.symbol("zip_source_free")
        sourceKeep = try library.symbol("zip_source_keep")
        sourceOpen = try library.symbol("zip_source_open")
        sourceRead = try library.symbol("zip_source_read")
        sourceClose = try library.symbol("zip_source_close")
        sourceStat = try library.symbol("zip_source_stat")
        openFromSource = try library.symbol("zip_open_from_source")
        numEntries = try library.symbol("zip_get_num_entries")
        statIndex = try library.symbol("zip_stat_index")
        externalAttributes = try library.symbol("zip_file_get_external_attributes")
        fopenIndex = try library.symbol("zip_fopen_index")
        fread = try library.symbol("zip_fread")
        fclose = try library.symbol("zip_fclose")
        fileAdd = try library.symbol("zip_file_add")
        close = try library.symbol("zip_close")
        discard = try library.symbol("zip_discard")
    }
}
