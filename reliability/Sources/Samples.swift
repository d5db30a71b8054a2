import Foundation
import Workspace

#if canImport(Glibc)
    import Glibc
#endif

/// What the fuzz picks from: the seeded workspace's names and ids, hostile files, and valid
/// install files (an integration document, an integrator.io download) to mutate.
struct Samples {
    let folder: String
    var integrations: [String] = []
    var flows: [String] = []
    var connections: [String] = []
    var revisions: [String] = []
    var scripts: [String] = []
    /// Recycle bin entries of the base workspace (a deleted API and a deleted flow).
    var entries: [String] = []
    /// Files with hostile content, for --file, --readme-file, --description-file and stdin.
    var files: [String] = []
    let document: [UInt8]
    /// The integrator.io download: path in the zip → bytes.
    let download: [(String, [UInt8])]

    init(campaign: Campaign, base: String, folder: String) throws {
        self.folder = folder
        func list(_ arguments: [String], _ fields: [String]) throws -> [String] {
            guard case .array(let items) = try JSONValue(parsing: try campaign.must(arguments + ["--json"], db: base)) else { return [] }
            return items.flatMap { item in fields.compactMap { item[$0]?.stringValue } }
        }
        integrations = try list(["home"], ["name", "_id"]) + ["none", "Standalone flows"]
        flows = try list(["flow", "list"], ["name", "_id"])
        connections = try list(["connection", "list"], ["name", "_id"])
        revisions = try list(["revision", "list", "Shopify to NetSuite"], ["_id"])
        let installed = integrations.first { $0.hasPrefix("Shopify –") } ?? "Shopify to NetSuite"
        scripts = try list(["script", "list", "--integration", installed], ["name", "_id"])
        try campaign.must(["api", "create", "Binned API", "--integration", "Shopify to NetSuite"], db: base)
        try campaign.must(["api", "delete", "Binned API"], db: base)
        try campaign.must(["flow", "create", "Binned flow", "--integration", "Shopify to NetSuite"], db: base)
        try campaign.must(["flow", "delete", "Binned flow"], db: base)
        entries = try list(["recycle-bin", "list"], ["_id"])
        try campaign.must(["integration", "download", "Shopify to NetSuite", "-o", "\(folder)/document.json"], db: base)
        document = try readFile("\(folder)/document.json")
        let downloadFolder = "\(folder)/download"
        try campaign.must(["integration", "download", installed, "--format", "integrator.io", "-o", downloadFolder], db: base)
        download = try Self.files(in: downloadFolder)
        files = try Self.hostileFiles(in: folder, campaign: campaign)
    }

