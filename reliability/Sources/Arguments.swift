import Foundation
import Workspace

/// Builds random invocations: a command of the spec with known or hostile values, sometimes
/// with its options misused.
struct Arguments {
    let campaign: Campaign
    let folder: String
    let samples: Samples

    enum Slot {
        case integration, flow, connection, export, `import`, group, api, tool, alias, user, revision, script, entry
        case name, text, pointer, json, number, time, role, access, type, kind, file, path
    }

    /// One invocation: arguments, what stdin reads, and how to read a success back.
    func invocation() -> ([[UInt8]], String, ReadBackCheck?) {
        var (words, readBack) = command()
        var stdin = "/dev/null"
        if words.contains(Array("-".utf8)) { stdin = campaign.pick(samples.files) }
        if campaign.chance(0.1) {
            misuse(&words)
            readBack = nil
        }
        return (words, stdin, readBack)
    }

    private func value(_ slot: Slot) -> [UInt8] {
        if campaign.chance(0.25) { return hostile(slot) }
        let known: [String] =
            switch slot {
            case .integration: samples.integrations
            case .flow: samples.flows
            case .connection: samples.connections
            case .export: ["Get new orders", "Look up customer", "Get fulfillments", "Read products file"]
            case .import: ["Create sales orders", "Post fulfillments", "Upsert customers"]
            case .group: ["Orders", "Customers"]
            case .api: ["Order status"]
            case .tool: ["Look up customer"]
            case .alias: ["orders", "erp", "write", "new-alias", "Bad Alias!"]
            case .user: ["mary", "tim", "ada", "mo", "olivia", "ghost", "newcomer"]
            case .revision: samples.revisions
            case .script: samples.scripts
            case .entry: samples.entries
            case .name, .text: ["Fresh name", "Ünïcödé ✓ 名前", "  padded  ", "Orders", "Shopify to NetSuite"]
            case .pointer: ["/retries", "/mapping/currency", "/new/deep/key", "", "/"]
            case .json: ["3", "\"EUR\"", "{\"a\": [1, 2, {\"b\": null}]}", "true", "[]"]
            case .number: ["1", "5", "50", "0"]
            case .time: ["2026-01-01", "1h", "7d", "2026-11-26T12:00:00Z"]
            case .role: ["owner", "administrator", "manage", "monitor", "tile"]
            case .access: ["manage", "monitor"]
            case .type: ["http", "netsuite", "salesforce", "shopify"]
            case .kind: ["flow", "integration", "connection", "export", "import", "revision", "user"]
            case .file: samples.files
            case .path: ["\(folder)/out-\(campaign.int(in: 0...999)).json", "\(folder)/out-\(campaign.int(in: 0...999)).zip", "\(folder)/dir-\(campaign.int(in: 0...999))"]
            }
        return Array(campaign.pick(known).utf8)
    }

