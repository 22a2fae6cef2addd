import Foundation
import Testing
import TestSupport

/// The JSON types each member may have in the ten streams Fleetio's own data connectors read (airbyte-source-fleetio
/// 0.1.11 ships one schema per stream): s string, n number, b boolean, o object, a array, 0 null. A stream, the path
/// version the connector reads it from, and its members.
private let streams: [(name: String, version: String, members: [String: String])] = [
    ("submitted_inspection_forms", "v1", ["date": "s", "failed_items": "n", "id": "n", "inspection_form": "o", "started_at": "s", "starting_latitude": "0n", "starting_longitude": "0n", "submitted_at": "s", "submitted_latitude": "0n", "submitted_longitude": "0n", "user": "os", "vehicle": "0o"]),
    ("issues", "v2", ["asset_type": "0s", "name": "0s", "closed_at": "0s", "closed_by": "0o", "closed_note": "0s", "comments_count": "0n", "created_at": "s", "creation_type": "0s", "description": "0s", "documents_count": "n", "due_date": "0s", "due_meter_value": "0n", "due_secondary_meter_value": "0ns", "equipment": "0o", "attachment_permissions": "0o", "external_id": "0n", "fault_id": "0n", "fault": "0o", "fault_rule": "0o", "id": "n", "images_count": "n", "number": "0s", "reported_at": "s", "reported_by": "0o", "due_primary_meter_value": "0s", "overdue": "0b", "resolvable_id": "0n", "resolvable": "0o", "resolvable_type": "0s", "resolved_at": "0s", "state": "s", "submitted_inspection_form_id": "0n", "submitted_inspection_form": "0o", "summary": "0s", "vehicle": "0o", "updated_at": "0s", "watchers_count": "0n"]),
    ("service_entries", "v2", ["attachment_permissions": "o", "auto_integrate_repair_order_status": "0s", "invoice": "0o", "warranty_credits_cents": "0ns", "warranty_credits_percentage": "0s", "warranty_credits_type": "0s", "labor_subtotal_cents": "0ns", "parts_subtotal_cents": "0ns", "subtotal_cents": "0ns", "discout_cents": "0ns", "tax_1_cents": "0ns", "tax_2_cents": "0ns", "total_amount_cents": "0ns", "warrant_credits_cents": "0ns", "comments_count": "n", "completed_at": "s", "created_at": "s", "discount": "0n", "discount_percentage": "0s", "fees_cents": "0n", "discount_type": "s", "discount_cents": "0ns", "documents_count": "n", "general_notes": "0s", "id": "n", "images_count": "n", "is_sample": "b", "labels": "a", "labor_subtotal": "0n", "primary_meter_entry": "0o", "secondary_meter_entry": "0o", "parts_subtotal": "0n", "reference": "0s", "started_at": "0s", "status": "s", "tax_1": "0n", "tax_1_percentage": "0s", "tax_1_type": "0s", "tax_2": "0n", "tax_2_percentage": "0s", "tax_2_type": "0s", "updated_at": "s", "vehicle_id": "n", "vehicle": "0o", "vendor_id": "0n", "vendor_name": "0s", "vendor": "0o", "vmrs_repair_priority_class": "0o", "work_order_id": "0n", "work_order_number": "0n"]),
    ("vehicles", "v1", ["account_id": "n", "archived_at": "0s", "fuel_type_id": "0n", "fuel_type_name": "0s", "ai_enabled": "b", "assetable_type": "s", "color": "0s", "comments_count": "n", "created_at": "s", "current_location_entry_id": "0n", "default_image_url_small": "0s", "external_ids": "0o", "documents_count": "n", "estimated_replacement_mileage": "0s", "estimated_resale_price_cents": "0n", "estimated_service_months": "0n", "fuel_entries_count": "n", "fuel_volume_units": "s", "group_ancestry": "0s", "group_id": "0n", "group_name": "0s", "id": "n", "images_count": "n", "in_service_date": "0s", "in_service_meter_value": "0s", "is_sample": "b", "issues_count": "n", "labels": "a", "license_plate": "0s", "make": "0s", "model": "0s", "name": "s", "out_of_service_date": "0s", "out_of_service_meter_value": "0s", "ownership": "s", "primary_meter_date": "0s", "primary_meter_unit": "s", "primary_meter_usage_per_day": "0s", "secondary_meter_unit": "0s", "secondary_meter_date": "0s", "primary_meter_value": "s", "registration_expiration_month": "n", "secondary_meter_usage_per_day": "0s", "secondary_meter_value": "s", "service_entries_count": "n", "service_reminders_count": "n", "system_of_measurement": "s", "trim": "0s", "registration_state": "0s", "updated_at": "s", "vehicle_renewal_reminders_count": "n", "vehicle_status_color": "0s", "vehicle_status_id": "n", "vehicle_status_name": "s", "vehicle_type_id": "n", "vehicle_type_name": "s", "vin": "0s", "work_orders_count": "n", "year": "0n"]),
    ("expense_entries", "v1", ["created_at": "s", "custom_fields": "0o", "expense_entry_type_id": "0n", "expense_entry_type_name": "0s", "id": "n", "notes": "0s", "occurred_at": "0s", "total_amount": "0n", "total_amount_cents": "0n", "updated_at": "s", "vehicle_id": "0n", "vehicle_name": "0s", "vehicle": "0o", "vendor_id": "0n", "vendor_name": "0s", "vendor": "0o"]),
    ("contacts", "v2", ["comments_count": "0n", "created_at": "0s", "custom_fields": "0o", "documents_count": "0n", "email": "0s", "employee": "0b", "first_name": "0s", "middle_name": "0s", "group_id": "0n", "group_name": "0s", "group_hierarchy": "0s", "id": "n", "images_count": "0n", "last_name": "0s", "name": "0s", "technician": "0b", "updated_at": "s", "vehicle_operator": "0b", "birth_date": "0s", "street_address": "0s", "street_address_line_2": "0s", "city": "0s", "country": "0s", "employee_number": "0s", "home_phone_number": "0s", "job_title": "0s", "leave_date": "0s", "license_class": "0s", "license_plate": "0s", "license_number": "0s", "license_state": "0s", "mobile_phone_number": "0s", "other_phone_number": "0s", "postal_code": "0s", "region": "0s", "start_date": "0s", "work_phone_number": "0s", "hourly_labor_rate_cents": "0n", "attachment_permissions": "0o", "default_image_url": "0s", "account_membership_id": "0n"]),
    ("fuel_entries", "v1", ["attachment_permissions": "o", "comments_count": "0n", "created_at": "0s", "custom_fields": "0o", "date": "0s", "external_id": "0s", "fuel_type_id": "0n", "fuel_type_name": "0s", "kpl": "0s", "documents_count": "0n", "fuel_economy_units_for_current_user": "0s", "id": "n", "images_count": "0n", "is_sample": "b", "liters": "0s", "meter_entry": "o", "partial": "0b", "personal": "0b", "price_per_volume_unit": "0s", "reference": "0s", "region": "0s", "reset": "0b", "uk_gallons_per_hr": "0s", "us_gallons_per_hr": "0s", "usage_in_hr": "0s", "usage_in_km": "0s", "usage_in_mi": "0s", "liters_per_hr": "0s", "lp100k": "0s", "mpg_uk": "0s", "mpg_us": "0s", "total_amount": "0s", "total_amount_cents": "0n", "uk_gallons": "0s", "updated_at": "0s", "cost_per_hr": "0s", "cost_per_km": "0s", "cost_per_mi": "0s", "us_gallons": "0s", "vehicle_id": "0n", "vehicle_name": "0s", "vehicle": "0o", "vendor_id": "0n", "vendor": "0o", "watchers_count": "0n"]),
    ("parts", "v1", ["attachment_permissions": "o", "comments_count": "n", "created_at": "s", "custom_fields": "0o", "default_image_url": "0s", "default_image_url_large": "0s", "default_image_url_medium": "0s", "default_image_url_small": "0s", "description": "0s", "documents_count": "0n", "id": "n", "images_count": "0n", "manufacturer_part_number": "0s", "measurement_unit_id": "0n", "measurement_unit_name": "0s", "number": "s", "part_category": "0o", "part_category_id": "0n", "part_category_name": "0s", "part_manufacturer": "0o", "part_manufacturer_id": "0n", "part_manufacturer_name": "0s", "unit_cost": "0n", "unit_cost_cents": "0ns", "average_unit_cost_cents": "0ns", "upc": "0s", "archived_at": "0s", "updated_at": "s"]),
    ("purchase_orders", "v1", ["approved_at": "0s", "approved_by": "0s", "comments_count": "0n", "created_at": "s", "created_by": "0s", "custom_fields": "0o", "description": "0s", "discount": "0n", "discount_percentage": "0n", "discount_type": "0s", "documents_count": "0n", "id": "n", "number": "0n", "part_location_id": "0n", "part_location_name": "0s", "shipping": "0n", "state": "0s", "subtotal": "0n", "tax_1": "0n", "tax_1_percentage": "0s", "tax_1_type": "0s", "tax_2": "0n", "tax_2_percentage": "0s", "tax_2_type": "0s", "total_amount": "0n", "watchers_count": "0ns", "status_name": "0s", "status_color": "0s", "submitted_for_approval_at": "0s", "rejected_at": "0s", "purchased_at": "0s", "received_partial_at": "0s", "received_full_at": "0s", "closed_at": "0s", "discount_cents": "0ns", "tax_1_cents": "0ns", "tax_2_cents": "0ns", "subtotal_cents": "0ns", "shipping_cents": "0ns", "total_amount_cents": "0ns", "approved_by_id": "0n", "created_by_id": "0n", "closed_by_id": "0n", "purchased_by_id": "0n", "rejected_by_id": "0n", "received_partial_by_id": "0n", "received_full_by_id": "0n", "purchase_order_status_id": "0n", "submitted_for_approval_by_id": "0n", "updated_at": "s", "vendor_id": "0n", "vendor_name": "0s", "vendor": "0o", "labels": "0a"]),
    ("vehicle_assignments", "v1", ["attachment_permissions": "o", "contact": "0o", "vehicle": "0o", "comments_count": "0n", "contact_full_name": "0s", "contact_id": "0n", "started_at": "0s", "ended_at": "0s", "contact_image_url": "0s", "created_at": "s", "current": "b", "custom_fields": "o", "future": "b", "starting_meter_entry_value": "0s", "ending_meter_entry_value": "0s", "id": "0n", "updated_at": "s", "vehicle_id": "n"]),]

