import ArgumentParser
import Workspace

/// --before REF | --after REF | --first | --last: where drag and drop puts something.
struct PlacementOptions: ParsableArguments {
    @Option(help: "Put it just before this one.") var before: String?
    @Option(help: "Put it just after this one.") var after: String?
    @Flag(help: "Put it first.") var first = false
    @Flag(help: "Put it last.") var last = false

    /// The placement given, nil when none is; more than one is a usage error.
    func placement() throws -> Placement? {
        let given = [before != nil, after != nil, first, last].filter { $0 }.count
        guard given <= 1 else { throw ValidationError("give only one of --before, --after, --first, --last") }
        if let before { return .before(before) }
        if let after { return .after(after) }
        if first { return .first }
        return last ? .last : nil
    }

    /// The placement, which must be given.
    func required() throws -> Placement {
        guard let placement = try placement() else {
            throw ValidationError("give one of --before, --after, --first, --last")
        }
        return placement
    }
}

/// A closed set of words (`--view tile|list`, `--role admin` …) whose words are the raw values.
/// Said here rather than left to the parser's defaults, which describe each case through
/// string interpolation and its dynamic casts: every command pays that at start-up.
protocol ArgumentWord: ExpressibleByArgument, CaseIterable, RawRepresentable where RawValue == String {}

extension ArgumentWord {
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
    public static var allValueDescriptions: [String: String] { [:] }
    public var defaultValueDescription: String { rawValue }
}