    /// A hostile value: control characters, invalid UTF-8, long strings, deep JSON, huge
    /// numbers and durations, ids that do not exist, names that look like ids, option-like words.
    private func hostile(_ slot: Slot) -> [UInt8] {
        switch campaign.int(in: 0...12) {
        case 0: return Array("a\u{1}b\u{7}\t\n\r\u{1b}[31mred\u{7f}".utf8)
        case 1: return [0x66, 0xff, 0xfe, 0xc3, 0x28, 0xe2, 0x82] + Array("x".utf8)
        case 2:
            let unit = campaign.pick(["x", "é", "名", "😀", " "])
            return Array(String(repeating: unit, count: campaign.int(in: 10_240...100_000) / unit.utf8.count).utf8)
        case 3:
            let depth = campaign.int(in: 500...20_000)  // one argument stays under 128 KiB (MAX_ARG_STRLEN)
            return Array((String(repeating: campaign.pick(["[", "{\"a\":"]), count: depth) + "1").utf8)
        case 4: return Array(campaign.pick(["1e999999", "-1e400", "123456789012345678901234567890", "9223372036854775808", "-0", "NaN", "0x10", "1.5e-400", "-9223372036854775809"]).utf8)
        case 5: return Array(campaign.pick(["99999999999999999999d", "-5m", "2026-13-45T99:99:99Z", "0000-00-00", "1e9d", "9223372036854775807h", "now", ""]).utf8)
        case 6:
            let hex = (0..<24).map { _ in campaign.pick(Array("0123456789abcdef")) }
            return Array(campaign.pick([String(hex), String(hex).uppercased(), String(hex.dropLast())]).utf8)
        case 7: return Array(campaign.pick(["aaaaaaaaaaaaaaaaaaaaaaaa", "none", "Standalone flows", "flow:", "integration:none", "connection:aaaaaaaaaaaaaaaaaaaaaaaa", "group:"]).utf8)
        case 8: return Array(campaign.pick(["", "   ", "-", "--", "--json", "-h", "--as", "--db"]).utf8)
        case 9: return Array(campaign.pick(["/", "//", "/~2", "~", "/a~1b", "/0/-", "/-", "no-slash"]).utf8)
        case 10: return Array(campaign.pick(["/dev/zero", "/proc/self/status", "/", "../../etc/shadow", folder, "\(folder)/missing", "/dev/null"]).utf8)
        case 11: return Array(campaign.pick(["\u{202E}evil\u{202C}", "e\u{301}\u{301}\u{301}", "👩‍👩‍👧‍👦", "\u{FEFF}bom", "\u{2028}line"]).utf8)
        default: return slot == .json ? Array(campaign.pick(["{\"a\":", "[1,]", "{\"a\":1,\"a\":2}", "\"\\ud800\"", "tru"]).utf8) : value(.name)
        }
    }

