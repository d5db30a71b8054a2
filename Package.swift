// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Workspace",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "workspace", targets: ["WorkspaceCLI"]),
        // The HTTP server is an executable of its own, so that SwiftNIO never loads into the CLI.
        .executable(name: "workspace-server", targets: ["WorkspaceServerMain"]),
        .library(name: "Workspace", targets: ["Workspace"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        // Hummingbird's own; named for the connection limits' channel handler.
        .package(url: "https://github.com/apple/swift-nio", from: "2.81.0"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.34.1"),
    ],
    targets: [
        // Its module map names no library: each program links SQLite (see the end of this file).
        .systemLibrary(name: "CSQLite", providers: [.apt(["libsqlite3-dev"])]),
        // Header only: libzip is opened with dlopen on first use (see ZipArchive.swift).
        .systemLibrary(name: "CZip", providers: [.apt(["libzip-dev"])]),
        // Header only: libpq is opened with dlopen when a PostgreSQL address is used.
        .systemLibrary(name: "CLibPQ", providers: [.apt(["libpq-dev"])]),
        // The store: records, value types, JSON and the engine seam. The only target that
        // imports CSQLite and CLibPQ, and the only place SQL text may appear (a test holds it to that).
        .target(name: "WorkspaceStore", dependencies: ["CSQLite", "CLibPQ"]),
        .target(
            name: "Workspace",
            dependencies: ["WorkspaceStore", "CZip"]
        ),
        .executableTarget(
            name: "WorkspaceCLI",
            dependencies: [
                "Workspace",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(
            name: "WorkspaceServer",
            dependencies: [
                "Workspace", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"), .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
            ],
            // The web app's files, compiled into the executable (there is no file system to serve from).
            resources: ["index.html", "app.css", "main.js", "core.js", "home.js", "integration.js", "tabs.js", "account.js"].map { .embedInCode("WebApp/" + $0) }),
        .executableTarget(
            name: "WorkspaceServerMain",
            dependencies: ["WorkspaceServer", "Workspace", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .executableTarget(name: "WorkspaceBench", dependencies: ["Workspace"], path: "bench/Sources"),
        // The reliability suite reads PostgreSQL workspaces behind the program's back, as it reads
        // files with SQLite: it links libpq (the program itself opens it only when needed).
        .executableTarget(name: "WorkspaceReliability", dependencies: ["Workspace", "CSQLite", "CLibPQ"], path: "reliability/Sources"),
        .testTarget(name: "WorkspaceTests", dependencies: ["Workspace", "WorkspaceStore"]),
        .testTarget(name: "WorkspaceCLITests", dependencies: ["WorkspaceCLI", "WorkspaceServerMain", "Workspace", "WorkspaceStore"]),
        .testTarget(
            name: "WorkspaceServerTests",
            dependencies: [
                "WorkspaceServer", "Workspace", "WorkspaceStore", .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]),
    ],
    swiftLanguageModes: [.v6]
)

// The CLI's release build (the one the README names) is the fast one: it links the Swift
// runtime, Foundation's parts and GCC's libstdc++ statically (the linker script
// scripts/link/libstdc++.so stands in for the shared library the Swift driver names), and
// Debian's static SQLite, so the dynamic loader has only libc to map and bind at start-up; lld
// packs the relative relocations left (DT_RELR) and exports no symbols. Release only: the
// debug build links the CLI's code into the test bundle, which needs the dynamic runtime.
let fastStart = [
    "-Bstatic", "--start-group", "-lFoundationEssentials", "-l_FoundationCShims", "-l_FoundationCollections",
    "-lswiftSynchronization", "--end-group", "-l:libsqlite3.a", "-Bdynamic", "-z", "pack-relative-relocs",
    "--no-export-dynamic",
].flatMap { ["-Xlinker", $0] }
let release = BuildSettingCondition.when(configuration: .release)
let debug = BuildSettingCondition.when(configuration: .debug)
// Every other program links the shared libsqlite3.
let sharedSQLite = LinkerSetting.linkedLibrary("sqlite3")
for target in package.targets {
    switch target.name {
    case "WorkspaceCLI":
        target.linkerSettings = [
            .linkedLibrary("sqlite3", debug),
            .unsafeFlags(["-static-stdlib", "-use-ld=lld", "-L", "\(Context.packageDirectory)/scripts/link"] + fastStart, release),
        ]
    case "WorkspaceServerMain", "WorkspaceBench", "WorkspaceTests", "WorkspaceServerTests":
        target.linkerSettings = [sharedSQLite]
    case "WorkspaceReliability":
        target.linkerSettings = [sharedSQLite, .linkedLibrary("pq")]
    default: break
    }
}
