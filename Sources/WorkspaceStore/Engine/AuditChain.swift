/// The audit log's hash chain: hash(n) = SHA-256(canonical content of row n ‖ hash(n−1)),
/// with the empty string before the first row. `audit verify` recomputes it.
package enum AuditChain {
    /// The columns a row's hash covers, in this order (the sequence number included, so a
    /// removed or reordered row breaks the chain).
    static let columns = """
        seq, time, user_name, source, resource_type, resource_id, resource_name, integration_id, action,
        field_path, old_value, new_value
        """

    /// A row's canonical bytes: its first twelve columns as a compact JSON array.
    static func canonical(_ row: Row, into bytes: inout [UInt8]) {
        bytes.removeAll(keepingCapacity: true)
        bytes.append(UInt8(ascii: "["))
        for (index, value) in row.values.prefix(12).enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            let json: JSONValue =
                switch value {
                case .null: .null
                case .integer(let number): .int(number)
                case .real(let number): .double(number)
                case .text(let text): .string(text)
                }
            json.appendCompact(to: &bytes)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// SHA-256 over `canonical` then `previous` (the hex hash of the row before), as hex.
    static func hash(_ canonical: [UInt8], previous: String) throws -> String {
        let hasher = try SHA256Hasher()
        canonical.withUnsafeBytes { hasher.update($0) }
        var previous = previous
        previous.withUTF8 { hasher.update(UnsafeRawBufferPointer($0)) }
        return hex(hasher.finalize())
    }

    /// SHA-256 of some bytes, as lowercase hex.
    package static func sha256Hex(_ bytes: [UInt8]) throws -> String {
        let hasher = try SHA256Hasher()
        bytes.withUnsafeBytes { hasher.update($0) }
        return hex(hasher.finalize())
    }

    private static func hex(_ digest: [UInt8]) -> String {
        var hex: [UInt8] = []
        hex.reserveCapacity(64)
        for byte in digest {
            hex.append(hexDigits[Int(byte >> 4)])
            hex.append(hexDigits[Int(byte & 0x0F)])
        }
        return String(decoding: hex, as: UTF8.self)
    }

    /// The hash of one row after `previous`.
    static func hash(_ row: Row, previous: String, buffer: inout [UInt8]) throws -> String {
        canonical(row, into: &buffer)
        return try hash(buffer, previous: previous)
    }
}
