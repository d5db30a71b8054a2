import Foundation
import Testing

/// scripts/setup, which the demo, the test command and CI all run: on a machine that lacks a
/// package it installs it through apt-get, and on one that has everything it installs nothing.
/// Run against stand-ins for dpkg, apt-get and id, so the test changes nothing on the machine.
@Suite struct SetupScriptTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scripts/setup").path

    /// Runs `scripts/setup build` with a PATH of stand-ins; `installed` are the packages dpkg knows.
    static func run(installed: [String]) throws -> (code: Int32, installs: String, stderr: String) {
        let folder = try CLI().folder
        let bin = folder.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let log = folder.appendingPathComponent("apt.log").path
        let stubs = [
            "dpkg": "case \" \(installed.joined(separator: " ")) \" in *\" $2 \"*) exit 0 ;; *) exit 1 ;; esac",
            "apt-get": "echo \"$*\" >> '\(log)'",
            "id": "echo 0",
        ]
        for (name, body) in stubs {
            let path = bin.appendingPathComponent(name).path
            try "#!/bin/sh\n\(body)\n".write(toFile: path, atomically: true, encoding: .utf8)
            chmod(path, 0o755)
        }
        let result = try CLI.spawn(
            URL(fileURLWithPath: "/bin/bash"), [script, "build"], environment: ["PATH": "\(bin.path):/usr/bin:/bin"])
        let installs = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        return (result.code, installs, result.stderr)
    }

    @Test func aMachineWithoutLibzipGetsIt() throws {
        let result = try Self.run(installed: ["libsqlite3-dev"])
        #expect(result.code == 0, "\(result.stderr)")
        #expect(result.installs.contains("update") && result.installs.contains("install -y -qq libzip-dev"), "\(result.installs)")
        #expect(!result.installs.contains("libsqlite3-dev"))
    }

    @Test func aMachineWithEverythingInstallsNothing() throws {
        let result = try Self.run(installed: ["libsqlite3-dev", "libzip-dev", "libpq-dev"])
        #expect(result.code == 0 && result.installs.isEmpty, "\(result.installs) \(result.stderr)")
    }
}
