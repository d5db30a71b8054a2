/// `--name value` pairs from the command line.
struct Options {
    private var values: [String: String] = [:]

    init(_ arguments: ArraySlice<String>) {
        var iterator = arguments.makeIterator()
        while let name = iterator.next() {
            guard name.hasPrefix("--") else { continue }
            values[String(name.dropFirst(2))] = iterator.next() ?? ""
        }
    }

    func string(_ name: String, default fallback: String) -> String { values[name] ?? fallback }

    func int(_ name: String, default fallback: Int) -> Int { values[name].flatMap { Int($0) } ?? fallback }
}
