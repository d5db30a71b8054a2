// The benchmark: builds a workspace of a chosen size through the library, then times the
// release-built `workspace` binary as a whole process (wall time and peak memory).
import Workspace

#if canImport(Glibc)
    import Glibc
#endif

let arguments = Array(CommandLine.arguments.dropFirst())
do {
    switch arguments.first {
    case "generate": try Generator(options: Options(arguments.dropFirst())).run()
    case "run": try Suite(options: Options(arguments.dropFirst())).run()
    case "serve": try ServeBench(options: Options(arguments.dropFirst())).run()
    case "startup": try StartupBench(options: Options(arguments.dropFirst())).run()
    case "engines": try EnginesBench(options: Options(arguments.dropFirst())).run()
    default:
        print(
            """
            usage: workspace-bench generate --db PATH [--integrations N] [--flows N]
                   workspace-bench run [--size small|medium|large] [--runs N] [--bin PATH] [--dir DIR] [--only LABEL]
                   workspace-bench serve [--size small|large | --db PATH] [--seconds N] [--server PATH] [--port N] [--servers N]
                   workspace-bench startup [--bin PATH] [--sqlite3 PATH] [--dir DIR] [--out FILE]
                   workspace-bench engines --postgres ADDRESS [--size small|medium|large] [--runs N] [--bin PATH] [--only LABEL]
            """)
        exit(64)
    }
} catch let error as WorkspaceError {
    print("error: \(error.message)")
    exit(error.exitCode)
} catch {
    print("error: \(error)")
    exit(1)
}
