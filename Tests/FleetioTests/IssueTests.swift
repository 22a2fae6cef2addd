import Foundation
import Testing
import TestSupport

/// The JSON type of each field of seed 000's Issue example (`number` for ids and counts, `string?` when null is allowed).
private let issueFieldTypes: [String: String] = [
    "id": "number", "created_at": "string", "updated_at": "string", "number": "string", "name": "string", "summary": "string",
    "description": "string?", "state": "string", "reported_at": "string", "reported_by_id": "number?", "reported_by_name": "string?",
    "fault_id": "number?", "due_date": "string?", "due_meter_value": "string?", "due_secondary_meter_value": "number?",
    "overdue": "bool", "vehicle_id": "number", "vehicle_name": "string", "is_sample": "bool", "created_by_workflow": "bool",
    "submitted_inspection_form_id": "number?", "custom_fields": "object", "valid_required_custom_fields": "bool",
    "dtc_alert_id": "number?", "assigned_contacts": "array", "labels": "array", "attachment_permissions": "object",
    "is_watched": "bool", "vehicle_image_url": "string?", "vehicle_image_url_medium": "string?", "vehicle_image_url_small": "string?",
    "vehicle_image_url_large": "string?", "watchers_count": "number", "linked_work_orders": "array", "source": "object",
    "comments": "array", "comments_count": "number", "documents": "array", "documents_count": "number",
    "images": "array", "images_count": "number",
]

private func typeName(_ v: Any) -> String {
    if v is NSNull { return "null" }
    if let n = v as? NSNumber { return String(cString: n.objCType) == "c" ? "bool" : "number" }
    if v is String { return "string" }
    if v is [Any] { return "array" }
    if v is [String: Any] { return "object" }
    return "?"
}

