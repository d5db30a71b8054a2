import Workspace

#if canImport(Glibc)
    import Glibc
#endif

/// One command's numbers, ours against the sqlite3 shell's, and whether it meets its target.
struct Result {
    let benchCase: BenchCase
    let ours: Timing
    let floor: Timing?

    var ratio: Double? { floor.map { ours.median / $0.median } }

    /// The targets of the benchmark issues: reads ≤ 25 ms, ≤ 3× the floor and ≤ 64 MB;
    /// single writes ≤ 30 ms; moving 1,000 flows ≤ 200 ms; downloading an integration of
    /// 1,000 flows ≤ 150 ms, cloning or installing it ≤ 500 ms, each ≤ 64 MB; integrator.io
    /// zips: a production-size install ≤ 150 ms, 100 flows ≤ 1 s, their download ≤ 300 ms.
    var verdict: String {
        let met: Bool =
            switch benchCase.target {
            case .read: ours.median <= 25 && (ratio ?? 0) <= 3 && ours.peakMegabytes <= 64
            case .write: ours.median <= 30
            case .bulkMove: ours.median <= 200
            case .download: ours.median <= 150 && ours.peakMegabytes <= 64
            case .copy: ours.median <= 500 && ours.peakMegabytes <= 64
            case .within(let limit): ours.median <= limit && ours.peakMegabytes <= 64
            }
        return met ? "met" : "MISSED"
    }

    var line: String {
        "\(benchCase.label): \(Report.ms(ours.median)) (floor \(floor.map { Report.ms($0.median) } ?? "-")) \(verdict)"
    }
}

enum Report {
    static func ms(_ value: Double) -> String {
        String((value * 10).rounded() / 10) + " ms"
    }

    static func table(_ results: [Result]) -> String {
        let header = ["command", "median", "min–max", "peak RSS", "sqlite3 floor", "× floor", "target"]
        let rows = results.map(row)
        return ([header, header.map { _ in "---" }] + rows).map { "| " + $0.joined(separator: " | ") + " |" }
            .joined(separator: "\n")
    }

    private static func row(_ result: Result) -> [String] {
        let spread = String(ms(result.ours.minimum).dropLast(3)) + "–" + ms(result.ours.maximum)
        let memory = String(Int(result.ours.peakMegabytes.rounded())) + " MB"
        let floor: String = result.floor.map { ms($0.median) } ?? "–"
        let ratio: String = result.ratio.map { String(($0 * 10).rounded() / 10) } ?? "–"
        return ["`" + result.benchCase.label + "`", ms(result.ours.median), spread, memory, floor, ratio, result.verdict]
    }

    static func write(_ results: [Result], size: Size, generation: Int64, runs: Int, storage: JSONValue, to path: String) throws {
        let document: JSONValue = [
            "size": .string(size.name), "integrations": .int(Int64(size.integrations)), "flows": .int(Int64(size.flows)),
            "connections": .int(Int64(size.connections)), "auditRows": .int(Int64(size.auditRows)),
            "generationMs": .int(generation), "runs": .int(Int64(runs)), "history": storage,
            "results": .array(results.map { result in
                [
                    "command": .string(result.benchCase.label), "medianMs": .double(result.ours.median),
                    "minMs": .double(result.ours.minimum), "maxMs": .double(result.ours.maximum),
                    "peakMB": .double(result.ours.peakMegabytes),
                    "floorMedianMs": result.floor.map { .double($0.median) } ?? .null,
                    "ratioToFloor": result.ratio.map(JSONValue.double) ?? .null, "target": .string(result.verdict),
                ]
            }),
        ]
        let folder = path.split(separator: "/").dropLast().joined(separator: "/")
        if !folder.isEmpty { mkdir(folder, 0o755) }
        guard let file = fopen(path, "w") else { throw WorkspaceError(.invalid, "cannot write \(path)") }
        defer { fclose(file) }
        fputs(document.prettyText + "\n", file)
    }
}
