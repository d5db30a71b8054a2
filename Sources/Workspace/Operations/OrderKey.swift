/// Fractional order keys: strings over 0-9a-z that sort bytewise, with a key between any two,
/// so moving one tile writes one row however long the list (as in Figma's fractional indexing).
/// Keys never end in "0", which keeps room below every key.
enum OrderKey {
    private static let digits = Array("0123456789abcdefghijklmnopqrstuvwxyz".utf8)
    private static let base = digits.count

    /// A key strictly between `lower` and `upper` (nil: no bound on that side).
    static func between(_ lower: String?, _ upper: String?) -> String {
        let low = (lower ?? "").utf8.map(value)
        let high = upper.map { $0.utf8.map(value) }
        return String(decoding: midpoint(low, high).map { digits[$0] }, as: UTF8.self)
    }

    private static func value(_ byte: UInt8) -> Int {
        digits.firstIndex(of: byte) ?? 0
    }

    /// `low` < result < `high` as digit strings read as fractions (missing digits are 0).
    private static func midpoint(_ low: [Int], _ high: [Int]?) -> [Int] {
        if let high {
            var common = 0
            while common < high.count, (common < low.count ? low[common] : 0) == high[common] { common += 1 }
            if common > 0 {
                return Array(high[..<common])
                    + midpoint(Array(low.dropFirst(min(common, low.count))), Array(high.dropFirst(common)))
            }
        }
        let lowDigit = low.first ?? 0
        let highDigit = high?.first ?? base
        if highDigit - lowDigit > 1 { return [(lowDigit + highDigit) / 2] }
        // Adjacent first digits: the high key's first digit alone sits between when high has more digits.
        if let high, high.count > 1 { return [high[0]] }
        return [lowDigit] + midpoint(Array(low.dropFirst()), nil)
    }
}