    /// A command of the spec with values in its slots.
    private func command() -> ([[UInt8]], ReadBackCheck?) {
        func w(_ text: String) -> [UInt8] { Array(text.utf8) }
        /// Slots filled with values; literal words as given, "" meaning none.
        func words(_ parts: Any...) -> [[UInt8]] {
            parts.compactMap { part in
                if let slot = part as? Slot { return value(slot) }
                let literal = part as? String ?? ""
                return literal.isEmpty ? nil : w(literal)
            }
        }
        switch campaign.int(in: 0...51) {
        case 0:
            let name = value(.name)
            let description = value(.text)
            return (words("integration", "create") + [name, w("--description"), description, w("--json")], ReadBack.created(name: name, description: description, kind: "integration"))
        case 1: return (words("integration", "show", Slot.integration, "--json"), nil)
        case 2: return (words("integration", "edit", Slot.integration, "--name", Slot.name), nil)
        case 3:
            let file = campaign.pick(samples.files)
            let integration = value(.integration)
            return (words("integration", "edit") + [integration] + words("--readme-file", file, "--json"), ReadBack.readme(integration: integration, file: file))
        case 4: return (words("integration", "edit", Slot.integration, "--description-file", campaign.chance(0.5) ? "-" : campaign.pick(samples.files)), nil)
        case 5: return (words("integration", "delete", Slot.integration, campaign.pick(["--detach", "--cascade", "--force", ""])), nil)
        case 6: return (words("integration", "list", campaign.pick(["--view", "--sort", "--json"]), campaign.pick(["list", "tile", "name", "flows", Slot.text] as [Any])), nil)
        case 7: return (words("integration", campaign.pick(["pin", "unpin"]), Slot.integration), nil)
        case 8: return (words("integration", "reorder", Slot.integration, campaign.pick(["--before", "--after"]), Slot.integration), nil)
        case 9: return (words("integration", "clone", Slot.integration, "--name", Slot.name), nil)
        case 10: return (words("integration", "download", Slot.integration, "--format", campaign.pick(["workspace", "integrator.io", "yaml"]), "-o", Slot.path), nil)
        case 11: return (words("integration", "install", Slot.file, "--name", Slot.name), nil)
        case 12:
            let name = value(.name)
            return (words("flow", "create") + [name] + words("--integration", Slot.integration, "--description", Slot.text, "--json"), ReadBack.created(name: name, description: nil, kind: "flow"))
        case 13:
            return campaign.chance(0.5)
                ? (words("flow", "edit", Slot.flow, campaign.pick(["--enable", "--disable"])), nil)
                : (words("flow", "edit", Slot.flow, campaign.pick(["--name", "--description"]), Slot.text, "--integration", Slot.integration), nil)
        case 14: return (words("flow", "move", Slot.flow, Slot.flow, "--to", Slot.integration, "--group", Slot.group), nil)
        case 15: return (words("flow", "clone", Slot.flow, "--name", Slot.name), nil)
        case 16: return (words("flow", "delete", Slot.flow, campaign.pick(["--force", ""])), nil)
        case 17: return (words("flow", "steps", Slot.flow, campaign.pick(["--add", "--remove", "--move"]), campaign.pick([Slot.export, Slot.import]), campaign.pick(["--first", "--last", "--before", "--after"]), Slot.export), nil)
        case 18: return (words("flow", campaign.pick(["show", "list"]), Slot.flow, "--integration", Slot.integration), nil)
        case 19:
            switch campaign.int(in: 0...3) {
            case 0: return (words("group", "create", Slot.name, "--integration", Slot.integration), nil)
            case 1: return (words("group", "rename", Slot.group, Slot.name, "--integration", Slot.integration), nil)
            case 2: return (words("group", "delete", Slot.group, "--integration", Slot.integration), nil)
            default: return (words("group", "reorder", Slot.group, "--integration", Slot.integration, campaign.pick(["--first", "--last", "--before"]), Slot.group), nil)
            }
        case 20: return (words(campaign.pick(["api", "tool"]), "create", Slot.name, "--integration", Slot.integration, campaign.pick(["--method", "--path", "--input-schema", "--description"]), Slot.json), nil)
        case 21:
            let kind = campaign.pick(["api", "tool"])
            let ref = kind == "api" ? Slot.api : Slot.tool
            switch campaign.int(in: 0...3) {
            case 0: return (words(kind, "move", ref, "--to", Slot.integration), nil)
            case 1: return (words(kind, "edit", ref, "--name", Slot.name, kind == "api" ? "--path" : "--input-schema-file", kind == "api" ? Slot.text : Slot.file), nil)
            case 2: return (words(kind, "delete", ref), nil)
            default: return (words(kind, campaign.pick(["show", "list"]), ref), nil)
            }
        case 22: return (words("connection", "create", Slot.name, "--type", Slot.type, "--integration", Slot.integration, campaign.pick(["--offline", ""])), nil)
        case 23:
            switch campaign.int(in: 0...3) {
            case 0: return (words("connection", "edit", Slot.connection, campaign.pick(["--name", "--type", "--description"]), Slot.text), nil)
            case 1: return (words("connection", campaign.pick(["register", "deregister"]), Slot.connection, "--integration", Slot.integration), nil)
            case 2: return (words("connection", campaign.pick(["status", "reconnect", "disconnect", "show", "delete"]), Slot.connection), nil)
            default: return (words("connection", "list", campaign.pick(["--integration", "--by", "--status"]), campaign.pick([Slot.integration, "type", "offline"] as [Any])), nil)
            }
        case 24: return (words(campaign.pick(["export", "import"]), "create", Slot.name, "--flow", Slot.flow, "--connection", Slot.connection, campaign.pick(["--lookup", ""])), nil)
        case 25:
            let kind = campaign.pick(["export", "import"])
            let ref = kind == "export" ? Slot.export : Slot.import
            switch campaign.int(in: 0...2) {
            case 0: return (words(kind, "edit", ref, campaign.pick(["--connection", "--name", "--description"]), campaign.pick([Slot.connection, Slot.name])), nil)
            case 1: return (words(kind, "delete", ref), nil)
            default: return (words(kind, campaign.pick(["show", "list"]), ref), nil)
            }
        case 26:
            let (ref, pointer, json) = (value(.integration), value(.pointer), value(.json))
            return (words("settings", "set") + [ref, pointer, json], ReadBack.setting(ref: ref, pointer: pointer, json: json))
        case 27: return (words("settings", "set", campaign.pick([Slot.flow, Slot.export, Slot.connection]), "--file", campaign.chance(0.3) ? "-" : campaign.pick(samples.files)), nil)
        case 28: return (words("settings", campaign.pick(["get", "unset", "resolve"]), campaign.pick([Slot.integration, Slot.flow, Slot.import]), Slot.pointer, campaign.pick(["--explain", "--group", ""])), nil)
        case 29: return (words("alias", "create", Slot.alias, "--integration", Slot.integration, "--target", campaign.pick([Slot.flow, Slot.connection, Slot.export]), "--flow", Slot.flow), nil)
        case 30: return (words("alias", campaign.pick(["list", "resolve", "delete"]), Slot.alias, "--integration", Slot.integration), nil)
        case 31: return (words("script", campaign.pick(["list", "show"]), Slot.script, "--integration", Slot.integration), nil)
        case 32: return (words("revision", "snapshot", Slot.integration, "-m", Slot.text), nil)
        case 33: return (words("revision", campaign.pick(["list", "show", "deleted"]), campaign.pick([Slot.revision, Slot.integration])), nil)
        case 34: return (words("revision", "diff", Slot.revision, campaign.pick([Slot.revision, "--current"] as [Any])), nil)
        case 35: return (words("revision", "revert", Slot.revision, campaign.pick(["--before", "--dry-run", ""])), nil)
        case 36: return (words("revision", "pull", Slot.integration, "--from", Slot.integration, campaign.pick(["--take", "--dry-run", "-m"]), campaign.pick(["ours", "theirs", Slot.text] as [Any])), nil)
        case 37: return (words("revision", "restore", Slot.revision, "--name", Slot.name), nil)
        case 38: return (words("audit", campaign.pick(["--since", "--until", "--limit"]), Slot.time, campaign.pick(["--type", "--action", "--source", "--user"]), Slot.kind, campaign.pick(["--csv", "--json", ""])), nil)
        case 39: return (words("audit", campaign.pick(["--integration", "--resource"]), Slot.integration, "--limit", Slot.number), nil)
        case 40: return (words("audit", campaign.pick(["verify", "head"]), campaign.pick(["--head", ""]), campaign.pick(["1:" + String(repeating: "a", count: 64), Slot.text] as [Any])), nil)
        case 41: return (words("user", "add", Slot.user, "--role", Slot.role), nil)
        case 42: return (words("user", campaign.pick(["edit", "remove"]), Slot.user, "--role", Slot.role), nil)
        case 43: return (words("user", campaign.pick(["grant", "revoke"]), Slot.user, "--integration", Slot.integration, "--access", Slot.access), nil)
        case 44:
            switch campaign.int(in: 0...2) {
            case 0: return (words("whoami"), nil)
            case 1: return (words("home", "--view", campaign.pick(["tile", "list", Slot.text] as [Any])), nil)
            default: return (words("user", "list", "--json"), nil)
            }
        case 45: return (words("init", "--owner", Slot.user), nil)
        case 46: return (words("integration", "install", "-", "--dry-run"), nil)
        case 47: return (words("recycle-bin", "list", campaign.pick(["--type", "--integration", "--json"]), campaign.pick([Slot.kind, Slot.integration, "flow"] as [Any])), nil)
        case 48: return (words("recycle-bin", "restore", Slot.entry, campaign.pick(["--name", "--into", ""]), campaign.pick([Slot.name, Slot.integration] as [Any])), nil)
        case 49:
            return campaign.chance(0.5)
                ? (words("recycle-bin", "purge", Slot.entry), nil)
                : (words("recycle-bin", campaign.pick(["purge", "retention"]), campaign.pick(["--older-than", ""]), campaign.pick([Slot.time, Slot.number] as [Any])), nil)
        case 50: return (words("script", "delete", Slot.script, "--integration", Slot.integration), nil)
        default: return (words(campaign.pick(["frobnicate", "integration", "flow", "revision", "step", "grant", "token"]), Slot.text, Slot.text), nil)
        }
    }

