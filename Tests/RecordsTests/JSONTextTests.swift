import HTTP1
import Testing
import UnderstudyCore

/// Answers written value by value (``JSONText``): the same text a tree would serialise to, commas and all.
@Suite struct JSONTextTests {
    static func text(_ write: (inout JSONText) -> Void) -> String {
        var out = JSONText()
        write(&out)
        return String(decoding: out.bytes, as: UTF8.self)
    }

    @Test func nestedObjectsAndArraysGetTheirCommas() {
        let written = Self.text { out in
            out.beginObject()
            out.member("a", 1)
            out.name("b")
            out.beginArray()
            out.value(true)
            out.beginObject()
            out.endObject()
            out.beginArray()
            out.endArray()
            out.value(.null)
            out.endArray()
            out.name("c")
            out.beginObject()
            out.member("d", "e")
            out.endObject()
            out.endObject()
        }
        #expect(written == #"{"a":1,"b":[true,{},[],null],"c":{"d":"e"}}"#)
    }

    @Test func writtenTextIsWhatTheSameTreeSerialisesTo() {
        let tree: JSON = ["id": 7, "name": "x\"y\n", "tags": ["a", 2.5], "nested": ["k": [:]]]
        let written = Self.text { out in
            out.beginObject()
            for (name, value) in tree.object ?? [] { out.member(name, value) }
            out.endObject()
        }
        #expect(written == tree.text)
    }

    @Test func namesAreEscapedLikeStrings() {
        #expect(Self.text { out in
            out.beginObject()
            out.member("a\"b", 1)
            out.endObject()
        } == #"{"a\"b":1}"#)
    }

    @Test func membersCopyTheDocumentsValuesInTheOrderNamed() {
        let doc: JSON = ["id": 1, "title": "t", "status": "open", "extra": 9]
        let names: MemberNames = ["status", "id", "title"]
        #expect(Self.text { out in
            out.beginObject()
            out.members(names, of: doc)
            out.endObject()
        } == #"{"status":"open","id":1,"title":"t"}"#)
    }

    @Test func theSameMembersAsATreeSerialiseToTheSameText() {
        let doc: JSON = ["id": 1, "title": "t", "status": "open", "extra": 9]
        let names: MemberNames = ["status", "missing", "id"]
        #expect(JSON.members(names, of: doc) == ["status": "open", "missing": .null, "id": 1])
        #expect(JSON.members(names, of: doc).text == Self.text { out in
            out.beginObject()
            out.members(names, of: doc)
            out.endObject()
        })
    }

    @Test func membersTheDocumentLacksAreNull() {
        let names: MemberNames = ["id", "missing"]
        #expect(Self.text { out in
            out.beginObject()
            out.members(names, of: ["id": 1])
            out.member("after", 2)
            out.endObject()
        } == #"{"id":1,"missing":null,"after":2}"#)
        #expect(Self.text { out in
            out.beginObject()
            out.members(names, of: "not an object")
            out.endObject()
        } == #"{"id":null,"missing":null}"#)
    }

    @Test func aLongTextGrowsItsBuffer() {
        let long = String(repeating: "x", count: 5000)
        #expect(Self.text { out in
            out.beginArray()
            out.value(.string(long))
            out.value(.string(long))
            out.endArray()
        } == "[\"\(long)\",\"\(long)\"]")
    }

    @Test func aWrittenAnswerIsWrittenWhenSettled() {
        let counter = Counter()
        var r = JSONResponse.written(201) { out in
            counter.add()
            out.beginObject()
            out.member("ok", true)
            out.endObject()
        }
        #expect(counter.value == 0)
        #expect(r.status == 201)
        #expect(r.headers["Content-Type"] == "application/json; charset=utf-8")
        r.settle()
        #expect(counter.value == 1)
        #expect(String(decoding: r.body, as: UTF8.self) == #"{"ok":true}"#)
    }

    @Test func aWritingAnswerIsWrittenAtOnceAndPassesOnItsError() {
        struct Refused: Error {}
        let r = JSONResponse.writing(200) { out in
            out.beginArray()
            out.value(1)
            out.endArray()
        }
        #expect(r.isSettled)
        #expect(String(decoding: r.body, as: UTF8.self) == "[1]")
        #expect(throws: Refused.self) {
            try JSONResponse.writing(200) { (out: inout JSONText) throws(Refused) in
                out.beginArray()
                throw Refused()
            }
        }
    }
}

/// Counts calls from a `@Sendable` closure.
private final class Counter: @unchecked Sendable {
    private(set) var value = 0
    func add() { value += 1 }
}
