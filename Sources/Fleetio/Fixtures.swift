import Foundation
import Storage
import UnderstudyCore

/// The seed world (`seeds/fleetio/*.json`): account, vehicles, equipment, contacts, labels, priorities and
/// fault rules stored as given; issues and faults created through the same code clients use, then moved to
/// their recorded state.
enum Fixtures {
    /// Plain records, stored with their own ids.
    static let plain: [(file: String, kind: String)] = [
        ("vehicles", Vehicles.kind), ("equipment", Equipment.kind), ("contacts", Contacts.kind), ("labels", Labels.kind),
        ("issue_priorities", IssuePriorities.kind), ("fault_rules", FaultRules.kind),
    ]

    static func load(into db: Database, from directory: String) throws {
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
        try createAll(folder, "faults", store: store, account: Account(account), resource: Faults.resource, at: "created_at")
        try createAll(folder, "issues", store: store, account: Account(account), resource: Issues.resource, at: "reported_at")
    }

    /// Creates each record at its own recorded time, then applies the fields creation does not take (state, resolution times).
    private static func createAll(_ folder: String, _ file: String, store: RecordStore, account: Account, resource: Resource, at key: String) throws {
        let path = "\(folder)/\(file).json"
        guard let items = try FixtureError.readJSON(folder, file).array else { throw FixtureError(file: path, reason: "expected an array") }
        for (i, item) in items.enumerated() {
            guard let when = item[key]?.string.flatMap(ISO8601.parse) else { throw FixtureError(file: path, reason: "[\(i)].\(key): needs an ISO-8601 time") }
            let c = Context(store: store, clock: .fixed(when), account: account, version: .v1, versionHeader: nil)
            do {
                var record = try resource.create(c, item)
                for field in ["state", "resolved_at", "closed_at"] where item[field] != nil { record.doc.set(field, item[field]!) }
                try store.update(resource.kind, key: record.key, doc: record.doc)
            } catch let e as FieldErrors {
                throw FixtureError(file: path, reason: "[\(i)]: \(e.json.text)")
            }
        }
    }

}