    /// Misuses the options: unknown ones, a missing value, a repeated option, `--` early,
    /// help, or the global options before the subcommand.
    private func misuse(_ words: inout [[UInt8]]) {
        switch campaign.int(in: 0...6) {
        case 0: words.append(Array("--frobnicate".utf8))
        case 1: if words.count > 1 { words.removeLast() }
        case 2: words.append(contentsOf: words.suffix(2))
        case 3: words.insert(Array("--".utf8), at: campaign.int(in: 0...words.count))
        case 4: words.append(Array(campaign.pick(["--help", "-h", "--version"]).utf8))
        case 5: words.insert(contentsOf: [Array("--as".utf8), value(.user)], at: 0)
        default: words.append(contentsOf: [Array("--json".utf8), Array("--json".utf8)])
        }
    }
}

/// Read-backs of writes whose values must come back as given.
enum ReadBack {
    /// `integration create` / `flow create` with --json: `show` gives the name (trimmed) and description.
    static func created(name: [UInt8], description: [UInt8]?, kind: String) -> ReadBackCheck {
        { campaign, db, outcome in
            guard let created = try? JSONValue(parsing: outcome.stdoutText), let id = created["_id"]?.stringValue else {
                return "a successful create printed no _id"
            }
            let shown = try campaign.run([kind, "show", id, "--json"], db: db)
            guard shown.code == 0, let object = try? JSONValue(parsing: shown.stdoutText) else { return "show \(id) failed: \(shown.stderr)" }
            let expected = trimmed(String(decoding: name, as: UTF8.self))
            if object["name"]?.stringValue != expected { return "the name reads back as \(object["name"]?.compactText ?? "nothing")" }
            if let description, object["description"]?.stringValue != trimmed(String(decoding: description, as: UTF8.self)),
                object["description"]?.stringValue != String(decoding: description, as: UTF8.self)
            {
                return "the description reads back differently"
            }
            return nil
        }
    }