private func typeLetter(_ v: Any) -> String {
    if v is NSNull { return "0" }
    if let n = v as? NSNumber { return String(cString: n.objCType) == "c" ? "b" : "n" }
    if v is String { return "s" }
    if v is [Any] { return "a" }
    if v is [String: Any] { return "o" }
    return "?"
}

/// The headers the Airbyte and Singer connectors send.
private let connectorHeaders = [("X-Api-Version", "2024-03-15"), ("X-Client-Name", "data_connector"), ("X-Client-Platform", "fleetio_airbyte")]

@Suite struct ConnectorStreamTests {
    @Test func everySeededRecordOfTheTenStreamsHasTheConnectorSchemaTypes() throws {
        let f = try Fleet()
        for stream in streams {
            let r = try f.get("/api/\(stream.version)/\(stream.name)?per_page=100", add: connectorHeaders)
            #expect(r.status == 200, "\(stream.name): \(r.status)")
            let records = r.object["records"] as? [[String: Any]] ?? []
            #expect(records.count >= 4, "\(stream.name) has \(records.count) seeded records")
            for record in records {
                for (member, allowed) in stream.members {
                    guard let value = record[member] else { continue }
                    #expect(allowed.contains(typeLetter(value)), "\(stream.name) \(record["id"] ?? "?").\(member) is \(typeLetter(value)), schema allows \(allowed)")
                }
            }
        }
    }

