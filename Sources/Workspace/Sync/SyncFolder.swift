#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A folder an integration is synced with: integrator.io's download layout, plus `apis/` and
/// `tools/`, plus a marker naming the sync lineage (meant to be committed). Hidden entries
/// (`.git`, the marker) are never read as content; files the layout does not hold (a README,
/// deeper folders) are left alone.
struct SyncFolder {
    static let markerName = ".workspace-sync.json"
    static let markerFormat = "workspace-sync"

    let path: String

    init(_ path: String) {
        var path = path
        while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        self.path = path
    }

    var exists: Bool { DownloadFolder.isDirectory(path) }

    /// The lineage the marker names, nil when the folder has none.
    func lineage() throws -> String? {
        let marker = path + "/" + Self.markerName
        guard access(marker, F_OK) == 0 else { return nil }
        let bytes = try LocalFile.read(marker, limit: 4096, what: "a sync marker")
        guard let text = String(validating: bytes, as: UTF8.self), case .object(let object)? = try? JSONValue(parsing: text),
            object["format"] == .string(Self.markerFormat), let lineage = object["lineage"]?.stringValue, ResourceID.looksLikeID(lineage)
        else { throw WorkspaceError.invalid("\(marker) is not a sync marker", hint: "it names the folder's sync lineage; restore it from git") }
        return lineage
    }

    /// The marker's bytes: deterministic, so that every workspace writes the same file.
    static func marker(_ lineage: String) -> [UInt8] {
        let object = JSONValue.object(JSONObject([("format", .string(markerFormat)), ("lineage", .string(lineage))]))
        return Array((object.prettyText + "\n").utf8)
    }

    func writeMarker(_ lineage: String) throws {
        try Self.replace(Self.marker(lineage), at: path + "/" + Self.markerName)
    }

    /// The folder's files as the layout reads them (none when the folder does not exist).
    func files() throws -> DownloadFiles {
        guard exists else { return DownloadFiles() }
        var files = try DownloadFolder.read(path, skippingHidden: true)
        files.files = files.files.filter { Self.isLayout($0.key) }
        return files
    }

    /// Whether a path is the integration's content in the layout: `integration.json`, a
    /// resource's `FOLDER/NAME.json`, a script's `scripts/NAME.js`.
    static func isLayout(_ path: String) -> Bool {
        let parts = path.split(separator: "/")
        if parts.count == 1 { return path == "integration.json" }
        return parts.count == 2 && (path.hasSuffix(".json") || (parts[0] == "scripts" && path.hasSuffix(".js")))
    }

    /// Makes the folder hold `wanted`: writes only the files whose bytes differ from `current`
    /// (each replaced whole), removes layout files no longer wanted (and folders they leave
    /// empty). Returns what it wrote and removed, sorted.
    func update(to wanted: DownloadFiles, from current: DownloadFiles) throws -> (written: [String], removed: [String]) {
        if !exists { try Self.makeFolder(path) }
        var written: [String] = []
        for (file, bytes) in wanted.files.sorted(by: { $0.key < $1.key }) where current.files[file] != bytes {
            try DownloadFiles.checkPath(file)
            if let folder = file.split(separator: "/").dropLast().first { try Self.makeFolder(path + "/" + folder) }
            try Self.replace(bytes, at: path + "/" + file)
            written.append(file)
        }
        var removed: [String] = []
        for file in current.files.keys.sorted() where wanted.files[file] == nil {
            guard unlink(path + "/" + file) == 0 else { throw DownloadFolder.failure("cannot remove", path + "/" + file) }
            removed.append(file)
        }
        for folder in Set(removed.compactMap { $0.split(separator: "/").dropLast().first.map(String.init) }) {
            guard try DownloadFolder.names(in: path + "/" + folder).isEmpty else { continue }
            guard rmdir(path + "/" + folder) == 0 else { throw DownloadFolder.failure("cannot remove", path + "/" + folder) }
        }
        return (written, removed)
    }

    private static func makeFolder(_ path: String) throws {
        guard !DownloadFolder.isDirectory(path) else { return }
        guard mkdir(path, 0o755) == 0 else { throw DownloadFolder.failure("cannot create", path) }
    }

    /// Written beside, then renamed over: a reader never sees half a file.
    private static func replace(_ bytes: [UInt8], at path: String) throws {
        let staging = "\(path).partial-\(getpid())"
        try LocalFile.write(bytes, to: staging)
        guard rename(staging, path) == 0 else {
            unlink(staging)
            throw DownloadFolder.failure("cannot write", path)
        }
    }
}