    /// `integration edit REF --readme-file F`: `show REF --json` gives F's text.
    static func readme(integration: [UInt8], file: String) -> ReadBackCheck {
        { campaign, db, _ in
            let shown = try campaign.runBytes([Array("integration".utf8), Array("show".utf8), integration, Array("--json".utf8)], db: db)
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { return nil }
            guard let object = try? JSONValue(parsing: shown.stdoutText) else { return "show failed: \(shown.stderr)" }
            return object["readme"]?.stringValue == text ? nil : "the readme reads back differently"
        }
    }

    /// `settings set REF POINTER JSON`: `settings get REF POINTER --json` gives the value.
    static func setting(ref: [UInt8], pointer: [UInt8], json: [UInt8]) -> ReadBackCheck {
        { campaign, db, _ in
            guard let expected = try? JSONValue(parsing: String(decoding: json, as: UTF8.self)) else { return nil }
            let got = try campaign.runBytes([Array("settings".utf8), Array("get".utf8), ref, pointer, Array("--json".utf8)], db: db)
            guard got.code == 0, let value = try? JSONValue(parsing: got.stdoutText) else { return "settings get failed: \(got.stderr)" }
            return value == expected ? nil : "the setting reads back as \(value.compactText.prefix(80))"
        }
    }

    private static func trimmed(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }
}
