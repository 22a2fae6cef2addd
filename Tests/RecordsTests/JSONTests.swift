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

    @Test func integersAreWrittenInDecimalAtEveryMagnitude() {
        for i in [0, 7, -7, 10, 99, 100, -100, 1_234_567_890, Int.max, Int.min] {
            #expect(JSON.int(i).text == String(i))
        }
        #expect(JSON.array([1, -20, 300]).text == "[1,-20,300]")
    }

    @Test func integersAreReadAtEveryMagnitude() throws {
        for i in [0, 7, -7, 10, -100, 123_456_789_012_345_678, -999_999_999_999_999_999, 1_234_567_890_123_456_789, Int.max, Int.min] {
            #expect(try JSONParser.parse(String(i)) == .int(i), "\(i)")
        }
        #expect(try JSONParser.parse("-0") == .int(0))
    }

    @Test func anIntegerTooBigForAnIntIsReadAsADouble() throws {
        #expect(try JSONParser.parse("9223372036854775808") == .double(9_223_372_036_854_775_808))
        #expect(try JSONParser.parse("-92233720368547758080") == .double(-92_233_720_368_547_758_080))
    }

    @Test func literalsAreReadWholeOrRejected() throws {
        #expect(try JSONParser.parse("[true,false,null]") == [true, false, .null])
        for text in ["nul", "nulL", "truth", "fals", "[t]"] {
            #expect(throws: JSONParseError.self) { try JSONParser.parse(text) }
        }
    }

    @Test func membersAreFoundSetAndRemovedByTheirExactName() {
        var o: JSON = ["id": 1, "ids": 2, "di": 3, "caf\u{E9}": 4]
        #expect(o["ids"] == 2 && o["di"] == 3 && o["i"] == nil && o["idss"] == nil)
        #expect(o["cafe\u{301}"] == nil)   // canonically equivalent, other code units
        o.set("ids", 5)
        o.remove("id")
        #expect(o == ["ids": 5, "di": 3, "caf\u{E9}": 4])
    }

    @Test func aValueLongerThanTheFirstBufferIsWrittenWhole() throws {
        let long = String(repeating: "ab\"c\n", count: 500)
        let value: JSON = ["s": .string(long), "list": .array((0..<300).map { JSON.int($0 * 1_000_003) }), "d": 2.5]
        let text = value.text
        #expect(text.utf8.count > 4 * 1024)
        #expect(try JSONParser.parse(Array(text.utf8)) == value)
        #expect(value.bytes == Array(text.utf8))
    }

    @Test func anEscapeAtAnyPositionOfALongStringIsFound() throws {
        for special in ["\"", "\\", "\n", "\u{01}", "\u{1F}"] {
            for position in 0..<20 {
                var text = String(repeating: "\u{E9}x", count: 10)
                text.insert(contentsOf: special, at: text.index(text.startIndex, offsetBy: position))
                let written = JSON.string(text).text
                #expect(try JSONParser.parse(Array(written.utf8)) == .string(text), "\(position)")
                #expect(!written.utf8.contains { $0 < 0x20 })
            }
        }
        #expect(JSON.string("~\u{7F}\u{80}").text == "\"~\u{7F}\u{80}\"")
    }

    @Test func aSurrogatePairEscapeBecomesOneCharacter() throws {
        #expect(try JSONParser.parse(Array(#""\ud83d\ude00""#.utf8)) == .string("😀"))
    }

    @Test(arguments: [#"{"a":}"#, #"[1,]"#, #""open"#, "tru", #"{"a" 1}"#, "01", #""\x""#, ""])
    func malformedTextIsRejected(_ text: String) {
        #expect(throws: (any Error).self) { try JSONParser.parse(Array(text.utf8)) }
    }
}
