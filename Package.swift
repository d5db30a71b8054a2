// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Workspace",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "workspace", targets: ["WorkspaceCLI"]),
        .library(name: "Workspace", targets: ["Workspace"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
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
            dependencies: ["CSQLite", "CZip", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .executableTarget(
            name: "WorkspaceCLI",
            dependencies: [
                "Workspace",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "WorkspaceBench", dependencies: ["Workspace"], path: "bench/Sources"),
        .executableTarget(name: "WorkspaceReliability", dependencies: ["Workspace", "CSQLite"], path: "reliability/Sources"),
        .testTarget(name: "WorkspaceTests", dependencies: ["Workspace"]),
        .testTarget(name: "WorkspaceCLITests", dependencies: ["WorkspaceCLI", "Workspace"]),
    ],
    swiftLanguageModes: [.v6]
)