    @Test func everyStreamAnswersOnTheUnversionedPathByCursorAndOnV1ByPage() throws {
        let f = try Fleet()
        for stream in streams {
            let cursor = try f.get("/api/\(stream.name)?per_page=2", add: [("X-Api-Version", "2025-05-05")])
            #expect(cursor.status == 200 && (cursor.object["records"] as? [Any])?.count == 2 && cursor.object["next_cursor"] is String,
                    "\(stream.name) unversioned: \(cursor.status)")
            let legacy = try f.get("/api/v1/\(stream.name)?per_page=2", add: [("X-Api-Version", "2023-03-01")])
            #expect(legacy.status == 200 && (legacy.json as? [Any])?.count == 2, "\(stream.name) legacy: \(legacy.status)")
            #expect(Int(legacy.header("X-Pagination-Total-Count") ?? "") ?? 0 >= 4, "\(stream.name) legacy total")
        }
    }

    @Test func checkReadsTheFirstPageOfSubmittedInspectionForms() throws {
        let f = try Fleet()
        let r = try f.get("/api/v1/submitted_inspection_forms?per_page=100", add: connectorHeaders)
        let first = (r.object["records"] as? [[String: Any]])?.first
        #expect((first?["inspection_form"] as? [String: Any])?["title"] is String)
        #expect((first?["vehicle"] as? [String: Any])?["id"] is Int)
    }

    @Test func submittedInspectionFormsAreReadOnly() throws {
        let f = try Fleet()
        #expect(try f.post("/api/v1/submitted_inspection_forms", "{}").status == 404)
    }

    @Test func accountsListsTheKeysAccount() throws {
        let f = try Fleet()
        let r = try f.get("/api/v1/accounts", add: [("X-Api-Version", "2023-03-01")])
        let accounts = r.json as? [[String: Any]] ?? []
        #expect(r.status == 200 && accounts.count == 1)
        #expect(accounts.first?["name"] as? String == "Whitfield Logistics")
        #expect(accounts.first?["user"] == nil)
    }

    @Test func accountsWithoutCredentialsIs401() throws {
        let f = try Fleet()
        #expect(try f.call("GET", "/api/v1/accounts", headers: [("Authorization", "Token nope")]).status == 401)
    }
}

/// What Fleetio's Fivetran connector sends: unversioned paths, `X-Api-Version: 2025-05-05`, `per_page=100` on the first
/// page and only `next_cursor=<cursor>` after it.
@Suite struct FivetranPagingTests {
    @Test func nextCursorParameterPagesLikeStartCursor() throws {
        let f = try Fleet()
        for i in 0..<110 { _ = try f.createIssue(#","description":"Issue \#(i)""#) }
        let headers = [("X-Api-Version", "2025-05-05"), ("X-Client-Name", "data_connector"), ("X-Client-Platform", "fleetio_fivetran")]
        var seen = Set<Int>()
        var query = "per_page=100"
        var pages = 0
        while pages < 10 {
            let r = try f.get("/api/issues?\(query)", add: headers)
            pages += 1
            for record in r.object["records"] as? [[String: Any]] ?? [] { seen.insert(record["id"] as? Int ?? 0) }
            guard let next = r.object["next_cursor"] as? String else { break }
            query = "next_cursor=\(next)"
        }
        #expect(pages == 2, "the connector should need two pages, took \(pages)")
        #expect(seen.count == 130)
    }
}
