import Foundation
import Testing
import TestSupport

/// Fuel, service and expense entries: the rules of create and update, what is derived, the vehicle's own lists.
@Suite struct EntryTests {
    private func dig(_ o: [String: Any], _ k: String) -> String? { o[k] as? String }

    @Test func fuelEntryCreateNeedsVehicleDateAndVolume() throws {
        let f = try Fleet()
        let r = try f.post("/api/v1/fuel_entries", "{}")
        #expect(r.status == 422)
        #expect(r.errors["vehicle_id"] == ["can't be blank"])
        #expect(r.errors["date"] == ["can't be blank"])
        #expect(r.errors["us_gallons"] == ["can't be blank"])
    }

    @Test func fuelEntryForAMissingVehicleIs422() throws {
        let f = try Fleet()
        let r = try f.post("/api/v1/fuel_entries", #"{"vehicle_id":999,"date":"2026-01-05T10:00:00Z","us_gallons":10}"#)
        #expect(r.status == 422 && r.errors["vehicle_id"] == ["does not exist"])
    }

    @Test func fuelEntryShowsItsVolumeInEveryUnitAndItsTotal() throws {
        let f = try Fleet()
        let r = try f.post("/api/v1/fuel_entries", #"{"vehicle_id":\#(f.vehicleIDs[0]),"date":"2026-01-05T10:00:00Z","us_gallons":10,"price_per_volume_unit":3.5}"#)
        #expect(r.status == 201)
        #expect(dig(r.object, "us_gallons") == "10" && dig(r.object, "liters") == "37.854" && dig(r.object, "uk_gallons") == "8.327")
        #expect(dig(r.object, "total_amount") == "35" && r.object["total_amount_cents"] as? Int == 3500)
        #expect(r.header("Location")?.hasSuffix("/fuel_entries/\(r.object["id"] as? Int ?? 0)") == true)
    }

    @Test func fuelEconomyComesFromThePreviousFillUpsReading() throws {
        let f = try Fleet()
        let v = f.vehicleIDs[0]
        _ = try f.post("/api/v1/fuel_entries", #"{"vehicle_id":\#(v),"date":"2026-01-05T10:00:00Z","us_gallons":10,"meter_entry_attributes":{"value":50000}}"#)
        let r = try f.post("/api/v1/fuel_entries", #"{"vehicle_id":\#(v),"date":"2026-01-09T10:00:00Z","us_gallons":10,"price_per_volume_unit":3,"meter_entry_attributes":{"value":50250}}"#)
        #expect(dig(r.object, "usage_in_mi") == "250" && dig(r.object, "mpg_us") == "25" && dig(r.object, "cost_per_mi") == "0.12")
        #expect((r.object["meter_entry"] as? [String: Any])?["value"] as? String == "50250")
        #expect(try f.get("/api/v1/vehicles/\(v)").object["primary_meter_value"] as? String == "50250")
    }

    @Test func aPartialFillUpHasNoEconomy() throws {
        let f = try Fleet()
        let v = f.vehicleIDs[0]
        _ = try f.post("/api/v1/fuel_entries", #"{"vehicle_id":\#(v),"date":"2026-01-05T10:00:00Z","us_gallons":10,"meter_entry_attributes":{"value":50000}}"#)
        let r = try f.post("/api/v1/fuel_entries", #"{"vehicle_id":\#(v),"date":"2026-01-09T10:00:00Z","us_gallons":4,"partial":true,"meter_entry_attributes":{"value":50100}}"#)
        #expect(r.object["mpg_us"] is NSNull && r.object["usage_in_mi"] is NSNull)
    }

    @Test func hostileVolumesAre422NotACrash() throws {
        let f = try Fleet()
        for (value, message) in [(#""1e400""#, "is not a number"), ("-3", "must be greater than or equal to 0"),
                                 ("1e300", "must be less than or equal to 1000000000"), (#""nan""#, "is not a number")] {
            let r = try f.post("/api/v1/fuel_entries", #"{"vehicle_id":\#(f.vehicleIDs[0]),"date":"2026-01-05T10:00:00Z","us_gallons":\#(value)}"#)
            #expect(r.status == 422 && r.errors["us_gallons"] == [message], "\(value): \(r.text)")
        }
    }

    @Test func vehicleFuelEntriesListsOnlyThatVehicles() throws {
        let f = try Fleet()
        let v = f.vehicleIDs[1]
        let r = try f.get("/api/v1/vehicles/\(v)/fuel_entries", add: [("X-Api-Version", "2023-03-01")])
        let entries = r.json as? [[String: Any]] ?? []
        #expect(r.status == 200 && !entries.isEmpty)
        #expect(entries.allSatisfy { $0["vehicle_id"] as? Int == v })
        #expect(try f.get("/api/v1/vehicles/\(v)").object["fuel_entries_count"] as? Int == entries.count)
    }

    @Test func fuelEntriesOfAMissingVehicleIs404() throws {
        let f = try Fleet()
        #expect(try f.get("/api/v1/vehicles/999/fuel_entries").status == 404)
    }

    @Test func fuelEntryUpdateAndDelete() throws {
        let f = try Fleet()
        let r = try f.post("/api/v1/fuel_entries", #"{"vehicle_id":\#(f.vehicleIDs[0]),"date":"2026-01-05T10:00:00Z","liters":40}"#)
        let id = r.object["id"] as? Int ?? 0
        let u = try f.patch("/api/v1/fuel_entries/\(id)", #"{"reference":"R-9","liters":50}"#)
        #expect(u.status == 200 && dig(u.object, "reference") == "R-9" && dig(u.object, "liters") == "50")
        #expect(try f.delete("/api/v1/fuel_entries/\(id)").status == 204)
        #expect(try f.get("/api/v1/fuel_entries/\(id)").status == 404)
    }

    @Test func serviceEntryStartedAfterCompletedIs422() throws {
        let f = try Fleet()
        let r = try f.post("/api/v2/service_entries", #"{"vehicle_id":\#(f.vehicleIDs[0]),"started_at":"2026-01-06T10:00:00Z","completed_at":"2026-01-05T10:00:00Z"}"#)
        #expect(r.status == 422 && r.errors["started_at"] == ["must be before completed at"])
    }

    @Test func serviceEntryTotalsApplyDiscountThenTax() throws {
        let f = try Fleet()
        let r = try f.post("/api/v2/service_entries", #"{"vehicle_id":\#(f.vehicleIDs[0]),"completed_at":"2026-01-05T10:00:00Z","labor_subtotal":100,"parts_subtotal":100,"discount":10,"tax_1":5}"#)
        #expect(r.status == 201)
        #expect(r.object["subtotal"] as? Int == 200 && r.object["discount"] as? Int == 20 && r.object["tax_1"] as? Int == 9)
        #expect(r.object["total_amount_cents"] as? Int == 18900 && r.object["discount_percentage"] as? String == "10")
    }

    @Test func serviceEntryNeedsVehicleAndCompletedAt() throws {
        let f = try Fleet()
        let r = try f.post("/api/v1/service_entries", "{}")
        #expect(r.status == 422 && r.errors["vehicle_id"] == ["can't be blank"] && r.errors["completed_at"] == ["can't be blank"])
    }

    @Test func serviceEntryDiscountTypeMustBeKnown() throws {
        let f = try Fleet()
        let r = try f.post("/api/v1/service_entries", #"{"vehicle_id":\#(f.vehicleIDs[0]),"completed_at":"2026-01-05T10:00:00Z","discount_type":"bogus"}"#)
        #expect(r.status == 422 && r.errors["discount_type"] == ["is not included in the list"])
    }

    @Test func expenseEntryNeedsItsFourMembers() throws {
        let f = try Fleet()
        let r = try f.post("/api/v1/expense_entries", "{}")
        #expect(r.status == 422)
        #expect(Set(r.errors.keys) == ["vehicle_id", "expense_entry_type_id", "total_amount", "occurred_at"])
    }

    @Test func expenseEntryNamesItsTypeAndVendor() throws {
        let f = try Fleet()
        let types = try f.get("/api/v1/expense_entry_types", add: [("X-Api-Version", "2023-03-01")]).json as? [[String: Any]] ?? []
        let vendors = try f.get("/api/v1/vendors", add: [("X-Api-Version", "2023-03-01")]).json as? [[String: Any]] ?? []
        let type = types.first { $0["name"] as? String == "Tolls" }?["id"] as? Int ?? 0
        let vendor = vendors.first?["id"] as? Int ?? 0
        let r = try f.post("/api/v1/expense_entries", #"{"vehicle_id":\#(f.vehicleIDs[0]),"expense_entry_type_id":\#(type),"vendor_id":\#(vendor),"total_amount":"12.40","occurred_at":"2026-01-05T10:00:00Z"}"#)
        #expect(r.status == 201 && dig(r.object, "expense_entry_type_name") == "Tolls" && r.object["total_amount_cents"] as? Int == 1240)
        #expect(dig(r.object, "vendor_name") == vendors.first?["name"] as? String)
    }
}
