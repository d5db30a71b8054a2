import Hummingbird

/// The web app: plain HTML, CSS and JavaScript held in the executable (no build step, no npm).
/// Only these paths are served, from this table: there is no file system to traverse.
enum WebApp {
    struct Asset: Sendable {
        let contentType: String
        let body: String
    }

    static let assets: [String: Asset] = [
        "/": Asset(contentType: "text/html; charset=utf-8", body: page),
        "/app.css": Asset(contentType: "text/css; charset=utf-8", body: style),
        "/app.js": Asset(contentType: "text/javascript; charset=utf-8", body: [core, home, integrationPage, integrationTabs, start].joined(separator: "\n")),
    ]

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
                    body: ResponseBody(byteBuffer: ByteBuffer(string: asset.body)))
            }
        }
    }

    static let page = """
        <!doctype html>
        <html lang="en">
        <head>
          <meta charset="utf-8">
          <meta name="viewport" content="width=device-width, initial-scale=1">
          <title>Workspace · Home</title>
          <link rel="stylesheet" href="/app.css">
          <script src="/app.js" defer></script>
        </head>
        <body>
          <header class="bar">
            <div class="brand"><a href="#/">◆ Workspace</a></div>
            <div id="who" class="who"></div>
          </header>
          <main id="app"><p class="muted">Loading…</p></main>
          <div id="toast" role="alert" hidden></div>
        </body>
        </html>
        """
}
