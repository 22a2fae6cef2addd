import HTTP1

/// `POST /__admin/tenants/{id}/records` and `GET /__admin/kinds`: records of any kind seeded into a tenant, each
/// written by the same code as the API's own writes; one bad record refuses the whole request and writes nothing.
extension AdminAPI {
    /// Records one request may seed at most.
    static let maxRecordsPerRequest = 10_000

    func listKinds() -> Response {
        JSONResponse.make(200, .object(simulator.apis.map { api in
            (api.name, .array(api.recordKinds.map { ["kind": .string($0.name), "writable_by_api": .bool($0.writable)] }))
        }))
    }

    /// How many records of each kind a tenant holds, per API.
    func recordCounts(_ req: AdminRequest) throws -> Response {
        let t = try tenant(req.parameter("id"))
        let counts = try t.withDatabase { db in
            try simulator.apis.map { api in
                (api.name, JSON.object(try api.recordKinds.map { ($0.name, .int(try $0.count(in: db))) }))
            }
        }
        return JSONResponse.make(200, .object(counts))
    }

    func seedRecords(_ req: AdminRequest) throws -> Response {
        let t = try tenant(req.parameter("id"))
        let body = try req.body()
        let ids = try seed([body], into: t, prefix: { _ in "" }).first ?? []
        return JSONResponse.make(201, ["api": body["api"] ?? .null, "kind": body["kind"] ?? .null, "ids": .array(ids)])
    }

    /// Checks every group (`{"api","kind","records"}`) and writes them all in one transaction, in order (a record may
    /// refer to one written before it, in the same request too); the ids written, per group. `prefix` names a group
    /// in error messages (`records[1].` when a tenant is created with several).
    func seed(_ groups: [JSON], into t: Tenant, prefix: (Int) -> String) throws -> [[JSON]] {
        var work: [(kind: RecordKind, records: [JSON], at: String)] = []
        var total = 0
        for (g, group) in groups.enumerated() {
            let at = prefix(g)
            try Self.allowOnly(["api", "kind", "records"], in: group, prefix: at)
            guard let name = group["api"]?.string else { throw AdminError.badRequest("\(at)api: must be the name of an API") }
            guard let api = simulator.api(named: name) else {
                throw AdminError.badRequest("\(at)api: no such API: \(name) (known: \(simulator.apis.map(\.name).joined(separator: ", ")))")
            }
            guard let kindName = group["kind"]?.string else { throw AdminError.badRequest("\(at)kind: must be a string") }
            guard let kind = api.recordKinds.first(where: { $0.name == kindName }) else {
                throw AdminError.badRequest("\(at)kind: \(name) has no kind \(kindName) (kinds: \(api.recordKinds.map(\.name).joined(separator: ", ")))")
            }
            guard let records = group["records"]?.array else { throw AdminError.badRequest("\(at)records: must be an array") }
            total += records.count
            guard total <= Self.maxRecordsPerRequest else {
                throw AdminError.badRequest("\(at)records: at most \(Self.maxRecordsPerRequest) records a request")
            }
            for (i, r) in records.enumerated() where r.object == nil {
                throw AdminError.badRequest("\(at)records[\(i)]: must be a JSON object")
            }
            work.append((kind, records, at))
        }
        return try t.withDatabase { db in
            let seeding = Seeding(db: db, now: t.now(global: simulator.clock), ids: simulator.configuration.ids)
            return try db.transaction {
                try work.map { w in
                    try w.records.enumerated().map { i, record in
                        do {
                            return try w.kind.write(record, seeding)
                        } catch {
                            let r = RecordRefusal.from(error)
                            throw AdminError.badRequest("\(w.at)records[\(i)]\(r.member.map { "." + $0 } ?? ""): \(r.message)")
                        }
                    }
                }
            }
        }
    }
}
