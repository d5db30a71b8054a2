/// Resource ids as integrator.io makes them: 8 hex digits of creation time in seconds,
/// then 16 random hex digits, all lower case.
public enum ResourceID {
    /// The id of the Standalone flows bucket.
    public static let standalone = "none"

    package static func make(at milliseconds: Int64) -> String {
        var generator = SystemRandomNumberGenerator()
        return hex(UInt64(milliseconds / 1000) & 0xFFFF_FFFF, width: 8) + hex(generator.next(), width: 16)
    }

    /// Ids made in increasing order from one random start: what one install or clone
    /// creates sorts as its source did, so a reinstalled document keeps its order.
    package struct Sequence {
        private let prefix: String
        private var next: UInt64

        package init(at milliseconds: Int64) {
            var generator = SystemRandomNumberGenerator()
            prefix = ResourceID.hex(UInt64(milliseconds / 1000) & 0xFFFF_FFFF, width: 8)
            next = generator.next() >> 1  // Room for 2^63 ids above the start.
        }

        package mutating func make() -> String {
            defer { next += 1 }
            return prefix + ResourceID.hex(next, width: 16)
        }
    }

    /// True for strings that look like an id (24 lowercase or uppercase hex digits).
    public static func looksLikeID(_ text: String) -> Bool {
        text.utf8.count == 24 && text.utf8.allSatisfy { byte in
            (0x30...0x39).contains(byte) || (0x61...0x66).contains(byte) || (0x41...0x46).contains(byte)
        }
    }

    fileprivate static func hex(_ value: UInt64, width: Int) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
