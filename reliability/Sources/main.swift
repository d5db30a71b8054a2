// The reliability campaign: drives the release `workspace` binary on real files through crashes,
// concurrent writers, hostile invocations, odd files and tampering, and prints its figures.
// Exit 0 when nothing was found, 1 otherwise.
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

let usage = """
    usage: workspace-reliability [short|long] [--only crash,concurrency,fuzz,odd,tamper] [--bin PATH] [--seed N] [--keep] [--trace]
           workspace-reliability [short|long] --postgres ADDRESS [--postgres-restart COMMAND] [--only crash,concurrency,restart] …
    (--postgres: the crash and concurrency checks on databases of that server, whose user may
    create databases; --postgres-restart: a shell command that restarts it, for the restart check)
    """
let arguments = Array(CommandLine.arguments.dropFirst())
func option(_ name: String, in arguments: [String] = arguments) -> String? {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}
let long = arguments.first == "long"
guard arguments.first.map({ ["short", "long"].contains($0) || $0.hasPrefix("--") }) ?? true else {
    say(usage)
    exit(64)
}
let repository = FileManager.default.currentDirectoryPath
let binary = option("--bin") ?? "\(repository)/.build/release/workspace"
let seed = option("--seed").flatMap(UInt64.init) ?? UInt64(Date().timeIntervalSince1970)
let postgres = option("--postgres")
let restartCommand = option("--postgres-restart")
let checks = postgres == nil ? "crash,concurrency,fuzz,odd,tamper" : "crash,concurrency,restart"
let only = Set((option("--only") ?? checks).split(separator: ",").map(String.init))
let root = NSTemporaryDirectory() + "workspace-reliability-\(getpid())"
try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
guard FileManager.default.isExecutableFile(atPath: binary) else {
    say("error: no binary at \(binary); build it with `swift build -c release --product workspace`")
    exit(2)
}
// Children inherit the working folder: relative paths among hostile arguments land in the
// scratch folder, never in the repository.
guard FileManager.default.changeCurrentDirectoryPath(root) else {
    say("error: cannot work in \(root)")
    exit(2)
}
let engines = Engines(postgres: postgres)
let campaign = Campaign(binary: binary, root: root, long: long, seed: seed, engines: engines)
say("reliability \(long ? "long" : "short") mode, seed \(seed), binary \(binary), \(engines.name)")
campaign.trace = arguments.contains("--trace")
let started = Clock.now()
do {
    if only.contains("odd") { try OddFilesCheck(campaign: campaign, repository: repository).run() }
    if only.contains("tamper") { try TamperingCheck(campaign: campaign, repository: repository).run() }
    if only.contains("crash") { try CrashCheck(campaign: campaign).run() }
    if only.contains("concurrency") { try ConcurrencyCheck(campaign: campaign).run() }
    if only.contains("fuzz") { try FuzzCheck(campaign: campaign, repository: repository).run() }
    if only.contains("restart") {
        if let restartCommand, postgres != nil {
            try RestartCheck(campaign: campaign, restart: restartCommand).run()
        } else {
            say("restart: skipped (it needs --postgres and --postgres-restart)")
        }
    }
} catch {
    campaign.finding("the campaign itself failed: \(error)")
}
if !arguments.contains("--keep") {
    try? FileManager.default.removeItem(atPath: root)
    engines.removeAll()
}
say("\nfigures (seed \(seed), \(Int((Clock.now() - started) / 1000)) s):")
for (name, value) in campaign.figures { say("  \(name): \(value)") }
say(campaign.findings.isEmpty ? "reliability: no findings" : "reliability: \(campaign.findings.count) findings")
exit(campaign.findings.isEmpty ? 0 : 1)
