import Foundation
import Testing
import TestSupport
import UnderstudyCore

/// `POST /__admin/tenants/{id}/records` and `GET /__admin/kinds`: records of any kind seeded into a tenant, checked by
/// the API's own rules (or the shape of its answers), then read back through the vendor's API as it shows its own.
@Suite struct RecordSeedingTests {
    static let seeds = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("seeds").path

    static let headers: [String: [(String, String)]] = [
        "fleetio": [("Authorization", "Token demo-fleetio-key"), ("Account-Token", "demo-fleetio-account")],
        "jifeline": [("Authorization", "Bearer demo-jifeline-token")],
        "stackone": [("Authorization", "Basic " + Base64.encode("demo-stackone-key:")), ("x-account-id", "demo-stackone-account")],
        "bossdesk": [("Authorization", #"Token token="demo-bossdesk-agent-key""#)],
    ]

    /// Every kind of every API, as `GET /__admin/kinds` lists them.
    static let kinds: [(api: String, kind: String)] = {
        guard let app = try? TestApp(), let listed = try? app.get("/__admin/kinds").json as? [String: [[String: Any]]] else { return [] }
        return listed.keys.sorted().flatMap { api in listed[api, default: []].compactMap { k in (k["kind"] as? String).map { (api, $0) } } }
    }()

    private func seed(_ app: TestApp, _ api: String, _ kind: String, _ records: String, tenant: String = "demo") throws -> WireResponse {
        try app.post("/__admin/tenants/\(tenant)/records", #"{"api":"\#(api)","kind":"\#(kind)","records":\#(records)}"#)
    }

    private func json(_ value: Any) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys]), as: UTF8.self)
    }

    /// The first record of a kind's seed file made into a new one: no id of its own, unique members changed.
    static func newRecord(_ api: String, _ kind: String) -> [String: Any]? {
        guard let data = FileManager.default.contents(atPath: "\(seeds)/\(api)/\(kind).json"),
              var r = (try? JSONSerialization.jsonObject(with: data) as? [[String: Any]])?.first else { return nil }
        for m in ["id", "friendly_id", "ticket_number", "remote_id"] { r[m] = nil }
        for m in ["name", "title", "summary", "username", "key", "license_plate"] {
            if let s = r[m] as? String { r[m] = s + " seeded" }
        }
        // Members each record must hold its own value of: a new one, within the API's rules.
        if let n = r["number"] as? String { r["number"] = Int(n) == nil ? n + "-S" : nil }
        if r["vin"] is String { r["vin"] = "SEEDEDVIN00000001" }
        if let code = r["code"] as? String, kind == "fault_rules" { r["code"] = code + "S" }
        if let e = r["email"] as? String { r["email"] = "seeded." + e }
        for m in ["comments", "attachments"] {
            r[m] = (r[m] as? [[String: Any]])?.map { c in var c = c; c["id"] = nil; return c }
        }
        if api == "bossdesk" && kind == "users" { r["tag_ids"] = [7] }   // a user's tags are the user tags
        return r
    }

    /// How the vendor's API shows one record of a kind: its own GET, or the list it is in.
    private func shown(_ app: TestApp, _ api: String, _ kind: String, _ id: Any) throws -> [String: Any]? {
        let h = Self.headers[api] ?? []
        switch api {
        case "fleetio": return try app.get("/fleetio/api/v1/\(kind)/\(id)", headers: h).json as? [String: Any]
        case "jifeline": return try app.get("/jifeline/v2/tickets/\(kind)/\(id)", headers: h).json as? [String: Any]
        case "stackone":
            if kind == "statuses" {
                let tickets = dig(try app.get("/stackone/unified/ticketing/tickets?page_size=100", headers: h).json, "data") as? [[String: Any]] ?? []
                for t in tickets {
                    let list = dig(try app.get("/stackone/unified/ticketing/tickets/\(t["id"] ?? "")/statuses", headers: h).json, "data") as? [[String: Any]] ?? []
                    if let s = list.first(where: { $0["id"] as? String == id as? String }) { return s }
                }
                return nil
            }
            return dig(try app.get("/stackone/unified/ticketing/\(kind)/\(id)", headers: h).json, "data") as? [String: Any]
        default:
            if ["users", "cis", "tickets"].contains(kind) { return try app.get("/bossdesk/api/v1/\(kind)/\(id)", headers: h).json as? [String: Any] }
            let list = try app.get("/bossdesk/api/v1/\(kind)?per_page=100", headers: h).json as? [[String: Any]] ?? []
            return list.first { "\($0["id"] ?? "")" == "\(id)" }
        }
    }

    @Test func kindsListsEveryKindOfEveryAPIAndWhetherItsAPICanWriteIt() throws {
        let app = try TestApp()
        let listed = try #require(try app.get("/__admin/kinds").json as? [String: [[String: Any]]])
        #expect(listed.keys.sorted() == ["bossdesk", "fleetio", "jifeline", "stackone"])
        let writable = { (api: String, kind: String) in listed[api]?.first { $0["kind"] as? String == kind }?["writable_by_api"] as? Bool }
        #expect(writable("jifeline", "tickets") == false)
        #expect(writable("jifeline", "notes") == true)
        #expect(writable("stackone", "users") == false)
        #expect(writable("bossdesk", "helpdesk_priorities") == false)
        #expect(writable("fleetio", "issues") == true)
        #expect(listed["bossdesk"]?.count == 17)
    }

    @Test(arguments: kinds.map { "\($0.api)/\($0.kind)" })
    func aRecordShapedLikeTheSeedsIsSeededAndShownAsTheVendorShowsItsOwn(_ name: String) throws {
        let (api, kind) = (String(name.split(separator: "/")[0]), String(name.split(separator: "/")[1]))
        let app = try TestApp()
        let record = try #require(Self.newRecord(api, kind) ?? (kind == "comments" ? ["commentable_type": "Issue", "commentable_id": 1_100_001, "comment": "seeded"] : nil))
        let r = try seed(app, api, kind, "[\(try json(record))]")
        #expect(r.status == 201, "\(r.text)")
        let id = try #require((dig(r.json, "ids") as? [Any])?.first)
        let new = try #require(try shown(app, api, kind, id), "\(name) \(id) is not shown")
        // The same members as a record of the seed world shows (comments have none seeded: they are compared with
        // a second one made through the API's own create).
        if kind != "comments" {
            let seedID = try #require(try seededID(app, api, kind))
            let twin = try #require(try shown(app, api, kind, seedID))
            #expect(Set(new.keys) == Set(twin.keys), "\(name): \(Set(new.keys).symmetricDifference(Set(twin.keys)))")
        }
        for m in ["name", "title", "summary", "username"] where record[m] is String {
            #expect(new[m] as? String == record[m] as? String, "\(name).\(m)")
        }
    }

    /// The id of the first record of a kind the seed world holds (its file's first record).
    private func seededID(_ app: TestApp, _ api: String, _ kind: String) throws -> Any? {
        let data = try #require(FileManager.default.contents(atPath: "\(Self.seeds)/\(api)/\(kind).json"))
        let first = try #require((try JSONSerialization.jsonObject(with: data) as? [[String: Any]])?.first)
        if api == "bossdesk", let friendly = first["friendly_id"] { return friendly }
        if let id = first["id"] { return id }
        // Records the seed world created through the API (its ids are its own): the lowest listed.
        let page = try app.get("/fleetio/api/v1/\(kind)?per_page=100", headers: Self.headers[api] ?? []).json
        let list = (page as? [[String: Any]]) ?? (dig(page, "records") as? [[String: Any]])
        let ids: [Int] = list?.compactMap { $0["id"] as? Int } ?? []
        return ids.min()
    }

    // MARK: - Refusals: 400 naming the path, nothing written

    /// Records of every API the tenant holds.
    private func recordCount(_ app: TestApp, _ tenant: String = "demo") throws -> Int {
        try app.tenant(tenant).withDatabase { db in
            try ["fleetio", "jifeline", "stackone", "bossdesk"].reduce(0) { n, api in
                n + (try db.scalar("SELECT count(*) FROM \(api)_records").int ?? 0)
            }
        }
    }

    private func expectRefused(_ app: TestApp, _ body: String, _ message: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let before = try recordCount(app)
        let r = try app.post("/__admin/tenants/demo/records", body)
        #expect(r.status == 400, sourceLocation: sourceLocation)
        #expect(dig(r.json, "error") as? String == message, sourceLocation: sourceLocation)
        #expect(try recordCount(app) == before, sourceLocation: sourceLocation)
    }

    @Test func anUnknownKindIsRefusedNamingTheKindsThereAre() throws {
        try expectRefused(try TestApp(), #"{"api":"jifeline","kind":"customers","records":[]}"#,
                          "kind: jifeline has no kind customers (kinds: tickets, notes)")
    }

    @Test func anUnknownAPIIsRefused() throws {
        try expectRefused(try TestApp(), #"{"api":"zendesk","kind":"tickets","records":[]}"#,
                          "api: no such API: zendesk (known: fleetio, jifeline, stackone, bossdesk)")
    }

    @Test func recordsThatAreNoArrayAreRefused() throws {
        try expectRefused(try TestApp(), #"{"api":"jifeline","kind":"notes","records":{"value":"x"}}"#, "records: must be an array")
    }

    @Test func aRecordThatIsNoObjectIsRefusedByItsPlace() throws {
        try expectRefused(try TestApp(), #"{"api":"bossdesk","kind":"teams","records":[{"name":"A"},7]}"#, "records[1]: must be a JSON object")
    }

    @Test func oneBadMemberRefusesTheWholeRequestNamingTheRecordAndMember() throws {
        try expectRefused(try TestApp(), #"{"api":"bossdesk","kind":"tickets","records":[{"title":"fine","type_id":1,"priority_id":3},{"title":"bad","type_id":1,"priority_id":999}]}"#,
                          "records[1].priority_id: does not exist")
    }

    @Test func aMemberTheVendorDoesNotShowIsRefused() throws {
        try expectRefused(try TestApp(), #"{"api":"stackone","kind":"users","records":[{"name":"A","shoe_size":44}]}"#,
                          "records[0].shoe_size: is not a member of users")
    }

    @Test func aDanglingReferenceIsRefused() throws {
        try expectRefused(try TestApp(), #"{"api":"jifeline","kind":"notes","records":[{"ticket_id":"00000000-0000-4000-8000-000000000000","value":"x"}]}"#,
                          "records[0].ticket_id: no such ticket")
    }

    @Test func anIDInUseIsRefused() throws {
        try expectRefused(try TestApp(), #"{"api":"jifeline","kind":"tickets","records":[{"id":"6b0d549b-6f03-475a-9600-a35a099950d8"}]}"#,
                          "records[0].id: a ticket with id 6b0d549b-6f03-475a-9600-a35a099950d8 already exists")
        try expectRefused(try TestApp(), #"{"api":"bossdesk","kind":"helpdesk_priorities","records":[{"id":9,"name":"A"},{"id":9,"name":"B"}]}"#,
                          "records[1].id: 9 is taken")
    }

    @Test func anUnknownTenantIs404() throws {
        let r = try TestApp().post("/__admin/tenants/nobody/records", #"{"api":"bossdesk","kind":"teams","records":[]}"#)
        #expect(r.status == 404)
    }

    // MARK: - References and ids

    @Test func aReferenceMayNameARecordSeededEarlierInTheSameRequest() throws {
        let app = try TestApp()
        let r = try seed(app, "stackone", "collections", #"[{"id":"c-parent","name":"Parent"},{"id":"c-child","name":"Child","parent_id":"c-parent"}]"#)
        #expect(r.status == 201)
        let child = try shown(app, "stackone", "collections", "c-child")
        #expect(child?["parent_id"] as? String == "c-parent")
    }

    @Test func idsGivenAreKeptAndIdsLeftOutAreMade() throws {
        let app = try TestApp()
        let r = try seed(app, "bossdesk", "helpdesk_priorities", #"[{"id":40,"name":"Urgent"},{"name":"Later"}]"#)
        #expect(dig(r.json, "ids") as? [Int] == [40, 41])
        #expect(try shown(app, "bossdesk", "helpdesk_priorities", 40)?["name"] as? String == "Urgent")
    }

    @Test func referencesWrittenAsTheAnswersShowThemAreTaken() throws {
        let app = try TestApp()
        let r = try seed(app, "bossdesk", "tickets", #"[{"title":"Nested","type":{"id":1},"priority":{"id":3,"name":"ignored"},"tags":[{"id":2}]}]"#)
        #expect(r.status == 201, "\(r.text)")
        let id = try #require((dig(r.json, "ids") as? [Int])?.first)
        let t = try shown(app, "bossdesk", "tickets", id)
        #expect(dig(t, "priority", "id") as? Int == 3)
        #expect((dig(t, "tags") as? [[String: Any]])?.first?["id"] as? Int == 2)
    }

    @Test func aCreateLeavesOutMembersItsDefaultsFill() throws {
        let app = try TestApp()
        let r = try seed(app, "jifeline", "notes", #"[{"ticket_id":"6b0d549b-6f03-475a-9600-a35a099950d8","value":"seeded"}]"#)
        let id = try #require((dig(r.json, "ids") as? [String])?.first)
        let note = try #require(try shown(app, "jifeline", "notes", id))
        #expect(note["is_public"] as? Bool == false)
        #expect(note["categories"] as? [String] == [])
        #expect(note["author_name"] is String)
    }

    // MARK: - With a new tenant

    @Test func aTenantIsCreatedWithItsRecordsInOneCall() throws {
        let app = try TestApp()
        let ticket = "11111111-2222-4333-8444-555555555555"
        let t = try app.createTenant(#"""
        {"id":"seeded","records":[{"api":"jifeline","kind":"tickets","records":[{"id":"\#(ticket)","state":"pending"}]},
                                  {"api":"jifeline","kind":"notes","records":[{"ticket_id":"\#(ticket)","value":"on the new ticket"}]}]}
        """#)
        let token = try #require(dig(t, "jifeline", "headers", "Authorization") as? String)
        let r = try app.get("/jifeline/v2/tickets/notes?ticket_id=\(ticket)", headers: [("Authorization", token)])
        #expect((dig(r.json, "result") as? [[String: Any]])?.first?["value"] as? String == "on the new ticket")
    }

    @Test func aTenantWhoseRecordsAreRefusedIsNotCreated() throws {
        let app = try TestApp()
        let r = try app.post("/__admin/tenants", #"{"id":"refused","records":[{"api":"bossdesk","kind":"teams","records":[{"name":"A"}]},{"api":"jifeline","kind":"notes","records":[{"value":"no ticket"}]}]}"#)
        #expect(r.status == 400)
        #expect(dig(r.json, "error") as? String == "records[1].records[0].ticket_id: is required")
        #expect(try app.get("/__admin/tenants/refused").status == 404)
    }
}
