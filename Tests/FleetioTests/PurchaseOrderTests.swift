import Foundation
import Testing
import TestSupport

/// Parts, purchase orders (addressed by number, with their approval workflow) and vehicle assignments.
@Suite struct PurchaseOrderTests {
    private func legacy(_ f: Fleet, _ path: String) throws -> [[String: Any]] {
        try f.get(path, add: [("X-Api-Version", "2023-03-01")]).json as? [[String: Any]] ?? []
    }

    private func newOrder(_ f: Fleet) throws -> [String: Any] {
        let vendor = try legacy(f, "/api/v1/vendors").first?["id"] as? Int ?? 0
        let location = try legacy(f, "/api/v1/part_locations").first?["id"] as? Int ?? 0
        let part = try legacy(f, "/api/v1/parts").first { $0["unit_cost"] as? Double == 8.97 }?["id"] as? Int ?? 0
        let r = try f.post("/api/v1/purchase_orders", #"{"vendor_id":\#(vendor),"part_location_id":\#(location),"purchase_order_line_items_attributes":[{"part_id":\#(part),"quantity":10}]}"#)
        guard r.status == 201 else { throw TestFailure("create: \(r.status) \(r.text)") }
        return r.object
    }

    @Test func partNumberMustBeUnique() throws {
        let f = try Fleet()
        let r = try f.post("/api/v1/parts", #"{"number":"FL-820S"}"#)
        #expect(r.status == 422 && r.errors["number"] == ["has already been taken"])
    }

    @Test func partNeedsANumberAndExistingCategory() throws {
        let f = try Fleet()
        let r = try f.post("/api/v1/parts", #"{"part_category_id":5}"#)
        #expect(r.errors["number"] == ["can't be blank"] && r.errors["part_category_id"] == ["does not exist"])
    }

    @Test func partUpdateKeepsItsOwnNumber() throws {
        let f = try Fleet()
        let part = try legacy(f, "/api/v1/parts").first!
        let r = try f.patch("/api/v1/parts/\(part["id"] as! Int)", #"{"number":"\#(part["number"] as! String)","unit_cost":9.5}"#)
        #expect(r.status == 200 && r.object["unit_cost_cents"] as? Int == 950)
    }

    @Test func purchaseOrderIsNumberedAndAddressedByNumber() throws {
        let f = try Fleet()
        let order = try newOrder(f)
        let number = order["number"] as? Int ?? 0
        #expect(number == 1005)
        #expect(order["subtotal"] as? Double == 89.7 && order["state"] as? String == "draft")
        let shown = try f.get("/api/v1/purchase_orders/\(number)")
        #expect(shown.status == 200 && shown.object["id"] as? Int == order["id"] as? Int)
        #expect(try f.get("/api/v1/purchase_orders/\(order["id"] as? Int ?? 0)").status == 404)
    }

    @Test func purchaseOrderCreateNeedsVendorAndLocation() throws {
        let f = try Fleet()
        let r = try f.post("/api/v1/purchase_orders", "{}")
        #expect(r.status == 422 && r.errors["vendor_id"] == ["can't be blank"] && r.errors["part_location_id"] == ["can't be blank"])
    }

    @Test func purchaseOrderWorkflowFromDraftToPurchased() throws {
        let f = try Fleet()
        let number = try newOrder(f)["number"] as? Int ?? 0
        for (action, state) in [("submit_for_approval", "pending_approval"), ("approve", "approved"), ("purchase", "purchased")] {
            let r = try f.patch("/api/v1/purchase_orders/\(number)/\(action)", "")
            #expect(r.status == 200 && r.object["state"] as? String == state, "\(action): \(r.text)")
        }
        let shown = try f.get("/api/v1/purchase_orders/\(number)").object
        #expect(shown["approved_at"] is String && shown["purchased_by_id"] is Int && shown["status_name"] as? String == "Purchased")
    }

    @Test func approvingADraftIs422OnState() throws {
        let f = try Fleet()
        let number = try newOrder(f)["number"] as? Int ?? 0
        let r = try f.patch("/api/v1/purchase_orders/\(number)/approve", "")
        #expect(r.status == 422 && r.errors["state"] == [#"cannot transition via "approve""#])
        #expect(try f.get("/api/v1/purchase_orders/\(number)").object["state"] as? String == "draft")
    }

    @Test func aReadOnlyKeyCannotApprove() throws {
        let f = try Fleet()
        let number = try newOrder(f)["number"] as? Int ?? 0
        #expect(try f.call("PATCH", "/api/v1/purchase_orders/\(number)/submit_for_approval", "", headers: f.readOnlyHeaders).status == 403)
    }

    @Test func purchaseOrderDeleteByNumber() throws {
        let f = try Fleet()
        let number = try newOrder(f)["number"] as? Int ?? 0
        #expect(try f.delete("/api/v1/purchase_orders/\(number)").status == 204)
        #expect(try f.get("/api/v1/purchase_orders/\(number)").status == 404)
    }

    @Test func vehicleAssignmentIsCurrentOrFutureByTheClock() throws {
        let f = try Fleet()
        try f.setClock(#"{"now":"2026-06-01T00:00:00Z"}"#)
        let body = #"{"vehicle_id":\#(f.vehicleIDs[0]),"contact_id":\#(f.contactIDs[2]),"started_at":"2026-07-01T00:00:00Z"}"#
        let r = try f.post("/api/v1/vehicle_assignments", body)
        #expect(r.status == 201 && r.object["future"] as? Bool == true && r.object["current"] as? Bool == false)
        try f.setClock(#"{"now":"2026-07-02T00:00:00Z"}"#)
        let shown = try f.get("/api/v1/vehicle_assignments/\(r.object["id"] as? Int ?? 0)").object
        #expect(shown["future"] as? Bool == false && shown["current"] as? Bool == true)
    }

    @Test func vehicleAssignmentEndingBeforeItStartsIs422() throws {
        let f = try Fleet()
        let r = try f.post("/api/v1/vehicle_assignments", #"{"vehicle_id":\#(f.vehicleIDs[0]),"contact_id":\#(f.contactIDs[2]),"started_at":"2026-07-01T00:00:00Z","ended_at":"2026-06-01T00:00:00Z"}"#)
        #expect(r.status == 422 && r.errors["ended_at"] == ["must be after started at"])
    }

    @Test func vehicleAssignmentNeedsVehicleAndContact() throws {
        let f = try Fleet()
        let r = try f.post("/api/v1/vehicle_assignments", #"{"contact_id":999}"#)
        #expect(r.errors["vehicle_id"] == ["can't be blank"] && r.errors["contact_id"] == ["does not exist"])
    }
}
