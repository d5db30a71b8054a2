import Foundation
import Testing

@testable import Workspace

/// The README's curl block, run as written against `workspace-server` on the demo workspace
/// (fixtures/demo.commands and the integrator.io sample, as scripts/demo builds it): every
/// request must succeed (curl --fail-with-body), so the README cannot drift from the API.
@Suite struct ReadmeCurlCLITests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The ```sh block after "The API lives under".
    static func curlBlock() throws -> String {
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(readme.range(of: "The API lives under"))
        let start = try #require(readme.range(of: "```sh\n", range: section.upperBound..<readme.endIndex))
        let end = try #require(readme.range(of: "```", range: start.upperBound..<readme.endIndex))
        return String(readme[start.upperBound..<end.lowerBound])
    }

    @Test func theCurlBlockRunsAsWrittenOnTheDemoWorkspace() async throws {
        let cli = try CLI.initialized()
        let binary = CLI.binary.path
        let demo = try CLI.spawn(
            URL(fileURLWithPath: "/bin/bash"),
            [
                "-c",
                #"set -e; while IFS= read -r line; do case "$line" in ''|'#'*) continue ;; esac; eval "\"$0\" $line" >/dev/null; done < fixtures/demo.commands; "$0" integration install fixtures/integrator.io/shopify-netsuite >/dev/null"#,
                binary,
            ],
            environment: ["WORKSPACE_DB": cli.path, "WORKSPACE_USER": "olivia", "PATH": "/usr/bin:/bin"], directory: Self.root)
        #expect(demo.code == 0, "\(demo.stderr)")
        let server = try await RunningServer.start(cli.path)
        defer { server.process.terminate() }
        let script =
            "set -euo pipefail\ncurl() { command curl --fail-with-body \"$@\"; }\nworkspace() { \"$WORKSPACE_BIN\" \"$@\"; }\n"
            + (try Self.curlBlock()).replacingOccurrences(of: "localhost:8700", with: "localhost:\(server.port)")
        let run = try CLI.spawn(
            URL(fileURLWithPath: "/bin/bash"), ["-c", script],
            environment: ["WORKSPACE_DB": cli.path, "WORKSPACE_USER": "olivia", "WORKSPACE_BIN": binary, "PATH": "/usr/bin:/bin"],
            directory: cli.folder)
        #expect(run.code == 0, "the README's curl block failed: \(run.stderr) \(run.stdout.suffix(600))")
        #expect(run.stdout.contains("3.1.0"))
        let audit = try String(contentsOf: cli.folder.appendingPathComponent("audit.csv"), encoding: .utf8)
        #expect(audit.contains("api"))
    }
}
