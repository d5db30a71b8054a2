import Hummingbird

/// The web app: plain HTML, CSS and JavaScript files (`WebApp/`), compiled into the executable
/// (no build step, no npm). Only these paths are served, from this table: there is no file
/// system to traverse.
enum WebApp {
    struct Asset: Sendable {
        let contentType: String
        let body: [UInt8]
    }

    /// The page's JavaScript modules, served under `/app/`: main.js imports the others and
    /// starts the app.
    static let modules: [(name: String, bytes: [UInt8])] = [
        ("main.js", PackageResources.main_js), ("core.js", PackageResources.core_js), ("home.js", PackageResources.home_js),
        ("integration.js", PackageResources.integration_js), ("tabs.js", PackageResources.tabs_js),
        ("account.js", PackageResources.account_js),
    ]

    static let assets: [String: Asset] = {
        var assets = [
            "/": Asset(contentType: "text/html; charset=utf-8", body: PackageResources.index_html),
            "/app.css": Asset(contentType: "text/css; charset=utf-8", body: PackageResources.app_css),
        ]
        for (name, bytes) in modules { assets["/app/" + name] = Asset(contentType: "text/javascript; charset=utf-8", body: bytes) }
        return assets
    }()

    static func add(to router: Router<ServerContext>) {
        for (path, asset) in assets {
            router.get(RouterPath(path)) { _, _ in
                Response(
                    status: .ok,
                    headers: [
                        .contentType: asset.contentType, .cacheControl: "no-cache",
                        .contentSecurityPolicy: "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'",
                        .xContentTypeOptions: "nosniff",
                    ],
                    body: ResponseBody(byteBuffer: ByteBuffer(bytes: asset.body)))
            }
        }
    }
}
