#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A C library opened with dlopen on first use (libzip, libcrypto), so that commands which
/// never need it do not pay for loading it at start-up.
package struct SharedLibrary {
    private let handle: UnsafeMutableRawPointer
    /// Says what is too old when a function is missing ("libzip 1.7").
    private let minimum: String
    private let name: String

    /// The first of `files` that opens; `missing` is the error when none does.
    package init(_ files: [String], name: String, minimum: String, missing: WorkspaceError) throws {
        guard let handle = files.lazy.compactMap({ dlopen($0, RTLD_NOW | RTLD_LOCAL) }).first else { throw missing }
        self.handle = handle
        self.name = name
        self.minimum = minimum
    }

    /// A function of the library, as the C type `T`.
    package func symbol<T>(_ function: String) throws -> T {
        guard let pointer = dlsym(handle, function) else {
            throw WorkspaceError(.unavailable, "the installed \(name) has no \(function): install \(minimum) or newer")
        }
        return unsafeBitCast(pointer, to: T.self)
    }
}

extension SharedLibrary {
    /// A library's function table made once per process; a failure is kept and given again,
    /// so a missing library is looked for once.
    package static func once<Table>(_ make: () throws -> Table) -> Result<Table, WorkspaceError> {
        Result { try make() }.mapError { $0 as? WorkspaceError ?? WorkspaceError(.unavailable, "\($0)") }
    }
}
