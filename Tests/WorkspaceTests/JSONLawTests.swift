import Testing

@testable import Workspace
@testable import WorkspaceStore

/// Random JSON documents for property-style tests (seeded, so a failure repeats).
struct RandomJSON {
    var state: UInt64

    mutating func next(_ bound: Int) -> Int {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int((state >> 33) % UInt64(bound))
    }

    mutating func value(depth: Int = 0) -> JSONValue {
        switch next(depth > 2 ? 6 : 8) {
        case 0: return .null
        case 1: return .bool(next(2) == 0)
        case 2: return .int(Int64(next(2_000)) - 1_000)
        case 3: return .double(Double(next(10_000)) / 64)
        case 4, 5: return .string(["", "a", "é/~x", "line\nbreak", "\"q\"", "tab\t", "😀"][next(7)])
        case 6: return .array((0..<next(4)).map { _ in value(depth: depth + 1) })
        default: return .object(object(depth: depth + 1))
        }
    }

    mutating func object(depth: Int = 0) -> JSONObject {
        var object = JSONObject()
        for _ in 0..<next(5) { object[["a", "b", "c", "d/e", "f~g", ""][next(6)]] = value(depth: depth + 1) }
        return object
    }
}

@Suite struct JSONPointerTests {
    static let document = try! JSONValue(
        parsing: #"{"foo": ["bar", "baz"], "": 0, "a/b": 1, "c%d": 2, "e^f": 3, "g|h": 4, "i\\j": 5, "k\"l": 6, " ": 7, "m~n": 8}"#)

    @Test(arguments: [
        ("/foo", #"["bar","baz"]"#), ("/foo/0", #""bar""#), ("/", "0"), ("/a~1b", "1"), ("/c%d", "2"), ("/e^f", "3"),
        ("/g|h", "4"), (#"/i\j"#, "5"), (#"/k"l"#, "6"), ("/ ", "7"), ("/m~0n", "8"),
    ])
    func rfc6901Examples(pointer: String, expected: String) throws {
        let parsed = try JSONPointer(parsing: pointer)
        #expect(Self.document.value(at: parsed) == (try JSONValue(parsing: expected)))
        #expect(parsed.description == pointer)
    }

    /// RFC 6901 reads a pointer by code points: a "/" or an escape followed by a combining mark
    /// or a modifier (one character to Swift) is still a separator or an escape.
    @Test func separatorsAndEscapesBeforeCombiningMarks() throws {
        #expect(try JSONPointer(parsing: "/\u{1F3FB}~1").tokens == ["\u{1F3FB}/"], "a pointer whose first / has a modifier after it")
        let pointer = try JSONPointer(parsing: "/~1\u{1F3FB}/\u{301}x/~0\u{301}")
        #expect(pointer.tokens == ["/\u{1F3FB}", "\u{301}x", "~\u{301}"])
        #expect(pointer.description == "/~1\u{1F3FB}/\u{301}x/~0\u{301}")
    }

    @Test func theEmptyPointerIsTheDocument() throws {
        #expect(Self.document.value(at: try JSONPointer(parsing: "")) == Self.document)
    }

    @Test(arguments: ["a", "/~2", "/a~", "foo/bar"])
    func refusesMalformedPointers(text: String) {
        #expect(throws: WorkspaceError.self) { try JSONPointer(parsing: text) }
    }

    @Test func setCreatesParentsAndRefusesScalars() throws {
        let document: JSONValue = ["list": [1, 2], "name": "x"]
        let set = try document.setting(true, at: JSONPointer(parsing: "/a/b/c"))
        #expect(set["a"] == ["b": ["c": true]])
        #expect(try document.setting(3, at: JSONPointer(parsing: "/list/-"))["list"] == [1, 2, 3])
        #expect(try document.setting(9, at: JSONPointer(parsing: "/list/0"))["list"] == [9, 2])
        #expect(throws: WorkspaceError.self) { try document.setting(1, at: JSONPointer(parsing: "/name/x")) }
        #expect(throws: WorkspaceError.self) { try document.setting(1, at: JSONPointer(parsing: "/list/5")) }
        #expect(throws: WorkspaceError.self) { try document.setting(1, at: JSONPointer(parsing: "/list/01")) }
        #expect(document.removing(at: try JSONPointer(parsing: "/name")) == ["list": [1, 2]])
        #expect(document.removing(at: try JSONPointer(parsing: "/nothing")) == nil)
    }

    @Test func pointersRoundTripThroughEscapes() throws {
        var random = RandomJSON(state: 7)
        for _ in 0..<200 {
            let tokens = (0..<random.next(4)).map { _ in ["a", "~", "/", "~1", "é", "", "0"][random.next(7)] }
            let pointer = JSONPointer(tokens: tokens)
            #expect(try JSONPointer(parsing: pointer.description) == pointer)
        }
    }
}

@Suite struct MergePatchTests {
    /// RFC 7386, Appendix A.
    @Test(arguments: [
        (#"{"a":"b"}"#, #"{"a":"c"}"#, #"{"a":"c"}"#),
        (#"{"a":"b"}"#, #"{"b":"c"}"#, #"{"a":"b","b":"c"}"#),
        (#"{"a":"b"}"#, #"{"a":null}"#, #"{}"#),
        (#"{"a":"b","b":"c"}"#, #"{"a":null}"#, #"{"b":"c"}"#),
        (#"{"a":["b"]}"#, #"{"a":"c"}"#, #"{"a":"c"}"#),
        (#"{"a":"c"}"#, #"{"a":["b"]}"#, #"{"a":["b"]}"#),
        (#"{"a":{"b":"c"}}"#, #"{"a":{"b":"d","c":null}}"#, #"{"a":{"b":"d"}}"#),
        (#"{"a":[{"b":"c"}]}"#, #"{"a":[1]}"#, #"{"a":[1]}"#),
        (#"["a","b"]"#, #"["c","d"]"#, #"["c","d"]"#),
        (#"{"a":"b"}"#, #"["c"]"#, #"["c"]"#),
        (#"{"a":"foo"}"#, "null", "null"),
        (#"{"a":"foo"}"#, #""bar""#, #""bar""#),
        (#"{"e":null}"#, #"{"a":1}"#, #"{"e":null,"a":1}"#),
        (#"[1,2]"#, #"{"a":"b","c":null}"#, #"{"a":"b"}"#),
        (#"{}"#, #"{"a":{"bb":{"ccc":null}}}"#, #"{"a":{"bb":{}}}"#),
    ])
    func rfc7386Examples(target: String, patch: String, result: String) throws {
        #expect(try JSONValue(parsing: target).merging(JSONValue(parsing: patch)) == JSONValue(parsing: result))
    }

    @Test func applyingAPatchTwiceChangesNothingMore() {
        var random = RandomJSON(state: 42)
        for _ in 0..<500 {
            let target = JSONValue.object(random.object())
            let patch = JSONValue.object(random.object())
            let once = target.merging(patch)
            #expect(once.merging(patch) == once)
        }
    }

    @Test func textRoundTripsForRandomDocuments() throws {
        var random = RandomJSON(state: 1)
        for _ in 0..<500 {
            let value = random.value()
            #expect(try JSONValue(parsing: value.compactText) == value)
            #expect(try JSONValue(parsing: value.prettyText) == value)
        }
    }

    @Test func leafChangesAreEmptyExactlyForEqualDocuments() {
        var random = RandomJSON(state: 9)
        for _ in 0..<500 {
            let a = JSONValue.object(random.object())
            let b = random.next(3) == 0 ? a : JSONValue.object(random.object())
            #expect(JSONValue.leafChanges(from: a, to: b).isEmpty == (a == b))
        }
    }
}
