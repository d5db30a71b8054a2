import Testing

@testable import Workspace
@testable import WorkspaceStore

@Suite struct JSONTests {
    @Test(arguments: [
        "null", "true", "false", "0", "-12", "9223372036854775807", "1.5", "-0.25", "1e+300", "\"a\\\"b\\\\c\\n\"",
        "[]", "{}", "[1,2.5,\"x\",null,true]", "{\"b\":1,\"a\":{\"z\":[],\"y\":{}}}", "\"\\u0001\"",
    ])
    func compactTextRoundTrips(text: String) throws {
        let value = try JSONValue(parsing: text)
        #expect(value.compactText == text)
        #expect(try JSONValue(parsing: value.prettyText) == value)
    }

    @Test func keepsIntegersDecimalsAndBooleansApart() throws {
        let value = try JSONValue(parsing: #"[1, 1.0, true, 0, false]"#)
        #expect(value == .array([.int(1), .double(1), .bool(true), .int(0), .bool(false)]))
        #expect(value.compactText == "[1,1.0,true,0,false]")
    }

    @Test func keepsKeyOrder() throws {
        let value = try JSONValue(parsing: #"{"z":1,"a":2,"m":3}"#)
        #expect(value.objectValue?.keys == ["z", "a", "m"])
    }

    @Test func decodesEscapesAndSurrogatePairs() throws {
        #expect(try JSONValue(parsing: #""\u00e9\ud83d\ude00\/""#) == .string("é😀/"))
    }

    @Test(arguments: [
        "", "{", "[1,]", "{\"a\":1,}", "01", "1.", ".5", "+1", "tru", "\"\u{01}\"", "\"\\x\"", "\"\\ud800\"",
        "{a:1}", "[1] 2", "\"abc", "1e", "\"\\u12G4\"",
    ])
    func refusesMalformedText(text: String) {
        #expect(throws: WorkspaceError.self) { try JSONValue(parsing: text) }
        do {
            _ = try JSONValue(parsing: text)
        } catch let error as WorkspaceError {
            #expect(error.kind == .invalid)
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func refusesDeepNesting() {
        let deep = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        #expect(throws: WorkspaceError.self) { try JSONValue(parsing: deep) }
    }

    @Test func bigIntegersBecomeDecimals() throws {
        #expect(try JSONValue(parsing: "123456789012345678901234") == .double(1.2345678901234568e23))
    }
}

@Suite struct IdentityTests {
    @Test func idsAreTwentyFourHexDigitsPrefixedWithTheTime() {
        let id = ResourceID.make(at: 1_700_000_000_123)
        #expect(id.count == 24)
        #expect(id.allSatisfy { $0.isHexDigit && !$0.isUppercase })
        #expect(id.hasPrefix(String(1_700_000_000, radix: 16)))
        #expect(ResourceID.make(at: 0) != ResourceID.make(at: 0))
    }

    @Test func formatsTimesAsISO8601() {
        #expect(Timestamp.iso8601(0) == "1970-01-01T00:00:00.000Z")
        #expect(Timestamp.iso8601(1_795_000_000_007) == "2026-11-18T11:06:40.007Z")
        #expect(Timestamp.iso8601(951_782_400_000) == "2000-02-29T00:00:00.000Z")
    }
}
