import Testing
import UnderstudyCore

/// The JSON value type: compact serialisation with escapes, and the parser it must round-trip through.
@Suite struct JSONTests {
    @Test func stringsAreEscapedAsRFC8259Requires() {
        let s: JSON = .string("a\"b\\c\nd\re\tf\u{1}g/é😀")
        #expect(s.text == #""a\"b\\c\nd\re\tf\u0001g/é😀""#)
    }

    @Test func textWithoutEscapesIsCopiedUnchanged() {
        let long = String(repeating: "plain text, nothing to escape; ", count: 40)
        #expect(JSON.string(long).text == "\"" + long + "\"")
        #expect(JSON.string("").text == #""""#)
    }

    @Test func escapesAtTheEdgesOfAString() {
        #expect(JSON.string("\"").text == #""\"""#)
        #expect(JSON.string("\nx\n").text == #""\nx\n""#)
    }

    @Test func objectsKeepTheirOrderAndNestCompactly() {
        let v: JSON = ["b": 1, "a": ["x": [true, .null, 2.5]], "c": "d"]
        #expect(v.text == #"{"b":1,"a":{"x":[true,null,2.5]},"c":"d"}"#)
    }

    @Test(arguments: [
        #"{"a":"x\"y\\z\n\u0001é😀","b":[1,-2,3.5,true,false,null],"c":{}}"#,
        #"["\ud83d\ude00",{"k":[[],[{}]]}]"#,
    ])
    func parsingThenSerialisingRoundTrips(_ text: String) throws {
        let once = try JSONParser.parse(Array(text.utf8))
        let twice = try JSONParser.parse(once.bytes)
        #expect(once == twice)
    }

    @Test func aSurrogatePairEscapeBecomesOneCharacter() throws {
        #expect(try JSONParser.parse(Array(#""\ud83d\ude00""#.utf8)) == .string("😀"))
    }

    @Test(arguments: [#"{"a":}"#, #"[1,]"#, #""open"#, "tru", #"{"a" 1}"#, "01", #""\x""#, ""])
    func malformedTextIsRejected(_ text: String) {
        #expect(throws: (any Error).self) { try JSONParser.parse(Array(text.utf8)) }
    }
}
