#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An integrator.io download unpacked in a folder: read whole (symbolic links refused, the
/// install limit on the total), or written whole into a folder that did not exist or was empty.
public enum DownloadFolder {
    public static func isDirectory(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFDIR
    }

    /// `skippingHidden`: entries whose name starts with `.` (`.git`, a sync marker) are not read.
    public static func read(_ root: String, skippingHidden: Bool = false) throws -> DownloadFiles {
        var files = DownloadFiles()
        var total = 0
        try walk(root, relative: "", skippingHidden: skippingHidden, into: &files, total: &total)
        return files
    }

    private static func walk(
        _ directory: String, relative: String, skippingHidden: Bool, into files: inout DownloadFiles, total: inout Int
    ) throws {
        for name in try names(in: directory) where !(skippingHidden && name.hasPrefix(".")) {
            let path = directory + "/" + name
            let inside = relative.isEmpty ? name : relative + "/" + name
            var status = stat()
            guard lstat(path, &status) == 0 else { throw failure("cannot read", path) }
            switch status.st_mode & S_IFMT {
            case S_IFDIR: try walk(path, relative: inside, skippingHidden: skippingHidden, into: &files, total: &total)
            case S_IFREG:
                let bytes = try LocalFile.read(path, limit: Limits.installBytes - total, what: "an install")
                total += bytes.count
                files.files[inside] = bytes
            case S_IFLNK: throw WorkspaceError(.invalid, "\(inside) is a symbolic link: refused, nothing was installed")
            default: throw WorkspaceError(.invalid, "\(inside) is not a regular file: refused, nothing was installed")
            }
        }
    }

    /// Writes the files into a new sibling folder, then puts it in place, so that a failure
    /// leaves no half-written download behind.
    public static func write(_ files: DownloadFiles, to folder: String) throws {
        var target = folder
        while target.count > 1 && target.hasSuffix("/") { target.removeLast() }
        if isDirectory(target) {
            guard try names(in: target).isEmpty else {
                throw WorkspaceError(.invalid, "\(target) is a folder that is not empty", hint: "give a new folder, or FILE.zip")
            }
        } else if access(target, F_OK) == 0 {
            throw WorkspaceError(.invalid, "\(target) exists and is not a folder", hint: "give a new folder, or FILE.zip")
        }
        for path in files.files.keys { try DownloadFiles.checkPath(path) }
        let staging = "\(target).partial-\(getpid())"
        guard mkdir(staging, 0o755) == 0 else { throw failure("cannot create", staging) }
        do {
            for (path, bytes) in files.files.sorted(by: { $0.key < $1.key }) {
                var folder = staging
                for component in path.split(separator: "/").dropLast() {
                    folder += "/" + component
                    if !isDirectory(folder), mkdir(folder, 0o755) != 0 { throw failure("cannot create", folder) }
                }
                try LocalFile.write(bytes, to: staging + "/" + path)
            }
            if isDirectory(target), rmdir(target) != 0 { throw failure("cannot replace", target) }
            guard rename(staging, target) == 0 else { throw failure("cannot create", target) }
        } catch {
            remove(staging)
            throw error
        }
    }

    /// Removes a staging folder and what is in it.
    private static func remove(_ path: String) {
        if isDirectory(path), let names = try? names(in: path) {
            for name in names { remove(path + "/" + name) }
            rmdir(path)
        } else {
            unlink(path)
        }
    }

    /// A folder's entries (without `.` and `..`), sorted.
    static func names(in directory: String) throws -> [String] {
        guard let handle = opendir(directory) else { throw failure("cannot read", directory) }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    static func failure(_ what: String, _ path: String) -> WorkspaceError {
        WorkspaceError(.notFound, "\(what) \(path): \(String(cString: strerror(errno)))")
    }
}
