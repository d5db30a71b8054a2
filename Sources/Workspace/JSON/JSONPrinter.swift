extension JSONValue {
    /// Compact JSON text (no spaces), keys in their stored order.
    public var compactText: String {
        var output = ""
        write(to: &output, indent: nil, level: 0)
        return output
    }

    /// Indented JSON text for people and for `--json` output.
    public var prettyText: String {
        var output = ""
        write(to: &output, indent: "  ", level: 0)
        return output
    }

    private func write(to output: inout String, indent: String?, level: Int) {
        switch self {
        case .null: output += "null"
        case .bool(let flag): output += flag ? "true" : "false"
        case .int(let number): output += String(number)
        case .double(let number): output += Self.format(number)
        case .string(let text): Self.writeString(text, to: &output)
        case .array(let elements):
            writeContainer(
                open: "[", close: "]", count: elements.count, to: &output, indent: indent, level: level
            ) { index, output in
                elements[index].write(to: &output, indent: indent, level: level + 1)
            }
        case .object(let object):
            let pairs = object.pairs
            writeContainer(
                open: "{", close: "}", count: pairs.count, to: &output, indent: indent, level: level
            ) { index, output in
                Self.writeString(pairs[index].key, to: &output)
                output += indent == nil ? ":" : ": "
                pairs[index].value.write(to: &output, indent: indent, level: level + 1)
            }
        }
    }

    private func writeContainer(
        open: String, close: String, count: Int, to output: inout String, indent: String?, level: Int,
        element: (Int, inout String) -> Void
    ) {
        output += open
        guard count > 0 else {
            output += close
            return
        }
        for index in 0..<count {
            if index > 0 { output += "," }
            if let indent { Self.newline(indent, level + 1, to: &output) }
            element(index, &output)
        }
        if let indent { Self.newline(indent, level, to: &output) }
        output += close
    }

    private static func newline(_ indent: String, _ level: Int, to output: inout String) {
        output += "\n"
        for _ in 0..<level { output += indent }
    }

    /// Integral doubles keep a decimal point so they read back as decimals.
    static func format(_ number: Double) -> String {
        let text = String(number)
        if text.contains(".") || text.contains("e") { return text }
        return text + ".0"
    }

    static func writeString(_ text: String, to output: inout String) {
        output += "\""
        // Most strings need no escaping: append them whole.
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            output += text
            output += "\""
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{08}": output += "\\b"
            case "\u{0C}": output += "\\f"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }
}
