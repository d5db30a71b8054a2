extension JSONValue {
    /// Compact JSON text (no spaces), keys in their stored order.
    public var compactText: String {
        var output: [UInt8] = []
        write(to: &output, indent: nil, level: 0)
        return String(decoding: output, as: UTF8.self)
    }

    /// Indented JSON text for people and for `--json` output.
    public var prettyText: String {
        var output: [UInt8] = []
        write(to: &output, indent: Array("  ".utf8), level: 0)
        return String(decoding: output, as: UTF8.self)
    }

    /// What integrator.io writes: `JSON.stringify(value, null, 2)` — 2-space indentation, no
    /// final newline, non-ASCII unescaped, numbers as JavaScript prints them.
    public var javaScriptBytes: [UInt8] {
        var output: [UInt8] = []
        write(to: &output, indent: Array("  ".utf8), level: 0, javaScript: true)
        return output
    }

    /// Appends the compact UTF-8 text (what the audit chain hashes, without a String in between).
    package func appendCompact(to output: inout [UInt8]) {
        write(to: &output, indent: nil, level: 0)
    }

    private func write(to output: inout [UInt8], indent: [UInt8]?, level: Int, javaScript: Bool = false) {
        switch self {
        case .null: output.append(contentsOf: "null".utf8)
        case .bool(let flag): output.append(contentsOf: (flag ? "true" : "false").utf8)
        case .int(let number): output.append(contentsOf: String(number).utf8)
        case .double(let number):
            output.append(contentsOf: (javaScript ? Self.javaScriptFormat(number) : Self.format(number)).utf8)
        case .string(let text): Self.writeString(text, to: &output)
        case .array(let elements):
            writeContainer(open: UInt8(ascii: "["), close: UInt8(ascii: "]"), count: elements.count, to: &output, indent: indent, level: level) {
                index, output in
                elements[index].write(to: &output, indent: indent, level: level + 1, javaScript: javaScript)
            }
        case .object(let object):
            let (keys, values) = (object.keys, object.values)
            writeContainer(open: UInt8(ascii: "{"), close: UInt8(ascii: "}"), count: keys.count, to: &output, indent: indent, level: level) {
                index, output in
                Self.writeString(keys[index], to: &output)
                output.append(UInt8(ascii: ":"))
                if indent != nil { output.append(UInt8(ascii: " ")) }
                values[index].write(to: &output, indent: indent, level: level + 1, javaScript: javaScript)
            }
        }
    }

    private func writeContainer(
        open: UInt8, close: UInt8, count: Int, to output: inout [UInt8], indent: [UInt8]?, level: Int,
        element: (Int, inout [UInt8]) -> Void
    ) {
        output.append(open)
        guard count > 0 else {
            output.append(close)
            return
        }
        for index in 0..<count {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            if let indent { Self.newline(indent, level + 1, to: &output) }
            element(index, &output)
        }
        if let indent { Self.newline(indent, level, to: &output) }
        output.append(close)
    }

    private static func newline(_ indent: [UInt8], _ level: Int, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\n"))
        for _ in 0..<level { output.append(contentsOf: indent) }
    }

    /// Integral doubles keep a decimal point so they read back as decimals.
    package static func format(_ number: Double) -> String {
        let text = String(number)
        if text.contains(".") || text.contains("e") { return text }
        return text + ".0"
    }

    /// ECMAScript's Number::toString over the shortest digits that read back as the same
    /// double (Swift's `description` finds the same digits; only the layout differs).
    package static func javaScriptFormat(_ number: Double) -> String {
        guard number != 0 else { return "0" }
        let (digits, exponent) = decimalDigits(abs(number))
        let sign = number < 0 ? "-" : ""
        let count = digits.count
        let body: String
        if count <= exponent && exponent <= 21 {
            body = digits + String(repeating: "0", count: exponent - count)
        } else if 0 < exponent && exponent <= 21 {
            body = String(digits.prefix(exponent)) + "." + String(digits.dropFirst(exponent))
        } else if -6 < exponent && exponent <= 0 {
            body = "0." + String(repeating: "0", count: -exponent) + digits
        } else {
            let power = exponent - 1
            let mantissa = count == 1 ? digits : String(digits.prefix(1)) + "." + String(digits.dropFirst())
            body = mantissa + "e" + (power < 0 ? "-" : "+") + String(abs(power))
        }
        return sign + body
    }

    /// The significant digits of a positive double and n such that it is 0.digits × 10^n.
    private static func decimalDigits(_ number: Double) -> (String, Int) {
        let text = number.description
        let parts = text.split(separator: "e", maxSplits: 1)
        let power = parts.count == 2 ? Int(parts[1]) ?? 0 : 0
        let mantissa = parts[0].split(separator: ".", maxSplits: 1)
        let whole = String(mantissa[0])
        let fraction = mantissa.count == 2 ? String(mantissa[1]) : ""
        let all = whole + fraction
        let leadingZeros = all.prefix { $0 == "0" }.count
        var digits = String(all.dropFirst(leadingZeros))
        while digits.last == "0" { digits.removeLast() }
        return (digits, whole.count + power - leadingZeros)
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    package static func writeString(_ text: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        // Most strings need no escaping: copy them whole, scanned as the bytes the string keeps
        // (a listing writes hundreds of thousands).
        var text = text
        let copied = text.withUTF8 { bytes in
            for byte in bytes where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return false }
            output.append(contentsOf: bytes)
            return true
        }
        if copied {
            output.append(UInt8(ascii: "\""))
            return
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case UInt8(ascii: "\n"): output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case UInt8(ascii: "\r"): output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case UInt8(ascii: "\t"): output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0x08: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case 0x0C: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            case 0..<0x20:
                output.append(contentsOf: Array("\\u00".utf8))
                output.append(hexDigits[Int(byte >> 4)])
                output.append(hexDigits[Int(byte & 0x0F)])
            default: output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }
}