@Suite struct IssueTests {
    @Test func createdIssueHasEverySeedFieldWithItsType() throws {
        let f = try Fleet()
        let issue = try f.createIssue(#","description":"d","due_date":"2026-02-01","due_meter_value":1200,"due_secondary_meter_value":3,"reported_by_id":\#(f.contactIDs[2])"#)
        for (field, type) in issueFieldTypes {
            let value = try #require(issue[field], "missing \(field)")
            let actual = typeName(value)
            let ok = actual == type.replacingOccurrences(of: "?", with: "") || (type.hasSuffix("?") && actual == "null")
            #expect(ok, "\(field): expected \(type), got \(actual)")
        }
    }

    @Test func createAnswers201WithLocation() throws {
        let f = try Fleet()
        let r = try f.post("/api/v1/issues", #"{"vehicle_id":\#(f.vehicleIDs[0]),"summary":"s","reported_at":"2026-01-05T10:00:00Z"}"#)
        #expect(r.status == 201)
        #expect(r.header("Location") == "/fleetio/api/v1/issues/\(r.object["id"] as! Int)")
        #expect(r.object["state"] as? String == "Open")
    }

    @Test func createRequiresVehicleSummaryAndReportedAt() throws {
        let f = try Fleet()
        let r = try f.post("/api/v1/issues", "{}")
        #expect(r.status == 422)
        #expect(r.errors == ["vehicle_id": ["can't be blank"], "summary": ["can't be blank"], "reported_at": ["can't be blank"]])
    }

    @Test func unknownReferencesAre422OnTheirField() throws {
        let f = try Fleet()
        let r = try f.post("/api/v1/issues", #"{"vehicle_id":1,"summary":"s","reported_at":"2026-01-05T10:00:00Z","reported_by_id":2,"fault_id":3,"label_ids":[4],"assigned_contact_ids":[5],"issue_priority_id":6}"#)
        #expect(r.status == 422)
        for field in ["vehicle_id", "reported_by_id", "fault_id", "label_ids", "assigned_contact_ids", "issue_priority_id"] {
            #expect(r.errors[field] == ["does not exist"], "\(field)")
        }
    }

    @Test func duplicateNumberIsTaken() throws {
        let f = try Fleet()
        _ = try f.createIssue(#","number":900"#)
        let r = try f.post("/api/v1/issues", #"{"vehicle_id":\#(f.vehicleIDs[0]),"summary":"s","reported_at":"2026-01-05T10:00:00Z","number":900}"#)
        #expect(r.status == 422)
        #expect(r.errors["number"] == ["has already been taken"])
    }

    @Test func omittedNumberIsTheNextOne() throws {
        let f = try Fleet()
        let a = try f.createIssue(#","number":500"#)
        let b = try f.createIssue()
        #expect(a["number"] as? String == "500")
        #expect(b["number"] as? String == "501")
    }

    @Test func nestedRecordsAreEmbeddedWithCounts() throws {
        let f = try Fleet()
        let issue = try f.createIssue(#","comments_attributes":[{"title":"t","comment":"first"},{"comment":"second"}],"documents_attributes":[{"name":"invoice","file_url":"https://files.example/a.pdf","file_name":"a.pdf","file_mime_type":"application/pdf","file_size":10}],"images_attributes":[{"file_url":"https://files.example/p.jpg","file_mime_type":"image/jpeg"}],"label_ids":[\#(f.labelIDs[0]),\#(f.labelIDs[1])],"assigned_contact_ids":[\#(f.contactIDs[0])]"#)
        #expect(issue["comments_count"] as? Int == 2)
        #expect((issue["comments"] as? [[String: Any]])?.map { $0["comment"] as? String } == ["first", "second"])
        #expect(dig(issue, "comments", 0, "commentable_type") as? String == "Issue")
        #expect(dig(issue, "comments", 0, "commentable_id") as? Int == issue["id"] as? Int)
        #expect(issue["documents_count"] as? Int == 1)
        #expect(dig(issue, "documents", 0, "documentable_type") as? String == "Issue")
        #expect(dig(issue, "documents", 0, "file_name") as? String == "a.pdf")
        #expect(issue["images_count"] as? Int == 1)
        #expect(dig(issue, "images", 0, "full_url") as? String == "https://files.example/p.jpg")
        #expect((issue["labels"] as? [[String: Any]])?.count == 2)
        #expect(dig(issue, "assigned_contacts", 0, "id") as? Int == f.contactIDs[0])
        #expect(dig(issue, "assigned_contacts", 0, "attachment_permissions", "read_photos") as? Bool == true)
    }

    /// Rails stores a has-many link once: the same label twice is one label.
    @Test func aLabelGivenTwiceIsStoredOnce() throws {
        let f = try Fleet()
        let issue = try f.createIssue(#","label_ids":[\#(f.labelIDs[0]),\#(f.labelIDs[0])]"#)
        #expect((issue["labels"] as? [[String: Any]])?.compactMap { $0["id"] as? Int } == [f.labelIDs[0]])
    }

    /// Documents and images are kinds of their own with ids of their own: the first of each never share an id.
    @Test func documentsAndImagesNeverShareAnID() throws {
        let f = try Fleet()
        let issue = try f.createIssue(#","documents_attributes":[{"file_url":"https://files.example/a.pdf"}],"images_attributes":[{"file_url":"https://files.example/p.jpg"}]"#)
        let document = try #require(dig(issue, "documents", 0, "id") as? Int)
        let image = try #require(dig(issue, "images", 0, "id") as? Int)
        #expect(document != image)
    }

    /// Fleetio writes a whole number as one (`7`), not as a float (`7.0`).
    @Test func aWholeSecondaryMeterValueIsWrittenWithoutAFraction() throws {
        let f = try Fleet()
        let r = try f.post("/api/v1/issues", #"{"vehicle_id":\#(f.vehicleIDs[0]),"summary":"s","reported_at":"2026-01-05T10:00:00Z","due_secondary_meter_value":7.0}"#)
        #expect(r.status == 201)
        #expect(r.text.contains(#""due_secondary_meter_value":7,"#) || r.text.contains(#""due_secondary_meter_value":7}"#), "\(r.text)")
        let fraction = try f.post("/api/v1/issues", #"{"vehicle_id":\#(f.vehicleIDs[0]),"summary":"s","reported_at":"2026-01-05T10:00:00Z","due_secondary_meter_value":7.5}"#)
        #expect(fraction.text.contains(#""due_secondary_meter_value":7.5"#))
    }

    @Test func nestedCommentWithoutTextIs422() throws {
        let f = try Fleet()
        let r = try f.post("/api/v1/issues", #"{"vehicle_id":\#(f.vehicleIDs[0]),"summary":"s","reported_at":"2026-01-05T10:00:00Z","comments_attributes":[{"title":"only"}]}"#)
        #expect(r.status == 422)
        #expect(r.errors["comments.comment"] == ["can't be blank"])
    }

    @Test func failedCreateLeavesNothingBehind() throws {
        let f = try Fleet()
        let before = try f.get("/api/v1/comments").header("X-Pagination-Total-Count")
        _ = try f.post("/api/v1/issues", #"{"vehicle_id":\#(f.vehicleIDs[0]),"summary":"s","reported_at":"2026-01-05T10:00:00Z","number":1,"comments_attributes":[{"comment":"c"}]}"#)
        #expect(try f.get("/api/v1/comments").header("X-Pagination-Total-Count") == before)
    }

    @Test func meterEntryUpdatesTheVehicle() throws {
        let f = try Fleet()
        _ = try f.createIssue(#","meter_entry_attributes":{"value":"108043","void":false}"#)
        let v = try f.get("/api/v1/vehicles/\(f.vehicleIDs[0])")
        #expect(v.object["primary_meter_value"] as? String == "108043")
    }

    @Test func v2CreateNeedsAssetTypeAndID() throws {
        let f = try Fleet()
        let r = try f.post("/api/v2/issues", #"{"vehicle_id":\#(f.vehicleIDs[0]),"summary":"s","reported_at":"2026-01-05T10:00:00Z"}"#)
        #expect(r.status == 422)
        #expect(r.errors["asset_type"] == ["can't be blank"])
        #expect(r.errors["asset_id"] == ["can't be blank"])
    }

    @Test func v2CreateOnAVehicleFillsVehicleAndAsset() throws {
        let f = try Fleet()
        let r = try f.post("/api/v2/issues", #"{"asset_type":"Vehicle","asset_id":\#(f.vehicleIDs[1]),"summary":"s","reported_at":"2026-01-05T10:00:00Z"}"#)
        #expect(r.status == 201)
        #expect(r.object["asset_type"] as? String == "Vehicle")
        #expect(r.object["asset_id"] as? Int == f.vehicleIDs[1])
        #expect(r.object["vehicle_id"] as? Int == f.vehicleIDs[1])
    }

    @Test func v2CreateRejectsAnUnknownAssetType() throws {
        let f = try Fleet()
        let r = try f.post("/api/v2/issues", #"{"asset_type":"Boat","asset_id":1,"summary":"s","reported_at":"2026-01-05T10:00:00Z"}"#)
        #expect(r.errors["asset_type"] == ["is not included in the list"])
    }

    @Test func patchToResolvedSetsResolvedAt() throws {
        let f = try Fleet()
        let id = try f.createIssue()["id"] as! Int
        let r = try f.patch("/api/v1/issues/\(id)", #"{"state":"Resolved"}"#)
        #expect(r.status == 200)
        #expect(r.object["state"] as? String == "Resolved")
        #expect(r.object["resolved_at"] is String)
        #expect(r.object["closed_at"] is NSNull)
    }

    @Test func patchToClosedThenOpenClearsTheTimes() throws {
        let f = try Fleet()
        let id = try f.createIssue()["id"] as! Int
        #expect(try f.patch("/api/v1/issues/\(id)", #"{"state":"Closed"}"#).object["closed_at"] is String)
        let r = try f.patch("/api/v1/issues/\(id)", #"{"state":"Open"}"#)
        #expect(r.object["closed_at"] is NSNull)
        #expect(r.object["resolved_at"] is NSNull)
    }

    @Test func patchWithAnUnknownStateIs422() throws {
        let f = try Fleet()
        let id = try f.createIssue()["id"] as! Int
        let r = try f.patch("/api/v1/issues/\(id)", #"{"state":"Done"}"#)
        #expect(r.status == 422)
        #expect(r.errors["state"] == ["is not included in the list"])
    }

    @Test func patchChangesOnlyWhatItNames() throws {
        let f = try Fleet()
        let issue = try f.createIssue(#","description":"keep me""#)
        let r = try f.patch("/api/v1/issues/\(issue["id"] as! Int)", #"{"summary":"new"}"#)
        #expect(r.object["summary"] as? String == "new")
        #expect(r.object["description"] as? String == "keep me")
    }

    @Test func deleteIs204AndTheIssueIsGone() throws {
        let f = try Fleet()
        let id = try f.createIssue()["id"] as! Int
        let r = try f.delete("/api/v1/issues/\(id)")
        #expect(r.status == 204)
        #expect(r.body.isEmpty)
        #expect(try f.get("/api/v1/issues/\(id)").status == 404)
    }

    @Test func unknownIssueIs404Problem() throws {
        let f = try Fleet()
        let r = try f.get("/api/v1/issues/999999999")
        #expect(r.status == 404)
        #expect(r.object["status"] as? Int == 404)
        #expect(r.object["instance"] as? String == "/api/v1/issues/999999999")
    }

    @Test func overdueFollowsTheSimulatedClock() throws {
        let f = try Fleet()
        try f.setClock(#"{"now":"2026-03-01T00:00:00Z"}"#)
        let id = try f.createIssue(#","due_date":"2026-03-10""#)["id"] as! Int
        #expect(try f.get("/api/v1/issues/\(id)").object["overdue"] as? Bool == false)
        try f.setClock(#"{"now":"2026-03-11T00:00:00Z"}"#)
        #expect(try f.get("/api/v1/issues/\(id)").object["overdue"] as? Bool == true)
    }

    @Test func dueDateTimeIsAnsweredAsADate() throws {
        let f = try Fleet()
        let issue = try f.createIssue(#","due_date":"2023-03-14T13:46:27-06:00""#)
        #expect(issue["due_date"] as? String == "2023-03-14")
    }

    @Test func malformedJSONIs400() throws {
        let f = try Fleet()
        let r = try f.post("/api/v1/issues", "{not json")
        #expect(r.status == 400)
        #expect(r.object["title"] as? String == "Bad Request")
    }

    @Test func getIgnoresANullBody() throws {
        let f = try Fleet()
        let r = try f.call("GET", "/api/v1/issues", "null")
        #expect(r.status == 200)
    }

    @Test func unknownFieldsAreIgnored() throws {
        let f = try Fleet()
        let issue = try f.createIssue(#","colour":"red""#)
        #expect(issue["colour"] == nil)
    }

    @Test func aPatchNamingNoKnownFieldChangesNothingNotEvenUpdatedAt() throws {
        let f = try Fleet()
        let before = try f.get("/api/v1/issues/1100001").text
        usleep(5_000)
        let r = try f.patch("/api/v1/issues/1100001", #"{"nonsense":1,"ticket":{"title":"x"}}"#)
        #expect(r.status == 200)
        #expect(try f.get("/api/v1/issues/1100001").text == before)
    }

}
