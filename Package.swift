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
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        // Header only: libzip is opened with dlopen on first use (see ZipArchive.swift).
        .systemLibrary(name: "CZip", providers: [.apt(["libzip-dev"])]),
        .target(
            name: "Workspace",
            dependencies: ["CSQLite", "CZip"]
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
            ]),
        .executableTarget(
            name: "WorkspaceServerMain",
            dependencies: ["WorkspaceServer", "Workspace", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .executableTarget(name: "WorkspaceBench", dependencies: ["Workspace"], path: "bench/Sources"),
        .executableTarget(name: "WorkspaceReliability", dependencies: ["Workspace", "CSQLite"], path: "reliability/Sources"),
        .testTarget(name: "WorkspaceTests", dependencies: ["Workspace"]),
        .testTarget(name: "WorkspaceCLITests", dependencies: ["WorkspaceCLI", "WorkspaceServerMain", "Workspace"]),
        .testTarget(
            name: "WorkspaceServerTests",
            dependencies: ["WorkspaceServer", "Workspace", .product(name: "HummingbirdTesting", package: "hummingbird")]),
    ],
    swiftLanguageModes: [.v6]
)

// The CLI links the Swift runtime statically, so that the build the README names is the fast
// one: the dynamic loader has no libswiftCore, Foundation or libstdc++ to map and bind at
// every start-up. The static runtime's Foundation needs its companions named (SwiftPM's
// --static-swift-stdlib does the same), and libstdc++ is taken from GCC's archive.
let staticRuntime = [
    "-static-stdlib",
    "-Bstatic", "--start-group", "-lFoundationEssentials", "-l_FoundationCShims", "-l_FoundationCollections",
    "-lswiftSynchronization", "--end-group", "-Bdynamic",
].flatMap { $0 == "-static-stdlib" ? [$0] : ["-Xlinker", $0] } + ["-L", "\(Context.packageDirectory)/scripts/link"]
// Release builds only: the debug build links the CLI's code into the test bundle, which needs
// the dynamic runtime (Swift Testing, Foundation).
for target in package.targets where target.name == "WorkspaceCLI" {
    target.linkerSettings = (target.linkerSettings ?? []) + [.unsafeFlags(staticRuntime, .when(configuration: .release))]
}
