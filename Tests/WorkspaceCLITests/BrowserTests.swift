import Foundation
import Testing

/// The web app in headless Chromium: `Tests/browser/test_web.py` (Selenium) against the built
/// `workspace-server`, on a workspace made from the demo fixtures. It runs where Chromium, its
/// driver and Selenium are installed and is reported as skipped elsewhere; CI, which installs
/// them, sets WORKSPACE_BROWSER_TESTS=required so that their absence fails the run instead.
@Suite struct BrowserTests {
    static let environment = ProcessInfo.processInfo.environment
    /// A Python with Selenium: $WORKSPACE_TEST_PYTHON (CI's virtual environment), else python3.
    static let python = environment["WORKSPACE_TEST_PYTHON"] ?? "/usr/bin/env"
    static let pythonArguments = environment["WORKSPACE_TEST_PYTHON"] == nil ? ["python3"] : []
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var runnable: Bool {
        if environment["WORKSPACE_BROWSER_TESTS"] == "required" { return true }
        let driver = ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"].contains { FileManager.default.isExecutableFile(atPath: $0) }
        return driver && (try? python(["-c", "import selenium"]).status) == 0
    }

    static func python(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = pythonArguments + arguments
        process.currentDirectoryURL = root
        var environment = Self.environment
        environment["WORKSPACE_BIN_DIR"] = CLI.binary.deletingLastPathComponent().path
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test(.enabled(if: BrowserTests.runnable, "needs chromium, chromium-driver and Selenium"))
    func theWebAppInHeadlessChromium() throws {
        let run = try Self.python(["-m", "unittest", "discover", "-s", "Tests/browser", "-v"])
        #expect(run.status == 0, "browser tests failed:\n\(run.output.suffix(20_000))")
        #expect(run.output.contains("\nOK"), "\(run.output.suffix(2_000))")
    }
}
