import Foundation
import Testing
@testable import Workspace
@testable import WorkspaceStore

/// `workspace sync` with real git (Debian's git, which scripts/setup installs): the folder is a
/// working tree, pushes are commits, branches merge in git and pull back into workspaces.
@Suite struct SyncCLITests {
    /// A git working tree in a new folder.
    struct Repository {
        let path: String

        init(in folder: URL) throws {
            path = folder.appendingPathComponent("repo-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            try git("init", "-q", "-b", "main")
        }

        @discardableResult
        func git(_ arguments: String...) throws -> String {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/git")
            process.arguments = ["-C", path, "-c", "user.name=Test", "-c", "user.email=test@example.com"] + arguments
            let output = Pipe()
            let errors = Pipe()
            process.standardOutput = output
            process.standardError = errors
            try process.run()
            let said = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            let complaint = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            guard process.terminationStatus == 0 || arguments.first == "merge" else {
                throw WorkspaceError(.unavailable, "git \(arguments.joined(separator: " ")): \(complaint)")
            }
            return said
        }

        /// The folder integrator.io's Download button made (fixtures/integrator.io), as it is.
        func holdSample() throws {
            let sample = IntegratorIOCLITests.sample
            for name in try FileManager.default.contentsOfDirectory(atPath: sample) {
                try FileManager.default.copyItem(atPath: sample + "/" + name, toPath: path + "/" + name)
            }
        }

        /// The Refunds flow renamed in its file, as a hand edit does; its path and what it held.
        @discardableResult
        func renameRefunds(to name: String) throws -> (path: String, before: String) {
            let path = try file("flows/Refunds")
            let before = try String(contentsOfFile: path, encoding: .utf8)
            try before.replacingOccurrences(of: #""name": "Refunds""#, with: "\"name\": \"\(name)\"").write(toFile: path, atomically: true, encoding: .utf8)
            return (path, before)
        }

        func commit(_ message: String) throws {
            try git("add", "-A")
            try git("commit", "-q", "-m", message)
        }

        /// The path of the file in `folder` whose name starts with `name` (`flows/Refunds`).
        func file(_ prefix: String) throws -> String {
            let (folder, name) = (prefix.split(separator: "/")[0], prefix.split(separator: "/")[1])
            let found = try #require(try FileManager.default.contentsOfDirectory(atPath: "\(path)/\(folder)").first { $0.hasPrefix(name) })
            return "\(path)/\(folder)/\(found)"
        }
    }

    /// A workspace with an integration of two flows (disabled, so both workspaces' status agree).
    static func developed() throws -> CLI {
        let cli = try CLI.initialized()
        try cli.run("integration", "create", "Orders")
        try cli.run("connection", "create", "Shop", "--type", "shopify", "--integration", "Orders")
        try cli.run("flow", "create", "Orders to ERP", "--integration", "Orders", "--disabled")
        try cli.run("flow", "create", "Refunds", "--integration", "Orders", "--disabled")
        try cli.run("export", "create", "Get orders", "--flow", "Orders to ERP", "--connection", "Shop")
        try cli.run("api", "create", "Order status", "--integration", "Orders", "--method", "GET", "--path", "/orders/{id}")
        return cli
    }

    /// The law sync rests on: what push writes reads back as what was pushed. Every integration
    /// of the demo workspace (groups, routers, settings, aliases, scripts, APIs, and integrator.io's
    /// download installed) pushed to a folder is in sync with it, a second push writes nothing,
    /// and a pull has nothing to do.
    @Test func everyDemoIntegrationRoundTripsThroughItsFolder() throws {
        let cli = try CLI.initialized()
        let demo = try CLI.spawn(
            URL(fileURLWithPath: "/bin/bash"),
            [
                "-c",
                #"set -e; while IFS= read -r line; do case "$line" in ''|'#'*) continue ;; esac; eval "\"$0\" $line" >/dev/null; done < fixtures/demo.commands; "$0" integration install fixtures/integrator.io/shopify-netsuite >/dev/null"#,
                CLI.binary.path,
            ],
            environment: ["WORKSPACE_DB": cli.path, "WORKSPACE_USER": "olivia", "PATH": "/usr/bin:/bin"], directory: ReadmeCurlCLITests.root)
        #expect(demo.code == 0, "\(demo.stderr)")
        let integrations = try cli.json("home").arrayValue?.compactMap { $0["_id"]?.stringValue }.filter { $0 != "none" } ?? []
        #expect(integrations.count >= 3)
        for (index, id) in integrations.enumerated() {
            let folder = cli.folder.appendingPathComponent("sync-\(index)").path
            #expect(try cli.json("sync", "push", id, folder)["removed"] == [])
            #expect(try cli.run("sync", "status", id, folder).stdout.contains("are in sync"), "\(id)")
            #expect(try cli.json("sync", "push", id, folder)["written"] == [], "\(id)")
            #expect(try cli.run("sync", "pull", id, folder).stdout == "Already up to date.\n", "\(id)")
            // A change in the folder pulls into each, whatever it holds (stub connections included).
            let head = folder + "/integration.json"
            guard case .object(var object) = try JSONValue(parsing: try String(contentsOfFile: head, encoding: .utf8)) else {
                Issue.record("\(head) is not an object")
                continue
            }
            object["description"] = "Reviewed in git"
            try JSONValue.object(object).prettyText.write(toFile: head, atomically: true, encoding: .utf8)
            let pulled = try cli.run("sync", "pull", id, folder)
            #expect(pulled.code == 0 && pulled.stdout.contains("Reviewed in git"), "\(id): \(pulled.stderr)")
            #expect(try cli.run("sync", "status", id, folder).stdout.contains("are in sync"), "\(id)")
        }
    }

    /// A developed workspace pushed to a new repository.
    static func pushed() throws -> (CLI, Repository) {
        let cli = try developed()
        let repo = try Repository(in: cli.folder)
        #expect(try cli.run("sync", "push", "Orders", repo.path).code == 0)
        return (cli, repo)
    }

    @Test func aOneFieldChangeIsOneLineOfOneFile() throws {
        let cli = try Self.developed()
        let repo = try Repository(in: cli.folder)
        let first = try cli.json("sync", "push", "Orders", repo.path)
        #expect(first["written"]?.arrayValue?.count == 6 && first["removed"] == [], "\(first)")
        #expect(FileManager.default.fileExists(atPath: repo.path + "/.workspace-sync.json"))
        #expect(FileManager.default.fileExists(atPath: repo.path + "/apis"))
        try repo.commit("Orders")
        try cli.run("flow", "edit", "Refunds", "--description", "Every hour")
        let status = try cli.json("sync", "status", "Orders", repo.path)
        #expect(status["folder"] == [] && status["workspace"]?[0]["fields"] == [["path": "/description", "old": "", "new": "Every hour"]], "\(status)")
        let second = try cli.json("sync", "push", "Orders", repo.path)
        #expect(second["written"]?.arrayValue?.count == 1 && second["unchanged"] == 5, "\(second)")
        #expect(try repo.git("diff", "--name-only").split(separator: "\n").map(String.init).allSatisfy { $0.hasPrefix("flows/Refunds-") })
        let diff = try repo.git("diff", "-U0")
        let changed = diff.split(separator: "\n").filter { ($0.hasPrefix("+") || $0.hasPrefix("-")) && !$0.hasPrefix("+++") && !$0.hasPrefix("---") }
        #expect(changed == [#"+  "description": "Every hour","#], "\(diff)")
        #expect(try cli.run("sync", "push", "Orders", repo.path).stdout.contains("0 written, 0 removed"))
        // A rename moves the file; a delete removes it.
        try cli.run("flow", "edit", "Refunds", "--name", "Returns")
        try cli.run("api", "delete", "Order status")
        let third = try cli.json("sync", "push", "Orders", repo.path)
        #expect(third["written"]?.arrayValue?.compactMap(\.stringValue).contains { $0.hasPrefix("flows/Returns-") } == true)
        #expect(third["removed"]?.arrayValue?.compactMap(\.stringValue).contains { $0.hasPrefix("flows/Refunds-") } == true)
        #expect(third["removed"]?.arrayValue?.compactMap(\.stringValue).contains { $0.hasPrefix("apis/Order-status-") } == true)
        #expect(!FileManager.default.fileExists(atPath: repo.path + "/apis"))
        #expect(try cli.run("sync", "status", "Orders", repo.path).stdout.contains("are in sync"))
    }

    @Test func aFileEditedByHandPullsAsThatOneField() throws {
        let (cli, repo) = try Self.pushed()
        try repo.renameRefunds(to: "Refunds v2")
        let status = try cli.json("sync", "status", "Orders", repo.path)
        #expect(status["workspace"] == [], "\(status)")
        #expect(status["folder"]?[0]["fields"] == [["path": "/name", "old": "Refunds", "new": "Refunds v2"]], "\(status)")
        // The folder changed: a push is refused until the pull, which records a pull revision.
        try cli.expectFailure(1, "changed since it was last pushed or pulled", "sync", "push", "Orders", repo.path)
        let pulled = try cli.json("sync", "pull", "Orders", repo.path)
        #expect(pulled["plan"]?["changes"]?[0]["fields"] == [["path": "/name", "old": "Refunds", "new": "Refunds v2"]], "\(pulled)")
        #expect(pulled["revision"]?["type"] == "pull")
        #expect(try cli.json("flow", "show", "Refunds v2")["name"] == "Refunds v2")
        #expect(try cli.run("sync", "pull", "Orders", repo.path).stdout.contains("Already up to date"))
        // The file is named after the old name: the next push moves it, and the one after writes nothing.
        let moved = try cli.json("sync", "push", "Orders", repo.path)
        #expect(moved["written"]?[0].stringValue?.hasPrefix("flows/Refunds-v2-") == true && moved["removed"]?.arrayValue?.count == 1)
        #expect(try cli.json("sync", "push", "Orders", repo.path)["written"] == [])
    }

    /// Development pushes to main and production, installed from the repository and linked (in
    /// its own ids), follows it; each makes a change and pushes it, production on a branch of its
    /// own; then git merges that branch into main.
    static func twoBranches(production change: [String], development other: [String]) throws -> (CLI, CLI, Repository) {
        let development = try developed()
        let repo = try Repository(in: development.folder)
        try development.run("sync", "push", "Orders", repo.path)
        try repo.commit("Orders")
        let production = try CLI.initialized()
        #expect(try production.json("integration", "install", repo.path, "--link")["name"] == "Orders")
        #expect(try production.json("sync", "push", "Orders", repo.path)["written"] == [], "no churn: the folder keeps its ids")
        try repo.git("checkout", "-q", "-b", "production")
        for (cli, edit, branch) in [(production, change, "production"), (development, other, "main")] {
            if branch == "main" { try repo.git("checkout", "-q", "main") }
            #expect(try cli.run(edit).code == 0)
            try cli.run("sync", "push", "Orders", repo.path)
            try repo.commit(branch)
        }
        try repo.git("merge", "-q", "--no-edit", "production")
        return (development, production, repo)
    }

    @Test func twoWorkspacesOnTwoBranchesMergeInGit() throws {
        let (development, production, repo) = try Self.twoBranches(
            production: ["flow", "edit", "Orders to ERP", "--description", "Nightly"],
            development: ["flow", "edit", "Orders to ERP", "--name", "Orders to NetSuite"])
        #expect(try repo.git("status", "--porcelain").isEmpty, "git merged the two branches cleanly")
        for cli in [development, production] {
            try cli.run("sync", "pull", "Orders", repo.path)
            let flow = try cli.json("flow", "show", "Orders to NetSuite")
            #expect(flow["description"] == "Nightly" && flow["disabled"] == true, "\(flow)")
            #expect(try cli.run("sync", "status", "Orders", repo.path).stdout.contains("are in sync"))
        }
        func shape(_ cli: CLI) throws -> [String] {
            try cli.json("flow", "list", "--integration", "Orders").arrayValue?.map {
                "\($0["name"]?.stringValue ?? "") \($0["description"]?.stringValue ?? "") \($0["pageGenerators"]?.arrayValue?.count ?? 0)"
            }.sorted() ?? []
        }
        #expect(try shape(development) == shape(production))
    }

    @Test func aConflictResolvedInGitIsTakenAsTheFolders() throws {
        let (development, _, repo) = try Self.twoBranches(
            production: ["flow", "edit", "Refunds", "--description", "Production's"],
            development: ["flow", "edit", "Refunds", "--description", "Development's"])
        let conflicted = try repo.file("flows/Refunds")
        #expect(try String(contentsOfFile: conflicted, encoding: .utf8).contains("<<<<<<<"))
        // A conflicted file is not JSON: the pull refuses it, naming it, and writes nothing.
        try development.expectFailure(3, "flows/Refunds", "sync", "pull", "Orders", repo.path)
        try repo.git("checkout", "--theirs", "--", ".")
        try repo.commit("Take production's")
        let pulled = try development.json("sync", "pull", "Orders", repo.path)
        #expect(pulled["plan"]?["conflicts"] == [] && pulled["plan"]?["applied"] == true, "\(pulled)")
        #expect(try development.json("flow", "show", "Refunds")["description"] == "Production's")
    }

    /// A folder changed since the base is refused, and `--force` writes the integration over it.
    @Test func forceOverwritesAChangedFolder() throws {
        let (cli, repo) = try Self.pushed()
        let (path, pushed) = try repo.renameRefunds(to: "Edited")
        try cli.expectFailure(1, "changed since it was last pushed or pulled", "sync", "push", "Orders", repo.path)
        let forced = try cli.json("sync", "push", "Orders", repo.path, "--force")
        #expect(forced["written"]?.arrayValue?.count == 1, "\(forced)")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == pushed)
        #expect(try cli.run("sync", "status", "Orders", repo.path).stdout.contains("are in sync"))
    }

    @Test func bothSidesChangingOneFieldIsAConflictUntilTaken() throws {
        let (cli, repo) = try Self.pushed()
        try repo.renameRefunds(to: "Folder's")
        try cli.run("flow", "edit", "Refunds", "--name", "Workspace's")
        let before = try cli.state()
        let refused = try cli.run("sync", "pull", "Orders", repo.path)
        #expect(refused.code == 1 && refused.stderr.contains("1 conflict: nothing was pulled") && refused.stderr.contains("--take"))
        #expect(refused.stdout.contains(#"base "Refunds", ours "Workspace's", theirs "Folder's""#), "\(refused.stdout)")
        #expect(try cli.state().dump == before.dump)
        let dryRun = try cli.run("sync", "pull", "Orders", repo.path, "--json", "--dry-run")
        #expect(try dryRun.json()["plan"]?["conflicts"]?[0]["theirs"] == "Folder's")
        try cli.run("sync", "pull", "Orders", repo.path, "--take", "theirs")
        #expect(try cli.json("flow", "show", "Folder's")["name"] == "Folder's")
    }

    @Test func anIntegratorIODownloadLinksWithoutBeingRewritten() throws {
        let cli = try CLI.initialized()
        let repo = try Repository(in: cli.folder)
        try repo.holdSample()
        try repo.commit("integrator.io's download")
        let installed = try cli.json("integration", "install", repo.path, "--link")
        let name = try #require(installed["name"]?.stringValue)
        #expect(try cli.run("sync", "status", name, repo.path).stdout.contains("are in sync"))
        #expect(try cli.json("sync", "push", name, repo.path)["written"] == [])
        #expect(try repo.git("status", "--porcelain") == "?? .workspace-sync.json\n", "only the marker is new")
    }

    /// A hook's script edited in the folder (its .js file) pulls as that script's content.
    @Test func aScriptEditedInTheFolderPullsAsItsContent() throws {
        let cli = try CLI.initialized()
        let repo = try Repository(in: cli.folder)
        try repo.holdSample()
        let name = try #require(try cli.json("integration", "install", repo.path, "--link")["name"]?.stringValue)
        let scripts = try FileManager.default.contentsOfDirectory(atPath: repo.path + "/scripts").filter { $0.hasSuffix(".js") }.sorted()
        let file = repo.path + "/scripts/" + (try #require(scripts.first))
        let edited = try String(contentsOfFile: file, encoding: .utf8) + "\n// reviewed\n"
        try edited.write(toFile: file, atomically: true, encoding: .utf8)
        let pulled = try cli.json("sync", "pull", name, repo.path)
        #expect(pulled["plan"]?["changes"]?.arrayValue?.count == 1 && pulled["revision"]?["type"] == "pull", "\(pulled)")
        let id = try #require(pulled["plan"]?["changes"]?[0]["_id"]?.stringValue)
        #expect(try cli.run("script", "show", id).stdout == edited)
        #expect(try cli.run("sync", "status", name, repo.path).stdout.contains("are in sync"))
        #expect(try cli.json("sync", "push", name, repo.path)["written"] == [])
    }

    @Test func whatInstallRefusesInAFolderSyncRefusesAndWritesNothing() throws {
        let (cli, repo) = try Self.pushed()
        let path = try repo.file("flows/Refunds")
        let original = try String(contentsOfFile: path, encoding: .utf8)
        try "{ not json".write(toFile: path, atomically: true, encoding: .utf8)
        try cli.expectFailure(3, "flows/Refunds", "sync", "pull", "Orders", repo.path)
        try cli.expectFailure(3, "flows/Refunds", "sync", "status", "Orders", repo.path)
        try original.replacingOccurrences(of: "\"_id\"", with: "\"pageGenerators\": [{\"_exportId\": \"000000000000000000000000\"}], \"_id\"")
            .write(toFile: path, atomically: true, encoding: .utf8)
        try cli.expectFailure(3, "is not in the file", "sync", "pull", "Orders", repo.path)
        try original.write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: repo.path + "/flows/link.json", withDestinationPath: path)
        try cli.expectFailure(3, "symbolic link", "sync", "pull", "Orders", repo.path)
        try FileManager.default.removeItem(atPath: repo.path + "/flows/link.json")
        // A folder holding an integration that is not linked, and a folder linked to another.
        let other = try Repository(in: cli.folder)
        try FileManager.default.copyItem(atPath: repo.path + "/flows", toPath: other.path + "/flows")
        try "{}".write(toFile: other.path + "/integration.json", atomically: true, encoding: .utf8)
        try cli.expectFailure(1, "no sync marker", "sync", "push", "Orders", other.path)
        try cli.run("integration", "create", "Other")
        try cli.expectFailure(1, "synced with another integration", "sync", "push", "Other", repo.path)
        try cli.expectFailure(1, "is not linked to", "sync", "pull", "Other", repo.path)
        try cli.expectFailure(1, "can't", "sync", "push", "none", other.path)
        // Pulling needs manage access, as revision pull does.
        try cli.run("user", "add", "mo", "--role", "monitor")
        let denied = try cli.run(["sync", "pull", "Orders", repo.path], as: "mo")
        #expect(denied.code == 4 && denied.stderr.contains("needs manage access"), "\(denied.stderr)")
        try cli.expectFailure(64, "--link takes a folder", "integration", "install", path, "--link")
        try cli.expectFailure(2, "no folder", "sync", "pull", "Orders", repo.path + "-missing")
        try cli.expectFailure(2, "no folder", "sync", "status", "Orders", repo.path + "-missing")
    }
}