    /// Every file under `root`, by relative path.
    static func files(in root: String) throws -> [(String, [UInt8])] {
        let enumerator = FileManager.default.enumerator(atPath: root)
        var files: [(String, [UInt8])] = []
        while let path = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: "\(root)/\(path)", isDirectory: &isDirectory), !isDirectory.boolValue {
                files.append((path, try readFile("\(root)/\(path)")))
            }
        }
        return files.sorted { $0.0 < $1.0 }
    }

    private static func hostileFiles(in folder: String, campaign: Campaign) throws -> [String] {
        var contents: [(String, [UInt8])] = [
            ("object.json", Array(#"{"retries": 3, "mapping": {"currency": "USD"}, "list": [1, 2.5, "x", null, true]}"#.utf8)),
            ("readme.md", Array("# Readme\n\nWith ünïcödé, a tab\tand 😀.\n".utf8)),
            ("deep.json", Array((String(repeating: "[", count: 1_000_000) + String(repeating: "]", count: 1_000_000)).utf8)),
            ("deep-object.json", Array((String(repeating: "{\"a\":", count: 200_000) + "1" + String(repeating: "}", count: 200_000)).utf8)),
            ("invalid-utf8.txt", [0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xFF, 0xFE, 0x22, 0x7D]),
            ("huge-numbers.json", Array(#"{"a": 1e999999, "b": -123456789012345678901234567890, "c": 1.5e-400}"#.utf8)),
            ("control.txt", Array("line\u{0}nul\u{1b}[31m\u{7}\r\n".utf8)),
            ("empty.txt", []),
            ("not-object.json", Array("[1, 2, 3]".utf8)),
            ("duplicate-keys.json", Array(#"{"a": 1, "a": 2}"#.utf8)),
        ]
        for size in [10 * 1024, 1024 * 1024 + 1, 2 * 1024 * 1024] {
            contents.append(("long-\(size).txt", Array(String(repeating: "é", count: size / 2).utf8)))
        }
        var leaves = "{"
        for index in 0..<60_000 { leaves += "\"key\(index)\": \"\(String(repeating: "v", count: 12))\"," }
        contents.append(("large-settings.json", Array((leaves + "\"end\": 0}").utf8)))
        return try contents.map { name, bytes in
            let path = "\(folder)/\(name)"
            try writeFile(path, bytes)
            return path
        }
    }

    /// `integration install FILE` of a mutated document, zip or folder.
    func mutatedInstall(_ campaign: Campaign) throws -> [[UInt8]] {
        let path = "\(folder)/install-\(campaign.int(in: 0...99_999))"
        switch campaign.int(in: 0...2) {
        case 0:
            try writeFile(path + ".json", Mutation.bytes(document, campaign: campaign, json: true))
            return [Array("integration".utf8), Array("install".utf8), Array((path + ".json").utf8)]
        case 1:
            var entries = download
            Mutation.entries(&entries, campaign: campaign)
            var zip = StoredZip.bytes(entries, campaign: campaign)
            if campaign.chance(0.4) { zip = Mutation.bytes(zip, campaign: campaign, json: false) }
            try writeFile(path + ".zip", zip)
            return [Array("integration".utf8), Array("install".utf8), Array((path + ".zip").utf8)]
        default:
            var entries = download
            Mutation.entries(&entries, campaign: campaign)
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            for (name, bytes) in entries where !name.hasPrefix("/") && !name.contains("..") && !name.contains("\\") {
                let file = "\(path)/\(name)"
                try FileManager.default.createDirectory(
                    atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                if FileManager.default.fileExists(atPath: file) { continue }
                try writeFile(file, bytes)
            }
            if campaign.chance(0.15) {
                symlink("/etc/passwd", "\(path)/flows/linked.json")
            }
            return [Array("integration".utf8), Array("install".utf8), Array(path.utf8)]
        }
    }
}

/// Ways to damage bytes and download entries.
enum Mutation {
    static func bytes(_ original: [UInt8], campaign: Campaign, json: Bool) -> [UInt8] {
        var bytes = original
        switch campaign.int(in: 0...(json ? 7 : 3)) {
        case 0: bytes = Array(bytes.prefix(campaign.int(in: 0...max(0, bytes.count - 1))))
        case 1, 2:
            for _ in 0..<campaign.int(in: 1...8) where !bytes.isEmpty {
                bytes[campaign.int(in: 0...(bytes.count - 1))] ^= UInt8(1 << campaign.int(in: 0...7))
            }
        case 3:
            let at = campaign.int(in: 0...bytes.count)
            bytes.insert(contentsOf: Array(String(repeating: "\u{0}\u{ff}", count: campaign.int(in: 1...64)).utf8), at: at)
        case 4: bytes = Array(("{\"wrapped\":" + String(repeating: "[", count: 100_000)).utf8) + bytes
        case 5:
            // Duplicate ids: one flow's _id given to the next.
            var text = String(decoding: bytes, as: UTF8.self)
            let ids = text.matches24Hex()
            if ids.count > 2 { text = text.replacingOccurrences(of: ids[ids.count - 1], with: ids[1]) }
            bytes = Array(text.utf8)
        case 6:
            let text = String(decoding: bytes, as: UTF8.self)
            bytes = Array(text.replacingOccurrences(of: "\"name\": \"", with: "\"name\": \"\u{1}\u{202E}").utf8)
        default:
            let text = String(decoding: bytes, as: UTF8.self)
            bytes = Array(text.replacingOccurrences(of: "\"disabled\": false", with: "\"disabled\": 1e999999").replacingOccurrences(of: "[]", with: "[1e400]").utf8)
        }
        return bytes
    }

    /// Path tricks, duplicates, lost files and damaged contents among a download's entries.
    static func entries(_ entries: inout [(String, [UInt8])], campaign: Campaign) {
        guard !entries.isEmpty else { return }
        let index = campaign.int(in: 0...(entries.count - 1))
        switch campaign.int(in: 0...7) {
        case 0: entries[index].0 = campaign.pick(["/abs/\(entries[index].0)", "../\(entries[index].0)", "flows\\x.json", "C:/x.json", "flows/../../x.json"])
        case 1: entries.append(entries[index])
        case 2: entries.removeAll { $0.0 == "integration.json" }
        case 3: entries[index].1 = bytes(entries[index].1, campaign: campaign, json: true)
        case 4:
            var copy = entries[index]
            copy.0 = copy.0.replacingOccurrences(of: ".json", with: "-copy.json")
            entries.append(copy)
        case 5: entries.append(("flows/deep.json", Array((String(repeating: "[", count: 200_000)).utf8)))
        case 6: entries = entries.map { ("wrapper/\($0.0)", $0.1) }
        default: entries[index].1 = []
        }
    }
}

extension String {
    /// The 24-hex ids in the text, in order of appearance (unique).
    func matches24Hex() -> [String] {
        var found: [String] = []
        let scalars = Array(utf8)
        var start = 0
        while start + 24 <= scalars.count {
            let window = scalars[start..<(start + 24)]
            if window.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) {
                let id = String(decoding: window, as: UTF8.self)
                if !found.contains(id) { found.append(id) }
                start += 24
            } else {
                start += 1
            }
        }
        return found
    }
}

/// Writes a zip with stored (uncompressed) entries, whatever their names: enough to hand the
/// reader any path, duplicate or symbolic link.
enum StoredZip {
    static func bytes(_ entries: [(String, [UInt8])], campaign: Campaign) -> [UInt8] {
        var out: [UInt8] = []
        var central: [UInt8] = []
        let symlinkIndex = campaign.chance(0.1) ? campaign.int(in: 0...max(0, entries.count - 1)) : -1
        for (index, (name, content)) in entries.enumerated() {
            let nameBytes = Array(name.utf8)
            let crc = crc32(content)
            let offset = UInt32(out.count)
            out += le32(0x0403_4b50) + le16(20) + le16(0) + le16(0) + le16(0) + le16(0x21) + le32(crc)
            out += le32(UInt32(content.count)) + le32(UInt32(content.count)) + le16(UInt16(nameBytes.count)) + le16(0)
            out += nameBytes + content
            let mode: UInt32 = index == symlinkIndex ? 0o120777 : 0o100644
            central += le32(0x0201_4b50) + le16(0x031E) + le16(20) + le16(0) + le16(0) + le16(0) + le16(0x21) + le32(crc)
            central += le32(UInt32(content.count)) + le32(UInt32(content.count)) + le16(UInt16(nameBytes.count))
            central += le16(0) + le16(0) + le16(0) + le16(0) + le32(mode << 16) + le32(offset) + nameBytes
        }
        let centralOffset = UInt32(out.count)
        out += central
        out += le32(0x0605_4b50) + le16(0) + le16(0) + le16(UInt16(entries.count)) + le16(UInt16(entries.count))
        out += le32(UInt32(central.count)) + le32(centralOffset) + le16(0)
        return out
    }

    private static func le16(_ value: UInt16) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8)] }
    private static func le32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8((value >> (8 * $0)) & 0xFF) } }

    private static let table: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 { value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
        return value
    }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }
}
