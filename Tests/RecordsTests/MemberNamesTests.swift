import Testing
import UnderstudyCore

/// Members copied from stored documents by name (``JSON/members(_:of:)``), as every view does.
@Suite struct MemberNamesTests {
    @Test func membersCopyTheDocumentsValuesInTheOrderNamed() {
        let doc: JSON = ["id": 1, "title": "t", "status": "open", "extra": 9]
        let names: MemberNames = ["status", "id", "title"]
        #expect(JSON.members(names, of: doc).text == #"{"status":"open","id":1,"title":"t"}"#)
    }

    @Test func membersTheDocumentLacksAreNull() {
        let names: MemberNames = ["status", "missing", "id"]
        #expect(JSON.members(names, of: ["id": 1, "status": "open"]) == ["status": "open", "missing": .null, "id": 1])
    }

    @Test func membersOfSomethingThatIsNoObjectAreAllNull() {
        #expect(JSON.members(["id", "missing"], of: "not an object").text == #"{"id":null,"missing":null}"#)
    }
}
