#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// SHA-256 through OpenSSL's libcrypto (Debian's libssl3, which libzip depends on too), opened
/// with dlopen on first use: commands that hash nothing (most reads) never load it, and the
/// binary carries no cryptography library of its own.
final class SHA256Hasher {
    private let library: LibCrypto
    private let context: OpaquePointer

    init() throws {
        library = try LibCrypto.load()
        guard let context = library.contextNew() else { throw WorkspaceError(.unavailable, "out of memory") }
        guard library.digestInit(context, library.sha256(), nil) == 1 else {
            library.contextFree(context)
            throw WorkspaceError(.unavailable, "libcrypto cannot start a SHA-256 digest")
        }
        self.context = context
    }

    deinit { library.contextFree(context) }

    func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        _ = library.digestUpdate(context, base, bytes.count)
    }

    /// The digest, as 32 bytes.
    func finalize() -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        _ = digest.withUnsafeMutableBufferPointer { library.digestFinal(context, $0.baseAddress, &length) }
        return digest
    }
}

/// The few EVP functions SHA-256 needs, looked up once.
struct LibCrypto: @unchecked Sendable {
    let contextNew: @convention(c) () -> OpaquePointer?
    let contextFree: @convention(c) (OpaquePointer?) -> Void
    let sha256: @convention(c) () -> OpaquePointer?
    let digestInit: @convention(c) (OpaquePointer?, OpaquePointer?, OpaquePointer?) -> Int32
    let digestUpdate: @convention(c) (OpaquePointer?, UnsafeRawPointer?, Int) -> Int32
    let digestFinal: @convention(c) (OpaquePointer?, UnsafeMutablePointer<UInt8>?, UnsafeMutablePointer<UInt32>?) -> Int32

    private static let loaded = SharedLibrary.once { try LibCrypto() }

    static func load() throws -> LibCrypto { try loaded.get() }

    private init() throws {
        let library = try SharedLibrary(
            ["libcrypto.so.3", "libcrypto.so"], name: "libcrypto", minimum: "OpenSSL 1.1",
            missing: WorkspaceError(
                .unavailable, "hashing needs OpenSSL's libcrypto, which is not installed",
                hint: "run scripts/setup, or apt-get install libssl-dev"))
        contextNew = try library.symbol("EVP_MD_CTX_new")
        contextFree = try library.symbol("EVP_MD_CTX_free")
        sha256 = try library.symbol("EVP_sha256")
        digestInit = try library.symbol("EVP_DigestInit_ex")
        digestUpdate = try library.symbol("EVP_DigestUpdate")
        digestFinal = try library.symbol("EVP_DigestFinal_ex")
    }
}
