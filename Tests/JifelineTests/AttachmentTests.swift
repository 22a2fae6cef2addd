import Foundation
import Testing
import TestSupport

@Suite struct AttachmentTests {
    private func uploadURL(_ j: Jifeline, _ note: String, _ filename: String) throws -> String {
        let r = try j.call("POST", "/v2/tickets/note-attachments", #"{"note_id":"\#(note)","filename":"\#(filename)"}"#)
        guard r.status == 200, let url = r.object["signed_url"] as? String else { throw TestFailure("attachment: \(r.status) \(r.text)") }
        return url
    }

    @Test func fullRoundTripReturnsTheSameBytesAndType() throws {
        let j = try Jifeline()
        let note = try j.createNote()["id"] as! String
        let bytes: [UInt8] = [0x25, 0x50, 0x44, 0x46, 0x00, 0xFF, 0x10, 0x0A]
        let url = try uploadURL(j, note, "scan report.pdf")
        #expect(try j.signed("PUT", url, contentType: "application/pdf", body: bytes).status == 200)
        let list = try j.call("GET", "/v2/tickets/note-attachments?note_id=\(note)")
        #expect(list.object["total"] as? Int == 1)
        let download = try #require(dig(list.object, "result", 0, "signed_url") as? String)
        let file = try j.signed("GET", download)
        #expect(file.status == 200)
        #expect(file.body == bytes)
        #expect(file.header("Content-Type") == "application/pdf")
    }

    @Test func createAnswersFilenameNoteAndSignedURL() throws {
        let j = try Jifeline()
        let note = try j.createNote()["id"] as! String
        let r = try j.call("POST", "/v2/tickets/note-attachments", #"{"note_id":"\#(note)","filename":"a.png"}"#)
        #expect(r.status == 200)
        #expect(Set(r.object.keys) == ["filename", "note_id", "signed_url"])
        #expect((r.object["signed_url"] as? String)?.contains("X-Amz-Expires=60") == true)
    }

    @Test func uploadURLExpiresAfterOneMinute() throws {
        let j = try Jifeline()
        try j.setClock(#"{"frozen":true}"#)
        let note = try j.createNote()["id"] as! String
        let url = try uploadURL(j, note, "a.txt")
        try j.setClock(#"{"advance_s":61}"#)
        let r = try j.signed("PUT", url, contentType: "text/plain", body: [1])
        #expect(r.status == 403)
        #expect(r.text.contains("<Code>AccessDenied</Code>"))
        #expect(r.text.contains("Request has expired"))
    }

    @Test func downloadURLLastsEightHours() throws {
        let j = try Jifeline()
        try j.setClock(#"{"frozen":true}"#)
        try j.setClock(#"{"now":"2026-06-01T00:00:00Z"}"#)  // a whole second: X-Amz-Date has no fraction
        let note = try j.createNote()["id"] as! String
        #expect(try j.signed("PUT", try uploadURL(j, note, "a.txt"), contentType: "text/plain", body: [1]).status == 200)
        let download = try j.call("GET", "/v2/tickets/note-attachments/\(note)/a.txt").object["signed_url"] as! String
        try j.setClock(#"{"advance_s":28800}"#)
        #expect(try j.signed("GET", download).status == 200)
        try j.setClock(#"{"advance_s":1}"#)
        #expect(try j.signed("GET", download).status == 403)
    }

    @Test func wrongContentTypeIsSignatureDoesNotMatch() throws {
        let j = try Jifeline()
        let note = try j.createNote()["id"] as! String
        let r = try j.signed("PUT", try uploadURL(j, note, "a.pdf"), contentType: "image/png", body: [1])
        #expect(r.status == 403)
        #expect(r.text.contains("<Code>SignatureDoesNotMatch</Code>"))
    }

    @Test func missingContentTypeIsRefused() throws {
        let j = try Jifeline()
        let note = try j.createNote()["id"] as! String
        #expect(try j.signed("PUT", try uploadURL(j, note, "a.pdf"), body: [1]).status == 403)
    }

    @Test func tamperedURLIsSignatureDoesNotMatch() throws {
        let j = try Jifeline()
        let note = try j.createNote()["id"] as! String
        let url = try uploadURL(j, note, "a.pdf").replacingOccurrences(of: "X-Amz-Expires=60", with: "X-Amz-Expires=6000")
        let r = try j.signed("PUT", url, contentType: "application/pdf", body: [1])
        #expect(r.status == 403)
        #expect(r.text.contains("SignatureDoesNotMatch"))
    }

    @Test func neverUploadedAttachmentIs404AndNotListed() throws {
        let j = try Jifeline()
        let note = try j.createNote()["id"] as! String
        _ = try uploadURL(j, note, "later.txt")
        #expect(try j.call("GET", "/v2/tickets/note-attachments/\(note)/later.txt").status == 404)
        #expect(try j.call("GET", "/v2/tickets/note-attachments?note_id=\(note)").object["total"] as? Int == 0)
    }

    @Test func unknownNoteIs404() throws {
        let j = try Jifeline()
        let r = try j.call("POST", "/v2/tickets/note-attachments", #"{"note_id":"00000000-0000-4000-8000-000000000000","filename":"a.txt"}"#)
        #expect(r.status == 404)
    }

    @Test func filenameWithASlashIs400() throws {
        let j = try Jifeline()
        let note = try j.createNote()["id"] as! String
        #expect(try j.call("POST", "/v2/tickets/note-attachments", #"{"note_id":"\#(note)","filename":"../x"}"#).status == 400)
    }

    @Test func listNeedsNoteID() throws {
        #expect(try Jifeline().call("GET", "/v2/tickets/note-attachments").status == 400)
    }

    @Test func listWithAMalformedNoteIDIs400() throws {
        #expect(try Jifeline().call("GET", "/v2/tickets/note-attachments?note_id=not-a-uuid").status == 400)
    }

    @Test func listOfAnUnknownNoteIs404() throws {
        let r = try Jifeline().call("GET", "/v2/tickets/note-attachments?note_id=00000000-0000-4000-8000-000000000000")
        #expect(r.status == 404)
        #expect(r.object["detail"] as? String == "Note 00000000-0000-4000-8000-000000000000 does not exist")
    }

    @Test func anotherTenantsURLDoesNotOpen() throws {
        let a = try Jifeline(), b = try Jifeline()
        let note = try a.createNote()["id"] as! String
        let url = try uploadURL(a, note, "a.txt").replacingOccurrences(of: a.clientID, with: b.clientID)
        #expect(try a.signed("PUT", url, contentType: "text/plain", body: [1]).status == 403)
    }
}
