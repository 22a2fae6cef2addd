import Storage
import UnderstudyCore

/// The short forms of other records that Fleetio embeds in an answer (`vehicle`, `contact`, `vendor`), and the
/// reference check every create and update uses for an `<x>_id` member.
enum Embedded {
    static func vehicle(_ r: StoredRecord?) -> JSON {
        guard let r else { return .null }
        let d = r.doc
        return ["id": .int(r.seq), "name": d["name"] ?? .null, "year": d["year"] ?? .null, "make": d["make"] ?? .null,
                "model": d["model"] ?? .null, "vin": d["vin"] ?? .null, "license_plate": d["license_plate"] ?? .null,
                "default_image_url_small": d["default_image_url"] ?? .null]
    }

    static func contact(_ r: StoredRecord?) -> JSON {
        guard let r else { return .null }
        let d = r.doc
        return ["id": .int(r.seq), "name": .string(Contacts.fullName(r)), "first_name": d["first_name"] ?? .null,
                "last_name": d["last_name"] ?? .null, "email": d["email"] ?? .null,
                "default_image_url": d["default_image_url"] ?? .null]
    }

    /// A named lookup record (vendor, fuel type, part category …): `{id, name}` plus what it stores.
    static func named(_ r: StoredRecord?) -> JSON {
        guard let r else { return .null }
        var out = r.doc
        out.set("id", .int(r.seq))
        return out
    }
}

extension Context {
    /// The record an `<x>_id` member names, or nil; a missing record is 422 `does not exist` on that member.
    func reference(_ f: inout BodyFields, _ key: String, _ kind: String, required: Bool = false) throws -> StoredRecord? {
        guard let id = f.int(key, required: required, min: 1) else { return nil }
        guard let record = try find(kind, id) else {
            f.fail(key, RailsMessage.doesNotExist)
            return nil
        }
        return record
    }

    /// How many records of a kind name this record in `member` (Fleetio's `<x>_count` members).
    func count(_ kind: String, _ member: String, _ id: Int) throws -> Int {
        var q = RecordQuery(kind: kind)
        q.conditions = [.pathEquals("$.\(member)", .integer(Int64(id)))]
        return try store.count(q)
    }
}
