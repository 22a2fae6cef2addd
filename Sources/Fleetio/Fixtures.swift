import Foundation
import Storage
import UnderstudyCore

/// The seed world (`seeds/fleetio/*.json`): the account and the lookup-like records stored as given; faults,
/// issues and the entries, orders and assignments created through the same code clients use, then moved to
/// their recorded state.
enum Fixtures {
    /// Plain records, stored with their own ids.
    static let plain: [(file: String, kind: String)] = [
        ("vehicles", Vehicles.kind), ("equipment", Equipment.kind), ("contacts", Contacts.kind), ("labels", Labels.kind),
        ("issue_priorities", IssuePriorities.kind), ("fault_rules", FaultRules.kind), ("vendors", Vendors.kind),
        ("fuel_types", FuelTypes.kind), ("expense_entry_types", ExpenseEntryTypes.kind), ("part_categories", PartCategories.kind),
        ("part_manufacturers", PartManufacturers.kind), ("part_locations", PartLocations.kind),
        ("inspection_forms", InspectionForms.kind), ("submitted_inspection_forms", SubmittedInspectionForms.kind),
        ("parts", Parts.kind),
    ]

    /// Records created through their resource's own create, at the recorded time in `at`, then moved to the
    /// recorded state (members creation does not take).
    static let created: [(file: String, resource: Resource, at: String, state: [String])] = [
        ("faults", Faults.resource, "created_at", issueState), ("issues", Issues.resource, "reported_at", issueState),
        ("fuel_entries", FuelEntries.resource, "date", []), ("service_entries", ServiceEntries.resource, "completed_at", []),
        ("expense_entries", ExpenseEntries.resource, "occurred_at", []),
        ("purchase_orders", PurchaseOrders.resource, "created_at",
         ["state"] + PurchaseOrders.stampMembers.flatMap { [$0 + "_at", $0 + "_by_id"] }),
        ("vehicle_assignments", VehicleAssignments.resource, "created_at", []),
    ]
    static let issueState = ["state", "resolved_at", "closed_at"]

    static func load(into db: TenantDatabase, from directory: String) throws {
        let folder = directory + "/fleetio"
        let store = RecordStore(db, table: FleetioAPI.table)
        let account = try FixtureError.readJSON(folder, "account")
        try store.insert(Account.kind, seq: 1, key: "1", doc: account)
        for (file, kind) in plain {
            guard let items = try FixtureError.readJSON(folder, file).array else { throw FixtureError(file: "\(folder)/\(file).json", reason: "expected an array") }
            for item in items {
                guard let id = item["id"]?.int else { throw FixtureError(file: "\(folder)/\(file).json", reason: "every record needs an integer id") }
                try store.insert(kind, seq: id, key: String(id), doc: item)
            }
        }
        for (file, resource, at, state) in created {
            try createAll(folder, file, store: store, account: Account(account), resource: resource, at: at, state: state)
        }
    }

    /// Creates each record at its own recorded time, then applies the fields creation does not take (state, resolution times).
    private static func createAll(_ folder: String, _ file: String, store: RecordStore, account: Account, resource: Resource,
                                  at key: String, state: [String]) throws {
        let path = "\(folder)/\(file).json"
        guard let items = try FixtureError.readJSON(folder, file).array else { throw FixtureError(file: path, reason: "expected an array") }
        for (i, item) in items.enumerated() {
            guard let when = item[key]?.string.flatMap(ISO8601.parse) else { throw FixtureError(file: path, reason: "[\(i)].\(key): needs an ISO-8601 time") }
            let c = Context(store: store, clock: .fixed(when), account: account, version: .v1, versionHeader: nil)
            do {
                var record = try resource.create(c, item)
                for field in state where item[field] != nil { record.doc.set(field, item[field]!) }
                try store.update(resource.kind, key: record.key, doc: record.doc)
            } catch let e as FieldErrors {
                throw FixtureError(file: path, reason: "[\(i)]: \(e.json.text)")
            }
        }
    }

}
