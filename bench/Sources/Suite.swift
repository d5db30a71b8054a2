import Workspace

#if canImport(Glibc)
    import Glibc
#endif

/// Times each command of the binary on a generated workspace and prints a table.
struct Suite {
    let size: Size
    let runs: Int
    let binary: String
    let directory: String

    init(options: Options) {
        size = Size.named(options.string("size", default: "small"))
        runs = options.int("runs", default: 10)
        binary = options.string("bin", default: ".build/release/workspace")
        directory = options.string("dir", default: "/tmp/workspace-bench")
    }

    func run() throws {
        mkdir(directory, 0o755)
        let path = "\(directory)/\(size.name).sqlite"
        for suffix in ["", "-wal", "-shm"] { unlink(path + suffix) }
        let started = Timestamp.now()
        try Generator(path: path, size: size).run()
        print("generation took \(Timestamp.now() - started) ms\n")
        let cases: [(String, [String])] = [
            ("integration list", ["integration", "list"]),
            ("home --view list", ["home", "--view", "list"]),
            ("home --search", ["home", "--search", "flow 1999"]),
            ("settings resolve --explain", ["settings", "resolve", "flow:Flow 1", "--explain"]),
            ("flow create", ["flow", "create", "Benchmark flow", "--integration", "Integration 1"]),
        ]
        var rows: [[String]] = []
        for (label, command) in cases {
            let timing = try Timer.measure(binary: binary, arguments: command + ["--db", path, "--as", "bench"], runs: runs)
            rows.append([label, timing.median, timing.spread, timing.peakMemory])
        }
        print(table(["COMMAND", "MEDIAN", "MIN–MAX", "PEAK RSS"], rows))
    }

    private func table(_ header: [String], _ rows: [[String]]) -> String {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            row.indices.map { row[$0] + String(repeating: " ", count: widths[$0] - row[$0].count) }
                .joined(separator: "  ")
        }.joined(separator: "\n")
    }
}
