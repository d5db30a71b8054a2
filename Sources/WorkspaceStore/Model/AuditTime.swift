/// Times given to `audit --since/--until`: ISO 8601 (`2026-11-23`, `2026-11-23T08:15`,
/// `2026-11-23T08:15:02.5Z`, `…+02:00`) or relative to now (`90s`, `30m`, `2h`, `7d`, `2w`).
public enum AuditTime {
    public static func parse(_ text: String, now: Int64 = Timestamp.now()) throws -> Int64 {
        let trimmed = text.trimmingBlanks()
        if let amount = relative(trimmed) {
            guard let millis = amount, case (let time, false) = now.subtractingReportingOverflow(millis) else {
                throw WorkspaceError.invalid("\"\(text)\" reaches too far back", hint: "use a shorter duration, e.g. 52w")
            }
            return time
        }
        guard let absolute = absolute(trimmed) else {
            throw WorkspaceError.invalid(
                "\"\(text)\" is not a time", hint: "use ISO 8601 (2026-11-23T08:00:00Z) or a duration ago (30m, 2h, 7d)")
        }
        return absolute
    }

    /// A duration (`90s`, `30m`, `2h`, `7d`, `2w`) in milliseconds (`recycle-bin purge --older-than`).
    public static func duration(_ text: String) throws -> Int64 {
        guard let amount = relative(text.trimmingBlanks()) else {
            throw WorkspaceError.invalid("\"\(text)\" is not a duration", hint: "use a number and a unit: 90s, 30m, 2h, 7d, 2w")
        }
        guard let millis = amount else { throw WorkspaceError.invalid("\"\(text)\" is too long a duration") }
        return millis
    }

    /// Milliseconds in a duration like 2h: nil when the text is not a duration, .some(nil)
    /// when it is one too long to count.
    private static func relative(_ text: String) -> Int64?? {
        guard let unit = text.last, text.dropLast().allSatisfy(\.isASCII), text.count > 1 else { return nil }
        guard text.dropLast().allSatisfy({ ("0"..."9").contains($0) }) else { return nil }
        guard let amount = Int64(text.dropLast()) else { return .some(nil) }
        let seconds: Int64? =
            switch unit {
            case "s": 1
            case "m": 60
            case "h": 3_600
            case "d": 86_400
            case "w": 604_800
            default: nil
            }
        guard let seconds else { return nil }
        let (inSeconds, overflow) = amount.multipliedReportingOverflow(by: seconds)
        let (millis, overflowAgain) = inSeconds.multipliedReportingOverflow(by: 1000)
        return overflow || overflowAgain ? .some(nil) : .some(millis)
    }

    private static func absolute(_ text: String) -> Int64? {
        var scanner = Scanner(Array(text.utf8))
        guard let year = scanner.number(4), scanner.skip("-"), let month = scanner.number(2), scanner.skip("-"),
            let day = scanner.number(2), (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        var seconds = days(year: year, month: month, day: day) * 86_400
        var millis: Int64 = 0
        if scanner.skip("T") || scanner.skip(" ") {
            guard let hour = scanner.number(2), scanner.skip(":"), let minute = scanner.number(2), hour < 24, minute < 60
            else { return nil }
            seconds += hour * 3_600 + minute * 60
            if scanner.skip(":") {
                guard let second = scanner.number(2), second < 61 else { return nil }
                seconds += second
                if scanner.skip(".") {
                    guard let fraction = scanner.digits(), !fraction.isEmpty else { return nil }
                    millis = Int64(String(decoding: (fraction + Array("00".utf8)).prefix(3), as: UTF8.self)) ?? 0
                }
            }
            if scanner.skip("Z") {
            } else if let sign = scanner.sign() {
                guard let hours = scanner.number(2), scanner.skip(":"), let minutes = scanner.number(2) else { return nil }
                seconds -= sign * (hours * 3_600 + minutes * 60)
            }
        }
        guard scanner.atEnd else { return nil }
        return seconds * 1000 + millis
    }

    /// Days since 1970-01-01 (Howard Hinnant's days-from-civil).
    package static func days(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    private struct Scanner {
        let bytes: [UInt8]
        var position = 0

        package init(_ bytes: [UInt8]) { self.bytes = bytes }

        var atEnd: Bool { position == bytes.count }

        mutating func skip(_ character: Character) -> Bool {
            guard position < bytes.count, let ascii = character.asciiValue, bytes[position] == ascii else { return false }
            position += 1
            return true
        }

        mutating func digits() -> [UInt8]? {
            let start = position
            while position < bytes.count, (0x30...0x39).contains(bytes[position]) { position += 1 }
            return Array(bytes[start..<position])
        }

        mutating func number(_ width: Int) -> Int64? {
            guard position + width <= bytes.count, bytes[position..<position + width].allSatisfy({ (0x30...0x39).contains($0) })
            else { return nil }
            defer { position += width }
            return Int64(String(decoding: bytes[position..<position + width], as: UTF8.self))
        }

        mutating func sign() -> Int64? {
            if skip("+") { return 1 }
            return skip("-") ? -1 : nil
        }
    }
}
