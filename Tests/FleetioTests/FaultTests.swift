import Foundation
import Testing
import TestSupport

@Suite struct FaultTests {
    private func body(_ f: Fleet, _ extra: String = "") -> String {
        #"{"vehicle_id":\#(f.vehicleIDs[0]),"code":"\#(f.ruleCodes[0])"\#(extra)}"#
    }

    @Test func createdFaultHasEverySeedField() throws {
        let f = try Fleet()
        let r = try f.post("/api/v1/faults", body(f))
        #expect(r.status == 201)
        let expected = ["id", "created_at", "updated_at", "account_id", "vehicle_id", "code", "count", "description", "external_id",
                        "last_occurred_at", "name", "status", "source", "vehicle_archived_at", "fault_rule_id", "is_sample", "idempotency_key"]
        #expect(Set(r.object.keys) == Set(expected))
        #expect(r.object["status"] as? String == "open")
        #expect(r.object["count"] as? Int == 1)
        #expect(r.object["fault_rule_id"] is Int)
    }

    @Test func codeMustMatchAFaultRule() throws {
        let f = try Fleet()
        let r = try f.post("/api/v1/faults", #"{"vehicle_id":\#(f.vehicleIDs[0]),"code":"NOT-A-RULE"}"#)
        #expect(r.status == 422)
        #expect(r.errors["code"] == ["does not match any fault rule"])
    }

    @Test func vehicleAndCodeAreRequired() throws {
        let f = try Fleet()
        let r = try f.post("/api/v1/faults", "{}")
        #expect(r.errors == ["vehicle_id": ["can't be blank"], "code": ["can't be blank"]])
    }

    @Test(arguments: ["name", "external_id", "code"])
    func textFieldsAreLimitedTo255Characters(_ field: String) throws {
        let f = try Fleet()
        let long = String(repeating: "x", count: 256)
        let json = field == "code" ? #"{"vehicle_id":\#(f.vehicleIDs[0]),"code":"\#(long)"}"# : body(f, #","\#(field)":"\#(long)""#)
        let r = try f.post("/api/v1/faults", json)
        #expect(r.status == 422)
        #expect(r.errors[field] == ["is too long (maximum is 255 characters)"])
    }

    /// An update is checked like a create: a 256-character name is too long, and a 255-character code that names
    /// no fault rule is refused on `code`; the fault is unchanged either way.
    @Test(arguments: [("name", String(repeating: "n", count: 256), "is too long (maximum is 255 characters)"),
                      ("code", String(repeating: "C", count: 255), "does not match any fault rule"),
                      ("code", String(repeating: "C", count: 256), "is too long (maximum is 255 characters)")])
    func anUpdateAppliesTheCreateRules(_ field: String, _ value: String, _ message: String) throws {
        let f = try Fleet()
        let created = try f.post("/api/v1/faults", body(f))
        let id = try #require(created.object["id"] as? Int)
        let r = try f.patch("/api/v1/faults/\(id)", #"{"\#(field)":"\#(value)"}"#)
        #expect(r.status == 422)
        #expect(r.errors[field] == [message])
        let after = try f.get("/api/v1/faults/\(id)")
        #expect(after.object["code"] as? String == created.object["code"] as? String)
        #expect(after.object["name"] as? String == created.object["name"] as? String)
    }

    @Test func exactly255CharactersAreAccepted() throws {
        let f = try Fleet()
        #expect(try f.post("/api/v1/faults", body(f, #","name":"\#(String(repeating: "x", count: 255))""#)).status == 201)
    }

    @Test func statusMustBeInTheEnum() throws {
        let f = try Fleet()
        let r = try f.post("/api/v1/faults", body(f, #","status":"fixed""#))
        #expect(r.errors["status"] == ["is not included in the list"])
    }

    @Test func countMustBeAtLeastOne() throws {
        let f = try Fleet()
        let r = try f.post("/api/v1/faults", body(f, #","count":0"#))
        #expect(r.errors["count"] == ["must be greater than or equal to 1"])
    }

    @Test func idempotencyKeyReturnsTheFirstFault() throws {
        let f = try Fleet()
        let first = try f.post("/api/v1/faults", body(f, #","idempotency_key":"once","count":2"#))
        let total = try f.get("/api/v1/faults").header("X-Pagination-Total-Count")
        let again = try f.post("/api/v1/faults", body(f, #","idempotency_key":"once","count":7"#))
        #expect(again.status == 201)
        #expect(again.object["id"] as? Int == first.object["id"] as? Int)
        #expect(again.object["count"] as? Int == 2)
        #expect(try f.get("/api/v1/faults").header("X-Pagination-Total-Count") == total)
    }

    @Test func listFiltersByStatusInclude() throws {
        let f = try Fleet()
        let page = try f.get("/api/faults?filter[status][include]=resolved,ignored&per_page=100")
        let statuses = Set(((page.object["records"] as? [[String: Any]]) ?? []).compactMap { $0["status"] as? String })
        #expect(statuses == ["resolved", "ignored"])
    }

    @Test func listSortsByLastOccurredAt() throws {
        let f = try Fleet()
        let page = try f.get("/api/faults?sort[last_occurred_at]=asc&per_page=100")
        let times = ((page.object["records"] as? [[String: Any]]) ?? []).compactMap { $0["last_occurred_at"] as? String }
        #expect(times.count >= 20)
        #expect(times == times.sorted())
    }

    @Test func listFiltersByNameLike() throws {
        let f = try Fleet()
        let page = try f.get("/api/faults?filter[name][like]=misfire&per_page=100")
        let names = ((page.object["records"] as? [[String: Any]]) ?? []).compactMap { $0["name"] as? String }
        #expect(!names.isEmpty)
        #expect(names.allSatisfy { $0.lowercased().contains("misfire") })
    }

    @Test func updateChangesStatus() throws {
        let f = try Fleet()
        let id = try f.post("/api/v1/faults", body(f)).object["id"] as! Int
        let r = try f.patch("/api/v1/faults/\(id)", #"{"status":"resolved"}"#)
        #expect(r.status == 200)
        #expect(r.object["status"] as? String == "resolved")
    }

    @Test func deleteRemovesTheFault() throws {
        let f = try Fleet()
        let id = try f.post("/api/v1/faults", body(f)).object["id"] as! Int
        #expect(try f.delete("/api/v1/faults/\(id)").status == 204)
        #expect(try f.get("/api/v1/faults/\(id)").status == 404)
    }

    @Test func faultRuleCreateMakesACodeValid() throws {
        let f = try Fleet()
        let rule = try f.post("/api/v1/fault_rules", #"{"code":"B1234","name":"Body fault"}"#)
        #expect(rule.status == 201)
        let fault = try f.post("/api/v1/faults", #"{"vehicle_id":\#(f.vehicleIDs[0]),"code":"B1234"}"#)
        #expect(fault.status == 201)
        #expect(fault.object["fault_rule_id"] as? Int == rule.object["id"] as? Int)
    }

    @Test func faultRuleCodeMustBeUnique() throws {
        let f = try Fleet()
        let r = try f.post("/api/v1/fault_rules", #"{"code":"\#(f.ruleCodes[0])"}"#)
        #expect(r.errors["code"] == ["has already been taken"])
    }

    @Test func faultsAreNotOnV2() throws {
        let f = try Fleet()
        #expect(try f.get("/api/v2/faults").status == 404)
    }
}
